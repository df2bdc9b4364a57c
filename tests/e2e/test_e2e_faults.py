"""Checks 2 and 3 of docs/sync.md over the real server: an answer lost after the server
committed (a fault-injecting proxy), and the server process killed (SIGKILL) in the middle
of a big push and of a big pull. Nothing is applied twice, nothing is half-applied, and
the desks resume and converge."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services import payments
from desktop.services.opening import opening_stock
from desktop.sync.errors import ServerUnavailable
from tests.e2e.harness import Desk, ServerProcess
from tests.e2e.test_e2e_merge import books
from tests.helpers import customer, product

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
ON = date(2026, 12, 1)


def _kinds(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(str(r[0]) for r in rows)


def test_an_answer_lost_after_the_server_committed_applies_the_order_and_payment_once(
    shared_server: ServerProcess, firm: str, desks: Any, proxies: Any
) -> None:
    server = shared_server
    proxy = proxies(server)
    a: Desk = desks(proxy.url, "柜台一", firm=firm)
    b: Desk = desks(server.url, "柜台二", firm=firm)
    zhang = customer(a.ledger, "张三五金")
    product(a.ledger, code="0042", name="六角螺栓 M8")
    with a.ledger.unit() as uow:
        opening_stock(uow, {"0042": ("10", "2")}, ON)
    a.sync()
    a.sale(zhang, "0042", "3", ON)
    with a.ledger.unit() as uow:
        payments.record_payment(uow, zhang, "30", doc_date=ON)
    # every answer to the push is lost: the desk tries five times, then gives up for now
    lost = proxy.add(PUSH, "drop", times=5)
    with pytest.raises(ServerUnavailable):
        a.sync()
    assert lost.hits == 5 and a.outbox()["pending"] == 4
    # one more lost answer, then one that arrives: the retry inside one sync settles it
    proxy.add(PUSH, "drop")
    proxy.add(PULL, "cut")  # and the pull's request is cut on its way: retried too
    report = a.sync()
    assert report.pushed == 4 and report.rejected == 0 and "pending" not in a.outbox()
    a.sync()
    b.sync()
    documents = "SELECT kind FROM document WHERE kind != 'stocktake'"
    assert _kinds(server.ledger_rows(documents, firm=firm)) == [
        "delivery",
        "receipt",
        "sales_order",
    ]
    assert _kinds(b.rows(documents)) == _kinds(a.rows(documents))
    # each change is in the firm's log exactly once, in one unbroken sequence
    logged = server.db(
        "SELECT c.seq, c.mutation_id FROM change c JOIN firm f ON f.id = c.firm_id "
        "WHERE f.code = :code ORDER BY c.seq",
        code=firm,
    )
    assert [seq for seq, _ in logged] == list(range(1, len(logged) + 1))
    assert len({m for _, m in logged}) == len(logged) == 7  # 3 set-up, order (3), receipt
    assert books(a.path) == books(b.path)


def _applied(server: ServerProcess) -> int:
    try:
        return int(server.ledger_rows("SELECT count(*) FROM applied_mutation")[0][0])
    except Exception:  # the ledger is busy being written: ask again
        return 0


def _log(server: ServerProcess) -> list[tuple[Any, ...]]:
    return server.db("SELECT seq, mutation_id FROM change ORDER BY seq")


BIG = 300


@pytest.mark.slow
def test_the_server_killed_mid_push_and_mid_pull_leaves_nothing_half_applied(
    tmp_path: Path, desks: Any, proxies: Any
) -> None:
    server = ServerProcess.with_firm(tmp_path / "server-data")
    server.start()
    try:
        proxy = proxies(server)
        a: Desk = desks(proxy.url, "柜台一", push_limit=BIG)
        b: Desk = desks(proxy.url, "柜台二", pull_limit=100)
        a.import_customers(tmp_path, "客户", BIG)
        assert a.outbox()["pending"] == BIG

        # mid-push: killed once the firm's ledger has taken some of the batch
        held = proxy.add(PUSH, "hold")
        failed: list[BaseException] = []
        pushing = _in_thread(a.sync, failed)
        assert held.reached.wait(60)
        deadline = time.monotonic() + 60
        while _applied(server) < 50 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()
        held.release.set()
        pushing.join(120)
        assert failed and isinstance(failed[0], ServerUnavailable)
        taken = _applied(server)
        parties = server.ledger_rows("SELECT count(*) FROM party")[0][0]
        assert 0 < taken < BIG and parties == taken  # each applied change whole, no more
        assert len(_log(server)) in (0, BIG)  # the log of one push commits whole or not
        assert a.outbox()["pending"] == BIG  # the desk heard nothing: all still to send

        server.start()
        assert a.sync().pushed == BIG and "pending" not in a.outbox()
        logged = _log(server)
        assert [seq for seq, _ in logged] == list(range(1, BIG + 1))
        assert len({m for _, m in logged}) == BIG
        assert server.ledger_rows("SELECT count(*) FROM party")[0][0] == BIG

        # mid-pull: B has applied two pages of 100 when the server dies under the third
        held = proxy.add(PULL, "hold", skip=2)
        failed.clear()
        pulling = _in_thread(b.sync, failed)
        assert held.reached.wait(60)
        server.kill()
        held.release.set()
        pulling.join(120)
        assert failed and isinstance(failed[0], ServerUnavailable)
        cursor = int(b.ledger.local_setting("sync_cursor") or 0)
        assert cursor == 200 and b.rows("SELECT count(*) FROM party") == [(cursor,)]

        server.start()
        assert b.sync().applied == BIG - cursor
        assert books(a.path) == books(b.path)
    finally:
        server.stop()


def _in_thread(work: Any, failed: list[BaseException]) -> Any:
    import threading

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
