"""Twenty desks pushing at once while one desk pulls: changes per second, nothing missed.

The real server process (``python -m marketplace``) on 127.0.0.1, on SQLite and (when
PostgreSQL 15 is installed) on a throwaway PostgreSQL. Each desk's mutations are real
(customers made through the services in a desk ledger of its own). Baseline, measured in
the same run: the same mutations applied one desk after another straight to a fresh
firm ledger by ``desktop.sync.apply.apply_mutations`` (no HTTP, no server database), so
the ratio is what the server adds around the sync core.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_server_push.py [--desks 20] [--each 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.services.ledger import Ledger
from desktop.sync.apply import apply_mutations
from desktop.sync.protocol import Mutation
from marketplace.accounts import add_user, create_firm
from marketplace.context import Server
from marketplace.ledgers import LedgerStore
from marketplace.settings import Settings
from tests.server.conftest import Postgres, start_server, stop_server
from tests.server.desks import add_customers, desk_ledger, envelope

HEADERS = {"X-Zhangfang-Protocol": "1"}
PASSWORD = "password-1"
BATCH = 10


def desk_envelopes(folder: Path, desks: int, each: int) -> list[dict[str, Any]]:
    """Each desk's push (its customers; its own firm.create left out)."""
    out = []
    for n in range(desks):
        code = chr(ord("A") + n % 26) + ("" if n < 26 else str(n // 26 + 1))
        ledger = desk_ledger(folder / f"desk{n}.zhangfang", code)
        add_customers(ledger, *(f"{code}客户{i:03d}" for i in range(each)))
        body = envelope(ledger, epoch=f"epoch-{n}", limit=10_000)
        ledger.close()
        body["mutations"] = body["mutations"][1:]
        out.append(body)
    return out


def baseline(folder: Path, bodies: list[dict[str, Any]]) -> float:
    """Seconds to apply every desk's mutations straight to a fresh firm ledger."""
    store = LedgerStore(folder)
    import uuid

    firm = uuid.uuid4()
    store.create(firm, "顶好商行")
    ledger: Ledger = store.firm_ledger(firm)
    start = time.perf_counter()
    for body in bodies:
        for i in range(0, len(body["mutations"]), BATCH):
            mutations = [
                Mutation(m["seq"], m["id"], m["intent"], m["args"], m["hash"], m["actor"])
                for m in body["mutations"][i : i + BATCH]
            ]
            apply_mutations(ledger, body["desk"], mutations)
    seconds = time.perf_counter() - start
    store.close()
    return seconds


def run_server(
    folder: Path, db_url: str | None, bodies: list[dict[str, Any]]
) -> tuple[float, int, bool]:
    """(seconds, changes, nothing missed) for all desks pushing at once, one pulling."""
    data = folder / "server"
    setup = Server(Settings(data=data, db_url=db_url))
    create_firm(setup, "acme", "顶好商行", "老板", PASSWORD)
    for n in range(len(bodies)):
        add_user(setup, "acme", f"clerk{n}", PASSWORD, "clerk")
    setup.close()
    server = start_server(data, *(["--db", db_url] if db_url else []))
    try:
        with httpx.Client(base_url=server.url, headers=HEADERS, timeout=120) as http:
            tokens = []
            for n in range(len(bodies)):
                answer = http.post(
                    "/api/v1/auth/enrol",
                    json={"firm": "acme", "user": f"clerk{n}", "password": PASSWORD},
                )
                tokens.append(answer.json())
            reader = http.post(
                "/api/v1/auth/enrol", json={"firm": "acme", "user": "老板", "password": PASSWORD}
            ).json()
        total = sum(len(b["mutations"]) for b in bodies)
        pushing_done = threading.Event()
        seen: list[int] = []
        ids: list[str] = []
        errors: list[str] = []

        def push(body: dict[str, Any], token: dict[str, Any]) -> None:
            auth = {**HEADERS, "Authorization": f"Bearer {token['access_token']}"}
            body = {**body, "desk": token["desk_code"]}
            with httpx.Client(base_url=server.url, headers=auth, timeout=120) as http:
                for i in range(0, len(body["mutations"]), BATCH):
                    part = {**body, "mutations": body["mutations"][i : i + BATCH]}
                    answer = http.post("/api/v1/sync/push", json=part)
                    if answer.status_code != 200:
                        errors.append(answer.text)
                        return
                    bad = [r for r in answer.json()["results"] if r["status"] != "applied"]
                    if bad:
                        errors.append(str(bad[0]))

        def pull() -> None:
            auth = {**HEADERS, "Authorization": f"Bearer {reader['access_token']}"}
            cursor = 0
            with httpx.Client(base_url=server.url, headers=auth, timeout=120) as http:
                while True:
                    finished = pushing_done.is_set()
                    page = http.get("/api/v1/sync/pull", params={"since": cursor}).json()
                    seen.extend(c["seq"] for c in page["changes"])
                    ids.extend(c["id"] for c in page["changes"])
                    cursor = page["cursor"]
                    if finished and not page["more"]:
                        return
                    if not page["changes"]:
                        time.sleep(0.05)

        puller = threading.Thread(target=pull)
        pushers = [
            threading.Thread(target=push, args=(b, t)) for b, t in zip(bodies, tokens, strict=True)
        ]
        start = time.perf_counter()
        puller.start()
        for t in pushers:
            t.start()
        for t in pushers:
            t.join()
        seconds = time.perf_counter() - start
        pushing_done.set()
        puller.join()
    finally:
        stop_server(server)
    pushed = {m["id"] for b in bodies for m in b["mutations"]}
    complete = not errors and seen == list(range(1, total + 1)) and set(ids) == pushed
    if errors:
        print("errors:", errors[:3])
    return seconds, total, complete


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--each", type=int, default=50, help="customers per desk")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("ZHANGFANG_HOME", str(folder / "home"))
        bodies = desk_envelopes(folder, args.desks, args.each)
        total = sum(len(b["mutations"]) for b in bodies)
        base = baseline(folder / "baseline", bodies)
        print(f"{args.desks} desks x {args.each} changes = {total} changes, batches of {BATCH}")
        print(f"baseline: apply_mutations straight to the ledger: {total / base:8.0f} changes/s")
        targets: list[tuple[str, str | None]] = [("sqlite", None)]
        pg = Postgres().start() if Postgres.available() else None
        if pg is None:
            print("postgresql: not installed (apt-get install postgresql-15): skipped")
        else:
            targets.append(("postgresql", pg.new_database()))
        try:
            for name, url in targets:
                seconds, changes, complete = run_server(folder / name, url, bodies)
                rate = changes / seconds
                print(
                    f"server on {name:10}: {rate:8.0f} changes/s over HTTP "
                    f"({seconds:.1f} s; ratio to baseline {base / seconds:.2f}); "
                    f"puller saw every change once, in order: {'yes' if complete else 'NO'}"
                )
        finally:
            if pg is not None:
                pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
