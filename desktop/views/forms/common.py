"""A form whose fields each carry their own inline error message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError
from desktop.money import PRICE, Column
from desktop.services import validate as v
from desktop.services.validate import TAX_ID
from desktop.views.errors import show_error
from desktop.views.i18n import language
from desktop.views.theme import mark

W = TypeVar("W", bound=QWidget)


class FormDialog(QDialog):
    """Fields laid out in a form; ``errors[key]`` is the red line under field ``key``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general = QLabel()
        mark(self.general, "error")
        self.general.setWordWrap(True)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.box.button(QDialogButtonBox.StandardButton.Save).setText(
            QCoreApplication.translate("Forms", "保存")
        )
        self.box.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("Forms", "取消")
        )
        self.box.accepted.connect(self.submit)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.box)

    def add(self, key: str, label: str, widget: W) -> W:
        widget.setObjectName(f"field_{key}")
        error = QLabel()
        error.setObjectName(f"error_{key}")
        mark(error, "error")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(error)
        self.form.addRow(label, holder)
        self.fields[key] = widget
        self.errors[key] = error
        return widget

    def set_error(self, key: str, text: str) -> None:
        label = self.errors.get(key)
        if label is None:
            self.general.setText(text)
            return
        label.setText(text)
        label.setVisible(bool(text))

    def clear_errors(self) -> None:
        for key in self.errors:
            self.set_error(key, "")
        self.general.setText("")

    def has_errors(self) -> bool:
        return any(label.text() for label in self.errors.values())

    def submit(self) -> None:  # overridden
        raise NotImplementedError

    def show_domain_error(self, exc: BaseException, fields: dict[str, str]) -> None:
        """Put a service's error under the field it names, or at the bottom."""
        if isinstance(exc, DomainError):
            field = str(exc.details.get("field", ""))
            key = fields.get(field, field)
            self.set_error(key if key in self.errors else "", exc.message(language()))
            return
        show_error(self, exc)


def check_required(text: str) -> str:
    return "" if text.strip() else QCoreApplication.translate("Forms", "必填")


def check_amount(
    text: str, allow_empty: bool = True, column: Column = PRICE
) -> tuple[str, Decimal | None]:
    """An inline error (or "") and the number typed, refused as the services refuse a value
    of ``column`` (``validate.fits``: too many decimals, too large)."""
    text = text.strip().replace(",", "")
    if not text:
        return ("" if allow_empty else QCoreApplication.translate("Forms", "必填")), None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return QCoreApplication.translate("Forms", "请输入数字，例如 50000 或 12.5"), None
    if not value.is_finite() or value < 0:
        return QCoreApplication.translate("Forms", "不能是负数"), None
    try:
        v.fits(value, column, "数值", "The value")
    except DomainError as exc:
        return exc.message(language()), None
    return "", value


def check_tax_id(text: str) -> str:
    text = text.strip().upper()
    if text and not TAX_ID.match(text):
        return QCoreApplication.translate("Forms", "纳税人识别号应为 15–20 位数字或大写字母")
    return ""


def value_of(widget: Any) -> Any:
    for getter in ("isChecked", "value", "text", "toPlainText"):
        if hasattr(widget, getter):
            return getattr(widget, getter)()
    return None
