"""Documents the posting rules write once with Core inserts (issue 18, order entry): the
session holds them as written, a draft may have no lines, and numbers keep counting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop.models import AuditEntry, DocKind, Document, DocumentLine
from desktop.services import credit, documents, trade
from desktop.services.ledger import Ledger
from desktop.services.numbering import observe
from tests.helpers import customer
from tests.history import order_lines, setup_products

ON = date(2025, 3, 3)


def _columns(obj: object) -> dict[str, object]:
    table = type(obj).__table__  # type: ignore[attr-defined]
    return {c.key: getattr(obj, c.key) for c in table.columns}


def test_a_bill_from_an_order_is_held_by_the_session_as_written(ledger: Ledger) -> None:
    setup_products(ledger)
    buyer = customer(ledger, "写入客户", credit_limit="1000000", terms_days=30)
    with ledger.unit() as uow:
        order_id = documents.create_draft(
            uow, DocKind.SALES_ORDER, buyer, order_lines(ledger), ON
        ).id
    with ledger.unit() as uow:
        credit.confirm_order(uow, order_id, as_of=ON)
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, None, ON)
    with ledger.unit() as uow:
        bill = trade.bill_order(uow, order_id, doc_date=ON)
        session = uow.session
        assert not session.new and not session.dirty  # nothing left to flush of it
        held = _columns(bill)
        held_lines = [_columns(line) for line in bill.lines]
        row = session.connection().execute(select(Document.__table__).where(Document.id == bill.id))
        stored = dict(row.mappings().one())
        lines = session.connection().execute(
            select(DocumentLine.__table__)
            .where(DocumentLine.document_id == bill.id)
            .order_by(DocumentLine.line_no)
        )
        stored_lines = [dict(r) for r in lines.mappings()]
    assert held == stored
    assert held_lines == stored_lines
    assert stored["status"] == "posted" and stored["due_date"] == date(2025, 4, 2)
    assert stored["posted_at"] is not None and len(stored_lines) == 5


def test_a_draft_without_lines_is_saved_alone(ledger: Ledger) -> None:
    buyer = customer(ledger, "空单客户")
    with ledger.unit() as uow:
        doc = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON)
        doc_id = doc.id
        assert doc.lines == []
    with ledger.read() as s:
        assert s.scalar(select(func.count()).where(DocumentLine.document_id == doc_id)) == 0
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == str(doc_id))
        ).all()
        assert s.get(Document, doc_id).status == "draft"
    assert actions == ["insert"]


def test_numbers_count_on_across_units_and_after_a_number_seen_elsewhere(ledger: Ledger) -> None:
    buyer = customer(ledger, "编号客户")
    with ledger.unit() as uow:
        first = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON).number
        second = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON).number
    with ledger.unit() as uow:
        third = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON).number
    assert (first, second, third) == ("BJ-A-2503-0001", "BJ-A-2503-0002", "BJ-A-2503-0003")
    with ledger.unit() as uow:  # a number made at another copy moves the series on first
        observe(uow.session, "BJ-A-2503-0010")
        after = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON).number
    with ledger.unit() as uow:
        next_one = documents.create_draft(uow, DocKind.QUOTE, buyer, [], ON).number
    assert (after, next_one) == ("BJ-A-2503-0011", "BJ-A-2503-0012")


def test_a_drafted_bill_posted_keeps_its_due_date_and_posting_as_two_audit_rows(
    ledger: Ledger,
) -> None:
    """The general path (a bill drafted, then posted) audits its due date, then its posting,
    each a row of its own, as before the balance was moved with one statement."""
    setup_products(ledger)
    buyer = customer(ledger, "草稿账单客户", credit_limit="1000000", terms_days=30)
    with ledger.unit() as uow:
        bill_id = documents.create_draft(uow, DocKind.SALES_BILL, buyer, order_lines(ledger), ON).id
    with ledger.unit() as uow:
        trade.post(uow, bill_id)
    with ledger.read() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity_id == str(bill_id), AuditEntry.action == "update")
            .order_by(AuditEntry.seq)
        ).all()
    assert [sorted(after) for _, _, after in rows] == [["due_date"], ["posted_at", "status"]]
    assert rows[0].before == {"due_date": None} and rows[0].after == {"due_date": "2025-04-02"}
