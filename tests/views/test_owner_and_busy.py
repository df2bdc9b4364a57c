"""In the window: what only the owner may change asks for the owner's password (the credit
override's dialog), and a save that waits for another desk says so in the status bar."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from desktop.services.owner import OwnerApproval
from desktop.views import owner_dialog
from desktop.views.editor import actions
from desktop.views.settings_dialog import SettingsDialog
from tests.views.conftest import wait_idle
from tests.views.test_credit_and_flow import open_editor, set_firm

pytestmark = pytest.mark.gui

PASSWORD = "laoban-2026"


def _policy(ctx: Any) -> str:
    return str(ctx.conn.execute("SELECT credit_policy FROM firm").fetchone()[0])


def test_settings_ask_the_owner_before_loosening_the_credit_policy(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_firm(qtbot, ctx, credit_policy="block", password=PASSWORD)
    asked: list[str] = []
    answers = iter([None, OwnerApproval(PASSWORD, "旺季放宽")])

    def answer(_parent: Any, text: str, _reason: str = "") -> Any:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(owner_dialog, "ask_owner", answer)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.policy.setCurrentIndex(dialog.policy.findData("warn"))
    dialog.save()  # cancelled at the password: nothing saved, the dialog stays
    wait_idle(qtbot, ctx)
    assert asked == ["改变信用控制方式需要老板批准：请填写原因并输入老板密码。"]
    assert _policy(ctx) == "block" and dialog.isVisible()
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _policy(ctx) == "warn"
    reasons = ctx.conn.execute(
        "SELECT json_extract(after, '$.reason') FROM audit_log WHERE entity = 'owner'"
    ).fetchall()
    assert reasons == [("旺季放宽",)]


def test_a_reversal_asks_the_owner_with_its_reason(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import documents, trade
    from desktop.services.documents import LineInput

    def bill(uow: Any) -> Any:
        doc = documents.create_draft(uow, "sales_bill", "张三五金", [LineInput("00123", 1, "箱")])
        trade.post(uow, doc.id)
        return doc.id

    box: list[Any] = []
    ctx.write(bill, box.append)
    wait_idle(qtbot, ctx)
    set_firm(qtbot, ctx, password=PASSWORD)
    given: list[str] = []

    def answer(_parent: Any, _text: str, reason: str = "") -> Any:
        given.append(reason)
        return OwnerApproval(PASSWORD, reason)

    monkeypatch.setattr(actions, "ask_reason", lambda *_a: "单价开错")
    monkeypatch.setattr(owner_dialog, "ask_owner", answer)
    editor = open_editor(qtbot, ctx, box[0])
    editor.buttons["reverse"].click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "已红冲" in editor.message.text(), timeout=20000)
    assert given == ["单价开错"]  # the reason typed once, shown again with the password
    rows = ctx.conn.execute(
        "SELECT json_extract(after, '$.change'), json_extract(after, '$.reason') "
        "FROM audit_log WHERE entity = 'owner'"
    ).fetchall()
    assert rows == [("reversal", "单价开错")]


def test_raising_a_limit_in_the_customer_form_asks_the_owner(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    from desktop.views.forms.party_form import PartyForm

    set_firm(qtbot, ctx, password=PASSWORD)
    monkeypatch.setattr(
        owner_dialog, "ask_owner", lambda *_a: OwnerApproval(PASSWORD, "老客户，提额")
    )
    (party_id,) = ctx.conn.execute("SELECT id FROM party WHERE code = 'C003'").fetchone()
    form = PartyForm(ctx, uuid.UUID(party_id))
    qtbot.addWidget(form)
    form.show()
    assert form.credit_limit.text() == "1,000.00"
    form.credit_limit.setText("5000")
    form.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=20000)
    limit = ctx.conn.execute("SELECT credit_limit FROM party WHERE code = 'C003'").fetchone()
    assert limit[0] == 500000  # 5,000.00 in cents
    reasons = ctx.conn.execute(
        "SELECT json_extract(after, '$.reason') FROM audit_log WHERE entity = 'owner'"
    ).fetchall()
    assert reasons == [("老客户，提额",)]


def test_the_status_bar_says_another_desk_is_saving(qtbot: Any, ctx: Any) -> None:
    from desktop.views.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.ledger.write_wait.attempt_ms = 100
    other = sqlite3.connect(ctx.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another desk's long save
    try:
        done: list[Any] = []
        ctx.write(lambda uow: set_phone(uow), done.append)
        qtbot.waitUntil(
            lambda: "另一台电脑正在保存" in window.statusBar().currentMessage(), timeout=20000
        )
        assert not done
    finally:
        other.execute("COMMIT")
        other.close()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=20000)
    assert done == [None]


def set_phone(uow: Any) -> None:
    from desktop.services import firm

    firm.update_firm(uow, phone="021-66666666")
