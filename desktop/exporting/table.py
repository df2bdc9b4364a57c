"""A list or report as columns and rows, independent of the file format it goes to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: column kinds and their Excel number formats. A format whose decimals are all optional
#: ("#,##0.####", "0.##%") shows a whole number as "322." or "13.%" in Excel and WPS, so
#: quantities and rates take one format for whole values and another for fractions
#: (:data:`FRACTION_FORMATS`), chosen per value.
FORMATS = {
    "text": "@",
    "code": "@",
    "money": "#,##0.00",
    "price": "#,##0.00####",
    "qty": "#,##0",
    "int": "0",
    "rate": "0%",
    "date": "yyyy-mm-dd",
}
FRACTION_FORMATS = {"qty": "#,##0.0###", "rate": "0.0##%"}
NUMERIC = {"money", "price", "qty", "int", "rate"}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: float | None = None
    total: bool = False

    @property
    def number_format(self) -> str:
        return FORMATS.get(self.kind, "General")


@dataclass
class Sheet:
    """What to write: a titled table with an optional period and totals."""

    title: str
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    firm: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sheet_name: str = ""
    notes: list[str] = field(default_factory=list)

    def subtitle(self) -> str:
        parts = []
        if self.firm:
            parts.append(f"单位：{self.firm}")
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "……"
            end = self.date_to.isoformat() if self.date_to else "……"
            parts.append(f"期间：{start} 至 {end}")
        parts.append(f"制表日期：{date.today().isoformat()}")
        return "    ".join(parts)

    @property
    def has_totals(self) -> bool:
        return any(c.total for c in self.columns)


def display_width(text: str) -> int:
    """Columns a text takes in Excel (CJK characters count double)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
