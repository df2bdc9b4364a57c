"""The marketplace's intents make the same rows on another copy of the ledger: a desk's
listings and answers pushed to the firm's ledger (``apply_mutations``), and a request the
server took on the firm's ledger pulled by a desk (``apply_changes``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from desktop.models import Document, OutboxEntry
from desktop.services import credit, market, quotes, trade
from desktop.services.desks import set_desk
from desktop.services.ledger import Ledger
from desktop.sync.apply import apply_changes, apply_mutations
from desktop.sync.outbox import next_batch
from desktop.sync.protocol import ResultStatus
from tests.core.market_helpers import JPEG, PNG, buyer, listed, request
from tests.helpers import customer
from tests.replay import snapshot

D = Decimal


def _copy(template: Path, tmp_path: Path, name: str, desk: str) -> Ledger:
    path = tmp_path / f"{name}.zhangfang"
    shutil.copyfile(template, path)
    ledger = Ledger.open(path, actor=name)
    with ledger.session() as session:
        session.execute(update(OutboxEntry).values(state="applied"))
        session.commit()
    set_desk(ledger, desk)
    return ledger


@pytest.fixture
def copies(ledger_path: Path, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    server = _copy(ledger_path, tmp_path, "server", "SRV")
    desk = _copy(ledger_path, tmp_path, "desk", "A")
    yield server, desk
    server.close()
    desk.close()


def _books(ledger: Ledger) -> Any:
    books = snapshot(ledger.path)
    books.pop("number_series", None)
    books.pop("credit_override", None)
    return books


def _push(desk: Ledger, server: Ledger) -> list[str]:
    with desk.read() as session:
        batch = next_batch(session, desk.desk, limit=1000)
    results = apply_mutations(server, batch.desk, batch.mutations)
    with desk.session() as session:
        session.execute(update(OutboxEntry).values(state="applied"))
        session.commit()
    return [r.status for r in results]


def test_a_desks_marketplace_changes_give_the_same_rows_on_the_firms_ledger(copies) -> None:
    server, desk = copies
    bolt = listed(desk, code="0042")
    nut = listed(desk, code="0043", name="六角螺母 M8", stock="300", buffer="20")
    level2 = customer(desk, "老客户", price_level=2)
    with desk.unit() as uow:
        market.set_pictures(uow, bolt, [("image/png", PNG), ("image/jpeg", JPEG)])
        market.publish(uow, nut, title="螺母", show_stock="level")
    wang, li, zhao = buyer(), buyer(name="李四", company=""), buyer(name="赵六", company="赵记")
    with desk.unit() as uow:  # a desk applying requests the server took looks the same
        order = market.receive_request(
            uow, request("order", wang, [(bolt, "箱", "2"), (nut, "个", "7")])
        )
        inquiry = market.receive_request(uow, request("inquiry", li, [(nut, "箱", "1")]))
        market.receive_request(uow, request("order", zhao, [(nut, "个", "3")]))
        asked = request("inquiry", wang, [(bolt, "个", "30")])
        quote = market.receive_request(uow, asked)
    with desk.unit() as uow:
        market.accept_buyer(uow, wang.id)
        market.accept_buyer(uow, li.id, level2)
        market.decline_buyer(uow, zhao.id, "信息不全")
        market.decline(uow, inquiry.id, "暂不报价")
        credit.confirm_order(uow, order.id)
        trade.fulfil(uow, order.id, None, date(2026, 12, 4))
        quotes.send_quote(uow, quote.id)
    with desk.unit() as uow:
        market.accept_quote(uow, asked.ref, date(2026, 12, 5))
        market.unpublish(uow, bolt)
    statuses = _push(desk, server)
    assert statuses and set(statuses) == {ResultStatus.APPLIED}
    assert _books(server) == _books(desk)
    with server.read() as session:
        assert len(market.pictures(session, bolt)) == 2
        assert market.catalog_rows(session) == _rows(desk)


def _rows(ledger: Ledger) -> list[market.CatalogRow]:
    with ledger.read() as session:
        return market.catalog_rows(session)


def test_a_request_the_server_took_reaches_a_desk_with_the_same_rows(copies) -> None:
    server, desk = copies
    bolt = listed(desk, code="0042")
    _push(desk, server)
    req = request("order", buyer(), [(bolt, "个", "12")], note="急")
    with server.unit() as uow:
        made = market.receive_request(uow, req)
        number = made.number
    with server.unit() as uow:  # retried: the same answer, nothing more to send
        assert market.receive_request(uow, req).number == number
    with server.read() as session:
        outbox = list(
            session.scalars(
                select(OutboxEntry).where(OutboxEntry.state == "pending").order_by(OutboxEntry.seq)
            )
        )
    assert [row.intent for row in outbox] == ["market.receive"]
    changes = [
        {
            "seq": no,
            "id": str(row.id),
            "desk": "SRV",
            "intent": row.intent,
            "args": row.args,
            "actor": row.actor,
            "result": {},
        }
        for no, row in enumerate(outbox, start=1)
    ]
    assert apply_changes(desk, changes, "A", len(changes)) == 1
    assert _books(desk) == _books(server)
    with desk.read() as session:
        doc = session.scalar(select(Document).where(Document.number == number))
        assert doc is not None and doc.desk == "SRV" and doc.external_ref == f"mkt:{req.ref}"
        assert market.availability(session, [bolt])[bolt].figure == D(88)


def test_a_desk_applies_a_request_the_server_took_from_a_buyer_it_declined_meanwhile(
    copies,
) -> None:
    server, desk = copies
    bolt = listed(desk, code="0042")
    _push(desk, server)
    who = buyer()
    with desk.unit() as uow:
        market.receive_request(uow, request("inquiry", who, [(bolt, "个", "1")]))
        market.decline_buyer(uow, who.id, "不认识")
    req = request("order", who, [(bolt, "个", "5")])
    with server.unit() as uow:
        number = market.receive_request(uow, req).number
    with server.read() as session:
        (row,) = session.scalars(select(OutboxEntry).where(OutboxEntry.state == "pending"))
        change = {
            "seq": 1,
            "id": str(row.id),
            "desk": "SRV",
            "intent": row.intent,
            "args": row.args,
            "actor": row.actor,
            "result": {},
        }
    assert apply_changes(desk, [change], "A", 1) == 1
    with desk.read() as session:
        assert market.find_request(session, req.ref) is not None
        assert session.scalar(select(Document.number).where(Document.number == number))
