"""Credit block and override from the editor; partial delivery then bill from the window."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from desktop.views.editor import actions, dialogs
from desktop.views.editor.window import DocumentEditor
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def draft_order(ctx: Any, customer: str, qty: int) -> Any:
    from desktop.services import documents
    from desktop.services.documents import LineInput

    def write(uow: Any) -> Any:
        return documents.create_draft(
            uow, "sales_order", customer, [LineInput("00123", qty, "箱", "48")]
        ).id

    box: list[Any] = []
    ctx.write(write, box.append)
    return box


def open_editor(qtbot: Any, ctx: Any, doc_id: Any) -> DocumentEditor:
    editor = DocumentEditor(ctx, doc_id=doc_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def set_firm(qtbot: Any, ctx: Any, **values: Any) -> None:
    from desktop.services import firm

    password = values.pop("password", None)

    def write(uow: Any) -> None:
        firm.update_firm(uow, **values)
        if password:
            firm.set_owner_password(uow, password)

    ctx.write(write)
    wait_idle(qtbot, ctx)


def make(qtbot: Any, ctx: Any, customer: str, qty: int) -> DocumentEditor:
    box = draft_order(ctx, customer, qty)
    wait_idle(qtbot, ctx)
    return open_editor(qtbot, ctx, box[0])


def overrides(ctx: Any) -> list[Any]:
    return ctx.conn.execute("SELECT reason, owner_approved, policy FROM credit_override").fetchall()


def test_credit_panel_shows_breach_before_confirming(qtbot: Any, ctx: Any) -> None:
    editor = make(qtbot, ctx, "王五贸易", 100)  # limit 1,000; order 4,800
    assert editor.credit.available.text() == "1,000.00"
    assert editor.credit.after.text() == "-3,800.00"
    assert "color" in editor.credit.after.styleSheet()


def test_block_policy_refuses(qtbot: Any, ctx: Any, messages: list[Any]) -> None:
    set_firm(qtbot, ctx, credit_policy="block")
    editor = make(qtbot, ctx, "王五贸易", 100)
    editor.buttons["confirm"].click()
    wait_idle(qtbot, ctx)
    assert editor.state.status == "draft"
    assert any("信用超限" in text for _title, text in messages)
    assert overrides(ctx) == []


def test_override_needs_reason_then_confirms_and_logs(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_ed: Any, text: str, password: bool, *_again: str) -> tuple[str, str]:
        asked.append(text)
        assert not password
        return "老客户，月底结清", ""

    monkeypatch.setattr(actions, "ask_override", answer)
    editor = make(qtbot, ctx, "王五贸易", 100)
    editor.buttons["confirm"].click()
    wait_idle(qtbot, ctx)
    assert asked and "信用超限" in asked[0]
    assert editor.state.status == "confirmed"
    assert overrides(ctx) == [("老客户，月底结清", 0, "override")]
    assert "deliver" in editor.buttons and "confirm" not in editor.buttons


def test_override_with_owner_password(
    qtbot: Any, ctx: Any, messages: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_firm(qtbot, ctx, password="Laoban-2026")
    answers = iter([("急单", "wrong-pw"), ("急单", "Laoban-2026")])
    asked: list[tuple[str, str, str]] = []

    def answer(_e: Any, text: str, _pw: bool, reason: str = "", error: str = "") -> Any:
        asked.append((text, reason, error))
        return next(answers)

    monkeypatch.setattr(actions, "ask_override", answer)
    editor = make(qtbot, ctx, "王五贸易", 100)
    editor.buttons["confirm"].click()
    qtbot.waitUntil(lambda: editor.state.status == "confirmed", timeout=20000)
    assert overrides(ctx) == [("急单", 1, "override")]
    # asked again with the same credit figures, the reason kept and the error in the dialog
    (first, _, no_error), (again, kept, error) = asked
    assert again == first and "信用超限" in first and not no_error
    assert kept == "急单" and "密码不正确" in error
    assert not any("密码" in text for _title, text in messages)  # no separate message box


def test_cancelled_override_leaves_draft(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "ask_override", lambda *_a: None)
    editor = make(qtbot, ctx, "王五贸易", 100)
    editor.buttons["confirm"].click()
    wait_idle(qtbot, ctx)
    assert editor.state.status == "draft"


def test_partial_delivery_then_rest_then_bill(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = make(qtbot, ctx, "张三五金", 100)
    editor.buttons["confirm"].click()
    wait_idle(qtbot, ctx)
    assert editor.state.status == "confirmed"

    def ship_60(dialog: dialogs.DeliverDialog) -> int:
        assert dialog.table.item(0, 4).text() == "100"  # all that is left, by default
        dialog.set_quantity(0, Decimal(60))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.DeliverDialog, "exec", ship_60)
    editor.buttons["deliver"].click()
    wait_idle(qtbot, ctx)
    assert editor.state.status == "partial"
    assert editor.state.progress[0]["done"] == 60 and editor.state.progress[0]["left"] == 40
    assert "bill" in editor.buttons

    editor.buttons["bill"].click()  # bill the 60 delivered
    wait_idle(qtbot, ctx)
    bills = ctx.conn.execute(
        "SELECT number, total FROM document WHERE kind = 'sales_bill' ORDER BY created_at"
    ).fetchall()
    assert bills[-1][1] == 60 * 48 * 100  # money stored in fen

    monkeypatch.setattr(
        dialogs.DeliverDialog, "exec", lambda d: (d.accept(), QDialog.DialogCode.Accepted)[1]
    )
    editor.buttons["deliver"].click()  # the remaining 40
    wait_idle(qtbot, ctx)
    assert editor.state.status == "fulfilled"
    assert "deliver" not in editor.buttons
    editor.buttons["bill"].click()
    wait_idle(qtbot, ctx)
    assert "bill" not in editor.buttons
    deliveries = ctx.conn.execute(
        "SELECT COUNT(*) FROM document WHERE kind = 'delivery' AND source_id = ?",
        (editor.state.id.hex,),
    ).fetchone()[0]
    assert deliveries == 2


def test_pay_bill_from_its_editor(qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    bill_id = ctx.conn.execute("SELECT id FROM document WHERE kind = 'sales_bill'").fetchone()[0]
    import uuid

    editor = open_editor(qtbot, ctx, uuid.UUID(bill_id))
    assert editor.state.open_amount == Decimal("576.00")
    assert "collect" in editor.buttons and "reverse" in editor.buttons

    def pay_300(dialog: dialogs.PaymentDialog) -> int:
        dialog.amount.setText("300")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.saved_id is not None, timeout=20000)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.PaymentDialog, "exec", pay_300)
    editor.buttons["collect"].click()
    assert editor.state.open_amount == Decimal("276.00")


def test_override_dialog_keeps_what_was_typed(qtbot: Any) -> None:
    from desktop.views.editor.dialogs import ReasonDialog

    dialog = ReasonDialog(
        "信用超限",
        "本单 1,100.00 元，超出可用额度 100.00 元",
        True,
        None,
        "急单",
        "老板密码不正确，不能放行。",
    )
    qtbot.addWidget(dialog)
    assert dialog.message.text().startswith("本单") and dialog.reason.text() == "急单"
    assert dialog.error.text() == "老板密码不正确，不能放行。" and dialog.password.text() == ""


def test_credit_panel_figures_right_aligned_and_negative_available_red(qtbot: Any) -> None:
    from types import SimpleNamespace

    from PySide6.QtCore import Qt

    from desktop.views.editor.panels import CreditPanel

    panel = CreditPanel()
    qtbot.addWidget(panel)
    over = SimpleNamespace(
        limit=Decimal(1000),
        balance=Decimal(1200),
        unbilled=Decimal(0),
        available=Decimal(-200),
        overdue_days=0,
    )
    panel.show_status(over, Decimal(50), 30, counted=False)
    assert panel.available.text() == "-200.00"
    assert "color" in panel.available.styleSheet()
    assert "color" in panel.after.styleSheet()
    assert "color" not in panel.overdue.styleSheet()
    for label in (panel.limit, panel.balance, panel.available, panel.after):
        assert label.alignment() & Qt.AlignmentFlag.AlignRight
    # back within the limit: the red goes
    panel.show_status(
        SimpleNamespace(**{**vars(over), "available": Decimal(500)}), Decimal(50), 30, False
    )
    assert panel.available.styleSheet() == "" and panel.after.styleSheet() == ""
