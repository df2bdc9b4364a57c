"""Quantities that do not fit are refused in whole sentences, one per way of taking them.

The English used to be one frame with a verb glued in ("left to {what}"), and a return
spoke of its bill as an "order".
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Any

import pytest

from desktop.errors import ValidationError
from desktop.services import credit, documents, trade
from desktop.services.documents import LineInput
from desktop.services.trade_messages import WORDING
from tests.helpers import D, customer, product, supplier


def _order(ledger: Any, kind: str, party: Any) -> tuple[Any, Any, str]:
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, kind, party, [LineInput("000123", 10, "箱", "24")], date(2026, 6, 1)
        )
        credit.confirm_order(uow, order.id)
        return order.id, order.lines[0].id, order.number


def _refused(ledger: Any, call: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info, ledger.unit() as uow:
        call(uow)
    return info.value


def test_sales_refusals_word_for_word(ledger: Any) -> None:
    product(ledger)
    order_id, line_id, number = _order(
        ledger, "sales_order", customer(ledger, credit_limit="100000")
    )
    error = _refused(ledger, lambda u: trade.fulfil(u, order_id, {line_id: D(11)}))
    assert error.en == "Line 1 (000123): at most 10 箱 left to deliver, not 11."
    assert error.zh == "第 1 行（不锈钢螺丝 M6）最多还能发货 10 箱，不能发货 11。"
    assert error.details == {"line": 1}
    error = _refused(ledger, lambda u: trade.fulfil(u, order_id, {line_id: D(0)}))
    assert error.en == "Line 1: the quantity to deliver must be above 0."
    error = _refused(ledger, lambda u: trade.bill_order(u, order_id))
    assert error.en == f"Order {number} has nothing left to bill."
    assert error.zh == f"订单 {number} 没有可开单的数量了。"
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, {line_id: D(4)}, date(2026, 6, 2))
        bill = trade.bill_order(uow, order_id, doc_date=date(2026, 6, 3))
        bill_id, bill_line, bill_number = bill.id, bill.lines[0].id, bill.number
    error = _refused(ledger, lambda u: trade.return_goods(u, bill_id, {bill_line: D(5)}))
    assert error.en == "Line 1 (000123): at most 4 箱 left to return, not 5."
    assert error.zh == "第 1 行（不锈钢螺丝 M6）最多还能退货 4 箱，不能退货 5。"
    with ledger.unit() as uow:
        trade.return_goods(uow, bill_id, {bill_line: D(4)})
    error = _refused(ledger, lambda u: trade.return_goods(u, bill_id, None))
    assert error.en == f"Bill {bill_number} has nothing left to return."
    assert error.zh == f"单据 {bill_number} 没有可退货的数量了。"


def test_purchase_refusals_say_receive(ledger: Any) -> None:
    product(ledger)
    order_id, line_id, _ = _order(ledger, "purchase_order", supplier(ledger))
    error = _refused(ledger, lambda u: trade.fulfil(u, order_id, {line_id: D(12)}))
    assert error.en == "Line 1 (000123): at most 10 箱 left to receive, not 12."
    assert error.zh == "第 1 行（不锈钢螺丝 M6）最多还能收货 10 箱，不能收货 12。"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("taking", sorted(WORDING))
def test_every_sentence_is_whole_in_both_languages(taking: str) -> None:
    wording = WORDING[taking]
    sentences = [
        wording.unknown_line,
        wording.bad_qty,
        wording.too_much,
        wording.nothing_left,
        wording.over_source,
    ]
    if wording.no_order is not None:
        sentences.append(wording.no_order)
    verb = {"bill_received": "bill"}.get(taking, taking)
    for zh, en in sentences:
        assert _fields(zh) <= _fields(en) | {"name"}, (zh, en)  # the same facts in both
        assert en[0].isupper() or en.startswith("{"), en
        assert en.endswith("."), en
        assert zh.endswith(("。", "）")), zh
        assert not re.search(r"eed\b|ded\b", en), en
    for _, en in (wording.bad_qty, wording.too_much, wording.nothing_left, wording.over_source):
        assert re.search(rf"\bto {verb}\b", en), en
