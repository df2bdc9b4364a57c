"""Small dialogs the editor's actions need: reason, credit override, delivery, payment."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import FlowName
from desktop.editing.catalog import Catalog, PartyInfo
from desktop.editing.lines import parse_number
from desktop.money import fmt_qty
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.forms.amount_edit import AmountEdit
from desktop.views.lookup import LookupEdit
from desktop.views.qdates import ledger_date_edit, py_date
from desktop.views.screen_fit import sized
from desktop.views.theme import mark


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(
        QCoreApplication.translate("Dialogs", "确定")
    )
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("Dialogs", "取消")
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ReasonDialog(QDialog):
    """Ask why (作废/红冲/关闭 need a reason), optionally with the owner's password."""

    def __init__(
        self,
        title: str,
        message: str,
        password: bool = False,
        parent: QWidget | None = None,
        reason: str = "",
        error: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reason_dialog")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.reason = QLineEdit(reason)  # asked again: what was typed stays
        self.reason.setObjectName("reason_edit")
        self.password = QLineEdit()
        self.password.setObjectName("password_edit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(error)  # why it is asked again (a wrong password), in place
        mark(self.error, "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("原因"), self.reason)
        if password:
            form.addRow(self.tr("老板密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 60)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(self.tr("请填写原因。"))
            self.reason.setFocus()
            return
        super().accept()


class DeliverDialog(QDialog):
    """How much of each order line to deliver (receive) now; all that is left by default."""

    def __init__(
        self, title: str, rows: list[dict[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("deliver_dialog")
        self.rows = rows
        headers = [
            self.tr("商品"),
            self.tr("单位"),
            self.tr("订购"),
            self.tr("已完成"),
            self.tr("本次数量"),
        ]
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setObjectName("deliver_table")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        for r, row in enumerate(rows):
            for c, text in enumerate(
                (
                    row["name"],
                    row["unit"],
                    fmt_qty(row["ordered"]),
                    fmt_qty(row["done"]),
                    fmt_qty(row["left"]),
                )
            ):
                item = QTableWidgetItem(text)
                if c < 4:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.error = QLabel()
        mark(self.error, "error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self))
        sized(
            self,
            self.fontMetrics().horizontalAdvance("0") * 80,
            self.fontMetrics().height() * (len(rows) + 10),
        )
        if rows:
            self.table.setCurrentCell(0, 4)

    def _qty_cell(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 4)
        assert item is not None  # every row got its cells in __init__
        return item

    def set_quantity(self, row: int, qty: Decimal) -> None:
        self._qty_cell(row).setText(fmt_qty(qty))

    def quantities(self) -> dict[uuid.UUID, Decimal] | None:
        """Per order line, in the line's own unit (as ``trade.fulfil`` takes them);
        None when something is not a valid number."""
        result: dict[uuid.UUID, Decimal] = {}
        for r, row in enumerate(self.rows):
            try:
                qty = parse_number(self._qty_cell(r).text()) or Decimal(0)
            except ValueError:
                return None
            if qty < 0 or qty > row["left"]:
                return None
            if qty:
                result[row["line_id"]] = qty
        return result

    def accept(self) -> None:
        got = self.quantities()
        if got is None:
            self.error.setText(self.tr("本次数量须是 0 到剩余数量之间的数字。"))
            return
        if not got:
            self.error.setText(self.tr("请至少填写一行数量。"))
            return
        super().accept()


class PaymentDialog(QDialog):
    """Record money received (收款) or paid (付款), optionally against one bill."""

    def __init__(
        self,
        ctx: Context,
        flow: str = FlowName.SALES,
        party: PartyInfo | None = None,
        bill: tuple[uuid.UUID, str, Decimal] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.flow = flow
        self.bill = bill
        self.setObjectName("payment_dialog")
        self.setWindowTitle(self.tr("收款") if flow == FlowName.SALES else self.tr("付款"))
        catalog = Catalog(ctx.ledger)
        role = "customer" if flow == FlowName.SALES else "supplier"
        self.party_edit = LookupEdit(lambda t: catalog.find_parties(t, role))
        self.party_edit.setObjectName("payment_party")
        if party is not None:
            self.party_edit.payload = party
            self.party_edit.setText(f"{party.code}  {party.name}")
        self.amount = AmountEdit(bill[2] if bill else None)
        self.amount.setObjectName("payment_amount")
        self.method = QComboBox()
        self.method.setEditable(True)
        for text in (
            self.tr("银行转账"),
            self.tr("现金"),
            self.tr("承兑汇票"),
            self.tr("微信/支付宝"),
        ):
            self.method.addItem(text)
        self.reference = QLineEdit()
        self.date = ledger_date_edit()
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(
            self.tr("客户") if flow == FlowName.SALES else self.tr("供应商"), self.party_edit
        )
        if bill:
            form.addRow(self.tr("核销单据"), QLabel(bill[1]))
        form.addRow(self.tr("金额"), self.amount)
        form.addRow(self.tr("方式"), self.method)
        form.addRow(self.tr("凭证号"), self.reference)
        form.addRow(self.tr("日期"), self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 60)
        self.saved_id: uuid.UUID | None = None

    def accept(self) -> None:
        party = self.party_edit.payload
        if not isinstance(party, PartyInfo):
            self.error.setText(self.tr("请选择往来单位。"))
            return
        try:
            amount = parse_number(self.amount.text())
        except ValueError:
            amount = None
        if amount is None or amount <= 0:
            self.error.setText(self.tr("请输入大于 0 的金额。"))
            return
        bill, flow = self.bill, self.flow
        method, reference = self.method.currentText(), self.reference.text()
        on = py_date(self.date.date())

        def save(uow: Any) -> uuid.UUID:
            from desktop.services.payments import Allocations, record_payment

            allocations: Allocations | None = [(bill[0], min(amount, bill[2]))] if bill else None
            doc = record_payment(
                uow,
                party.id,
                amount,
                flow=flow,
                doc_date=on,
                method=method,
                reference=reference,
                allocations=allocations,
            )
            return doc.id

        def done(doc_id: object) -> None:
            assert isinstance(doc_id, uuid.UUID)
            self.saved_id = doc_id
            QDialog.accept(self)

        self.ctx.write(save, done, lambda exc: show_error(self, exc))


def ask_override(
    parent: QWidget, reasons: str, password: bool, reason: str = "", error: str = ""
) -> tuple[str, str] | None:
    """The override's reason (and the owner's password); asked again after a wrong password
    with the same credit figures, the reason kept and the error shown in the dialog."""
    dialog = ReasonDialog(
        QCoreApplication.translate("Dialogs", "信用超限"), reasons, password, parent, reason, error
    )
    dialog.setObjectName("override_dialog")
    if error and password:
        dialog.password.setFocus()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip(), dialog.password.text()


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
