"""新建 on the 销售单 and 采购账单 lists: a bill without an order, posted with its payment
taken at the counter in the same step (过账并收款 / 过账并付款)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from desktop.editing.lines import LineItem, take_product
from desktop.views.editor import actions, counter
from desktop.views.editor.counter import CounterPaymentDialog
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def new_from_list(qtbot: Any, window: Any, key: str) -> Any:
    screen = window.show_screen(key)
    before = len(window.windows)
    screen.new_button.click()
    assert len(window.windows) == before + 1
    editor = window.windows[-1]
    qtbot.addWidget(editor)
    return editor


def fill(editor: Any, party: str, role: str, code: str, qty: int, price: str) -> None:
    """Party and one line, as the clerk's typing leaves them (typing is tested elsewhere)."""
    [(_text, info)] = [p for p in editor.catalog.find_parties(party, role) if p[1].name == party]
    editor.header.set_party(info)
    product_id = dict((t.split()[0], i) for t, i in editor.catalog.find_products(code))[code]
    item = LineItem()
    take_product(item, editor.catalog.product(product_id), Decimal(13))
    item.qty, item.price, item.manual_price = Decimal(qty), Decimal(price), True
    editor.model.set_items([item], True)


def rows(ctx: Any, sql: str, *args: Any) -> list[Any]:
    return ctx.conn.execute(sql, args).fetchall()


def test_counter_sale_from_the_sales_bill_list(
    qtbot: Any, window: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = new_from_list(qtbot, window, "sales_bills")
    assert editor.kind == "sales_bill"
    assert editor.credit.isVisibleTo(editor)  # the customer's credit, as for an order
    assert list(editor.buttons) == ["save", "post", "post_paid"]
    assert editor.buttons["post_paid"].text() == "过账并收款…"

    fill(editor, "张三五金", "customer", "00123", 10, "50")  # 500.00
    assert editor.totals.total.text() == "¥ 500.00"
    asked: list[Decimal] = []

    def pay(_ed: Any, total: Decimal) -> tuple[Decimal, str, str]:
        asked.append(total)
        return total, "微信", ""

    monkeypatch.setattr(counter, "ask_payment", pay)
    editor.buttons["post_paid"].click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.state is not None and editor.state.status == "posted")
    assert asked == [Decimal("500.00")]
    assert "已收款 500.00 元" in editor.message.text()
    assert editor.state.open_amount == 0 and "collect" not in editor.buttons
    [(receipt, method)] = rows(
        ctx,
        "SELECT d.number, d.method FROM document d JOIN allocation a ON a.from_document_id = d.id "
        "WHERE a.to_document_id = ?",
        editor.state.id.hex,
    )
    assert receipt.startswith("SK-") and method == "微信"
    intents = [r[0] for r in rows(ctx, "SELECT intent FROM outbox ORDER BY seq")][-2:]
    assert intents == ["sales_bill.create", "sales_bill.post_paid"]


def test_on_credit_over_the_limit_asks_but_paid_in_full_does_not(
    qtbot: Any, window: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(actions, "ask_override", lambda _e, text, *_a: asked.append(text))
    editor = new_from_list(qtbot, window, "sales_bills")
    fill(editor, "王五贸易", "customer", "00123", 100, "48")  # 4,800 over a 1,000 limit
    editor.buttons["post"].click()  # all on credit: the override is asked, and cancelled
    wait_idle(qtbot, ctx)
    assert asked and "不能过账" not in asked[0] and "信用超限" in asked[0]
    assert editor.state.status == "draft"  # saved, not posted

    monkeypatch.setattr(counter, "ask_payment", lambda _e, total: (total, "现金", ""))
    editor.buttons["post_paid"].click()  # paid in full: nothing on credit, nothing asked
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.state.status == "posted")
    assert len(asked) == 1


def test_counter_purchase_from_the_supplier_bill_list(
    qtbot: Any, window: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = new_from_list(qtbot, window, "supplier_bills")
    assert editor.kind == "supplier_bill" and not editor.credit.isVisibleTo(editor)
    assert editor.buttons["post_paid"].text() == "过账并付款…"
    supplier = editor.catalog.find_parties("", "supplier")[0][1].name
    fill(editor, supplier, "supplier", "00123", 2, "30")  # 60.00
    monkeypatch.setattr(counter, "ask_payment", lambda _e, _t: (Decimal("20"), "银行转账", "HD9"))
    editor.buttons["post_paid"].click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.state.status == "posted")
    assert "已付款 20.00 元" in editor.message.text()
    assert editor.state.open_amount == Decimal("40.00")


def test_the_payment_dialog_defaults_to_the_total(qtbot: Any) -> None:
    dialog = CounterPaymentDialog(Decimal("1234.50"), False)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "1,234.50" and dialog.owed.text() == "0.00"
    assert dialog.method.currentText() == "现金" and dialog.method_text() == "现金"
    dialog.amount.setText("1000")
    assert dialog.owed.text() == "234.50"
    dialog.amount.setText("2000")
    dialog.accept()
    assert dialog.result() == 0 and "1,234.50" in dialog.error.text()


def test_part_paid_over_credit_needs_the_owner_once(
    qtbot: Any, window: Any, ctx: Any, messages: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import firm

    def owner(uow: Any) -> None:
        firm.update_firm(uow, credit_policy="override")
        firm.set_owner_password(uow, "Laoban-2026")

    ctx.write(owner)
    wait_idle(qtbot, ctx)
    answers = iter([("现场付一半", "wrong-pw"), ("现场付一半", "Laoban-2026")])
    asked: list[tuple[str, str, str]] = []

    def answer(_e: Any, text: str, _pw: bool, reason: str = "", error: str = "") -> Any:
        asked.append((text, reason, error))
        return next(answers)

    monkeypatch.setattr(actions, "ask_override", answer)
    monkeypatch.setattr(counter, "ask_payment", lambda _e, _t: (Decimal("2400"), "现金", ""))
    editor = new_from_list(qtbot, window, "sales_bills")
    fill(editor, "王五贸易", "customer", "00123", 100, "48")  # 2,400 of 4,800 on credit
    editor.buttons["post_paid"].click()
    qtbot.waitUntil(lambda: editor.state is not None and editor.state.status == "posted")
    (first, _, _), (again, kept, error) = asked
    assert "本单 2,400.00 元" in first and again == first
    assert kept == "现场付一半" and "密码不正确" in error
    assert rows(ctx, "SELECT reason, owner_approved FROM credit_override") == [("现场付一半", 1)]
    assert editor.state.open_amount == Decimal("2400.00")
