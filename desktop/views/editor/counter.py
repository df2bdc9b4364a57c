"""过账 and 过账并收款/付款 on a bill made without an order (a counter sale or purchase).

Both run ``services.counter.post_bill`` in one unit of work: the bill is posted and, when
paid at the counter, the payment is recorded against it in the same transaction. A sales
bill left (partly) on credit goes through the credit check; over the limit, the clerk is
asked for a reason (and the owner's password) as when confirming an order.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import DocKind
from desktop.editing.lines import parse_number
from desktop.money import fmt_money
from desktop.views.editor.dialogs import _buttons
from desktop.views.errors import show_error
from desktop.views.forms.amount_edit import AmountEdit
from desktop.views.theme import mark

if TYPE_CHECKING:
    from desktop.views.editor.window import DocumentEditor

#: what a counter payment is, in the order the clerk meets them
METHODS = ("现金", "微信", "支付宝", "银行转账", "刷卡")


class CounterPaymentDialog(QDialog):
    """The money taken (or paid) at the counter with the bill: amount (the bill's total
    unless changed), method and a reference; what is not paid stays owed."""

    def __init__(self, total: Decimal, purchase: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counter_payment_dialog")
        self.total = total
        self.setWindowTitle(self.tr("过账并付款") if purchase else self.tr("过账并收款"))
        self.amount = AmountEdit(total)
        self.amount.setObjectName("counter_amount")
        self.amount.selectAll()
        self.method = QComboBox()
        self.method.setObjectName("counter_method")
        self.method.setEditable(True)
        names = {
            "现金": self.tr("现金"),
            "微信": self.tr("微信"),
            "支付宝": self.tr("支付宝"),
            "银行转账": self.tr("银行转账"),
            "刷卡": self.tr("刷卡"),
        }
        for code in METHODS:
            self.method.addItem(names[code], code)
        self.reference = QLineEdit()
        self.reference.setObjectName("counter_reference")
        self.owed = QLabel()
        self.owed.setObjectName("counter_owed")
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("本单合计"), QLabel(fmt_money(total)))
        form.addRow(self.tr("实付金额") if purchase else self.tr("实收金额"), self.amount)
        form.addRow(self.tr("方式"), self.method)
        form.addRow(self.tr("凭证号"), self.reference)
        form.addRow(self.tr("挂账"), self.owed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self))
        self.amount.textChanged.connect(lambda _t: self._show_owed())
        self._show_owed()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 50)

    def value(self) -> Decimal | None:
        """The amount typed, when it is a number from 0.01 to the bill's total."""
        try:
            amount = parse_number(self.amount.text())
        except ValueError:
            return None
        if amount is None or amount <= 0 or amount > self.total:
            return None
        return amount

    def method_text(self) -> str:
        """The method as stored: the Chinese name for the listed ones, else what was typed."""
        text = self.method.currentText().strip()
        index = self.method.findText(text)
        data = self.method.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def _show_owed(self) -> None:
        amount = self.value()
        self.owed.setText(fmt_money(self.total - amount) if amount is not None else "—")

    def accept(self) -> None:
        if self.value() is None:
            self.error.setText(
                self.tr("请输入大于 0、不超过本单合计 {total} 的金额。").format(
                    total=fmt_money(self.total)
                )
            )
            self.amount.setFocus()
            return
        super().accept()


def ask_payment(ed: DocumentEditor, total: Decimal) -> tuple[Decimal, str, str] | None:
    """(amount, method, reference), or None when cancelled; tests replace this."""
    dialog = CounterPaymentDialog(total, ed.kind == DocKind.SUPPLIER_BILL, ed)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    amount = dialog.value()
    assert amount is not None
    return amount, dialog.method_text(), dialog.reference.text().strip()


def post_bill(ed: DocumentEditor, doc_id: uuid.UUID, paying: bool) -> None:
    """After the draft is saved: ask for the payment (when ``paying``), then post."""
    payment: tuple[Decimal, str, str] | None = None
    if paying:
        total = ed.state.total if ed.state is not None else ed.model.totals()[2]
        payment = ask_payment(ed, total)
        if payment is None:
            ed.say(QCoreApplication.translate("Editor", "未过账，草稿已保存。"))
            return
    _post(ed, doc_id, payment, "", None)


def _post(
    ed: DocumentEditor,
    doc_id: uuid.UUID,
    payment: tuple[Decimal, str, str] | None,
    reason: str,
    password: str | None,
    figures: str = "",
) -> None:
    """Post; over credit, ask for the override as confirming an order does (again after a
    wrong password, with the figures of the first refusal and the reason typed)."""
    from desktop.views.editor import actions

    def write(uow: Any) -> Any:
        from desktop.services.counter import post_bill as post

        paid, method, reference = payment if payment else (None, "", "")
        return post(
            uow,
            doc_id,
            paid=paid,
            method=method,
            reference=reference,
            override_reason=reason,
            owner_password=password,
        )

    def done(result: Any) -> None:
        ed.set_busy(False)
        ed.reload()
        text = QCoreApplication.translate("Editor", "已过账：{number}").format(
            number=result.bill.number
        )
        if result.payment is not None:
            text += QCoreApplication.translate("Editor", "；{what} {amount} 元：{number}").format(
                what=QCoreApplication.translate("Editor", "已付款")
                if ed.kind == DocKind.SUPPLIER_BILL
                else QCoreApplication.translate("Editor", "已收款"),
                amount=fmt_money(result.payment.total),
                number=result.payment.number,
            )
        check = result.check
        if not check.ok and not reason:  # the firm only warns: say so, loudly
            reasons = actions.credit_reasons(check)
            text += "\n" + QCoreApplication.translate("Editor", "信用超限：{reasons}").format(
                reasons=reasons
            )
            ed.say(text)
            QMessageBox.warning(ed, QCoreApplication.translate("Editor", "信用提醒"), text)
            return
        ed.say(text)

    def failed(exc: BaseException) -> None:
        ed.set_busy(False)
        again = lambda r, p, f: _post(ed, doc_id, payment, r, p, f)  # noqa: E731
        if not actions.over_credit(ed, exc, reason, figures, again):
            show_error(ed, exc)

    ed.set_busy(True)
    ed.ctx.write(write, done, failed)
