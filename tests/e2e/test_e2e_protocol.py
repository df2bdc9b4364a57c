"""Checks 10 and 11 of docs/sync.md over the real server: a desk a protocol version behind
or ahead is told to upgrade and keeps its outbox; a desk offline past the server's history
horizon is told to resync, has uploaded its outbox, and does not loop."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tenacity import wait_fixed

from desktop.sync.account import client_for
from desktop.sync.engine import SyncEngine, stored_status
from desktop.sync.errors import UpgradeRequired
from desktop.sync.settings import read_settings
from tests.e2e.harness import PASSWORD, Desk, ServerProcess, cli_env, cli_login, fresh_ledger
from tests.e2e.test_e2e_desks import add, status

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


def test_a_desk_a_protocol_version_behind_is_told_to_upgrade_and_keeps_its_outbox(
    shared_server: ServerProcess, firm: str, desks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a: Desk = desks(shared_server.url, "柜台一", firm=firm)
    a.add_customers("甲商行", "乙商行")
    # the same ledger, opened by an older Zhangfang (protocol 0)
    monkeypatch.setattr("desktop.sync.client.PROTOCOL_VERSION", 0)
    old = client_for(read_settings(a.ledger), wait=wait_fixed(0.02))
    engine = SyncEngine(a.ledger, old, read_settings(a.ledger))
    with pytest.raises(UpgradeRequired) as told:
        engine.sync_once()
    old.close()
    assert (told.value.min_protocol, told.value.max_protocol) == (1, 1)
    assert engine.halted  # no retrying an answer only an upgrade changes
    now = stored_status(a.ledger)
    assert now.state == "upgrade_required" and now.upgrade_required and now.pending == 2
    assert a.outbox()["pending"] == 2
    assert shared_server.ledger_rows("SELECT count(*) FROM party", firm=firm) == [(0,)]
    # upgraded: the same outbox goes
    monkeypatch.undo()
    assert a.sync().pushed == 2 and "pending" not in a.outbox()
    assert stored_status(a.ledger).state == "online"


@pytest.mark.slow
def test_a_desk_a_protocol_version_ahead_says_upgrade_required_on_one_line(
    shared_server: ServerProcess, firm: str, _template_ledger: Path, tmp_path: Path
) -> None:
    import subprocess

    books = fresh_ledger(_template_ledger, tmp_path / "books.zhangfang")
    cli_login(books, shared_server.url, "柜台一", firm)
    add(books, "甲商行")
    newer = (
        "import sys, desktop.sync.client as client; client.PROTOCOL_VERSION = 2; "
        "from desktop.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", newer, "sync", "--once", "--ledger", str(books)],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("需要升级账房才能继续同步")
    told = status(books)
    assert told["state"] == "upgrade_required" and told["pending"] == 1


def test_a_desk_offline_past_the_horizon_uploads_its_outbox_is_told_to_resync_and_stops(
    shared_server: ServerProcess, firm: str, desks: Any, proxies: Any
) -> None:
    server = shared_server
    proxy = proxies(server)
    a: Desk = desks(proxy.url, "柜台一", firm=firm, interval=0.05, debounce=0.01)
    b: Desk = desks(server.url, "柜台二", firm=firm)
    b.add_customers("甲商行")
    b.sync()
    a.sync()
    a.add_customers("乙商行", "丙商行")  # A goes offline with these; B goes on
    b.add_customers(*[f"客户{n}" for n in range(10)])
    b.sync()
    # the server compacts its history: a cursor below 6 can no longer be served
    server.db("UPDATE firm SET horizon = 6 WHERE code = :code RETURNING horizon", code=firm)
    pushes, pulls = proxy.counts[PUSH], proxy.counts[PULL]
    a.engine.start()  # back online: on start, then every 50 ms
    deadline = time.monotonic() + 60
    while a.engine.status().state != "resync_required" and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)  # twenty timer periods: a desk that loops would ask again and again
    assert a.engine.status().state == "resync_required" and a.engine.halted
    assert (proxy.counts[PUSH] - pushes, proxy.counts[PULL] - pulls) == (1, 1)
    assert "pending" not in a.outbox()  # pushed before the pull was refused
    assert b.sync().applied == 2
    found = json.loads(json.dumps(stored_status(a.ledger).as_json()))
    assert found["last_error"]["code"] == "resync_required"
