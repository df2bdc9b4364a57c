"""A report figure as shown to a person: money to the fen with separators, rates as
percentages, dates in ISO; one wording for the CLI, the PDF and the window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from desktop.money import fmt_money, fmt_qty
from desktop.reports.table import ReportColumn, ReportRow, ReportTable


def cell_text(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if kind == "money" and isinstance(value, Decimal | int):
        return fmt_money(Decimal(value))
    if kind == "rate" and isinstance(value, Decimal | int):
        return f"{Decimal(value) * 100:.1f}%"
    if kind == "qty" and isinstance(value, Decimal):
        return fmt_qty(value)
    if kind == "price" and isinstance(value, Decimal):
        return (
            f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
        )
    return str(value)


def row_texts(table: ReportTable, row: ReportRow, lang: str = "zh") -> list[str]:
    """The row's cells in column order, worded (an English name where the row has one)."""
    out = []
    for col in table.columns:
        value = row.cells.get(col.key)
        if lang != "zh" and f"{col.key}_en" in row.cells:
            value = row.cells[f"{col.key}_en"]
        out.append(cell_text(value, row.kind_of(col)))
    return out


def totals_texts(table: ReportTable, lang: str = "zh") -> list[str] | None:
    """The 合计 row in column order, or None when no column adds up."""
    totals = table.totals
    if not totals:
        return None
    out = [cell_text(totals.get(c.key), c.kind) if c.key in totals else "" for c in table.columns]
    out[0] = out[0] or ("合计" if lang == "zh" else "Total")
    return out


def is_number(column: ReportColumn) -> bool:
    return column.kind in ("money", "price", "qty", "int", "rate")
