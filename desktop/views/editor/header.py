"""The document header: customer/supplier by pinyin lookup, date, ship-to, notes."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.codes import DocKind
from desktop.editing.catalog import Catalog, PartyInfo
from desktop.views.lookup import LookupEdit
from desktop.views.qdates import ledger_date_edit, py_date

SALES_SIDE = {
    DocKind.QUOTE,
    DocKind.SALES_ORDER,
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.RECEIPT,
}


class HeaderPanel(QWidget):
    party_changed = Signal(object)  # PartyInfo | None
    #: Enter in the customer field with a customer chosen: go to the lines
    done = Signal()

    def __init__(self, catalog: Catalog, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.kind = kind
        self.party: PartyInfo | None = None
        role = "customer" if kind in SALES_SIDE else "supplier"
        self.party_edit = LookupEdit(lambda text: catalog.find_parties(text, role))
        self.party_edit.setObjectName("party_lookup")
        self.party_edit.setPlaceholderText(
            self.tr("输入客户编码、名称或拼音首字母")
            if role == "customer"
            else self.tr("输入供应商编码、名称或拼音首字母")
        )
        self.party_edit.chosen.connect(self._chosen)
        self.party_edit.enter_pressed.connect(self._enter)
        self.party_label = QLabel(self.tr("客户") if role == "customer" else self.tr("供应商"))
        self.number = QLabel("—")
        self.number.setObjectName("doc_number")
        self.status = QLabel("")
        self.status.setObjectName("doc_status")
        self.doc_date = ledger_date_edit()
        self.ship_to = QLineEdit()
        self.notes = QLineEdit()
        left = QFormLayout()
        left.addRow(self.party_label, self.party_edit)
        left.addRow(self.tr("送货地址"), self.ship_to)
        left.addRow(self.tr("备注"), self.notes)
        right = QFormLayout()
        right.addRow(self.tr("单号"), self.number)
        right.addRow(self.tr("状态"), self.status)
        right.addRow(self.tr("日期"), self.doc_date)
        #: a marketplace buyer's draft: who sent it, and whether they are a customer yet
        self.buyer = QLabel("")
        self.buyer.setObjectName("doc_buyer")
        self.buyer.setWordWrap(True)
        right.addRow(self.tr("网店买家"), self.buyer)
        right.setRowVisible(self.buyer, False)
        self.right = right
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)

    def show_buyer(self, text: str) -> None:
        """Name the marketplace buyer a draft came from ("" for other documents)."""
        self.buyer.setText(text)
        self.right.setRowVisible(self.buyer, bool(text))

    def _chosen(self, party: object) -> None:
        assert isinstance(party, PartyInfo)
        self.set_party(party)
        self.done.emit()

    def _enter(self) -> None:
        if self.party is not None:
            self.done.emit()

    def set_party(self, party: PartyInfo | None) -> None:
        self.party = party
        if party is not None:
            self.party_edit.payload = party
            self.party_edit.setText(f"{party.code}  {party.name}")
            if not self.ship_to.text():
                self.ship_to.setText(party.ship_to)
        self.party_changed.emit(party)

    def party_id(self) -> uuid.UUID | None:
        return self.party.id if self.party else None

    def date(self) -> date:
        return py_date(self.doc_date.date())

    def set_editable(self, editable: bool) -> None:
        for widget in (self.party_edit, self.ship_to, self.notes):
            widget.setReadOnly(not editable)
        self.doc_date.setEnabled(editable)
