"""Quote actions in the editor, and fapiao: record from the form, cancel and red-letter."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.views.editor import actions
from desktop.views.editor.window import DocumentEditor
from desktop.views.forms import fapiao_form
from desktop.views.forms.fapiao_form import AMOUNT, CHECK, FapiaoForm
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def make_quote(qtbot: Any, ctx: Any) -> uuid.UUID:
    from desktop.services import documents
    from desktop.services.documents import LineInput

    box: list[Any] = []
    ctx.write(
        lambda uow: (
            documents.create_draft(uow, "quote", "李四建材", [LineInput("00123", 3, "箱", "55")]).id
        ),
        box.append,
    )
    wait_idle(qtbot, ctx)
    return box[0]


def open_editor(qtbot: Any, ctx: Any, doc_id: uuid.UUID) -> DocumentEditor:
    editor = DocumentEditor(ctx, doc_id=doc_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_quote_sent_then_turned_into_an_order(qtbot: Any, ctx: Any) -> None:
    editor = open_editor(qtbot, ctx, make_quote(qtbot, ctx))
    assert {"send", "accept", "reject"} <= set(editor.buttons)
    assert "confirm" not in editor.buttons
    assert editor.buttons["accept"].text() == "转为订单"
    editor.buttons["send"].click()
    qtbot.waitUntil(lambda: editor.state.status == "sent", timeout=10000)
    assert "send" not in editor.buttons and "accept" in editor.buttons
    assert not editor.editable()
    editor.buttons["accept"].click()
    qtbot.waitUntil(lambda: editor.state.status == "accepted", timeout=10000)
    assert not {"send", "accept", "reject"} & set(editor.buttons)
    order = next(w for w in actions._spawned if w.kind == "sales_order")
    qtbot.addWidget(order)
    assert order.state.status == "draft" and order.editable()
    assert order.isVisible()
    assert order.state.party.name == "李四建材"
    assert [(i.qty, i.price) for i in order.state.items] == [(Decimal(3), Decimal("55"))]
    assert "已转为销售订单" in editor.message.text()


def test_quote_rejected_with_a_reason(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, ctx, make_quote(qtbot, ctx))
    monkeypatch.setattr(actions, "ask_reason", lambda *_a: "价格太高")
    editor.buttons["reject"].click()
    qtbot.waitUntil(lambda: editor.state.status == "rejected", timeout=10000)
    assert "价格太高" in editor.state.notes
    assert "accept" not in editor.buttons


def the_bill(ctx: Any) -> tuple[uuid.UUID, Decimal]:
    with ctx.ledger.read() as session:
        from desktop.services.fapiao import uninvoiced_bills

        got = uninvoiced_bills(session)
        return got[0].bill.id, got[0].amount


def uninvoiced_now(ctx: Any, bill_id: uuid.UUID) -> Decimal:
    from desktop.services.documents import get_document
    from desktop.services.fapiao import uninvoiced

    with ctx.ledger.read() as session:
        return uninvoiced(session, get_document(session, bill_id))


def zs(ctx: Any) -> Any:
    from desktop.editing.catalog import Catalog

    return Catalog(ctx.ledger).find_parties("C001", "customer")[0][1]


def test_fapiao_form_links_to_the_bill(qtbot: Any, ctx: Any) -> None:
    bill_id, left = the_bill(ctx)
    form = FapiaoForm(ctx, "out", zs(ctx))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.bills.rowCount() == 1, timeout=10000)
    assert form.bills.item(0, AMOUNT).text() == f"{left:.2f}"  # prefilled: all un-invoiced
    assert form.bills.item(0, CHECK).data(Qt.ItemDataRole.UserRole) == bill_id
    form.number.setText("04512345")
    form.amount.setText("500.00")
    form.tax.setText("65.00")
    assert form.total.text() == "565.00"
    form.bills.item(0, AMOUNT).setText("565.00")
    assert "不一致" not in form.linked.text()
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.saved_id is not None
    assert uninvoiced_now(ctx, bill_id) == left - Decimal("565.00")
    row = ctx.conn.execute("SELECT kind, status, total_amount FROM fapiao").fetchone()
    assert row[0] == "special" and row[1] == "valid"


def test_fapiao_form_shows_errors_inline(qtbot: Any, ctx: Any) -> None:
    bill_id, left = the_bill(ctx)
    form = FapiaoForm(ctx, "out", zs(ctx))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.bills.rowCount() == 1, timeout=10000)
    form.amount.setText("abc")
    form.submit()
    assert form.errors["number"].text() == "发票号码不能为空。"
    assert "金额必须是数字" in form.errors["amount"].text()
    form.number.setText("04599999")
    form.amount.setText("10000")
    form.tax.setText("1300")
    form.bills.item(0, AMOUNT).setText(f"{left + 1:.2f}")  # more than is un-invoiced
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.saved_id is None
    assert "未开票金额只有" in form.errors["links"].text()
    assert uninvoiced_now(ctx, bill_id) == left


def record(qtbot: Any, ctx: Any, number: str, amount: str) -> uuid.UUID:
    from desktop.services.fapiao import record_fapiao

    bill_id, _left = the_bill(ctx)
    box: list[Any] = []
    ctx.write(
        lambda uow: (
            record_fapiao(
                uow,
                number=number,
                party="C001",
                issue_date=date.today(),
                net_amount=Decimal(amount) - Decimal(10),
                tax_amount=Decimal(10),
                links=[(bill_id, amount)],
            ).id
        ),
        box.append,
    )
    wait_idle(qtbot, ctx)
    return box[0]


def fapiao_menu(qtbot: Any, window: Any, number: str) -> dict[str, Any]:
    screen = window.show_screen("fapiao")
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    row = next(
        r for r in range(screen.model.rowCount()) if screen.model.value(r, "number") == number
    )
    screen.table.setCurrentIndex(screen.model.index(row, 0))
    return {a.objectName(): a for a in screen.table.actions()}


def test_cancel_and_red_letter_from_the_list(
    qtbot: Any, window: Any, ctx: Any, messages: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    bill_id, left = the_bill(ctx)
    first = record(qtbot, ctx, "0001", "100")
    second = record(qtbot, ctx, "0002", "200")
    assert uninvoiced_now(ctx, bill_id) == left - 300
    monkeypatch.setattr(fapiao_form, "ask_cancel_reason", lambda *_a: "开错抬头")
    fapiao_menu(qtbot, window, "0001")["menu_fapiao_cancel"].trigger()
    wait_idle(qtbot, ctx)
    status, notes = ctx.conn.execute(
        "SELECT status, notes FROM fapiao WHERE id = ?", (first.hex,)
    ).fetchone()
    assert status == "cancelled" and "开错抬头" in notes
    assert uninvoiced_now(ctx, bill_id) == left - 200
    monkeypatch.setattr(
        fapiao_form,
        "ask_red",
        lambda *_a: {"number": "0002-R", "code": "", "issue_date": date.today()},
    )
    fapiao_menu(qtbot, window, "0002")["menu_fapiao_red"].trigger()
    wait_idle(qtbot, ctx)
    red = ctx.conn.execute(
        "SELECT status, total_amount, red_of_id FROM fapiao WHERE number = '0002-R'"
    ).fetchone()
    assert red[0] == "red" and red[2] == second.hex
    assert uninvoiced_now(ctx, bill_id) == left
    # a cancelled fapiao cannot be cancelled again: the service says why
    fapiao_menu(qtbot, window, "0001")["menu_fapiao_cancel"].trigger()
    wait_idle(qtbot, ctx)
    assert any("只有有效的发票才能作废" in text for _title, text in messages)


def test_record_fapiao_from_the_bill_list(qtbot: Any, window: Any, ctx: Any) -> None:
    bill_id, left = the_bill(ctx)
    screen = window.show_screen("sales_bills")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    {a.objectName(): a for a in screen.table.actions()}["menu_fapiao"].trigger()
    form = window.findChild(FapiaoForm)
    assert form is not None and form.party_edit.payload.name == "张三五金"
    qtbot.waitUntil(lambda: form.bills.rowCount() == 1, timeout=10000)
    assert form.bills.item(0, CHECK).checkState() == Qt.CheckState.Checked
    # nothing typed yet: the amounts come from the ticked bill, split by the firm's tax rate
    net, tax = Decimal(form.amount.text()), Decimal(form.tax.text())
    assert net + tax == left and tax > 0
    form.number.setText("04577777")
    form.submit()
    wait_idle(qtbot, ctx)
    assert uninvoiced_now(ctx, bill_id) == 0
