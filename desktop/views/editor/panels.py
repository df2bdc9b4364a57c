"""Totals (net, tax, total and 大写) and the credit panel, both updated live."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.amount_words import amount_in_words
from desktop.money import ZERO, fmt_money
from desktop.views.theme import current_colors


def words(amount: Decimal) -> str:
    """大写 of the total; empty for an amount the words cannot say (too large)."""
    try:
        return str(amount_in_words(amount))
    except ValueError:
        return ""


def _value_label(name: str, figure: bool = True) -> QLabel:
    """A panel's value; figures are right-aligned so their digits line up in a column."""
    label = QLabel("—")
    label.setObjectName(name)
    label.setWordWrap(True)
    if figure:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def _warn(label: QLabel, bad: bool) -> None:
    """Red and bold when the figure needs attention (the panel's one use of colour)."""
    color = current_colors()["bad"].name()
    label.setStyleSheet(f"color: {color}; font-weight: bold;" if bad else "")


class TotalsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("合计"))
        self.net = _value_label("total_net")
        self.tax = _value_label("total_tax")
        self.total = _value_label("total_total")
        font = self.total.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.total.setFont(font)
        self.words = _value_label("total_words", figure=False)
        form = QFormLayout(self)
        form.addRow(self.tr("不含税金额"), self.net)
        form.addRow(self.tr("税额"), self.tax)
        form.addRow(self.tr("价税合计"), self.total)
        form.addRow(self.tr("大写"), self.words)

    def show_totals(self, net: Decimal, tax: Decimal, total: Decimal) -> None:
        self.net.setText(fmt_money(net))
        self.tax.setText(fmt_money(tax))
        self.total.setText("¥ " + fmt_money(total))
        self.words.setText(words(total))


class CreditPanel(QGroupBox):
    """Limit − open balance − unbilled orders = available; and the oldest overdue days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credit_panel")
        self.setTitle(self.tr("信用"))
        self.limit = _value_label("credit_limit")
        self.balance = _value_label("credit_balance")
        self.unbilled = _value_label("credit_unbilled")
        self.available = _value_label("credit_available")
        self.after = _value_label("credit_after")
        self.overdue = _value_label("credit_overdue")
        form = QFormLayout(self)
        form.addRow(self.tr("信用额度"), self.limit)
        form.addRow(self.tr("欠款余额"), self.balance)
        form.addRow(self.tr("未开单订单"), self.unbilled)
        form.addRow(self.tr("可用额度"), self.available)
        form.addRow(self.tr("本单后可用"), self.after)
        form.addRow(self.tr("逾期天数"), self.overdue)
        self.status: Any = None
        self.allowed_overdue = 30
        self.order_total = ZERO

    def show_status(
        self, status: Any, order_total: Decimal, allowed_overdue: int, counted: bool
    ) -> None:
        """``counted``: the order is already among the unbilled orders (confirmed)."""
        self.status, self.order_total, self.allowed_overdue = status, order_total, allowed_overdue
        if status is None:
            for label in (
                self.limit,
                self.balance,
                self.unbilled,
                self.available,
                self.after,
                self.overdue,
            ):
                label.setText("—")
                _warn(label, False)
            return
        self.limit.setText(
            fmt_money(status.limit) if status.limit is not None else self.tr("未设额度")
        )
        self.balance.setText(fmt_money(status.balance))
        self.unbilled.setText(fmt_money(status.unbilled))
        available = status.available
        if available is None:
            self.available.setText(self.tr("不限"))
            self.after.setText(self.tr("不限"))
            _warn(self.available, False)
            _warn(self.after, False)
        else:
            self.available.setText(fmt_money(available))
            after = available if counted else available - order_total
            self.after.setText(fmt_money(after))
            _warn(self.available, available < 0)
            _warn(self.after, after < 0)
        days = status.overdue_days
        self.overdue.setText(self.tr("{n} 天").format(n=days) if days else self.tr("无"))
        _warn(self.overdue, days > allowed_overdue)
