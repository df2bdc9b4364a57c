"""The snapshot endpoints in process: limits, stale partial uploads, one cached copy per
cursor, and one firm's upload never reaching another's (the real server process and real
desks: tests/sync/test_snapshot_flow.py)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from desktop.sync import snapshot
from tests.server.desks import add_customers, desk_ledger
from tests.server.helpers import add_firm, bearer, enrol, error_of, server_of


def _chunk(client: Any, tokens: dict[str, Any], data: bytes, start: int, total: int) -> Any:
    return client.put(
        "/api/v1/snapshot/upload",
        content=data,
        headers={
            **bearer(tokens),
            "Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}",
            "X-Zhangfang-Sha256": hashlib.sha256(b"whole").hexdigest(),
        },
    )


def test_a_file_over_the_limit_is_refused_before_anything_is_kept(make_client: Any) -> None:
    client = make_client(snapshot_limit=1000)
    add_firm(client, "acme")
    tokens = enrol(client, "acme")
    answer = _chunk(client, tokens, b"x" * 10, 0, 1001)
    assert (answer.status_code, error_of(answer)) == (413, "too_large")
    uploads = server_of(client).settings.data / "uploads"
    assert not uploads.exists() or not list(uploads.iterdir())


def test_a_partial_upload_left_alone_is_deleted_and_others_firms_never_see_it(
    make_client: Any,
) -> None:
    client = make_client()
    add_firm(client, "acme")
    add_firm(client, "other")
    mine, theirs = enrol(client, "acme"), enrol(client, "other")
    assert _chunk(client, mine, b"x" * 100, 0, 1000).json()["received"] == 100
    state = client.get("/api/v1/snapshot/upload", headers=bearer(mine)).json()
    assert (state["received"], state["total"]) == (100, 1000)
    other = client.get("/api/v1/snapshot/upload", headers=bearer(theirs)).json()
    assert (other["received"], other["total"], other["sha256"]) == (0, 0, "")
    # a day later, any upload request clears what nobody added to since
    uploads = server_of(client).settings.data / "uploads"
    old = time.time() - server_of(client).settings.upload_stale - 60
    for path in uploads.iterdir():
        os.utime(path, (old, old))
    assert _chunk(client, theirs, b"y" * 10, 0, 1000).status_code == 200
    state = client.get("/api/v1/snapshot/upload", headers=bearer(mine)).json()
    assert state["received"] == 0
    assert {p.name for p in uploads.iterdir()} == {
        f"{theirs['desk_id']}.part",
        f"{theirs['desk_id']}.json",
    }


def test_one_copy_per_cursor_is_shared_by_every_joiner(make_client: Any, tmp_path: Path) -> None:
    client = make_client()
    add_firm(client, "acme")
    first, second = enrol(client, "acme"), enrol(client, "acme")
    # the first desk's ledger becomes the firm's
    desk = desk_ledger(tmp_path / "a.zhangfang", first["desk_code"])
    add_customers(desk, "华东五金")
    desk.close()
    made = snapshot.take(tmp_path / "a.zhangfang", tmp_path / "up.zhangfang", 0)
    data = made.path.read_bytes()
    answer = client.put(
        "/api/v1/snapshot/upload",
        content=data,
        headers={
            **bearer(first),
            "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
            "X-Zhangfang-Sha256": made.sha256,
        },
    ).json()
    assert answer["complete"] and answer["cursor"] == 1 and answer["last_seq"] == 2
    a = client.get("/api/v1/snapshot", headers=bearer(first))
    b = client.get("/api/v1/snapshot", headers=bearer(second))
    assert a.status_code == b.status_code == 200
    assert a.content == b.content
    assert a.headers["X-Zhangfang-Sha256"] == hashlib.sha256(a.content).hexdigest()
    assert a.headers["X-Zhangfang-Cursor"] == "1"
    folder = server_of(client).settings.data / "snapshots"
    assert len(list(folder.rglob("*.zhangfang"))) == 1
    tail = client.get("/api/v1/snapshot", headers={**bearer(second), "Range": "bytes=1000-"})
    assert tail.status_code == 206 and tail.content == a.content[1000:]
    # a second upload into a firm that has data is refused
    again = client.put(
        "/api/v1/snapshot/upload",
        content=data,
        headers={
            **bearer(second),
            "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
            "X-Zhangfang-Sha256": made.sha256,
        },
    )
    assert (again.status_code, error_of(again)) == (409, "firm_has_data")
    # the desk that started from the empty ledger before is told to start again
    pulled = client.get("/api/v1/sync/pull", params={"since": 0}, headers=bearer(second))
    assert (pulled.status_code, error_of(pulled)) == (409, "resync_required")
