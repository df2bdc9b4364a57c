"""The desk code is chosen in the first-run wizard and in settings, checked by the core."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.models import DocKind
from desktop.services.documents import new_document
from desktop.views.prefs import Prefs
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.wizard import FirstRunWizard
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui

RULE_ZH = "工作站代码须为 1 到 4 位大写字母或数字，并以字母开头，例如 A 或 B2。"


def _to_firm_page(qtbot: Any, path: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(Prefs(), path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.firm.name.setText("宁波分店")
    return wizard


def test_wizard_sets_the_desk(qtbot: Any, home: Path) -> None:
    wizard = _to_firm_page(qtbot, home / "b.zhangfang")
    assert wizard.firm.desk.text() == "A"
    wizard.firm.desk.setText("b2")
    wizard.next()
    assert wizard.currentPage() is wizard.start
    ledger = wizard.create_ledger()
    try:
        assert ledger.desk == "B2" and ledger.local_setting("desk_code") == "B2"
        with ledger.unit() as uow:
            assert new_document(uow, DocKind.QUOTE, None, date(2026, 11, 5)).number == (
                "BJ-B2-2611-0001"
            )
    finally:
        ledger.close()


def test_wizard_sets_the_desk_of_a_demo_ledger_too(qtbot: Any, home: Path) -> None:
    wizard = _to_firm_page(qtbot, home / "ledger.zhangfang")
    wizard.firm.desk.setText("D")
    wizard.next()
    wizard.start.demo.setChecked(True)
    wizard.create_ledger().close()  # the real ledger, with the firm
    ledger, fresh = wizard.demo_ledger()  # empty, for generate_demo, which numbers with its desk
    try:
        assert fresh and ledger.desk == "D" and ledger.path == home / "demo.zhangfang"
    finally:
        ledger.close()


def test_wizard_refuses_a_bad_desk_code(qtbot: Any, home: Path) -> None:
    wizard = _to_firm_page(qtbot, home / "x.zhangfang")
    wizard.firm.desk.setText("9-")
    wizard.next()
    assert wizard.currentPage() is wizard.firm
    assert wizard.firm.error.text() == RULE_ZH
    wizard.firm.desk.setText("c")
    wizard.next()
    assert wizard.currentPage() is wizard.start and wizard.firm.error.text() == ""


def test_wizard_desk_in_english(qtbot: Any, home: Path) -> None:
    wizard = FirstRunWizard(Prefs(), home / "en.zhangfang")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.look.language.setCurrentIndex(1)  # English
    try:
        wizard.next()
        wizard.firm.name.setText("Ningbo branch")
        wizard.firm.desk.setText("A-B")
        wizard.next()
        assert wizard.firm.labels[7].text() == "Desk code"
        assert "desk code" in wizard.firm.desk_note.text()
        assert wizard.firm.error.text().startswith("A desk code is 1 to 4 capital letters")
    finally:
        wizard.look.language.setCurrentIndex(0)


def test_settings_change_the_desk(qtbot: Any, ctx: Any) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.desk.text() == "A"
    dialog.desk.setText("甲")
    dialog.save()
    wait_idle(qtbot, ctx)
    assert dialog.error.text() == RULE_ZH and dialog.isVisible()
    assert ctx.ledger.desk == "A" and ctx.ledger.local_setting("desk_code") is None
    dialog.desk.setText("c2")
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.ledger.desk == "C2" and ctx.ledger.local_setting("desk_code") == "C2"
    with ctx.ledger.unit() as uow:
        assert new_document(uow, DocKind.QUOTE, None, date(2026, 11, 5)).number == (
            "BJ-C2-2611-0001"
        )


def test_settings_show_the_rule_in_english(qtbot: Any, ctx: Any) -> None:
    from desktop.views import i18n

    i18n.set_language("en")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.desk.setText("")
    dialog.save()
    assert dialog.error.text().startswith("A desk code is 1 to 4 capital letters or digits")
    assert dialog.findChild(type(dialog.desk), "settings_desk") is dialog.desk


def test_product_form_numbers_a_product_left_without_code(qtbot: Any, ctx: Any) -> None:
    from desktop.views.forms.product_form import ProductForm

    form = ProductForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    assert form.code.placeholderText() == "留空自动编号"
    form.name.setText("膨胀螺栓")
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.product_id is not None
    code = ctx.conn.execute("SELECT code FROM product WHERE name = '膨胀螺栓'").fetchone()[0]
    assert code == "SP-A-0001"
    edit = ProductForm(ctx, form.product_id)
    qtbot.addWidget(edit)
    edit.code.setText("")
    edit.submit()
    assert edit.errors["code"].text() == "必填"  # an existing product keeps a code


def test_the_operator_is_the_person_not_the_login(qtbot: Any, ctx: Any) -> None:
    """Documents say who made them and receipts who took the money (经办): the name given
    in settings, kept in this computer's preferences, not the system login ("root")."""
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.operator.setCurrentText("  张 会计 ")
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.prefs.operator == "张 会计" and ctx.ledger.actor == "张 会计"
    with ctx.ledger.unit() as uow:
        doc = new_document(uow, DocKind.QUOTE, None, date(2026, 11, 5))
        assert doc.created_by == "张 会计"
    from desktop.views.context import Context

    again = Context(ctx.path, ctx.prefs)  # the next start opens the ledger in their name
    try:
        assert again.ledger.actor == "张 会计"
    finally:
        again.close()
