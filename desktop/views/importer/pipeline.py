"""The import pipeline as the wizard drives it: read once, map, preview, commit.

Everything here is Qt-free and runs on worker threads. It composes the public pieces of
:mod:`desktop.importing` the way :func:`desktop.importing.plan.run_import` does, with three
things the wizard needs and ``run_import`` does not take yet: the file already read (no second
read for each preview), a header row the user chose, and a date order for ambiguous dates.
Commit keeps the same contract: one unit of work, the automatic backup just before the first
write, an :class:`ImportBatch` tagging every change, the mapping remembered, all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.importing.errors import ImportFileError
from desktop.importing.header import DataRow, Table, find_table
from desktop.importing.kinds.base import Context, ImportOptions, RowFailed
from desktop.importing.mapping import KINDS, Mapping, auto_map, guess_kind, rank_kinds
from desktop.importing.plan import ImportReport, Prepared, handler_for, with_extra_synonyms
from desktop.importing.reader import Workbook, read_workbook
from desktop.importing.rows import NEW, UPDATE, parse_rows
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


def _evaluate(session: Any, plan: Plan, default_rate: Any, batch: Any = None) -> tuple:
    prepared = plan.prepared()
    ctx = Context(plan.options, Path(prepared.book.path).name, batch, default_rate)
    rows = parse_rows(prepared.table.rows, prepared.mapping, prepared.handler.fields)
    prepared.handler.evaluate(session, rows, ctx)
    return prepared, rows, ctx


def _locate(rows: list[Any], mapping: Mapping) -> None:
    """Point problems found while matching at the cell they are about."""
    for row in rows:
        if any(i.column is None and i.field for i in row.errors):
            row.errors = [
                replace(i, column=mapping.fields.get(i.field))
                if i.column is None and i.field
                else i
                for i in row.errors
            ]


def preview(ledger: Any, plan: Plan, step: Step = _no_step) -> ImportReport:
    """Every row's outcome and reason; nothing written."""
    from desktop.services.firm import get_firm

    step(10, "")
    with ledger.read() as session:
        rate = get_firm(session).default_tax_rate
        prepared, rows, _ctx = _evaluate(session, plan, rate)
    step(90, "")
    _locate(rows, prepared.mapping)
    return ImportReport(prepared, rows, True)


def commit(ledger: Any, plan: Plan, step: Step = _no_step) -> tuple[ImportReport, Any]:
    """Write the plan in one unit of work after the automatic backup; ``step`` may raise to
    cancel, which rolls everything back. Returns the report and what changed."""
    from desktop.importing.mappings import save_mapping
    from desktop.models import ImportBatch
    from desktop.services.backup import backup_to, default_backup_path
    from desktop.services.firm import get_firm

    changes = None
    step(5, "")
    try:
        with ledger.unit() as uow:
            rate = get_firm(uow.session).default_tax_rate
            prepared, rows, ctx = _evaluate(uow.session, plan, rate)
            report = ImportReport(prepared, rows, False)
            step(30, "")
            if not any(r.outcome in (NEW, UPDATE) for r in rows):
                raise _NothingToDo(report)
            report.backup_path = backup_to(
                ledger.path, default_backup_path(ledger.path, "before-import")
            )
            step(45, "")
            batch = ImportBatch(
                actor=uow.actor,
                kind=prepared.kind,
                file_name=Path(prepared.book.path).name,
                sheet=prepared.book.sheet,
                counts={},
                state="applied",
                backup_path=str(report.backup_path or ""),
            )
            uow.session.add(batch)
            uow.session.flush()
            uow.batch_id = ctx.batch_id = batch.id
            prepared.handler.apply(uow, rows, ctx)
            step(90, "")  # the last chance to cancel: after this it commits
            batch.counts = report.counts
            save_mapping(uow.session, prepared.mapping)
            report.batch_id = batch.id
            changes = uow.changes
    except _NothingToDo as done:
        report = done.report
    except RowFailed as exc:
        report.aborted = exc.row
        report.batch_id = None
        report.backup_path = None
    _locate(report.rows, report.prepared.mapping)
    return report, changes


class _NothingToDo(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("nothing to import")
        self.report = report


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
