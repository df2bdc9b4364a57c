"""A report (``desktop.reports``) as a :class:`Sheet` for the .xlsx writer: the core's
figures, drawn as they are."""

from __future__ import annotations

from typing import Any

from desktop.exporting.table import Column, Sheet
from desktop.reports.cells import cell_text
from desktop.reports.table import ReportTable


def report_sheet(table: ReportTable, firm: str = "", lang: str = "zh") -> Sheet:
    """Headers in the language asked; a cell of another kind than its column (a KPI's rate
    in a money column) goes as worded text so its format is not the column's."""
    columns = [Column(c.caption(lang), c.kind, total=c.total) for c in table.columns]

    def values() -> Any:
        for row in table.rows:
            out = []
            for col in table.columns:
                value = row.cells.get(col.key)
                if lang != "zh" and f"{col.key}_en" in row.cells:
                    value = row.cells[f"{col.key}_en"]
                kind = row.kind_of(col)
                out.append(cell_text(value, kind) if kind != col.kind else value)
            yield out

    params = table.params
    sheet = Sheet(
        table.title(lang),
        columns,
        values(),
        firm,
        params.get("from"),
        params.get("to") or params.get("as_of"),
        sheet_name=table.title(lang)[:31],
    )
    sheet.notes = [zh if lang == "zh" else en for zh, en in table.notes]
    return sheet
