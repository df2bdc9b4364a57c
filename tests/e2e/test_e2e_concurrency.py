"""Checks 7 and 12 of docs/sync.md over the real server: three desks post documents at the
same time through faulty connections and offline spells (numbers stay unique, every copy
ends with every document); twenty desks push while one pulls, on SQLite and PostgreSQL
(the pulling desk misses nothing)."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services.opening import opening_stock
from desktop.sync.errors import ServerUnavailable
from tests.e2e.harness import Desk, ServerProcess, names, run_together
from tests.e2e.proxy import FaultProxy
from tests.helpers import customer, draw_seed, product

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
ON = date(2026, 12, 1)
SEED = draw_seed("ZHANGFANG_SYNC_SEED")


@pytest.mark.slow
def test_three_desks_post_documents_at_once_through_faults_and_offline_spells(
    shared_server: ServerProcess, firm: str, desks: Any, proxies: Any
) -> None:
    print(f"sync seed {SEED} (ZHANGFANG_SYNC_SEED={SEED} to repeat)")
    server = shared_server
    links: list[FaultProxy] = [proxies(server) for _ in range(3)]
    three: list[Desk] = [
        desks(link.url, f"柜台{n}", firm=firm) for n, link in enumerate(links, start=1)
    ]
    zhang = customer(three[0].ledger)
    product(three[0].ledger, code="0042", name="六角螺栓 M8")
    with three[0].ledger.unit() as uow:
        opening_stock(uow, {"0042": ("1000", "2")}, ON)
    for desk in three:
        desk.sync()
    sales = 5

    def work(desk: Desk, link: FaultProxy, rng: random.Random) -> Callable[[], None]:
        def run() -> None:
            offline = 0
            for _ in range(sales):
                desk.sale(zhang, "0042", "1", ON)
                roll = rng.random()
                if offline:
                    offline -= 1
                    if not offline:
                        link.online()
                    continue
                if roll < 0.25:
                    link.offline()  # no network for the next two sales
                    offline = 2
                    continue
                if roll < 0.5:
                    link.add(PUSH, "drop")  # the server commits, the answer is lost
                elif roll < 0.6:
                    link.add(PULL, "cut")
                with contextlib.suppress(ServerUnavailable):  # offline: sent next time
                    desk.sync()
            link.online()

        return run

    failed = run_together(
        [
            work(d, link, random.Random(SEED + n))
            for n, (d, link) in enumerate(zip(three, links, strict=False))
        ]
    )
    assert failed == [], f"seed {SEED}: {failed!r}"
    for link in links:
        link.clear()
    for desk in three * 2:
        desk.sync()
    query = "SELECT number FROM document WHERE kind IN ('sales_order', 'delivery')"
    on_server = server.ledger_rows(query, firm=firm)
    assert len(on_server) == len(set(on_server)) == 3 * sales * 2, f"seed {SEED}"
    for desk in three:
        assert "pending" not in desk.outbox(), f"seed {SEED}"
        mine = desk.rows(query)
        assert len(mine) == len(set(mine)) and set(mine) == set(on_server), f"seed {SEED}"
    prefixes = {str(n[0]).split("-")[1] for n in on_server}
    assert prefixes == {"A", "B", "C"}  # each desk numbered its own


def _twenty_push_while_one_pulls(server: ServerProcess, firm: str, desks: Any) -> None:
    pushers: list[Desk] = [
        desks(server.url, f"柜台{n}", firm=firm, push_limit=3) for n in range(20)
    ]
    puller: Desk = desks(server.url, "查账", firm=firm, pull_limit=7)
    rounds, per_round = 3, 2
    expected = {
        f"{d.code}-{r}-{i}" for d in pushers for r in range(rounds) for i in range(per_round)
    }
    done = threading.Event()

    def push(desk: Desk) -> Callable[[], None]:
        def run() -> None:
            for r in range(rounds):
                desk.add_customers(*[f"{desk.code}-{r}-{i}" for i in range(per_round)])
                desk.sync()

        return run

    def pull() -> None:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            finished = done.is_set()
            puller.sync()
            if finished:
                return
            time.sleep(0.01)

    def pushes() -> None:
        try:
            failed = run_together([push(d) for d in pushers])
            assert failed == [], failed
        finally:
            done.set()

    assert run_together([pushes, pull]) == []
    assert names(puller.rows("SELECT name FROM party")) == expected
    logged = server.db(
        "SELECT c.seq FROM change c JOIN firm f ON f.id = c.firm_id WHERE f.code = :code "
        "ORDER BY c.seq",
        code=firm,
    )
    assert [s for (s,) in logged] == list(range(1, len(expected) + 1))
    assert int(puller.ledger.local_setting("sync_cursor") or 0) == len(expected)


@pytest.mark.slow
def test_twenty_desks_push_while_one_pulls_on_sqlite(
    shared_server: ServerProcess, firm: str, desks: Any
) -> None:
    _twenty_push_while_one_pulls(shared_server, firm, desks)


@pytest.mark.slow
def test_twenty_desks_push_while_one_pulls_on_postgresql(
    tmp_path: Path, desks: Any, request: pytest.FixtureRequest
) -> None:
    from tests.server.conftest import PG_BIN

    pg = request.getfixturevalue("postgres")
    if pg is None:
        pytest.skip(
            f"PostgreSQL is not installed ({PG_BIN}/initdb missing): apt-get install postgresql-15"
        )
    server = ServerProcess.with_firm(tmp_path / "server-data", pg.new_database())
    server.start()
    try:
        _twenty_push_while_one_pulls(server, "acme", desks)
    finally:
        server.stop()
