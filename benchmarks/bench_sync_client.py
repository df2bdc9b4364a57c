"""Benchmark: the desk's sync client (``SyncEngine.sync_once``) pushing N pending changes
and pulling them back, vs the same HTTP calls and outbox bookkeeping done by hand.

Run: ``.venv/bin/python benchmarks/bench_sync_client.py [--changes 2000]``. Both sides talk
to the same in-memory test double of the server (``tests/sync/fake_server.py``) through
``httpx.MockTransport``, so the network and the server cost the same on each; what
differs is the client: ours reads batches through the ORM (``outbox.next_batch``), maps
answers, records results per batch, and applies each pulled page with its cursor through
the sync core (``desktop.sync.apply``, which notes every change it has seen); the bare
side reads the outbox with one ``sqlite3`` query per batch, posts the JSON, updates the
states with ``executemany`` and stores only the cursor. Each side runs on a fresh copy of
one prepared ledger, rounds interleaved; the best times are compared. No goal is set yet:
the figure says what the client's safety (typed answers, retries, per-batch commits,
idempotent pulls) costs per change.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import keyring  # noqa: E402
from sqlalchemy import update  # noqa: E402
from tenacity import wait_none  # noqa: E402

from desktop.models import OutboxEntry, OutboxState  # noqa: E402
from desktop.services import parties  # noqa: E402
from desktop.services.firm import create_firm  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402
from desktop.sync.account import login  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from desktop.sync.protocol import PROTOCOL_VERSION, mutation_hash  # noqa: E402
from desktop.sync.settings import read_settings  # noqa: E402
from tests.sync.conftest import MemoryKeyring  # noqa: E402
from tests.sync.fake_server import FakeServer  # noqa: E402

ROUNDS = 3
BATCH = 200
URL = "http://bench.test"


def prepare(path: Path, changes: int) -> None:
    ledger = Ledger.open(path, create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "基准测试商行")
    with ledger.read() as session:
        session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
        session.commit()
    with ledger.unit() as uow:
        for i in range(changes):
            parties.create_party(uow, name=f"客户{i:05d}", phone=f"020-{i:08d}")
    ledger.close()


def ours(path: Path) -> tuple[float, float]:
    fake = FakeServer()
    ledger = Ledger.open(path)
    try:
        signed = login(
            ledger, URL, "demo", "张三", "secret-pw", transport=fake.transport(), wait=wait_none()
        )
        engine = SyncEngine(ledger, signed.client, read_settings(ledger), push_limit=BATCH)
        # what sync_once does, timed in its two halves
        started = time.perf_counter()
        pushed, _rejected = engine._push()
        middle = time.perf_counter()
        engine._pull()
        ended = time.perf_counter()
        assert pushed == len(fake.log), pushed
        signed.client.close()
        return middle - started, ended - middle
    finally:
        ledger.close()


def bare(path: Path) -> tuple[float, float]:
    fake = FakeServer()
    ledger = Ledger.open(path)
    try:
        signed = login(
            ledger, URL, "demo", "张三", "secret-pw", transport=fake.transport(), wait=wait_none()
        )
        access, epoch, desk = signed.client.access_token, read_settings(ledger).epoch, ledger.desk
        signed.client.close()
    finally:
        ledger.close()
    headers = {
        "X-Zhangfang-Protocol": str(PROTOCOL_VERSION),
        "X-Zhangfang-App": "bench",
        "Authorization": f"Bearer {access}",
    }
    http = httpx.Client(base_url=URL, transport=fake.transport(), headers=headers)
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    pushed = 0
    while True:
        rows = conn.execute(
            "SELECT seq, id, intent, args FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
            (BATCH,),
        ).fetchall()
        if not rows:
            break
        mutations: list[dict[str, Any]] = []
        for seq, ident, intent, raw in rows:
            args = json.loads(raw)
            mutations.append(
                {
                    "seq": seq,
                    "id": str(ident),
                    "intent": intent,
                    "args": args,
                    "hash": mutation_hash(intent, args),
                }
            )
        body = {"protocol": 1, "schema": "", "desk": desk, "epoch": epoch, "mutations": mutations}
        answer = http.post("/api/v1/sync/push", json=body).json()
        states = {r["id"]: r["status"] for r in answer["results"]}
        conn.executemany(
            "UPDATE outbox SET state = ? WHERE seq = ?",
            [(states.get(m["id"], "pending"), m["seq"]) for m in mutations],
        )
        conn.commit()
        pushed += len(mutations)
    middle = time.perf_counter()
    since = 0
    while True:
        page = http.get("/api/v1/sync/pull", params={"since": since, "limit": 500}).json()
        conn.execute(
            "INSERT OR REPLACE INTO local_setting (key, value) VALUES ('sync_cursor', ?)",
            (str(page["cursor"]),),
        )
        conn.commit()
        if not page["more"]:
            break
        since = page["cursor"]
    ended = time.perf_counter()
    conn.close()
    http.close()
    assert pushed == len(fake.log)
    return middle - started, ended - middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHANGFANG_HOME"] = str(Path(tmp) / "home")
        keyring.set_keyring(MemoryKeyring())
        prepared = Path(tmp) / "prepared.zhangfang"
        prepare(prepared, args.changes)
        times: dict[str, list[tuple[float, float]]] = {"ours": [], "bare": []}
        for n in range(ROUNDS):
            for name, run in (("ours", ours), ("bare", bare)):
                copy = Path(tmp) / f"{name}-{n}.zhangfang"
                shutil.copyfile(prepared, copy)
                times[name].append(run(copy))
    print(f"changes pushed and pulled back: {args.changes} (batches of {BATCH}), best of {ROUNDS}")
    for half, i in (("push", 0), ("pull", 1)):
        mine = min(t[i] for t in times["ours"])
        theirs = min(t[i] for t in times["bare"])
        print(
            f"{half}: ours {mine:.3f} s ({mine / args.changes * 1e3:.2f} ms/change), "
            f"bare {theirs:.3f} s ({theirs / args.changes * 1e3:.2f} ms/change), "
            f"ratio {mine / theirs:.1f}"
        )


if __name__ == "__main__":
    main()
