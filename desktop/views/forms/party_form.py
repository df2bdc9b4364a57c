"""Customer / supplier form (往来单位), including 开票信息 and credit terms."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from desktop.codes import TermsKind
from desktop.money import MONEY
from desktop.views.context import Context
from desktop.views.forms.amount_edit import AmountEdit
from desktop.views.forms.common import (
    FormDialog,
    check_amount,
    check_required,
    check_tax_id,
)
from desktop.views.owner_dialog import with_owner

#: service error "field" values → our field keys
FIELD_MAP = {
    "Name": "name",
    "name": "name",
    "code": "code",
    "tax_id": "invoice_tax_id",
    "Credit limit": "credit_limit",
}


class PartyForm(FormDialog):
    def __init__(
        self,
        ctx: Context,
        party_id: uuid.UUID | None,
        role: str = "customer",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.party_id = party_id
        self.setObjectName("party_form")
        self.setWindowTitle(self.tr("往来单位"))
        self.code = self.add("code", self.tr("编码"), QLineEdit())
        self.code.setPlaceholderText(self.tr("留空自动编号"))
        self.name = self.add("name", self.tr("名称"), QLineEdit())
        self.short_name = self.add("short_name", self.tr("简称"), QLineEdit())
        self.is_customer = self.add("is_customer", self.tr("客户"), QCheckBox(self.tr("是客户")))
        self.is_supplier = self.add(
            "is_supplier", self.tr("供应商"), QCheckBox(self.tr("是供应商"))
        )
        self.contact = self.add("contact", self.tr("联系人"), QLineEdit())
        self.phone = self.add("phone", self.tr("电话"), QLineEdit())
        self.ship_to = self.add("ship_to", self.tr("送货地址"), QLineEdit())
        self.invoice_name = self.add("invoice_name", self.tr("开票名称"), QLineEdit())
        self.invoice_tax_id = self.add("invoice_tax_id", self.tr("纳税人识别号"), QLineEdit())
        self.invoice_address = self.add("invoice_address", self.tr("开票地址电话"), QLineEdit())
        self.invoice_bank = self.add("invoice_bank", self.tr("开户行及账号"), QLineEdit())
        self.credit_limit = self.add("credit_limit", self.tr("信用额度（元）"), AmountEdit())
        self.credit_limit.setPlaceholderText(self.tr("留空表示不限"))
        self.terms_kind = self.add("terms_kind", self.tr("账期方式"), QComboBox())
        self.terms_kind.addItem(self.tr("按天"), TermsKind.DAYS)
        self.terms_kind.addItem(self.tr("月结"), TermsKind.MONTH_END)
        spin = QSpinBox()
        spin.setRange(0, 365)
        self.terms_days = self.add("terms_days", self.tr("账期天数"), spin)
        self.notes = self.add("notes", self.tr("备注"), QLineEdit())
        self.is_customer.setChecked(role == "customer")
        self.is_supplier.setChecked(role == "supplier")
        self.name.editingFinished.connect(
            lambda: self.set_error("name", check_required(self.name.text()))
        )
        self.credit_limit.editingFinished.connect(
            lambda: self.set_error(
                "credit_limit", check_amount(self.credit_limit.text(), column=MONEY)[0]
            )
        )
        self.invoice_tax_id.editingFinished.connect(
            lambda: self.set_error("invoice_tax_id", check_tax_id(self.invoice_tax_id.text()))
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 70)
        if party_id is not None:
            self._load(party_id)

    def _load(self, party_id: uuid.UUID) -> None:
        from desktop.services.parties import get_party

        with self.ctx.ledger.read() as s:
            p = get_party(s, party_id)
            for key in (
                "code",
                "name",
                "short_name",
                "contact",
                "phone",
                "ship_to",
                "invoice_name",
                "invoice_tax_id",
                "invoice_address",
                "notes",
            ):
                getattr(self, key).setText(getattr(p, key) or "")
            self.invoice_bank.setText(" ".join(x for x in (p.invoice_bank, p.invoice_account) if x))
            self.is_customer.setChecked(p.is_customer)
            self.is_supplier.setChecked(p.is_supplier)
            self.credit_limit.set_value(p.credit_limit)
            self.terms_kind.setCurrentIndex(max(0, self.terms_kind.findData(p.terms_kind)))
            self.terms_days.setValue(p.terms_days)
            self.setWindowTitle(f"{p.code} {p.name}")

    def values(self) -> dict[str, Any] | None:
        """The form as service arguments; None (with inline messages) when invalid."""
        self.clear_errors()
        self.set_error("name", check_required(self.name.text()))
        limit_error, limit = check_amount(self.credit_limit.text(), column=MONEY)
        self.set_error("credit_limit", limit_error)
        self.set_error("invoice_tax_id", check_tax_id(self.invoice_tax_id.text()))
        if not (self.is_customer.isChecked() or self.is_supplier.isChecked()):
            self.set_error("is_supplier", self.tr("请至少选择“客户”或“供应商”之一。"))
        if self.has_errors():
            return None
        bank = self.invoice_bank.text().strip()
        values: dict[str, Any] = {
            key: getattr(self, key).text().strip()
            for key in (
                "code",
                "name",
                "short_name",
                "contact",
                "phone",
                "ship_to",
                "invoice_name",
                "invoice_address",
                "notes",
            )
        }
        values.update(
            invoice_tax_id=self.invoice_tax_id.text().strip().upper(),
            invoice_bank=bank,
            is_customer=self.is_customer.isChecked(),
            is_supplier=self.is_supplier.isChecked(),
            credit_limit=limit,
            terms_kind=self.terms_kind.currentData(),
            terms_days=self.terms_days.value(),
        )
        if self.party_id is None and not values["code"]:
            values.pop("code")
        return values

    def submit(self) -> None:
        values = self.values()
        if values is None:
            return
        party_id = self.party_id

        def start(approval: Any, on_failure: Any) -> None:
            def write(uow: Any) -> uuid.UUID:
                from desktop.services import parties

                uow.owner = approval  # raising the credit limit: the owner's
                if party_id is None:
                    return parties.create_party(uow, **values).id
                return parties.update_party(uow, party_id, **values).id

            self.ctx.write(write, done, on_failure)

        def done(ident: object) -> None:
            assert isinstance(ident, uuid.UUID)
            self.party_id = ident
            self.accept()

        with_owner(self, start, lambda exc: self.show_domain_error(exc, FIELD_MAP))
