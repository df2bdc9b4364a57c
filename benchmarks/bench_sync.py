"""Benchmark: sync between desks through the real server process.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_sync.py [--rounds 15] [--skip-large]
[--no-postgres]``.

1. **One change, save to visible on a second desk**, on a ~10,000-line and a
   ~1,000,000-line ledger (demo ledgers, built once and cached in
   ``$TMPDIR/zhangfang-bench-sync``; the big one takes minutes the first time). Desk A
   saves a customer's new phone number, pushes and pulls (``SyncEngine.sync_once``, as the
   app does), desk B syncs and has it. Baseline, interleaved round by round: the same
   change saved locally with no sync. Goal: < 100 ms apart from the timer (the app waits
   ~2 s after a save before it syncs; that wait is not counted), the same at both sizes.
2. **Twenty desks pushing concurrently while one pulls**: changes per second through the
   server, and whether the pulling desk got every one, on SQLite and on PostgreSQL.
   Baseline: the same mutations applied in this process by the sync core alone
   (``desktop.sync.apply.apply_mutations`` into a fresh ledger, no HTTP, no server
   database): the ratio is the price of the server around the core.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir()) / "zhangfang-bench-sync"
SIZES = {
    # name: (customers, products, months) of the demo, and about how many document lines
    "10k": (80, 400, 12),
    "1M": (5000, 20000, 18),
}


def say(text: str) -> None:
    print(text, flush=True)


# --- ledgers ----------------------------------------------------------------------------------


def demo_ledger(size: str) -> Path:
    """The cached demo ledger of ``size``, its outbox marked sent (the firm's first state)."""
    from sqlalchemy import update

    from desktop.models import OutboxEntry, OutboxState
    from desktop.services.demo import generate_demo
    from desktop.services.ledger import Ledger

    customers, products, months = SIZES[size]
    path = CACHE / f"demo-{customers}-{products}-{months}.zhangfang"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    for leftover in CACHE.glob(part.name + "*"):
        leftover.unlink()
    say(f"building the {size} demo ledger (once; cached in {CACHE}) ...")
    started = time.perf_counter()
    ledger = Ledger.open(part, create=True, actor="bench")
    try:
        summary = generate_demo(
            ledger, customers=customers, products=products, months=months, seed=1
        )
        with ledger.read() as session:
            session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
            session.commit()
    finally:
        ledger.close()
    for suffix in ("-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    part.rename(path)
    say(f"  {summary.lines:,} document lines in {time.perf_counter() - started:.0f} s")
    return path


def copy_ledger(source: Path, target: Path, desk: str | None = None) -> Path:
    from desktop.services.desks import set_desk
    from desktop.services.ledger import Ledger

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    if desk:
        opened = Ledger.open(target)
        try:
            set_desk(opened, desk)
        finally:
            opened.close()
    return target


# --- one change, save to visible ------------------------------------------------------------


def one_change(size: str, rounds: int, work: Path) -> dict[str, float]:
    import sqlite3
    from contextlib import closing

    from desktop.services import parties
    from tests.e2e.harness import FIRM, Desk, ServerProcess

    source = demo_ledger(size)
    folder = work / size
    server = ServerProcess.with_firm(folder / "server-data")
    # the firm's ledger on the server starts as the same books (what a snapshot upload does)
    firm_ledger = server.firm_ledger(FIRM)
    for suffix in ("", "-wal", "-shm"):
        Path(str(firm_ledger) + suffix).unlink(missing_ok=True)
    copy_ledger(source, firm_ledger, "SRV")
    a_path = copy_ledger(source, folder / "a.zhangfang")
    b_path = copy_ledger(source, folder / "b.zhangfang")
    with closing(sqlite3.connect(a_path)) as conn:
        lines = conn.execute("SELECT count(*) FROM document_line").fetchone()[0]
        (party,) = conn.execute("SELECT id FROM party WHERE is_customer LIMIT 1").fetchone()
    server.start()
    a = b = None
    try:
        a = Desk(a_path, server.url, "A")
        b = Desk(b_path, server.url, "B")
        a.sync()
        b.sync()
        ident = __import__("uuid").UUID(str(party))
        base: list[float] = []
        save: list[float] = []
        push: list[float] = []
        pull: list[float] = []
        total: list[float] = []
        for n in range(rounds + 2):  # the first two warm the caches and are not counted
            phone = f"1391234{n:04d}"
            # baseline: the same change saved, no sync (interleaved with the synced one)
            started = time.perf_counter()
            with a.ledger.unit() as uow:
                parties.update_party(uow, ident, phone=f"1381234{n:04d}")
            baseline = time.perf_counter() - started
            a.sync()
            b.sync()  # both settled before the timed change
            started = time.perf_counter()
            with a.ledger.unit() as uow:
                parties.update_party(uow, ident, phone=phone)
            saved = time.perf_counter()
            a.sync()
            pushed = time.perf_counter()
            b.sync()
            done = time.perf_counter()
            with b.ledger.read() as session:
                from desktop.models import Party

                assert session.get(Party, ident).phone == phone, "B did not get the change"
            if n >= 2:
                base.append(baseline)
                save.append(saved - started)
                push.append(pushed - saved)
                pull.append(done - pushed)
                total.append(done - started)
        return {
            "lines": float(lines),
            "baseline": statistics.median(base),
            "save": statistics.median(save),
            "a_sync": statistics.median(push),
            "b_sync": statistics.median(pull),
            "total": statistics.median(total),
            "total_p90": sorted(total)[int(len(total) * 0.9) - 1],
        }
    finally:
        for desk in (a, b):
            if desk is not None:
                desk.close()
        server.stop()


# --- twenty desks pushing while one pulls ---------------------------------------------------------


@contextmanager
def postgres() -> Iterator[Any]:
    """A throwaway PostgreSQL (the server tests' own), or None when it is not installed."""
    from tests.server.conftest import Postgres

    if not Postgres.available():
        yield None
        return
    pg = Postgres().start()
    try:
        yield pg
    finally:
        pg.stop()


def push_only(desk: Any) -> None:
    """What the engine's sync does first, and only that: push every pending batch (the
    pushing desks do not pull here, so the figure is the server's, not twenty desks'
    applying the whole log in this one process)."""
    from desktop.sync.outbox import next_batch, record_results

    while True:
        with desk.ledger.read() as session:
            batch = next_batch(session, desk.ledger.desk, 50)
        if not batch.mutations:
            return
        answer = desk.client.push(batch, desk.settings.epoch)
        with desk.ledger.read() as session:
            record_results(session, answer.results)
            session.commit()


def twenty_desks(template: Path, work: Path, db_url: str | None, per_desk: int) -> dict[str, float]:
    from tests.e2e.harness import Desk, ServerProcess, fresh_ledger, run_together

    label = "postgresql" if db_url else "sqlite"
    server = ServerProcess.with_firm(work / f"twenty-{label}" / "server-data", db_url)
    server.start()
    desks: list[Desk] = []
    try:
        for n in range(21):
            path = fresh_ledger(template, work / f"twenty-{label}" / f"desk{n}.zhangfang")
            desks.append(Desk(path, server.url, f"desk{n}", push_limit=50, pull_limit=500))
        pushers, puller = desks[:20], desks[20]
        for desk in pushers:  # each desk's changes made first: the timing is the sync
            desk.add_customers(*[f"{desk.code}-{i}" for i in range(per_desk)])
        done = threading.Event()
        pulls = [0]

        def pull() -> None:
            while not done.is_set():
                puller.sync()
                pulls[0] += 1
            puller.sync()

        def pushes() -> None:
            try:
                failed = run_together([lambda d=d: push_only(d) for d in pushers])
                assert not failed, failed
            finally:
                done.set()

        started = time.perf_counter()
        failed = run_together([pushes, pull])
        spent = time.perf_counter() - started
        assert not failed, failed
        expected = {f"{d.code}-{i}" for d in pushers for i in range(per_desk)}
        got = {str(r[0]) for r in puller.rows("SELECT name FROM party")}
        return {
            "changes": float(len(expected)),
            "seconds": spent,
            "per_second": len(expected) / spent,
            "missed": float(len(expected - got)),
            "pulls": float(pulls[0]),
        }
    finally:
        for desk in desks:
            desk.close()
        server.stop()


def core_alone(template: Path, work: Path, per_desk: int) -> dict[str, float]:
    """The same kind and number of mutations applied by the sync core in this process."""
    from desktop.services import parties
    from desktop.services.desks import set_desk
    from desktop.services.ledger import Ledger
    from desktop.sync.apply import apply_mutations
    from desktop.sync.outbox import next_batch
    from tests.e2e.harness import fresh_ledger

    firm = Ledger.open(fresh_ledger(template, work / "core" / "firm.zhangfang"), actor="bench")
    set_desk(firm, "SRV")
    batches = []
    for n in range(20):
        code = chr(ord("A") + n)
        desk = Ledger.open(fresh_ledger(template, work / "core" / f"{code}.zhangfang"))
        set_desk(desk, code)
        for i in range(per_desk):
            with desk.unit() as uow:
                parties.create_party(uow, name=f"{code}-{i}")
        with desk.read() as session:
            batches.append(next_batch(session, code, limit=per_desk))
        desk.close()
    started = time.perf_counter()
    for batch in batches:
        apply_mutations(firm, batch.desk, batch.mutations)
    spent = time.perf_counter() - started
    firm.close()
    total = 20 * per_desk
    return {"changes": float(total), "seconds": spent, "per_second": total / spent}


def template_ledger(work: Path) -> Path:
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    path = work / "template.zhangfang"
    ledger = Ledger.open(path, create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "顶好商行")
    ledger.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--skip-large", action="store_true", help="only the 10k ledger")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--skip-one", action="store_true", help="only the twenty desks")
    parser.add_argument("--skip-twenty", action="store_true", help="only the one change")
    parser.add_argument("--per-desk", type=int, default=50, help="changes per pushing desk")
    args = parser.parse_args()

    import keyring

    from tests.sync.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory(prefix="zf-bench-sync-") as tmp:
        work = Path(tmp)
        os.environ["ZHANGFANG_HOME"] = str(work / "home")
        say("== one change: saved on desk A, visible on desk B (medians, ms) ==")
        sizes = ("10k", "1M") if not args.skip_large else ("10k",)
        for size in () if args.skip_one else sizes:
            r = one_change(size, args.rounds, work)
            say(
                f"{size:>4} ({r['lines']:,.0f} lines): save {r['save'] * 1e3:6.1f}  "
                f"A push+pull {r['a_sync'] * 1e3:6.1f}  B pull {r['b_sync'] * 1e3:6.1f}  "
                f"total {r['total'] * 1e3:6.1f} (p90 {r['total_p90'] * 1e3:6.1f})  | "
                f"baseline save, no sync {r['baseline'] * 1e3:6.1f}  "
                f"ratio {r['total'] / r['baseline']:5.1f}x  goal total < 100"
            )
        if args.skip_twenty:
            return
        say(f"== twenty desks pushing ({args.per_desk} changes each) while one pulls ==")
        template = template_ledger(work)
        core = core_alone(template, work, args.per_desk)
        say(
            f"baseline, the sync core alone in-process: {core['per_second']:7.1f} changes/s "
            f"({core['changes']:.0f} in {core['seconds']:.1f} s)"
        )
        runs: list[tuple[str, str | None]] = [("sqlite", None)]
        with postgres() as pg:
            if pg is not None and not args.no_postgres:
                runs.append(("postgresql", pg.new_database()))
            elif not args.no_postgres:
                say("postgresql: not installed, skipped")
            for label, url in runs:
                r = twenty_desks(template, work, url, args.per_desk)
                say(
                    f"{label:>10}: {r['per_second']:7.1f} changes/s ({r['changes']:.0f} in "
                    f"{r['seconds']:.1f} s, {r['pulls']:.0f} pulls meanwhile), missed "
                    f"{r['missed']:.0f}; ratio to the core alone "
                    f"{core['per_second'] / r['per_second']:4.2f}x"
                )


if __name__ == "__main__":
    main()
