"""Every change leaves an audit trail and a sync intent, in the same transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import AuditEntry, OutboxEntry
from desktop.services import credit, documents, parties, products, trade
from desktop.services.documents import LineInput
from tests.helpers import customer, product


def test_updates_record_before_and_after(ledger) -> None:
    pid = customer(ledger, "张三五金", credit_limit="1000")
    with ledger.unit() as uow:
        parties.update_party(uow, pid, credit_limit="5000")
    with ledger.read() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == str(pid)).order_by(AuditEntry.seq)
        ).all()
        assert [e.action for e in entries] == ["insert", "update"]
        assert entries[1].before["credit_limit"] == "1000.00"
        assert entries[1].after["credit_limit"] == "5000.00"
        assert entries[1].actor == "tester" and entries[1].desk == "A"


def test_rows_replaced_as_a_set_are_audited_as_deleted(ledger) -> None:
    """A product's tiers and a party's contacts replaced: the rows that go have a delete
    entry with their values (undoing an import makes them again from it)."""
    pid = customer(ledger, "张三五金", contacts=[{"name": "王经理", "phone": "139"}])
    gid = product(ledger, tiers=[{"min_qty": "50", "price": "0.8"}])
    with ledger.unit() as uow:
        parties.update_party(uow, pid, contacts=[{"name": "李会计", "phone": "138"}])
        products.update_product(uow, gid, tiers=[{"min_qty": "100", "price": "0.7"}])
    with ledger.read() as s:
        gone = s.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
        assert sorted(e.entity for e in gone) == ["party_contact", "product_price"]
        before = {e.entity: e.before for e in gone}
        assert before["party_contact"]["name"] == "王经理"
        assert before["party_contact"]["party_id"] == str(pid)
        assert (before["product_price"]["min_qty"], before["product_price"]["price"]) == (
            "50.0000",
            "0.800000",
        )


def test_intents_are_queued_in_order_with_exact_amounts(ledger) -> None:
    cust = customer(ledger)
    product(ledger)
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", 2, "箱", "24.5")], date(2026, 1, 5)
        )
        credit.confirm_order(uow, order.id)
        trade.fulfil(uow, order.id, doc_date=date(2026, 1, 6))
    with ledger.read() as s:
        outbox = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        intents = [o.intent for o in outbox]
        # the delivery is one intent: made from the order and posted (no separate post)
        assert intents[-3:] == ["sales_order.create", "sales_order.confirm", "sales_order.deliver"]
        create = next(o for o in outbox if o.intent == "sales_order.create")
        assert create.args["lines"][0]["unit_price"] == "24.5"
        deliver = outbox[-1].args
        assert deliver["quantities"] == {str(order.lines[0].id): "2"}
        assert deliver["posted"]["total"] == "49.00"
        assert [t for t, _, _ in deliver["made"]] == ["document", "document_line"]
        assert deliver["made"][0][2] == deliver["posted"]["number"]
        assert [o.seq for o in outbox] == sorted(o.seq for o in outbox)
        assert len({o.id for o in outbox}) == len(outbox)
        assert all(o.state == "pending" for o in outbox)


def test_a_rejected_change_leaves_no_audit_or_intent(ledger) -> None:
    with ledger.read() as s:
        audits = len(s.scalars(select(AuditEntry)).all())
        intents = len(s.scalars(select(OutboxEntry)).all())
    with pytest.raises(ValidationError), ledger.unit() as uow:
        parties.create_party(uow, name="张三五金")
        parties.create_party(uow, name="张三五金")
    with ledger.read() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == audits
        assert len(s.scalars(select(OutboxEntry)).all()) == intents


def test_units_of_work_report_what_changed(ledger) -> None:
    with ledger.unit() as uow:
        party = parties.create_party(uow, name="变更测试")
    assert party.id in uow.changes.touched["party"]
