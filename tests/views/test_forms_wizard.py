"""Party and product forms validate inline; the first-run wizard creates the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.views.forms.party_form import PartyForm
from desktop.views.forms.product_form import ProductForm
from desktop.views.prefs import Prefs
from desktop.views.wizard import FirstRunWizard
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def test_party_form_inline_errors(qtbot: Any, ctx: Any) -> None:
    form = PartyForm(ctx, None, role="customer")
    qtbot.addWidget(form)
    form.show()
    form.credit_limit.setText("五万")
    form.invoice_tax_id.setText("123")
    form.submit()
    assert form.errors["name"].isVisible() and form.errors["name"].text() == "必填"
    assert "数字" in form.errors["credit_limit"].text()
    assert "15–20" in form.errors["invoice_tax_id"].text()
    assert not form.errors["phone"].isVisible()


def test_forms_refuse_numbers_their_column_cannot_hold(qtbot: Any, ctx: Any) -> None:
    """The forms' validators use the services' rule (validate.fits), so 1e20 is an inline
    message, not an overflow when saving."""
    form = PartyForm(ctx, None, role="customer")
    qtbot.addWidget(form)
    form.show()
    form.name.setText("丙五金")
    form.credit_limit.setText("1e20")
    form.submit()
    assert "太大" in form.errors["credit_limit"].text() and form.party_id is None
    form.credit_limit.setText("100.001")
    form.submit()
    assert "最多 2 位小数" in form.errors["credit_limit"].text()
    product_form = ProductForm(ctx, None)
    qtbot.addWidget(product_form)
    product_form.show()
    product_form.name.setText("垫片")
    product_form.retail_price.setText("10000000000000")
    product_form.submit()
    assert "太大" in product_form.errors["retail_price"].text()
    assert product_form.product_id is None


def test_party_form_duplicate_name_from_service(qtbot: Any, ctx: Any) -> None:
    form = PartyForm(ctx, None, role="customer")
    qtbot.addWidget(form)
    form.show()
    form.name.setText("张三五金")
    form.submit()
    wait_idle(qtbot, ctx)
    assert "同名" in form.errors["name"].text()
    form.name.setText("张三五金二店")
    form.credit_limit.setText("20000")
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.party_id is not None
    row = ctx.conn.execute("SELECT credit_limit FROM party WHERE name = '张三五金二店'").fetchone()
    assert row == (2000000,)


def test_product_form(qtbot: Any, ctx: Any) -> None:
    form = ProductForm(ctx, None)
    qtbot.addWidget(form)
    form.show()
    form.code.setText("000789")
    form.name.setText("膨胀螺栓")
    form.units.setText("箱24")
    form.submit()
    assert "箱=24" in form.errors["units"].text()
    form.units.setText("箱=24, 包=10")
    form.tiers.setText("100=1.5")
    form.retail_price.setText("1.8")
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.product_id is not None
    code = ctx.conn.execute("SELECT code FROM product WHERE name = '膨胀螺栓'").fetchone()[0]
    assert code == "000789"  # leading zeros kept


def test_first_run_wizard_creates_ledger(qtbot: Any, home: Path, qapp: Any) -> None:
    path = home / "new.zhangfang"
    wizard = FirstRunWizard(Prefs(), path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.look.language.setCurrentIndex(1)  # English
    assert wizard.buttonText(wizard.WizardButton.NextButton) == "Next"
    assert wizard.firm.title() == "Firm profile"
    wizard.look.language.setCurrentIndex(0)
    wizard.next()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # name required
    wizard.firm.name.setText("新开商行")
    wizard.firm.tax_id.setText("91310000ma1fl0xx0x")
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.start.excel.isEnabled()  # import from Excel opens the import wizard after
    assert "导入向导" in wizard.start.excel.text()
    ledger = wizard.create_ledger()
    from desktop.services.firm import get_firm

    with ledger.read() as s:
        firm = get_firm(s)
        assert (firm.name, firm.tax_id) == ("新开商行", "91310000MA1FL0XX0X")
    ledger.close()


def test_amounts_show_thousands_separators_and_save_with_them(qtbot: Any, ctx: Any) -> None:
    """Figures in forms are grouped as everywhere else (1,234,567.00); typed with or without
    separators they save the same; prices keep their decimals."""
    from decimal import Decimal

    from desktop.views.forms.amount_edit import AmountEdit, grouped

    assert grouped(Decimal("1234567")) == "1,234,567.00"
    assert grouped(Decimal("0.123456")) == "0.123456"
    assert grouped(Decimal("-1234.5")) == "-1,234.50"
    form = PartyForm(ctx, None, role="customer")
    qtbot.addWidget(form)
    form.show()
    form.name.setText("张三五金三店")
    assert isinstance(form.credit_limit, AmountEdit)
    form.credit_limit.setText("1234567")
    form.credit_limit.editingFinished.emit()
    assert form.credit_limit.text() == "1,234,567.00"
    form.submit()
    wait_idle(qtbot, ctx)
    assert form.party_id is not None
    row = ctx.conn.execute("SELECT credit_limit FROM party WHERE name = '张三五金三店'").fetchone()
    assert row == (123456700,)
    again = PartyForm(ctx, form.party_id, role="customer")
    qtbot.addWidget(again)
    assert again.credit_limit.text() == "1,234,567.00"
    product = ProductForm(ctx, None)
    qtbot.addWidget(product)
    product.retail_price.setText("12,800.5")
    product.retail_price.editingFinished.emit()
    assert product.retail_price.text() == "12,800.50"
    product.retail_price.setText("十块")  # not a number: left as typed for the inline error
    product.retail_price.editingFinished.emit()
    assert product.retail_price.text() == "十块" and "数字" in product.errors["retail_price"].text()
