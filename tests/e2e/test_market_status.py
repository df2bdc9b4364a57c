"""A request's status flowing back (issue 17): a desk's push re-reads only the requests
its changes touched, never every open one; and the clerk's answers (quote, decline,
confirm) committed on a desk that is then killed before it pushes reach the server on
the next sync exactly once, and the buyer sees them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from desktop.services import credit, market, products
from desktop.services.opening import opening_stock
from desktop.sync.errors import ServerUnavailable
from marketplace.accounts import create_firm
from marketplace.app import create_app
from marketplace.settings import Settings
from tests.e2e.harness import FIRM, OWNER, PASSWORD, ROOT, Desk, ServerProcess
from tests.e2e.market_steps import Buyer, deliver, document_of, drafts, publish
from tests.server.conftest import listening_socket

pytestmark = pytest.mark.slow

OPEN = 40


class InThread:
    """The server app in a thread of this process (uvicorn on a free port), so a test can
    watch what the server's own code is asked to do."""

    def __init__(self, data: Path) -> None:
        settings = Settings(data=data, requests_per_buyer=10 * OPEN)
        app = create_app(settings)
        create_firm(app.state.server, FIRM, "顶好商行", OWNER, PASSWORD)
        sock = listening_socket()  # bound here: no other process can take the port meanwhile
        self.port = int(sock.getsockname()[1])
        self.uvicorn = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=lambda: self.uvicorn.run(sockets=[sock]), daemon=True)
        self.thread.start()
        while not self.uvicorn.started:
            self.thread.join(0.02)
            assert self.thread.is_alive()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        self.thread.join(30)


@pytest.fixture
def in_thread(tmp_path: Path) -> Iterator[InThread]:
    server = InThread(tmp_path / "data")
    yield server
    server.stop()


def test_a_push_rereads_only_the_requests_it_touched(
    in_thread: InThread, desks: Callable[..., Desk], monkeypatch: pytest.MonkeyPatch
) -> None:
    front = desks(in_thread.url, "front")
    bolt = publish(front.ledger, "0042", "六角螺栓 M8", "100000")
    front.sync()
    buyer = Buyer(in_thread.url, "many@example.cn")
    try:
        ids = []
        for n in range(OPEN):
            answer = buyer.send(FIRM, "order", [(bolt, "", "5")], f"many-{n}")
            assert answer.status_code == 200, answer.text
            ids.append(answer.json()["id"])
        front.sync()  # the desk pulls the 40 drafts
        assert len(drafts(front.ledger)) == OPEN

        asked: list[uuid.UUID] = []
        real = market.status_of

        def counting(session: Any, refs: list[uuid.UUID]) -> Any:
            asked.extend(refs)
            return real(session, refs)

        monkeypatch.setattr(market, "status_of", counting)
        # the buyer becomes a customer: that names (and reads) their 40 drafts, once
        with front.ledger.unit() as uow:
            market.accept_buyer(uow, buyer.id)
        front.sync()
        assert sorted(asked) == sorted(uuid.UUID(i) for i in ids)
        asked.clear()
        # one order confirmed: one request read, not the 40 open
        order = document_of(front.ledger, ids[7])
        with front.ledger.unit() as uow:
            credit.confirm_order(uow, order)
        front.sync()
        assert asked == [uuid.UUID(ids[7])]
        assert buyer.request(FIRM, ids[7])["status"] == "confirmed"
        asked.clear()
        deliver(front.ledger, order)  # a delivery names the order, not the request
        front.sync()
        assert asked == [uuid.UUID(ids[7])]
        assert buyer.request(FIRM, ids[7])["status"] == "shipped"
        # a push that touches no request reads none
        asked.clear()
        publish(front.ledger, "0043", "六角螺母 M8", "10")
        front.sync()
        assert asked == []
        assert {buyer.request(FIRM, i)["status"] for i in ids if i != ids[7]} == {"received"}
    finally:
        buyer.close()


CLERK = textwrap.dedent(
    """
    import sys, time, uuid
    from desktop.services import credit, market
    from desktop.services.ledger import Ledger
    from tests.e2e.market_steps import document_of, send_quote
    path, inquiry, declined, order, buyer = sys.argv[1:6]
    ledger = Ledger.open(path, actor="clerk")
    with ledger.unit() as uow:
        market.accept_buyer(uow, uuid.UUID(buyer))
    send_quote(ledger, inquiry, "0.75")
    with ledger.unit() as uow:
        market.decline(uow, document_of(ledger, declined), "本月缺货")
    with ledger.unit() as uow:
        credit.confirm_order(uow, document_of(ledger, order))
    print("committed", flush=True)
    time.sleep(600)
    """
)


def _intents(desk: Desk) -> list[tuple[str, str]]:
    return [
        (str(i), str(s))
        for i, s in desk.rows("SELECT id, state FROM outbox ORDER BY seq")
        if str(s) != "applied"
    ]


def test_answers_waiting_when_the_desk_is_killed_go_out_once_on_the_next_sync(
    shared_server: ServerProcess, firm: str, desks: Callable[..., Desk], proxies: Any
) -> None:
    proxy = proxies(shared_server)
    front = desks(proxy.url, f"front-{firm}", firm=firm)
    bolt = publish(front.ledger, "0042", "六角螺栓 M8", "500")
    front.sync()
    buyer = Buyer(shared_server.url, f"{firm}@example.cn")
    try:
        inquiry = buyer.send(firm, "inquiry", [(bolt, "", "10")]).json()["id"]
        declined = buyer.send(firm, "order", [(bolt, "", "20")]).json()["id"]
        order = buyer.send(firm, "order", [(bolt, "", "30")]).json()["id"]
        front.sync()
        assert len(drafts(front.ledger)) == 3

        # the clerk answers in another process, which dies (kill -9) before any push
        clerk = subprocess.Popen(
            [sys.executable, "-c", CLERK, str(front.path), inquiry, declined, order, str(buyer.id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            start_new_session=True,
        )
        try:
            assert clerk.stdout is not None
            line = clerk.stdout.readline()
            assert line.strip() == "committed", clerk.stderr.read() if clerk.stderr else ""
        finally:
            os.killpg(clerk.pid, signal.SIGKILL)
            clerk.communicate(timeout=60)
        waiting = _intents(front)
        assert waiting and {s for _i, s in waiting} == {"pending"}
        assert buyer.request(firm, inquiry)["status"] == "received"  # nothing sent yet

        # the next sync's push reaches the server but its answers are lost, five times
        lost = proxy.add("/api/v1/sync/push", "drop", times=5)
        with pytest.raises(ServerUnavailable):
            front.sync()
        assert lost.hits == 5
        report = front.sync()  # then one arrives
        assert report.rejected == 0 and "pending" not in front.outbox()

        ids = [str(uuid.UUID(i)) for i, _s in waiting]
        logged = shared_server.db(
            "SELECT c.mutation_id FROM change c JOIN firm f ON f.id = c.firm_id "
            "WHERE f.code = :code",
            code=firm,
        )
        sent = [str(uuid.UUID(str(m))) for (m,) in logged]
        assert sorted(m for m in sent if m in ids) == sorted(ids)  # each exactly once
        assert len(sent) == len(set(sent))

        quoted = buyer.request(firm, inquiry)
        assert quoted["status"] == "quoted" and [x["unit_price"] for x in quoted["lines"]] == [
            "0.75"
        ]
        no = buyer.request(firm, declined)
        assert (no["status"], no["reason"]) == ("declined", "本月缺货")
        assert buyer.request(firm, order)["status"] == "confirmed"
        # the firm's ledger holds each answer once: one confirmed order, one sent quote
        rows = shared_server.ledger_rows(
            "SELECT kind, status FROM document WHERE buyer_id IS NOT NULL ORDER BY number",
            firm=firm,
        )
        assert sorted(rows) == sorted(
            [("quote", "sent"), ("sales_order", "cancelled"), ("sales_order", "confirmed")]
        )
        assert document_of(front.ledger, order)
    finally:
        buyer.close()


def test_price_and_stock_changes_reach_buyers_with_the_next_sync(
    shared_server: ServerProcess, firm: str, desks: Callable[..., Desk]
) -> None:
    front = desks(shared_server.url, f"front-{firm}", firm=firm)
    bolt = publish(front.ledger, "0042", "六角螺栓 M8", "50", buffer="5")
    front.sync()
    buyer = Buyer(shared_server.url, f"changes-{firm}@example.cn")
    try:
        seen = buyer.product(firm, bolt)
        assert (seen["available"], [t["price"] for t in seen["tiers"]]) == ("45", ["1", "0.8"])
        with front.ledger.unit() as uow:
            products.update_product(
                uow,
                bolt,
                tiers=[{"min_qty": 0, "price": "1.20"}, {"min_qty": 500, "price": "0.90"}],
            )
            opening_stock(uow, {bolt: (Decimal(100), Decimal("0.5"))}, date.today())
        assert buyer.product(firm, bolt)["available"] == "45"  # not before the sync
        front.sync()
        seen = buyer.product(firm, bolt)
        assert seen["available"] == "145"
        assert [(t["min_qty"], t["price"]) for t in seen["tiers"]] == [("0", "1.2"), ("500", "0.9")]
        # and the buyer's next order is priced by the new tiers
        order = buyer.send(firm, "order", [(bolt, "", "10")])
        assert order.json()["total"] == "12"
    finally:
        buyer.close()
