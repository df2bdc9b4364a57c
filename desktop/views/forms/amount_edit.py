"""A field for an amount or a price that shows thousands separators (50,000.00), as every
figure elsewhere in the program does, and reads back what people type with or without
them (``editing.lines.parse_number``)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.editing.lines import parse_number
from desktop.money import fmt_money


def grouped(value: Decimal, places: int = 2) -> str:
    """``value`` with thousands separators and at least ``places`` decimals, no trailing
    zeros beyond them: 1234.5 → 1,234.50; a price 0.123456 → 0.123456."""
    if places == 2 and value == value.quantize(Decimal("0.01")):
        return fmt_money(value)
    text = f"{value:,f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(places, "0")
    return f"{whole}.{fraction}" if fraction else whole


class AmountEdit(QLineEdit):
    """Right-aligned; regrouped when the person leaves the field, so 1234567 reads as
    1,234,567.00. Text that is not a number is left as typed for the form to point out."""

    def __init__(
        self, value: Decimal | None = None, places: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.places = places
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self.regroup)
        self.set_value(value)

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else grouped(value, self.places))

    def value(self) -> Decimal | None:
        """The number typed (separators allowed); None when empty or not a number."""
        try:
            return parse_number(self.text())
        except ValueError:
            return None

    def plain_text(self) -> str:
        """The text without its separators, for the services' own checks and messages."""
        return self.text().strip().replace(",", "").replace("，", "")

    def regroup(self) -> None:
        value = self.value()
        if value is not None:
            self.set_value(value)
