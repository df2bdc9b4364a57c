"""The import pipeline as the wizard drives it: read once, map, preview, commit.

Qt-free, so it is type-checked and tested with the core; the wizard's pages
(``desktop.views.importer``) only lay it out and call it on worker threads. The wizard
reads the file once, lets the user choose the header row, the mapping and a date order for
ambiguous dates, and then hands the prepared sheet to the same preview and commit as ``zhangfang import``
(:func:`desktop.importing.plan.preview_prepared` / ``commit_prepared``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.importing.date_order import needing_order, orders_fitting, settle
from desktop.importing.errors import ImportFileError
from desktop.importing.header import Table, find_table
from desktop.importing.kind_guess import SAMPLE_ROWS, guess_for_table
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.mapping import KINDS, Mapping, auto_map, rank_kinds
from desktop.importing.parsed_stream import open_parsed_stream
from desktop.importing.plan import (
    STREAM_BYTES,
    STREAMED_KINDS,
    ImportReport,
    Prepared,
    Step,
    commit_prepared,
    handler_for,
    no_step,
    preview_prepared,
    with_extra_synonyms,
)
from desktop.importing.reader import Workbook, read_workbook
from desktop.importing.rows import FieldSpec, with_date_order
from desktop.importing.safety import file_at_least
from desktop.importing.values import DATE_ORDERS, detect_date_order

if TYPE_CHECKING:
    from desktop.importing.undo import UndoReport
    from desktop.services.ledger import Ledger
    from desktop.services.uow import Changes

#: file types the wizard offers (the reader also takes .xlsb/.et/.txt/.tsv)
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb", ".et", ".txt", ".tsv")


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
    #: the date orders all those columns read under (the only ones the wizard offers), and
    #: one of their dates that needs the choice (``date_choices``)
    date_orders: list[str] = field(default_factory=list)
    date_example: str = ""
    #: when the kind was guessed: the next most plausible one (shown beside the guess)
    runner_up: str | None = None


# From plan.STREAM_BYTES (about 250,000 lines of a sales ledger) a file is read only to
# its first rows for the wizard's first pages; a history file is then previewed and
# imported streamed (as ``zhangfang import`` does), any other kind read whole.


def read(path: str | Path, sheet: str | int | None = None, step: Step = no_step) -> Workbook:
    """Read one sheet (raises ImportFileError with the plain message); a big file only to
    its first rows (``book.partial``)."""
    step(5, "")
    if file_at_least(Path(path), STREAM_BYTES):
        # the first rows come from a reader process: loading the sheet takes hundreds of MB
        # that this (long-lived) process would not give back
        source = open_parsed_stream(path, sheet, None)
        try:
            book = source.book
        finally:
            source.close()
    else:
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
    runner_up = None
    chosen = kind
    if chosen is None:
        chosen, runner_up = guess_for_table(table)
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
    result.date_orders, result.date_example = date_choices(result)
    result.runner_up = runner_up
    return result


def analyse_saved(
    ledger: Ledger, book: Workbook, kind: str | None = None, header_index: int | None = None
) -> Analysis:
    """:func:`analyse` with the mappings this ledger remembers for a header layout."""
    from desktop.importing.mappings import load_mapping

    with ledger.read() as session:
        return analyse(
            book, kind, header_index, lambda headers, k: load_mapping(session, headers, k)
        )


def ranked_kinds(headers: list[str], table: Table | None = None) -> list[str]:
    """Every kind, most plausible first (by the values under the header too, given the
    table)."""
    rows = [r.cells for r in table.rows[:SAMPLE_ROWS]] if table is not None else None
    order = [k for k, _score in rank_kinds(headers, rows)] if headers else []
    return order + [k for k in KINDS if k not in order]


#: how many first rows of a date column the wizard reads its order from
DATE_SAMPLE_ROWS = 2000


def ambiguous_dates(analysis: Analysis) -> list[str]:
    """Date fields whose first rows read under more than one day/month order: the wizard
    asks the user which order the file uses."""
    if analysis.kind is None or analysis.mapping is None:
        return []
    out = []
    for spec in handler_for(analysis.kind).fields:
        col = analysis.mapping.fields.get(spec.name)
        if spec.type != "date" or col is None:
            continue
        samples = [r.get(col) for r in analysis.table.rows[:DATE_SAMPLE_ROWS]]
        if len(orders_fitting(samples)) > 1:
            out.append(spec.name)
    return out


def date_choices(analysis: Analysis) -> tuple[list[str], str]:
    """What the wizard asks about ambiguous dates: the orders every ambiguous date column
    reads under, in ``DATE_ORDERS``' order (``12/01/2010`` fits day first and month first,
    never year first), and one of the file's dates that needs the choice."""
    if not analysis.ambiguous_dates:
        return [], ""
    assert analysis.mapping is not None
    fitting = set(DATE_ORDERS)
    examples: list[str] = []
    for name in analysis.ambiguous_dates:
        col = analysis.mapping.fields[name]
        needing = needing_order(r.get(col) for r in analysis.table.rows[:DATE_SAMPLE_ROWS])
        fitting &= set(detect_date_order(needing))
        examples += needing
    return [order for order in DATE_ORDERS if order in fitting], min(examples, default="")


def walk_in_default(analysis: Analysis, mapping: Mapping) -> bool:
    """Whether the 散客 box starts ticked: the rule the import applies when nobody chooses
    (``history_rules.walk_in_wanted``), on the rows read for the first pages."""
    from desktop.importing.kinds.history_rules import walk_in_wanted
    from desktop.importing.values import is_empty

    if analysis.kind != "sales_history":
        return False
    cols = [
        c for c in (mapping.fields.get("party_code"), mapping.fields.get("party")) if c is not None
    ]
    rows = analysis.table.rows
    blank = sum(1 for r in rows if all(is_empty(r.get(c)) for c in cols))
    return walk_in_wanted(None, blank, len(rows))


def chosen_mapping(analysis: Analysis, fields: dict[str, int]) -> Mapping:
    """The mapping the user settled (field → column) over the analysed table; the named
    columns that feed no field are kept as ``unmapped``."""
    assert analysis.kind is not None
    headers = list(analysis.table.headers)
    used = set(fields.values())
    unmapped = [i for i, h in enumerate(headers) if h and i not in used]
    return Mapping(analysis.kind, fields, headers, unmapped)


def missing_required(analysis: Analysis, mapping: Mapping) -> list[FieldSpec]:
    """The kind's required fields the mapping leaves without a column."""
    assert analysis.kind is not None
    return [
        f for f in handler_for(analysis.kind).fields if f.required and f.name not in mapping.fields
    ]


def unrecognised(book: Workbook) -> ImportFileError:
    """The plain message for a sheet where no kind's header is found."""
    return ImportFileError(
        "unrecognised",
        f"在工作表“{book.sheet}”中找不到可识别的表头（如 客户名称、商品名称、单号、金额）。"
        "请确认选择了正确的工作表和表头所在行，或在下面选择要导入的类型。",
        f"Nothing recognisable in sheet '{book.sheet}' (no header such as customer name, "
        "product name, order number, amount). Check the sheet and the header row, or choose "
        "what the file holds below.",
    )


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

    @property
    def streamed(self) -> bool:
        """A big history file: previewed and imported chunk by chunk from the file."""
        return self.analysis.book.partial and self.kind in STREAMED_KINDS

    def prepared(self) -> Prepared:
        a = self.analysis
        book, table = a.book, a.table
        if book.partial:  # read to its first rows for the first pages: now all of it
            book = read_workbook(book.path, book.sheet)
            table = find_table(book.rows, kind=self.kind, header_index=table.header_index)
        fields = handler_for(self.kind).fields
        order = settle(table.rows, self.mapping, fields, self.date_order, refuse=False)
        table = replace(table, rows=with_date_order(table.rows, self.mapping, fields, order))
        return Prepared(book, table, self.kind, self.mapping, handler_for(self.kind), a.source)


def preview(ledger: Ledger, plan: Plan, step: Step = no_step) -> ImportReport:
    """Every row's outcome and reason; nothing written."""
    if plan.streamed:
        return _streamed(ledger, plan, step, dry_run=True)[0]
    return preview_prepared(ledger, plan.prepared(), plan.options, step=step)


def commit(ledger: Ledger, plan: Plan, step: Step = no_step) -> tuple[ImportReport, Changes | None]:
    """Write the plan in one unit of work after the automatic backup; ``step`` may raise to
    cancel, which rolls everything back. Returns the report and what changed."""
    if plan.streamed:
        return _streamed(ledger, plan, step, dry_run=False)
    return commit_prepared(ledger, plan.prepared(), plan.options, step=step)


def _streamed(
    ledger: Ledger, plan: Plan, step: Step, *, dry_run: bool
) -> tuple[ImportReport, Changes | None]:
    """The plan's header row, mapping and date order, over the file read again in chunks."""
    from desktop.importing.header import start_table
    from desktop.importing.streamed import stream_import

    a = plan.analysis

    def prepare(book: Workbook, _session: Any) -> Prepared:
        table = start_table(book.rows, kind=plan.kind, header_index=a.table.header_index)
        return Prepared(book, table, plan.kind, plan.mapping, handler_for(plan.kind), a.source)

    report, changes = stream_import(
        ledger,
        a.book.path,
        plan.kind,
        a.book.sheet,
        prepare,
        plan.options,
        dry_run=dry_run,
        date_order=settle(
            a.table.rows, plan.mapping, handler_for(plan.kind).fields, plan.date_order, refuse=False
        ),
        step=step,
    )
    if changes is not None:
        # the commit left its pages in the write-ahead log; copy them now, while the
        # progress dialog is up, rather than in the middle of the user's next save
        step(99, "")
        ledger.checkpoint()
    return report, changes


def undo(ledger: Ledger, batch_id: str) -> UndoReport:
    """Undo one import batch (the history dialog's button)."""
    from desktop.importing.undo import undo_batch

    return undo_batch(ledger, batch_id)


def batches(ledger: Ledger) -> list[dict[str, Any]]:
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
