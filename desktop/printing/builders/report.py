"""A report (``desktop.reports``) as print data: its columns, worded rows and totals under
the firm's letterhead. The figures are the core's; this only lays them out."""

from __future__ import annotations

from desktop.models import Firm
from desktop.printing.builders.common import letterhead
from desktop.printing.model import CellValue, Column, ColumnKind, LabeledValue, PrintDocument
from desktop.reports.cells import cell_text, row_texts
from desktop.reports.table import ReportColumn, ReportTable

_WEIGHTS = {"text": 1.6, "code": 1.1, "date": 1.0, "money": 1.2, "rate": 0.8, "int": 0.8}


def _kind(column: ReportColumn) -> ColumnKind:
    return "money" if column.kind == "money" else "qty" if column.kind == "qty" else "text"


def _period(table: ReportTable, lang: str) -> str:
    p = table.params
    if p.get("from") and p.get("to"):
        return f"{p['from']} 至 {p['to']}" if lang == "zh" else f"{p['from']} to {p['to']}"
    if p.get("as_of"):
        return f"截至 {p['as_of']}" if lang == "zh" else f"as of {p['as_of']}"
    return ""


def build(firm: Firm, table: ReportTable, lang: str = "zh") -> PrintDocument:
    columns = [
        Column(
            c.key,
            c.caption(lang),
            _WEIGHTS.get(c.kind, 1.0),
            _kind(c),
            align="right" if c.kind in ("money", "qty", "price", "int", "rate") else None,
            summable=c.total and c.kind in ("money", "qty"),
        )
        for c in table.columns
    ]
    rows: list[dict[str, CellValue]] = []
    for row in table.rows:
        texts = row_texts(table, row, lang)
        cells: dict[str, CellValue] = {}
        for col, text in zip(table.columns, texts, strict=True):
            value = row.cells.get(col.key)
            # money and quantities go as figures (the page sums add them); the rest as words
            cells[col.key] = (
                value if _kind(col) != "text" and row.kind_of(col) == col.kind else text
            )
        rows.append(cells)
    totals = [
        LabeledValue(f"{c.caption(lang)}合计" if lang == "zh" else f"Total {c.caption(lang)}",
                     cell_text(v, c.kind))
        for c in table.columns
        if c.total and (v := table.totals.get(c.key)) is not None
    ]  # fmt: skip
    notes = "\n".join(zh if lang == "zh" else en for zh, en in table.notes)
    return PrintDocument(
        title=table.title(lang),
        letterhead=letterhead(firm),
        columns=columns,
        rows=rows,
        number=_period(table, lang),
        number_label="期间" if lang == "zh" else "Period",
        totals=totals[:6],
        notes=notes,
        empty_text="（无数据）" if lang == "zh" else "(nothing to show)",
    )
