"""Buyers' inquiries and orders on the firm's ledger: checked, deduplicated, drafted with
the buyer's prices; buyers accepted or declined; the status a buyer follows."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.errors import CreditError, ValidationError
from desktop.models import Buyer, Document, Party
from desktop.services import credit, documents, market, payments, quotes, reversal, trade
from desktop.services.ledger import Ledger
from tests.core.market_helpers import buyer, listed, request
from tests.helpers import customer, product, row_counts

D = Decimal


def _receive(ledger: Ledger, req: market.MarketRequest) -> Document:
    with ledger.unit() as uow:
        doc = market.receive_request(uow, req)
        uow.session.flush()
        uow.session.expunge_all()
        return doc


def _doc(ledger: Ledger, ref: uuid.UUID) -> Document:
    with ledger.read() as session:
        doc = market.find_request(session, ref)
        assert doc is not None
        _ = doc.lines, doc.party
        session.expunge_all()
        return doc


def test_an_order_becomes_a_draft_sales_order_with_the_buyers_prices(ledger: Ledger) -> None:
    bolt = listed(ledger, code="0042")
    nut = listed(ledger, code="0043", name="六角螺母 M8", stock="500")
    who = buyer()
    req = request("order", who, [(bolt, "个", "10"), (nut, "箱", "5")], note="周五前送到")
    _receive(ledger, req)
    doc = _doc(ledger, req.ref)
    assert (doc.kind, doc.status, doc.party_id, doc.buyer_id) == (
        "sales_order",
        "draft",
        None,
        who.id,
    )
    assert doc.external_ref == f"mkt:{req.ref}" and doc.notes == "周五前送到"
    lines = [(x.product_id, x.unit, x.qty, x.unit_price) for x in doc.lines]
    # 10 个 at the first tier; 5 箱 = 120 个 reach the 100 tier: 0.80 × 24 per 箱
    assert lines == [(bolt, "个", D(10), D("1")), (nut, "箱", D(5), D("19.2"))]
    assert doc.total == D("106.00")
    with ledger.read() as session:
        kept = session.get(Buyer, who.id)
        assert kept is not None and (kept.status, kept.name, kept.company) == (
            "pending",
            "王五",
            "王五建材",
        )


def test_an_inquiry_becomes_a_draft_quote(ledger: Ledger) -> None:
    bolt = listed(ledger, stock=None)
    req = request("inquiry", buyer(), [(bolt, "箱", "200")])
    _receive(ledger, req)
    doc = _doc(ledger, req.ref)
    assert (doc.kind, doc.status) == ("quote", "draft")
    assert [(x.qty, x.unit, x.unit_price) for x in doc.lines] == [(D(200), "箱", D("19.2"))]


def test_the_same_request_twice_makes_one_document_and_writes_nothing(ledger: Ledger) -> None:
    bolt = listed(ledger)
    req = request("order", buyer(), [(bolt, "个", "10")])
    first = _receive(ledger, req)
    before = row_counts(ledger)
    again = _receive(ledger, req)
    assert again.id == first.id and again.number == first.number
    assert row_counts(ledger) == before
    with ledger.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2  # + opening


def test_a_known_accepted_buyer_gets_their_customer_and_level_price(ledger: Ledger) -> None:
    bolt = listed(ledger)
    level2 = customer(ledger, "老客户", price_level=2)
    who = buyer()
    first = request("inquiry", who, [(bolt, "个", "1")])
    _receive(ledger, first)
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id, level2)
    assert _doc(ledger, first.ref).party_id == level2, "the open draft gets the customer"
    later = request("order", who, [(bolt, "个", "10")])
    _receive(ledger, later)
    doc = _doc(ledger, later.ref)
    assert doc.party_id == level2 and doc.lines[0].unit_price == D("0.7")


def test_a_known_buyers_order_is_held_to_their_credit_terms(ledger: Ledger) -> None:
    """A buyer linked to a customer orders on that customer's terms: the credit limit is
    checked when the clerk confirms (the credit panel's rule, as for any order), and the
    bill falls due after the customer's days."""
    bolt = listed(ledger)
    tight = customer(ledger, "赊账客户", credit_limit="20", terms_days=30)
    who = buyer()
    _receive(ledger, request("inquiry", who, [(bolt, "个", "1")]))  # first contact
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id, tight)
    big = request("order", who, [(bolt, "个", "30")])  # 30.00 > the limit of 20
    _receive(ledger, big)
    order = _doc(ledger, big.ref)
    assert order.party_id == tight
    with pytest.raises(CreditError) as held, ledger.unit() as uow:
        credit.confirm_order(uow, order.id)
    assert held.value.code == "credit_override_required" and "赊账客户" in held.value.zh
    small = request("order", who, [(bolt, "个", "15")])
    _receive(ledger, small)
    order = _doc(ledger, small.ref)
    on = date(2026, 12, 2)
    with ledger.unit() as uow:
        assert credit.confirm_order(uow, order.id, as_of=on).ok
        trade.fulfil(uow, order.id, None, on)
        made = trade.bill_order(uow, order.id, None, on)
        assert made.due_date == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("change", "code", "zh", "en"),
    [
        ({"kind": "wish"}, "bad_kind", "询价或订单", "inquiry or an order"),
        ({"lines": []}, "no_lines", "至少选择一个商品", "at least one product"),
        ({"lines": "many"}, "too_many_lines", "最多 100 个商品", "At most 100 products"),
        ({"note": "啊" * 501}, "too_long", "备注太长", "note is too long"),
        ({"qty": "0"}, "zero", "不能为 0", "cannot be zero"),
        ({"qty": "-3"}, "negative", "不能小于 0", "cannot be less than 0"),
        ({"qty": "abc"}, "not_a_number", "必须是数字", "must be a number"),
        ({"qty": "1000001"}, "too_much", "数量太大", "too large"),
        ({"unit": "吨"}, "unknown_unit", "没有单位", "has no unit"),
        ({"product": "unknown"}, "not_offered", "不在售", "not offered"),
        ({"product": "unlisted"}, "not_offered", "不在售", "not offered"),
        ({"qty": "5", "moq": True}, "below_moq", "起订量为 10", "minimum order"),
        ({"qty": "91"}, "not_enough", "只有 90 个 可订", "Only 90 个"),
        ({"name": ""}, "required", "买家姓名不能为空", "name is required"),
    ],
)
def test_requests_are_checked_with_plain_messages_and_write_nothing(
    ledger: Ledger, change: dict[str, Any], code: str, zh: str, en: str
) -> None:
    bolt = listed(ledger, buffer="10", min_order_qty="10" if change.get("moq") else "0")
    unlisted = product(ledger, code="0500", name="未上架")
    target = {"unknown": uuid.uuid4(), "unlisted": unlisted}.get(change.get("product", ""), bolt)
    line = (target, change.get("unit", "个"), change.get("qty", "12"))
    lines = [line] * 101 if change.get("lines") == "many" else change.get("lines", [line])
    who = buyer(name=change.get("name", "王五"))
    req = market.MarketRequest(
        ref=uuid.uuid4(),
        kind=change.get("kind", "order"),
        buyer=who,
        lines=lines,
        note=change.get("note", ""),
    )
    before = row_counts(ledger)
    with pytest.raises(ValidationError) as refused, ledger.unit() as uow:
        market.receive_request(uow, req)
    assert refused.value.code == code
    assert zh in refused.value.zh and en in refused.value.en
    assert row_counts(ledger) == before


def test_two_lines_of_one_product_count_together_against_availability(ledger: Ledger) -> None:
    bolt = listed(ledger, stock="30")
    req = request("order", buyer(), [(bolt, "个", "20"), (bolt, "个", "11")])
    with pytest.raises(ValidationError) as refused, ledger.unit() as uow:
        market.receive_request(uow, req)
    assert refused.value.code == "not_enough"


def test_an_inquiry_is_not_held_to_stock_or_the_minimum(ledger: Ledger) -> None:
    bolt = listed(ledger, stock=None, min_order_qty="100")
    _receive(ledger, request("inquiry", buyer(), [(bolt, "个", "5")]))


def test_an_order_from_a_buyer_not_yet_a_customer_cannot_be_confirmed(ledger: Ledger) -> None:
    bolt = listed(ledger)
    order = _receive(ledger, request("order", buyer(), [(bolt, "个", "2")]))
    with pytest.raises(ValidationError) as refused, ledger.unit() as uow:
        credit.confirm_order(uow, order.id)
    assert refused.value.code == "party_required" and "接受买家" in refused.value.zh


def test_accepting_a_buyer_makes_a_customer_from_their_details(ledger: Ledger) -> None:
    bolt = listed(ledger)
    who = buyer()
    reqs = [request(kind, who, [(bolt, "个", "2")]) for kind in ("inquiry", "order")]
    for req in reqs:
        _receive(ledger, req)
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id)
    with ledger.read() as session:
        kept = session.get(Buyer, who.id)
        assert kept is not None and kept.status == "accepted"
        party = session.get(Party, kept.party_id)
        assert party is not None and party.is_customer
        assert (party.name, party.contact, party.phone) == ("王五建材", "王五", "13800000000")
        assert [c.email for c in party.contacts] == ["wang@example.com"]
    assert {_doc(ledger, r.ref).party_id for r in reqs} == {party.id}
    with pytest.raises(ValidationError) as twice, ledger.unit() as uow:
        market.accept_buyer(uow, who.id)
    assert twice.value.code == "already_accepted"
    # the credit panel's check works on the attached order as on any order
    with ledger.unit() as uow:
        order = _doc(ledger, reqs[1].ref)
        assert credit.confirm_order(uow, order.id) is not None


def test_declining_needs_a_reason_and_the_buyer_sees_it(ledger: Ledger) -> None:
    bolt = listed(ledger)
    inquiry = request("inquiry", buyer(), [(bolt, "个", "2")])
    order = request("order", buyer(), [(bolt, "个", "2")])
    docs = [_receive(ledger, inquiry), _receive(ledger, order)]
    with pytest.raises(ValidationError) as empty, ledger.unit() as uow:
        market.decline(uow, docs[0].id, "  ")
    assert empty.value.code == "reason_required" and "原因" in empty.value.zh
    for doc in docs:
        with ledger.unit() as uow:
            market.decline(uow, doc.id, "本月停产")
    assert _doc(ledger, inquiry.ref).status == "rejected"
    assert _doc(ledger, order.ref).status == "cancelled"
    with ledger.read() as session:
        found = market.status_of(session, [inquiry.ref, order.ref])
    assert {s.status for s in found.values()} == {"declined"}
    assert {s.reason for s in found.values()} == {"本月停产"}
    zhang = customer(ledger)
    with ledger.unit() as uow:
        own = documents.create_draft(uow, "quote", zhang, [documents.LineInput(bolt, D(1))])
    with pytest.raises(ValidationError) as not_market, ledger.unit() as uow:
        market.decline(uow, own.id, "不要")
    assert not_market.value.code == "not_from_market"


def test_a_declined_buyer_has_their_drafts_declined_and_sends_nothing_more(
    ledger: Ledger,
) -> None:
    bolt = listed(ledger)
    who = buyer()
    req = request("order", who, [(bolt, "个", "2")])
    _receive(ledger, req)
    with ledger.unit() as uow:
        market.decline_buyer(uow, who.id, "不做外地生意")
    with ledger.read() as session:
        kept = session.get(Buyer, who.id)
        assert kept is not None and (kept.status, kept.reason) == ("declined", "不做外地生意")
        assert market.status_of(session, [req.ref])[req.ref].reason == "不做外地生意"
    with pytest.raises(ValidationError) as refused, ledger.unit() as uow:
        market.receive_request(uow, request("order", who, [(bolt, "个", "2")]))
    assert refused.value.code == "buyer_declined"


def _status(ledger: Ledger, ref: uuid.UUID) -> market.MarketStatus:
    with ledger.read() as session:
        return market.status_of(session, [ref])[ref]


def test_status_follows_the_order_forward_to_paid(ledger: Ledger) -> None:
    bolt = listed(ledger)
    who = buyer()
    req = request("order", who, [(bolt, "个", "10")])
    order = _receive(ledger, req)
    assert _status(ledger, req.ref).status == "received"
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id)
        credit.confirm_order(uow, order.id)
    assert _status(ledger, req.ref).status == "confirmed"
    line = _doc(ledger, req.ref).lines[0].id
    with ledger.unit() as uow:
        delivery = trade.fulfil(uow, order.id, {line: D(4)}, date(2026, 12, 3))
    shipped = _status(ledger, req.ref)
    assert shipped.status == "shipped"
    assert [(x.qty, x.delivered_qty, x.unit_price, x.unit) for x in shipped.lines] == [
        (D(10), D(4), D(1), "个")
    ]
    with ledger.unit() as uow:
        reversal.reverse(uow, delivery.id, "送错了", date(2026, 12, 3))
    back = _status(ledger, req.ref)
    assert back.status == "shipped" and back.lines[0].delivered_qty == 0, "forward only"
    with ledger.unit() as uow:
        trade.fulfil(uow, order.id, None, date(2026, 12, 4))
        bill = trade.bill_order(uow, order.id, None, date(2026, 12, 4))
    billed = _status(ledger, req.ref)
    assert billed.status == "billed" and billed.total == D("10.00")
    with ledger.unit() as uow:
        payments.record_payment(
            uow,
            bill.party_id,
            "10.00",
            doc_date=date(2026, 12, 5),
            allocations=[(bill.id, "10.00")],
        )
    assert _status(ledger, req.ref).status == "paid"
    assert market.advance("paid", billed).status == "paid"
    assert market.advance("received", billed).status == "billed"
    assert market.advance("declined", billed).status == "declined"


def test_status_of_an_inquiry_quoted_then_ordered(ledger: Ledger) -> None:
    bolt = listed(ledger)
    who = buyer()
    req = request("inquiry", who, [(bolt, "个", "10")])
    quote = _receive(ledger, req)
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id)
        draft = documents.get_document(uow.session, quote.id)
        documents.update_draft(
            uow, quote.id, [documents.LineInput(bolt, D(10), "个", "0.95")], party=draft.party_id
        )
        quotes.send_quote(uow, quote.id)
    quoted = _status(ledger, req.ref)
    assert quoted.status == "quoted" and quoted.lines[0].unit_price == D("0.95")
    with ledger.unit() as uow:
        order = market.accept_quote(uow, req.ref, date(2026, 12, 4))
    assert _status(ledger, req.ref).status == "quoted"
    with ledger.read() as session:
        assert market.availability(session, [bolt])[bolt].figure == D(90), "counted"
    with pytest.raises(ValidationError) as twice, ledger.unit() as uow:
        market.accept_quote(uow, req.ref)
    assert twice.value.code == "no_quote"
    with ledger.unit() as uow:
        credit.confirm_order(uow, order.id)
    confirmed = _status(ledger, req.ref)
    assert confirmed.status == "confirmed" and confirmed.number == order.number
    with ledger.read() as session:
        assert market.status_of(session, [uuid.uuid4()]) == {}
