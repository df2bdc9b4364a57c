"""人员 and the desk's operator in the window: the people changed with the owner's password,
the operator chosen from them with their own, and a receipt printed in their name (经办)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services import firm, parties, payments, people
from desktop.services.owner import OwnerApproval
from desktop.views import owner_dialog
from desktop.views.people_dialog import PeopleDialog
from desktop.views.settings_dialog import SettingsDialog
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui

PASSWORD = "laoban-2026"


def _owner_password(ctx: Any) -> None:
    with ctx.ledger.unit() as uow:
        firm.set_owner_password(uow, PASSWORD)


def _table(dialog: PeopleDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_people_change_only_with_the_owners_password(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _owner_password(ctx)
    ctx.prefs.operator = "张会计"  # the name typed on this computer before people were kept
    asked: list[str] = []
    answer: list[OwnerApproval | None] = [None]

    def ask(_parent: Any, text: str, _reason: str = "") -> OwnerApproval | None:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(owner_dialog, "ask_owner", ask)
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.offer.isVisible() and "张会计" in dialog.offer.text()
    dialog.add("张会计", "accountant")  # the owner is asked, and cancels
    wait_idle(qtbot, ctx)
    assert asked and "老板" in asked[0] and _table(dialog) == []
    answer[0] = OwnerApproval(PASSWORD, "本机操作员加为人员")
    dialog.add("张会计", "accountant")
    dialog.add("李四", "clerk")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_table(dialog)) == 2)
    assert _table(dialog) == [["张会计", "财务", "在职", "无"], ["李四", "开单员", "在职", "无"]]
    assert not dialog.offer.isVisible()
    dialog.table.selectRow(1)
    assert dialog.archive_button.text() == "停用"
    dialog.change_person(dialog.rows[1].id, active=False)
    dialog.set_password(dialog.rows[0].id, "zhang-mima-1")
    dialog.add("李 四", "clerk")  # the same name: refused in plain words below the list
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "已有人员" in dialog.error.text())
    assert _table(dialog) == [["张会计", "财务", "在职", "有"], ["李四", "开单员", "已停用", "无"]]
    dialog.table.selectRow(1)
    assert dialog.archive_button.text() == "恢复"


def _receipt_text(ctx: Any, tmp_path: Path) -> str:
    from desktop.printing.jobs import print_document

    with ctx.ledger.unit() as uow:
        zhang = parties.get_party(uow.session, "张三五金").id
        receipt = payments.record_payment(uow, zhang, "100", doc_date=date(2026, 11, 20))
        number = receipt.number
    out = tmp_path / "receipt.pdf"
    print_document(ctx.ledger, number, out)
    return subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_operator_chosen_signs_in_and_is_printed_on_the_receipt(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    with ctx.ledger.unit() as uow:
        li = people.add_person(uow, "李四", "clerk")
        people.set_password(uow, li.id, "lisi-mima-1")
        gone = people.add_person(uow, "周五", "warehouse")
        people.update_person(uow, gone.id, active=False)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    choices = [dialog.operator.itemText(i) for i in range(dialog.operator.count())]
    assert choices == ["李四"]  # the active people
    before = ctx.ledger.actor
    for name, password, words in (
        ("李四", "", "请输入“李四”的密码"),
        ("李四", "wrong-pass", "密码不正确"),
        ("周五", "", "已停用"),
        ("王五", "", "公司人员中没有“王五”"),
        # the computer's login, kept while the firm had no people, is no person either
        (before, "", f"公司人员中没有“{before}”"),
    ):
        dialog.operator.setCurrentText(name)
        dialog.operator_password.setText(password)
        dialog.save()
        wait_idle(qtbot, ctx)
        qtbot.waitUntil(lambda w=words: w in dialog.error.text())
        assert dialog.isVisible() and ctx.ledger.actor == before
    dialog.operator.setCurrentText("李四")
    dialog.operator_password.setText("lisi-mima-1")
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.prefs.operator == "李四" and ctx.ledger.actor == "李四"
    text = _receipt_text(ctx, tmp_path)
    assert "经办" in text and "李四" in text.split("经办", 1)[1].splitlines()[0]
    again = SettingsDialog(ctx)  # saved again without switching: no password asked
    qtbot.addWidget(again)
    again.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert ctx.ledger.actor == "李四"


def test_the_people_speak_english_too(qtbot: Any, ctx: Any) -> None:
    from desktop.views import i18n

    with ctx.ledger.unit() as uow:
        people.add_person(uow, "Liu", "accountant")
    i18n.set_language("en")
    dialog = PeopleDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "People"
    assert _table(dialog) == [["Liu", "Accountant", "Active", "No"]]
    settings = SettingsDialog(ctx)
    qtbot.addWidget(settings)
    assert settings.operator_password.placeholderText() == "Theirs, when switching"
