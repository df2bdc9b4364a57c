"""The document editor's Qt-free side: the catalog's reads, a line's parsing, price and
figures, a saved document read back, and the actions its state offers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from desktop.editing.catalog import Catalog
from desktop.editing.document import available_actions, load
from desktop.editing.lines import (
    LineItem,
    incomplete,
    line_inputs,
    parse_number,
    parse_percent,
    parse_price,
    parse_qty,
    reprice,
    take_product,
    totals,
)
from desktop.services import documents, firm, trade
from desktop.services.credit import confirm_order
from desktop.services.payments import record_payment
from tests.helpers import customer, product

D = Decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234.5", D("1234.5")), (" 12，000 ", D("12000")), ("13%", D("13")), ("", None)],
)
def test_numbers_as_people_type_them(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "1.2.3"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_each_column_takes_its_own_range() -> None:
    assert parse_qty("-2") == D(-2)  # a return line
    assert parse_price("0") == 0 and parse_percent("") == 0 and parse_percent("99.9") == D("99.9")
    for parse, text in [
        (parse_qty, "0"),
        (parse_qty, ""),
        (parse_price, "-1"),
        (parse_price, ""),
        (parse_percent, "100"),
        (parse_percent, "-5"),
    ]:
        with pytest.raises(ValueError):
            parse(text)


@pytest.fixture
def catalog(ledger: Any) -> Catalog:
    return Catalog(ledger)


def test_catalog_reads(ledger: Any, catalog: Catalog) -> None:
    party_id = customer(ledger, "编辑测试五金", phone="13800000009", ship_to="仓库一号")
    product_id = product(ledger, code="E001", name="编辑测试螺丝", spec="M8", tax_rate="0.09")
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="block", credit_overdue_days=45)

    info = catalog.firm()
    assert info.name == "上海测试商贸有限公司"
    assert (info.credit_policy, info.credit_overdue_days) == ("block", 45)
    assert not info.has_owner_password

    [(label, party)] = catalog.find_parties("编辑测试", "customer")
    assert label == f"{party.code}  编辑测试五金  13800000009"
    assert party == catalog.party(party_id) and party.ship_to == "仓库一号"
    assert catalog.find_parties("编辑测试", "supplier") == []

    [(label, found)] = catalog.find_products("编辑测试")
    assert (label, found) == ("E001  编辑测试螺丝  M8", product_id)
    item = catalog.product(product_id)
    assert item.units == (("个", D(1)), ("箱", D(24)))
    assert (item.factor("箱"), item.factor("个"), item.factor("吨")) == (D(24), D(1), D(1))
    assert item.tax_rate == D("0.09")
    assert catalog.product(product_id) is item  # cached: a line asks often

    price, source, last = catalog.suggest(product_id, party_id, D(1), "sales_order")
    assert (price, last) == (D("1.00"), None) and source
    status = catalog.credit(party_id, None)
    assert status is not None and status.balance == 0


def test_a_line_takes_its_product_price_and_figures(ledger: Any, catalog: Catalog) -> None:
    party_id = customer(ledger, "编辑测试五金")
    product_id = product(ledger, code="E001", name="编辑测试螺丝", retail_price="2.50")
    item = LineItem()
    take_product(item, catalog.product(product_id), D(13))
    assert (item.unit, item.tax, item.manual_price) == ("个", D(13), False)
    item.unit, item.qty = "箱", D(2)
    reprice(item, catalog, party_id, "sales_order")
    assert item.price == D(60) and item.factor == D(24)  # 24 × 2.50 per 箱
    item.discount = D(10)
    got = item.amounts(prices_include_tax=True)
    assert got is not None and got.total == D("108.00")
    assert totals([item, LineItem()], True) == (got.net, got.tax, got.total)

    item.price, item.manual_price = D(50), True  # typed by hand: a new party keeps it
    reprice(item, catalog, None, "sales_order")
    assert item.price == D(50)
    no_price = LineItem(product=item.product, qty=D(1))
    assert incomplete([item, LineItem()]) is None
    assert incomplete([LineItem(), item, no_price]) == (2, "price")
    assert incomplete([item, LineItem(product=item.product), no_price]) == (2, "qty")
    [line] = line_inputs([item, LineItem(), LineItem(product=item.product)])
    assert (line.product, line.qty, line.unit, line.unit_price) == (product_id, D(2), "箱", D(50))
    assert (line.discount_rate, line.tax_rate) == (D("0.1"), D("0.13"))


def test_saved_order_reads_back_and_offers_its_actions(ledger: Any, catalog: Catalog) -> None:
    party_id = customer(ledger, "编辑测试五金")
    product_id = product(ledger, code="E001", name="编辑测试螺丝")
    item = LineItem()
    take_product(item, catalog.product(product_id), D(13))
    item.unit, item.qty, item.price, item.discount = "箱", D(100), D(48), D(5)

    assert available_actions("sales_order", None, True) == ["save", "confirm"]
    assert available_actions("sales_bill", None, True) == ["save", "post", "post_paid"]
    with ledger.unit() as uow:
        order_id = documents.create_draft(
            uow, "sales_order", party_id, line_inputs([item]), ship_to="码头"
        ).id
    state = load(ledger, catalog, order_id)
    assert (state.kind, state.status, state.ship_to) == ("sales_order", "draft", "码头")
    assert state.party is not None and state.party.id == party_id
    assert catalog.party_of(order_id) == state.party == catalog.party(party_id)
    [back] = state.items
    assert (back.unit, back.qty, back.price, back.discount, back.tax) == (
        "箱",
        D(100),
        D(48),
        D(5),
        D(13),
    )
    assert back.manual_price and state.progress == [] and not state.billable
    assert state.total == totals(state.items, catalog.firm().prices_include_tax)[2]
    assert available_actions("sales_order", state, True)[:2] == ["save", "confirm"]

    with ledger.unit() as uow:
        confirm_order(uow, order_id)
    state = load(ledger, catalog, order_id)
    assert state.progress[0]["left"] == 100 and "deliver" in state.actions
    keys = available_actions("sales_order", state, False)
    assert "deliver" in keys and "confirm" not in keys and "bill" not in keys
    assert keys[-1] == "print"

    line_id = state.progress[0]["line_id"]
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, {line_id: D(60)})
    state = load(ledger, catalog, order_id)
    assert state.status == "partial" and state.billable
    assert (state.progress[0]["done"], state.progress[0]["left"]) == (60, 40)
    assert "bill" in available_actions("sales_order", state, False)

    with ledger.unit() as uow:
        bill_id = trade.bill_order(uow, order_id).id
    bill = load(ledger, catalog, bill_id)
    assert bill.status == "posted" and bill.open_amount == bill.total > 0
    assert "collect" in available_actions("sales_bill", bill, False)
    with ledger.unit() as uow:
        record_payment(uow, party_id, bill.total, allocations=[(bill_id, bill.total)])
    paid = load(ledger, catalog, bill_id)
    assert paid.open_amount == 0
    assert "collect" not in available_actions("sales_bill", paid, False)


# ---------------------------------------------------------------- where Enter stops
def test_enter_stops_default_to_product_and_quantity() -> None:
    from desktop.editing import stops

    assert stops.parse(None) == stops.DEFAULT == ("product", "qty")
    assert stops.parse("") == ("product", "qty")
    # table order, unknown names dropped, product and quantity always kept
    assert stops.parse("tax, price,bogus") == ("product", "qty", "price", "tax")
    assert stops.parse(["unit", "qty"]) == ("product", "unit", "qty")  # QSettings' list form
    assert stops.dump(("discount",)) == "product,qty,discount"
    assert stops.parse(stops.dump(stops.TYPED)) == stops.TYPED


def test_enter_goes_to_the_next_chosen_column_then_a_new_line() -> None:
    from desktop.editing.stops import DEFAULT, TYPED, next_stop

    assert next_stop("product", DEFAULT) == "qty"
    assert next_stop("qty", DEFAULT) is None  # a quantity and Enter: the next line
    assert next_stop("price", DEFAULT) is None  # reached by Tab: Enter still starts a line
    assert next_stop("name", DEFAULT) == "qty"  # a cell not typed into moves on too
    assert [next_stop(c, TYPED) for c in TYPED] == ["unit", "qty", "price", "discount", "tax", None]
    assert next_stop("qty", ("product", "qty", "tax")) == "tax"
