"""Credit control at order confirmation: block, override with a reason (and the owner's
password), warn; every breach that goes through is logged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import CreditError
from desktop.models import CreditOverride, DocStatus
from desktop.services import credit, documents, firm, trade, unbilled
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product


def _order(ledger, cust, boxes: int, on: date = date(2026, 11, 1)):
    with ledger.unit() as uow:
        return documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", boxes, "箱", "100")], on
        ).id


def _policy(ledger, policy: str) -> None:
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy=policy)


def test_block_policy_refuses_an_order_over_the_limit(ledger) -> None:
    cust = customer(ledger, credit_limit="1000")
    product(ledger)
    _policy(ledger, "block")
    order = _order(ledger, cust, 11)  # 1100.00 > 1000.00
    with ledger.unit() as uow, pytest.raises(CreditError) as err:
        credit.confirm_order(uow, order)
    assert err.value.code == "credit_blocked"
    assert "本单 1,100.00 元，超出可用额度 100.00 元" in err.value.zh
    assert "is 100.00 over the available credit" in err.value.en
    with ledger.read() as s:
        assert documents.get_document(s, order).status == DocStatus.DRAFT
        assert s.scalars(select(CreditOverride)).all() == []


def test_unbilled_orders_use_up_credit(ledger) -> None:
    cust = customer(ledger, credit_limit="1000")
    product(ledger)
    _policy(ledger, "block")
    with ledger.unit() as uow:
        credit.confirm_order(uow, _order(ledger, cust, 6))  # 600, fine
    second = _order(ledger, cust, 5)  # 600 unbilled + 500 > 1000
    with ledger.unit() as uow, pytest.raises(CreditError):
        credit.confirm_order(uow, second)


def test_override_needs_a_reason_and_the_owner_password(ledger) -> None:
    cust = customer(ledger, credit_limit="1000")
    product(ledger)
    with ledger.unit() as uow:
        firm.set_owner_password(uow, "laoban-2026")
    order = _order(ledger, cust, 20)
    with ledger.unit() as uow, pytest.raises(CreditError) as err:
        credit.confirm_order(uow, order)
    assert err.value.code == "credit_override_required" and "老板密码" in err.value.zh
    with ledger.unit() as uow, pytest.raises(CreditError) as err:
        credit.confirm_order(uow, order, override_reason="老客户，月底结清", owner_password="wrong")
    assert err.value.code == "owner_password"
    with ledger.unit() as uow:
        check = credit.confirm_order(
            uow, order, override_reason="老客户，月底结清", owner_password="laoban-2026"
        )
        assert not check.ok
    with ledger.read() as s:
        [log] = s.scalars(select(CreditOverride)).all()
        assert log.reason == "老客户，月底结清" and log.owner_approved
        assert log.order_total == D("2000.00") and log.available == D("1000.00")
        assert log.actor == "tester"
        assert documents.get_document(s, order).status == DocStatus.CONFIRMED


def test_warn_policy_confirms_and_logs(ledger) -> None:
    cust = customer(ledger, credit_limit="100")
    product(ledger)
    _policy(ledger, "warn")
    with ledger.unit() as uow:
        check = credit.confirm_order(uow, _order(ledger, cust, 2))
        assert not check.ok and check.reasons_zh
    with ledger.read() as s:
        assert len(s.scalars(select(CreditOverride)).all()) == 1


def test_overdue_bills_breach_credit_even_under_the_limit(ledger) -> None:
    cust = customer(ledger, credit_limit="100000", terms_days=30)
    product(ledger)
    _policy(ledger, "block")
    with ledger.unit() as uow:
        order = _order(ledger, cust, 1, date(2026, 1, 1))
        credit.confirm_order(uow, order, as_of=date(2026, 1, 1))
        trade.fulfil(uow, order, doc_date=date(2026, 1, 2))
        trade.bill_order(uow, order, doc_date=date(2026, 1, 2))  # due 2026-02-01
    later = _order(ledger, cust, 1, date(2026, 3, 15))
    with ledger.unit() as uow:
        assert credit.check_order(
            uow.session, documents.get_document(uow.session, later), as_of=date(2026, 3, 2)
        ).ok  # 29 days overdue: allowed
    with ledger.unit() as uow, pytest.raises(CreditError) as err:
        credit.confirm_order(uow, later, as_of=date(2026, 3, 15))
    assert "逾期 42 天" in err.value.zh


def test_weak_owner_passwords_are_refused(ledger) -> None:
    from desktop.errors import ValidationError

    with ledger.unit() as uow, pytest.raises(ValidationError, match="太简单"):
        firm.set_owner_password(uow, "123456")


def test_an_order_under_way_counts_only_its_unbilled_part(ledger) -> None:
    cust = customer(ledger, credit_limit="10000")
    product(ledger)
    order = _order(ledger, cust, 10)  # 1000.00
    with ledger.unit() as uow:
        credit.confirm_order(uow, order)
        doc = documents.get_document(uow.session, order)
        trade.fulfil(uow, order, {doc.lines[0].id: D(4)}, date(2026, 11, 2))
        trade.bill_order(uow, order, doc_date=date(2026, 11, 2))  # 400 billed, 600 open
    with ledger.read() as s:
        party = documents.get_document(s, order).party
        whole = credit.credit_status(s, party)
        assert (whole.balance, whole.unbilled, whole.available) == (
            D("400.00"),
            D("600.00"),
            D("9000.00"),
        )
        without = credit.credit_status(s, party, exclude_order=order)
        assert without.unbilled == D(0) and without.available == D("9600.00")


def _unbilled_by_hand(ledger, cust) -> D:
    """The rule spelled out over loaded objects: per open order line, its amount less what
    posted (or reversed) bills made from it came to, never below zero."""
    from desktop.models import Document, DocumentLine

    total = D(0)
    with ledger.read() as s:
        for order in s.scalars(select(Document).where(Document.party_id == cust)):
            if order.kind != "sales_order" or order.status not in (
                "confirmed",
                "partial",
                "fulfilled",
            ):
                continue
            for line in order.lines:
                billed = sum(
                    (
                        bl.total_amount
                        for bl in s.scalars(
                            select(DocumentLine).where(DocumentLine.source_line_id == line.id)
                        )
                        if bl.document.kind == "sales_bill"
                        and bl.document.status in ("posted", "reversed")
                    ),
                    D(0),
                )
                total += max(D(0), line.total_amount - billed)
    return total


def test_unbilled_orders_are_summed_by_one_query_with_the_same_figures_in_every_state(
    ledger,
) -> None:
    from desktop.services import reversal

    cust = customer(ledger)
    product(ledger)
    orders = [_order(ledger, cust, n + 1) for n in range(8)]
    with ledger.unit() as uow:
        for order in orders[1:]:
            credit.confirm_order(uow, order)  # orders[0] stays a draft
        trade.fulfil(uow, orders[2], doc_date=date(2026, 11, 2))  # delivered, not billed
        for order in orders[3:6]:  # delivered and billed
            trade.fulfil(uow, order, doc_date=date(2026, 11, 2))
            trade.bill_order(uow, order, doc_date=date(2026, 11, 3))
        doc = documents.get_document(uow.session, orders[6])  # billed in part
        trade.fulfil(uow, orders[6], {doc.lines[0].id: D(2)}, date(2026, 11, 2))
        trade.bill_order(uow, orders[6], doc_date=date(2026, 11, 3))
        trade.close_order(uow, orders[7], "客户取消余量")
    with ledger.unit() as uow:  # one bill taken back with 红冲
        bill = uow.session.scalars(
            select(documents.Document).where(documents.Document.kind == "sales_bill")
        ).first()
        reversal.reverse(uow, bill.id, "开错")
    expected = _unbilled_by_hand(ledger, cust)
    with ledger.read() as s:
        assert unbilled.unbilled_order_amount(s, cust) == expected
        assert expected > 0
        per_order = sum(
            (unbilled.order_unbilled(s, documents.get_document(s, o)) for o in orders), D(0)
        )
        assert per_order == expected
