"""The import pipeline as the wizard drives it: read once, map, preview, commit.

Everything here is Qt-free and runs on worker threads. The wizard reads the file once, lets
the user choose the header row, the mapping and a date order for ambiguous dates, and then
hands the prepared sheet to the same preview and commit as ``zhangfang import``
(:func:`desktop.importing.plan.preview_prepared` / ``commit_prepared``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.importing.errors import ImportFileError
from desktop.importing.header import DataRow, Table, find_table
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.mapping import KINDS, Mapping, auto_map, guess_kind, rank_kinds
from desktop.importing.plan import (
    ImportReport,
    Prepared,
    commit_prepared,
    handler_for,
    preview_prepared,
    with_extra_synonyms,
)
from desktop.importing.reader import Workbook, read_workbook
from desktop.importing.values import DATE_ORDERS, detect_date_order, parse_date

#: file types the wizard offers (the reader also takes .xlsb/.et/.txt/.tsv)
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb", ".et", ".txt", ".tsv")
Step = Callable[[int, str], None]


def _no_step(_percent: int, _text: str = "") -> None:
    return None


@dataclass
class Analysis:
    """One sheet read, its table found for a kind, and a proposed mapping."""

    book: Workbook
    table: Table
    kind: str | None
    mapping: Mapping | None
    source: str = "auto"  # "auto", "saved" or "user"
    detected_header: int = 0  # 0-based index the detection chose
    #: fields (type date) whose column reads under several date orders
    ambiguous_dates: list[str] = field(default_factory=list)


def read(path: str | Path, sheet: str | int | None = None, step: Step = _no_step) -> Workbook:
    """Read one sheet (raises ImportFileError with the plain message)."""
    step(5, "")
    book = read_workbook(path, sheet)
    step(60, "")
    return book


def analyse(
    book: Workbook,
    kind: str | None = None,
    header_index: int | None = None,
    load_saved: Callable[[list[str], str], Mapping | None] | None = None,
) -> Analysis:
    """Find the table (at ``header_index`` when the user chose it) and map it to ``kind``
    (guessed when None); a saved mapping for this header layout wins over ``auto_map``."""
    detected = find_table(book.rows, kind=kind)
    table = detected if header_index is None else find_table(book.rows, header_index=header_index)
    chosen = kind or (guess_kind(table.headers) if table.headers else None)
    if chosen is not None and kind is None and header_index is None:
        detected = table = find_table(book.rows, kind=chosen)
    elif chosen is not None and header_index is not None:
        table = find_table(book.rows, kind=chosen, header_index=header_index)
    if chosen is None:
        return Analysis(book, table, None, None, "auto", detected.header_index)
    handler = handler_for(chosen)
    mapping = load_saved(table.headers, chosen) if load_saved else None
    source = "saved"
    if mapping is None:
        source = "auto"
        mapping = with_extra_synonyms(auto_map(table.headers, chosen), handler)
    result = Analysis(book, table, chosen, mapping, source, detected.header_index)
    result.ambiguous_dates = ambiguous_dates(result)
    return result


def ranked_kinds(headers: list[str]) -> list[str]:
    """Every kind, most plausible first."""
    order = [k for k, _score in rank_kinds(headers)] if headers else []
    return order + [k for k in KINDS if k not in order]


def ambiguous_dates(analysis: Analysis) -> list[str]:
    if analysis.kind is None or analysis.mapping is None:
        return []
    out = []
    for spec in handler_for(analysis.kind).fields:
        col = analysis.mapping.fields.get(spec.name)
        if spec.type != "date" or col is None:
            continue
        samples = [r.get(col) for r in analysis.table.rows[:2000]]
        if len(detect_date_order(samples)) > 1:
            out.append(spec.name)
    return out


def missing_required(analysis: Analysis, mapping: Mapping) -> list[Any]:
    """The kind's required fields the mapping leaves without a column."""
    assert analysis.kind is not None
    return [
        f for f in handler_for(analysis.kind).fields if f.required and f.name not in mapping.fields
    ]


def unrecognised(book: Workbook) -> ImportFileError:
    return ImportFileError(
        "unrecognised",
        f"在工作表“{book.sheet}”中找不到可识别的表头（如 客户名称、商品名称、单号、金额）。"
        "请确认选择了正确的工作表和表头所在行，或在下面选择要导入的类型。",
        f"Nothing recognisable in sheet '{book.sheet}' (no header such as customer name, "
        "product name, order number, amount). Check the sheet and the header row, or choose "
        "what the file holds below.",
    )


def _dated_rows(table: Table, mapping: Mapping, kind: str, order: str | None) -> list[DataRow]:
    """With a date order chosen, turn the text dates of the date columns into dates first."""
    if not order or order not in DATE_ORDERS:
        return table.rows
    cols = [
        mapping.fields[f.name]
        for f in handler_for(kind).fields
        if f.type == "date" and f.name in mapping.fields
    ]
    if not cols:
        return table.rows
    out = []
    for row in table.rows:
        cells = list(row.cells)
        for col in cols:
            if col < len(cells) and isinstance(cells[col], str):
                with suppress(ValueError):  # else left as it is: the row reports it
                    cells[col] = parse_date(cells[col], order)  # type: ignore[arg-type]
        out.append(DataRow(row.excel_row, cells))
    return out


@dataclass
class Plan:
    """What the user settled in the wizard."""

    analysis: Analysis
    mapping: Mapping
    options: ImportOptions
    date_order: str | None = None

    @property
    def kind(self) -> str:
        assert self.analysis.kind is not None
        return self.analysis.kind

    def prepared(self) -> Prepared:
        a = self.analysis
        table = replace(
            a.table, rows=_dated_rows(a.table, self.mapping, self.kind, self.date_order)
        )
        return Prepared(a.book, table, self.kind, self.mapping, handler_for(self.kind), a.source)


def preview(ledger: Any, plan: Plan, step: Step = _no_step) -> ImportReport:
    """Every row's outcome and reason; nothing written."""
    return preview_prepared(ledger, plan.prepared(), plan.options, step=step)


def commit(ledger: Any, plan: Plan, step: Step = _no_step) -> tuple[ImportReport, Any]:
    """Write the plan in one unit of work after the automatic backup; ``step`` may raise to
    cancel, which rolls everything back. Returns the report and what changed."""
    return commit_prepared(ledger, plan.prepared(), plan.options, step=step)


def undo(ledger: Any, batch_id: str) -> Any:
    from desktop.importing.undo import undo_batch

    return undo_batch(ledger, batch_id)


def batches(ledger: Any) -> list[dict[str, Any]]:
    """Every import batch, newest first."""
    from sqlalchemy import select

    from desktop.models import ImportBatch

    with ledger.read() as session:
        return [
            {
                "id": str(b.id),
                "at": b.at,
                "kind": b.kind,
                "file": b.file_name,
                "sheet": b.sheet,
                "state": b.state,
                "counts": {k: v for k, v in (b.counts or {}).items() if k != "undo"},
            }
            for b in session.scalars(select(ImportBatch).order_by(ImportBatch.at.desc()))
        ]
