"""``UnitOfWork.write_now`` writes what the flush would: the changed columns and the time of
the change, the same audit row and change note, and leaves nothing pending; what it cannot
write alone (a relationship changed, a row not inserted yet) is left to the flush."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select

from desktop.models import AuditEntry, Party, StockBalance
from desktop.services.ledger import Ledger
from tests.helpers import customer, product


def _audit(ledger: Ledger, ident: Any) -> list[tuple[Any, ...]]:
    with ledger.read() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == str(ident), AuditEntry.action == "update")
            .order_by(AuditEntry.seq)
        )
        return [(r.entity, r.action, r.before, r.after, r.actor, r.desk) for r in rows]


def test_written_now_as_the_flush_writes_it(ledger: Ledger) -> None:
    flushed, now = customer(ledger, "甲"), customer(ledger, "乙")
    with ledger.unit() as uow:
        a = uow.session.get(Party, flushed)
        b = uow.session.get(Party, now)
        assert a is not None and b is not None
        for party in (a, b):
            party.phone, party.notes = "13900000000", "老客户"
        uow.session.flush()  # a through the flush; b is still pending there: written too
    with ledger.read() as s:
        was = {p.id: p.updated_at for p in s.scalars(select(Party))}
    with ledger.unit() as uow:
        b = uow.session.get(Party, now)
        assert b is not None
        b.phone = "13700000000"
        b.name = b.name  # set to what it was: nothing of it written
        uow.write_now([b])
        assert not inspect(b).modified and not uow.session.dirty
        stamped = b.updated_at  # what was written: the object holds it
        assert "party" in uow.changes
        uow.session.flush()
        assert not uow.session.dirty
    with ledger.unit() as uow:
        a = uow.session.get(Party, flushed)
        assert a is not None
        a.phone = "13700000000"  # the same change by the flush, to compare
    got_now, got_flush = _audit(ledger, now), _audit(ledger, flushed)
    assert got_now == got_flush and len(got_now) == 2
    assert got_now[1][2:4] == ({"phone": "13900000000"}, {"phone": "13700000000"})
    with ledger.read() as s:
        b = s.get(Party, now)
        assert b is not None and b.phone == "13700000000" and b.notes == "老客户"
        assert b.updated_at == stamped and stamped > was[now]


def test_what_it_cannot_write_alone_is_left_to_the_flush(ledger: Ledger) -> None:
    item = product(ledger)
    with ledger.unit() as uow:
        fresh = StockBalance(product_id=item, qty=0, value=0)
        uow.session.add(fresh)
        uow.write_now([fresh])  # not inserted yet: the flush inserts it
        assert fresh in uow.session.new
        party = uow.session.get(Party, customer_in(uow))
        party.contacts = []  # a relationship: the flush's
        party.phone = "1"
        uow.write_now([party])
        assert inspect(party).modified and party in uow.session.dirty
    with ledger.read() as s:
        assert s.get(StockBalance, item) is not None


def customer_in(uow: Any) -> Any:
    from desktop.services import parties

    return parties.create_party(uow, name="丙").id
