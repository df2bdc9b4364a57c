"""The import pipeline, free of any UI: file → table → typed rows → matched → outcome → ledger.

``run_import(..., dry_run=True)`` is the preview: every row's outcome and reason, nothing
written. Without ``dry_run`` the same plan is made again inside one unit of work, an
automatic backup is taken just before the first write, every change is tagged with the new
:class:`ImportBatch` (so :mod:`desktop.importing.undo` can take it back), and either all the
planned rows are written or none. Rows with errors are left out and reported; a file whose
second import would change nothing writes nothing at all, not even a batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.importing.errors import ImportFileError
from desktop.importing.header import SkippedRow, Table, find_table
from desktop.importing.kind_guess import guess_for_table, near_miss
from desktop.importing.kinds.base import Context, Handler, ImportOptions, RowFailed, import_context
from desktop.importing.mapping import KINDS, Mapping, auto_map, normalize_header
from desktop.importing.reader import Limits, Workbook, read_workbook
from desktop.importing.rows import (
    FieldSpec,
    Issue,
    Row,
    counts,
    parse_rows,
    without_trailing_totals,
)
from desktop.importing.safety import file_at_least
from desktop.importing.synonyms import KIND_ZH
from desktop.models import FlowName, ImportBatch, ImportState
from desktop.services.backup import labelled_backup
from desktop.services.firm import get_firm
from desktop.services.ledger import Ledger
from desktop.services.uow import Changes

SKIP_ZH = {
    "blank": ("空行", "blank row"),
    "total": ("合计行", "totals row"),
    "number_only": ("只有序号", "only a row number"),
    "placeholder": ("模板占位行", "template placeholder"),
    "outside_table": ("在表格范围之外", "outside the table"),
    "repeated_header": ("重复的表头", "repeated header"),
    "next_table_title": ("下一个表格的标题", "title of the next table"),
}


def handler_for(kind: str) -> Handler:
    """The handler of an import kind."""
    factories: dict[str, Callable[[], Handler]] = _factories()
    if kind not in factories:
        raise ImportFileError(
            "unknown_kind",
            f"不认识的导入类型：{kind}。可选：{'、'.join(KIND_ZH[k] for k in KINDS)}。",
            f"Unknown import kind: {kind}. Choose one of: {', '.join(KINDS)}.",
        )
    return factories[kind]()


def _factories() -> dict[str, Callable[[], Handler]]:
    from desktop.importing.kinds.documents import FapiaoHandler, PaymentHandler
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.importing.kinds.opening import OpeningBalanceHandler, OpeningStockHandler
    from desktop.importing.kinds.parties import PartyHandler
    from desktop.importing.kinds.products import ProductHandler

    return {
        "customer": lambda: PartyHandler("customer"),
        "supplier": lambda: PartyHandler("supplier"),
        "product": ProductHandler,
        "opening_balance": OpeningBalanceHandler,
        "opening_stock": OpeningStockHandler,
        "sales_history": lambda: HistoryHandler(FlowName.SALES),
        "purchase_history": lambda: HistoryHandler(FlowName.PURCHASE),
        "payment": PaymentHandler,
        "fapiao": FapiaoHandler,
    }


@dataclass
class Prepared:
    """A file read, its table found and its columns mapped to one kind's fields."""

    book: Workbook
    table: Table
    kind: str
    mapping: Mapping
    handler: Handler
    mapping_source: str = "auto"  # "auto", "saved" or "user"
    #: the next most plausible kind when the kind was guessed (the report names it)
    runner_up: str | None = None


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do), row by row."""

    prepared: Prepared
    rows: Sequence[Row]
    dry_run: bool
    batch_id: uuid.UUID | None = None
    backup_path: Path | None = None
    aborted: Row | None = None
    #: what the file as a whole is told once (a default pack unit, rows that clashed...)
    notes: list[Issue] = field(default_factory=list)

    @property
    def skipped_rows(self) -> list[SkippedRow]:
        return [s for s in self.prepared.table.skipped if s.reason != "blank"]

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.rows, len(self.skipped_rows))

    def summary(self, lang: str = "zh") -> dict[str, Any]:
        """The summary with every error and row outcome (see :mod:`desktop.importing.summary`;
        the command line prints the short one)."""
        from desktop.importing.summary import full_summary

        return full_summary(self, lang)


def prepare(
    path: str | Path,
    kind: str | None = None,
    sheet: str | int | None = None,
    *,
    limits: Limits | None = None,
    saved: Callable[[list[str], str], Mapping | None] | None = None,
    overrides: dict[str, str | None] | None = None,
) -> Prepared:
    """Read the file, find the table and map its columns; raise ImportFileError when nothing
    in it can be imported."""
    book = read_workbook(path, sheet, limits)
    prepared = prepare_book(book, kind, saved, overrides)
    if not prepared.table.rows:
        raise no_rows_error(book, prepared.table)
    return prepared


def prepare_book(
    book: Workbook,
    kind: str | None,
    saved: Callable[[list[str], str], Mapping | None] | None,
    overrides: dict[str, str | None] | None,
) -> Prepared:
    if kind is not None and kind not in KINDS:
        handler_for(kind)  # raises the plain "unknown kind" message
    table = find_table(book.rows, kind=kind)
    if not table.headers:
        raise unrecognised(book)
    runner_up = None
    chosen = kind
    if chosen is None:
        chosen, runner_up = guess_for_table(table)
    if chosen is None:
        raise unrecognised(book, table)
    if kind is None:
        table = find_table(book.rows, kind=chosen)
    handler = handler_for(chosen)
    source = "auto"
    mapping = saved(table.headers, chosen) if saved else None
    if mapping is not None:
        source = "saved"
    else:
        mapping = with_extra_synonyms(auto_map(table.headers, chosen), handler)
    if overrides:
        mapping = apply_overrides(mapping, overrides)
        source = "user"
    required = [f for f in handler.fields if f.required]
    missing = [f for f in required if f.name not in mapping.fields]
    if missing:
        raise lacking_columns(book, table, mapping, missing, guessed=kind is None)
    return Prepared(book, table, chosen, mapping, handler, source, runner_up)


def no_rows_error(book: Workbook, table: Table) -> ImportFileError:
    return ImportFileError(
        "no_rows",
        f"工作表“{book.sheet}”第 {table.header_row} 行表头下面没有数据。",
        f"There are no data rows under the header on row {table.header_row} of "
        f"sheet '{book.sheet}'.",
    )


def lacking_columns(
    book: Workbook, table: Table, mapping: Mapping, missing: list[FieldSpec], *, guessed: bool
) -> ImportFileError:
    """A header that maps to a kind but lacks its required columns: what was recognised
    and what is missing (and, when the kind was guessed, that it was the closest one)."""
    specs = {f.name: f for f in handler_for(mapping.kind).fields}
    cols = sorted(mapping.fields.items(), key=lambda fc: fc[1])
    seen = "、".join(f"{table.headers[c]}→{specs[f].zh}" for f, c in cols if f in specs)
    seen_en = ", ".join(f"{table.headers[c]}→{specs[f].en}" for f, c in cols if f in specs)
    names, names_en = "、".join(f.zh for f in missing), ", ".join(f.en for f in missing)
    where = f"工作表“{book.sheet}”第 {table.header_row} 行"
    where_en = f"The header on row {table.header_row} of sheet '{book.sheet}'"
    kind_zh = KIND_ZH[mapping.kind]
    seen = f"（认出了 {seen}）" if seen else ""
    seen_en = f" ({seen_en})" if seen_en else ""
    if guessed:
        zh = f"{where}的表头最像{kind_zh}{seen}，但缺少必需的列：{names}。"
        en = f"{where_en} comes closest to {mapping.kind}{seen_en} but lacks {names_en}."
    else:
        zh = f"按{kind_zh}导入时，{where}的表头{seen}缺少必需的列：{names}。"
        en = f"Imported as {mapping.kind}, {where_en}{seen_en} lacks {names_en}."
    return ImportFileError(
        "missing_columns",
        zh + f"请在表头中加上这些列（或用 --map 指定哪一列是{missing[0].zh}）。",
        en + " Add those columns (or use --map).",
    )


def unrecognised(book: Workbook, table: Table | None = None) -> ImportFileError:
    """No kind fits the sheet: say which kind its header comes closest to and what it lacks
    (an order list without quantities), or that nothing in it is recognisable."""
    near = near_miss(table) if table is not None else None
    if near is not None and table is not None:
        specs = {f.name: f for f in handler_for(near.kind).fields}
        mapping = Mapping(near.kind, near.mapped, table.headers)
        lacks = [specs[f] for f in near.missing if f in specs]
        return lacking_columns(book, table, mapping, lacks, guessed=True)
    return ImportFileError(
        "unrecognised",
        f"在工作表“{book.sheet}”中找不到可识别的表头（如 客户名称、商品名称、单号、金额）。"
        "请确认选择了正确的工作表，或用 --kind 指定要导入的类型。",
        f"Nothing recognisable in sheet '{book.sheet}' (no header such as customer name, "
        "product name, order number, amount). Check the sheet, or name the kind with --kind.",
    )


def with_extra_synonyms(mapping: Mapping, handler: Handler) -> Mapping:
    """Map the fields a kind reads beyond the shared synonym table (阶梯价, 发票状态...)."""
    norms = [normalize_header(h) for h in mapping.headers]
    for fname, words in handler.extra_synonyms.items():
        if fname in mapping.fields:
            continue
        keys = [normalize_header(w) for w in words]
        for col, norm in enumerate(norms):
            if norm and norm in keys and col not in mapping.fields.values():
                mapping = mapping.with_field(fname, col)
                break
    return mapping


def apply_overrides(mapping: Mapping, overrides: dict[str, str | None]) -> Mapping:
    """``{"name": "单位", "phone": None}``: a field from a header text or column letter."""
    from openpyxl.utils import column_index_from_string

    for fname, where in overrides.items():
        if where is None or where == "":
            mapping = mapping.with_field(fname, None)
            continue
        col = None
        wanted = normalize_header(where)
        for i, h in enumerate(mapping.headers):
            if h == where or normalize_header(h) == wanted:
                col = i
                break
        if col is None and where.isalpha() and where.isascii() and len(where) <= 3:
            col = column_index_from_string(where.upper()) - 1
        if col is None:
            raise ImportFileError(
                "bad_mapping",
                f"找不到列“{where}”。表头有：{'、'.join(h for h in mapping.headers if h)}。",
                f"No column '{where}'. The headers are: "
                f"{', '.join(h for h in mapping.headers if h)}.",
            )
        mapping = mapping.with_field(fname, col)
    return mapping


class _NothingToDo(Exception):
    pass


def run_import(
    ledger: Ledger,
    path: str | Path,
    *,
    kind: str | None = None,
    sheet: str | int | None = None,
    options: ImportOptions | None = None,
    overrides: dict[str, str | None] | None = None,
    dry_run: bool = False,
    backup: bool = True,
    limits: Limits | None = None,
    remember_mapping: bool = True,
) -> ImportReport:
    """Preview (``dry_run``) or commit an import; see the module docstring."""
    from desktop.importing.mappings import load_mapping

    options = options or ImportOptions()
    runner_up = source = None
    if kind is None and file_at_least(Path(path), STREAM_BYTES):
        from desktop.importing.streamed import guess_history

        kind, runner_up, source = guess_history(path, sheet, limits)
    if kind in STREAMED_KINDS:
        from desktop.importing.streamed import run_streamed

        report = run_streamed(
            ledger,
            path,
            kind,
            sheet,
            options,
            overrides,
            dry_run=dry_run,
            backup=backup,
            limits=limits,
            remember_mapping=remember_mapping,
            source=source,
        )
        report.prepared.runner_up = report.prepared.runner_up or runner_up
        return report
    with ledger.read() as session:
        prepared = prepare(
            path,
            kind,
            sheet,
            limits=limits,
            saved=lambda headers, k: load_mapping(session, headers, k),
            overrides=overrides,
        )
        default_rate = get_firm(session).default_tax_rate
    prepared.table = ordered_dates(prepared, options.date_order)
    if dry_run:
        return preview_prepared(ledger, prepared, options, default_rate)
    return commit_prepared(
        ledger, prepared, options, backup=backup, remember_mapping=remember_mapping
    )[0]


def ordered_dates(prepared: Prepared, chosen: str | None) -> Table:
    """The table with its text dates read in the order chosen or settled from the column
    (``date_order.settle``)."""
    from desktop.importing.date_order import settle
    from desktop.importing.rows import with_date_order

    fields = prepared.handler.fields
    table = prepared.table
    order = settle(table.rows, prepared.mapping, fields, chosen)
    return replace(table, rows=with_date_order(table.rows, prepared.mapping, fields, order))


#: Hears the progress (percent, text) and may raise to cancel.
Step = Callable[[int, str], None]


def no_step(_percent: int, _text: str = "") -> None:
    """The default progress sink: nothing to report to."""


def preview_prepared(
    ledger: Ledger,
    prepared: Prepared,
    options: ImportOptions,
    default_rate: Any = None,
    step: Step = no_step,
) -> ImportReport:
    """Every row's outcome and reason for an already prepared sheet; nothing written."""
    step(10, "")
    with ledger.read() as session:
        rate = default_rate if default_rate is not None else get_firm(session).default_tax_rate
        ctx = import_context(options, prepared.kind, Path(prepared.book.path).name, rate, session)
        rows, _apply = _evaluate(
            session, prepared, ctx, lambda done: step(int(10 + 80 * done), ""), writing=False
        )
    step(90, "")
    locate_problems(rows, prepared.mapping)
    return ImportReport(prepared, rows, True, notes=ctx.state.get("notes", []))


def commit_prepared(
    ledger: Ledger,
    prepared: Prepared,
    options: ImportOptions,
    *,
    backup: bool = True,
    remember_mapping: bool = True,
    step: Step = no_step,
) -> tuple[ImportReport, Changes | None]:
    """Write a prepared sheet in one unit of work, after the automatic backup.

    ``step`` reports progress and may raise to cancel, which rolls everything back.
    Returns the report and what changed (None when nothing was written).
    """
    from desktop.importing.mappings import save_mapping

    changes: Changes | None = None
    step(5, "")
    report: ImportReport | None = None
    try:
        with ledger.unit() as uow:
            uow.owner = options.owner
            rate = get_firm(uow.session).default_tax_rate
            ctx = import_context(
                options, prepared.kind, Path(prepared.book.path).name, rate, uow.session
            )
            rows, apply = _evaluate(
                uow.session, prepared, ctx, lambda done: step(int(5 + 25 * done), "")
            )
            report = ImportReport(prepared, rows, False, notes=ctx.state.get("notes", []))
            step(30, "")
            if not _has_changes(rows):
                raise _NothingToDo
            batch = start_batch(ledger, uow, ctx, report, backup=backup)
            step(45, "")
            apply(uow)
            step(90, "")  # the last chance to cancel: after this it commits
            batch.counts = report.counts
            if remember_mapping:
                save_mapping(uow.session, prepared.mapping)
            report.batch_id = batch.id
            changes = uow.changes
    except _NothingToDo:
        pass
    except RowFailed as exc:
        assert report is not None
        report.aborted = exc.row
        report.batch_id = None
        report.backup_path = None
    assert report is not None
    locate_problems(report.rows, prepared.mapping)
    return report, changes


def start_batch(
    ledger: Ledger, uow: Any, ctx: Context, report: ImportReport, *, backup: bool
) -> ImportBatch:
    """The automatic backup (when asked), then the :class:`ImportBatch` that every change of
    this import is tagged with, so undo finds them."""
    prepared = report.prepared
    if backup:
        report.backup_path = labelled_backup(ledger.path, "before-import")
    batch = ImportBatch(
        actor=uow.actor,
        kind=prepared.kind,
        file_name=Path(prepared.book.path).name,
        sheet=prepared.book.sheet,
        counts={},
        state=ImportState.APPLIED,
        backup_path=str(report.backup_path or ""),
    )
    uow.session.add(batch)
    uow.session.flush()
    uow.batch_id = ctx.batch_id = batch.id
    return batch


def _evaluate(
    session: Any,
    prepared: Prepared,
    ctx: Context,
    done: Callable[[float], None] = lambda _share: None,
    *,
    writing: bool = True,
) -> tuple[Sequence[Row], Callable[[Any], None]]:
    """Every row's outcome for a prepared sheet, and how to write the planned rows (only
    when ``writing``: a preview skips what only writing needs).

    Sales and purchase history go through :class:`HistoryStream` in chunks, as a streamed
    file does, so the wizard gets the same speed and small memory as the command line;
    ``done`` hears the share of rows evaluated after each chunk (and may raise to cancel).
    """
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.importing.kinds.history_stream import HistoryStream

    handler = prepared.handler
    prepared.table = without_trailing_totals(prepared.table, prepared.mapping, handler.fields)
    if isinstance(handler, HistoryHandler):
        lines = HistoryStream(handler, session, ctx, writing=writing)
        data = prepared.table.rows
        for start in range(0, len(data), CHUNK_ROWS):
            lines.add_chunk(data[start : start + CHUNK_ROWS], prepared.mapping)
            done(min(1.0, (start + CHUNK_ROWS) / len(data)))
        lines.finish(session)
        return lines.rows, lines.apply
    rows = parse_rows(prepared.table.rows, prepared.mapping, handler.fields)
    handler.evaluate(session, rows, ctx)
    return rows, lambda uow: handler.apply(uow, rows, ctx)


def _has_changes(rows: Sequence[Row]) -> bool:
    tally = counts(rows)
    return bool(tally["new"] or tally["updated"])


STREAMED_KINDS = ("sales_history", "purchase_history")
#: From this size a file is first read only to its first rows (to guess its kind, for the
#: wizard's first pages); a sales or purchase history is then imported streamed.
STREAM_BYTES = 16 * 1024 * 1024
CHUNK_ROWS = 5_000  # small: the importer starts sooner and waits less for the last chunk


def locate_problems(rows: Sequence[Row], mapping: Mapping) -> None:
    """Point problems found while matching at the cell they are about."""
    issues = getattr(rows, "with_issues", None)
    for row in issues() if issues is not None else rows:
        if any(i.column is None and i.field for i in row.errors):
            row.errors = [
                replace(i, column=mapping.fields.get(i.field))
                if i.column is None and i.field
                else i
                for i in row.errors
            ]
