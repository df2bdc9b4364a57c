"""The server process killed (SIGKILL) in the middle of a push: once it is back, the
desk's retry of the same push leaves every change applied exactly once and logged exactly
once, with no gap in the change log (docs/sync.md, "crash safety"; sync check 3)."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import LiveServer, start_server, stop_server
from tests.server.desks import add_customers, desk_ledger, envelope
from tests.server.helpers import HEADERS, PASSWORD

pytestmark = pytest.mark.slow

CUSTOMERS = 400


def _applied_in(ledger: Path) -> int:
    """How many mutations the firm's ledger has applied (read-only, beside the server)."""
    with sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True, timeout=5) as conn:
        return int(conn.execute("SELECT count(*) FROM applied_mutation").fetchone()[0])


def test_killed_mid_push_then_retried_applies_each_change_once(
    live_server: LiveServer, tmp_path: Path
) -> None:
    with httpx.Client(base_url=live_server.url, headers=HEADERS, timeout=120) as http:
        tokens = http.post(
            "/api/v1/auth/enrol", json={"firm": "acme", "user": "小王", "password": PASSWORD}
        ).json()
    desk = desk_ledger(tmp_path / "desk.zhangfang", tokens["desk_code"])
    add_customers(desk, *(f"客户{n:03d}" for n in range(CUSTOMERS)))
    body = envelope(desk, limit=1000)
    desk.close()
    assert len(body["mutations"]) == CUSTOMERS + 1
    auth = {**HEADERS, "Authorization": f"Bearer {tokens['access_token']}"}
    with sqlite3.connect(live_server.data / "server.db") as conn:
        (firm_id,) = conn.execute("SELECT id FROM firm WHERE code = 'acme'").fetchone()
    firm_ledger = live_server.data / "firms" / f"{uuid.UUID(firm_id)}.zhangfang"
    assert _applied_in(firm_ledger) == 0

    outcome: dict[str, Any] = {}

    def push() -> None:
        try:
            outcome["answer"] = httpx.post(
                live_server.url + "/api/v1/sync/push", json=body, headers=auth, timeout=120
            )
        except httpx.HTTPError as exc:
            outcome["error"] = exc

    pusher = threading.Thread(target=push)
    pusher.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _applied_in(firm_ledger) < 20:
        time.sleep(0.01)
    live_server.proc.kill()  # SIGKILL: no clean-up of any kind
    live_server.proc.wait()
    pusher.join()
    applied_before = _applied_in(firm_ledger)
    print(f"killed with {applied_before} of {CUSTOMERS + 1} mutations applied")
    # the push was cut short: the desk never got its answers (the usual case), or, on a
    # machine fast enough to finish first, it did; either way the retry below must hold
    assert "error" in outcome or outcome["answer"].status_code == 200

    again = start_server(live_server.data)
    try:
        with httpx.Client(base_url=again.url, headers=auth, timeout=120) as http:
            retry = http.post("/api/v1/sync/push", json=body)
            assert retry.status_code == 200, retry.text
            statuses = [r["status"] for r in retry.json()["results"]]
            assert statuses[0] == "rejected"  # firm.create: the firm's ledger has its firm
            assert set(statuses[1:]) <= {"applied", "duplicate"}
            assert statuses[1:].count("duplicate") >= min(applied_before - 1, CUSTOMERS)
            changes: list[dict[str, Any]] = []
            cursor, more = 0, True
            while more:
                page = http.get("/api/v1/sync/pull", params={"since": cursor, "limit": 150})
                changes += page.json()["changes"]
                cursor, more = page.json()["cursor"], page.json()["more"]
    finally:
        stop_server(again)
    assert [c["seq"] for c in changes] == list(range(1, CUSTOMERS + 1))
    assert [c["id"] for c in changes] == [m["id"] for m in body["mutations"][1:]]
    with sqlite3.connect(f"{firm_ledger.resolve().as_uri()}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM party ORDER BY name")]
    assert names == [f"客户{n:03d}" for n in range(CUSTOMERS)]
