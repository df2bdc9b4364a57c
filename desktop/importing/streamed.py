"""The streamed import of a big sales or purchase history: read, scan, parse and evaluate
chunk by chunk, keeping one small tuple per line (``HistoryStream``); the outcome is the same
as the whole-grid path of :mod:`desktop.importing.plan` (tests compare them).

The command line streams every history file; the wizard streams a big one, with the header
row, mapping and date order the user settled (:func:`stream_import`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.gc_pauses import no_gc_pauses
from desktop.importing import plan
from desktop.importing.kinds.base import ImportOptions, RowFailed, import_context
from desktop.importing.parsed_stream import ParsedStream, ScanPlan, open_parsed_stream
from desktop.importing.plan import (
    ImportReport,
    Prepared,
    Step,
    handler_for,
    locate_problems,
    no_rows_error,
    no_step,
    prepare_book,
    start_batch,
)
from desktop.importing.reader import Limits, Workbook
from desktop.importing.rows import ParsedColumns
from desktop.services.firm import get_firm
from desktop.services.ledger import Ledger
from desktop.services.uow import Changes

#: How the sheet's first rows become a prepared import: table, kind and mapping.
Prepare = Callable[[Workbook, Session], Prepared]


def guess_history(
    path: str | Path, sheet: str | int | None, limits: Limits | None
) -> tuple[str | None, str | None, ParsedStream | None]:
    """A big file given no kind, from its first rows only: (kind, runner-up, the open
    stream) when it is a sales or purchase history, to be streamed on from that same stream
    (a second reader would load the whole sheet again: seconds for a big file); else
    (None, None, None) to read it whole."""
    from desktop.importing.header import find_table
    from desktop.importing.kind_guess import guess_for_table

    source = open_parsed_stream(path, sheet, limits)
    try:
        kind, runner_up = guess_for_table(find_table(source.book.rows))
    except BaseException:
        source.close()
        raise
    if kind not in plan.STREAMED_KINDS:
        source.close()
        return None, None, None
    return kind, runner_up, source


def run_streamed(
    ledger: Ledger,
    path: str | Path,
    kind: str,
    sheet: str | int | None,
    options: ImportOptions,
    overrides: dict[str, str | None] | None,
    *,
    dry_run: bool,
    backup: bool,
    limits: Limits | None,
    remember_mapping: bool,
    source: ParsedStream | None = None,
) -> ImportReport:
    """``zhangfang import`` of a history file: the table, kind and mapping found as for
    any file (``prepare_book``), then :func:`stream_import` (from ``source`` when the
    kind was guessed from it)."""
    from desktop.importing.mappings import load_mapping

    date_order = options.date_order

    def prepare(book: Workbook, session: Session) -> Prepared:
        return prepare_book(
            book, kind, lambda headers, k: load_mapping(session, headers, k), overrides
        )

    return stream_import(
        ledger,
        path,
        kind,
        sheet,
        prepare,
        options,
        dry_run=dry_run,
        backup=backup,
        limits=limits,
        remember_mapping=remember_mapping,
        date_order=date_order,
        source=source,
    )[0]


# Hundreds of thousands of small tuples and rows, none in a reference cycle: the cyclic
# collector would walk all of them again and again as they pile up (time grows faster than
# the file); it is paused for the import and runs once at the end.
@no_gc_pauses()
def stream_import(
    ledger: Ledger,
    path: str | Path,
    kind: str,
    sheet: str | int | None,
    prepare: Prepare,
    options: ImportOptions,
    *,
    dry_run: bool,
    backup: bool = True,
    limits: Limits | None = None,
    remember_mapping: bool = True,
    date_order: str | None = None,
    step: Step = no_step,
    source: ParsedStream | None = None,
) -> tuple[ImportReport, Changes | None]:
    """Preview (``dry_run``) or commit a ``kind`` of history file read in chunks, by a
    reader process when it is big, keeping one small tuple per line (see ``HistoryStream``);
    ``prepare`` finds the table and mapping in the sheet's first rows.

    ``date_order`` reads ambiguous text dates; ``step`` hears the progress after each chunk
    and may raise to cancel, which rolls everything back. ``source``: the file already
    opened (``guess_history``), closed here as a stream opened here is. Returns the report
    and what changed (None when nothing was written).
    """
    from desktop import search_keys
    from desktop.importing.date_order import settle
    from desktop.importing.header import start_table
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.importing.kinds.history_stream import HistoryStream
    from desktop.importing.mappings import save_mapping
    from desktop.importing.pinyin_peek import may_need_pinyin

    reading_share = 85 if dry_run else 60  # of the progress bar: the rest is writing
    handler = handler_for(kind)
    assert isinstance(handler, HistoryHandler)
    if source is None:
        source = open_parsed_stream(path, sheet, limits)  # a reader process starts loading
    changes: Changes | None = None
    report: ImportReport | None = None
    try:
        step(2, "")
        if not dry_run and may_need_pinyin(Path(path)):
            search_keys.load()  # needed to write new records; meanwhile the reader loads
        with ledger.read() as session:
            default_rate = get_firm(session).default_tax_rate
            ctx = import_context(options, kind, Path(path).name, default_rate, session)
        # a commit holds the write lock from the start (numbers and codes read stay true),
        # is shown at once (the log is copied into the file later), and writes the lines as
        # they come, before their bills: their references are checked once at the end
        # instead of by SQLite on each row (``history_stream_early``); a preview only reads
        with ledger.unit(
            checkpoint_later=not dry_run, preview=dry_run, refs_checked_at_commit=not dry_run
        ) as uow:
            # the ledger's customers, suppliers and products are looked up (about a second
            # for 20,000 products) while the reader is still loading the sheet
            lines = HistoryStream(handler, uow.session, ctx, writing=not dry_run, early=True)
            prepared = prepare(source.book, uow.session)
            if prepared.kind != kind:
                raise ValueError(f"prepared as {prepared.kind!r}, streamed as {kind!r}")
            prepared.handler = handler
            # the rows read so far say how the dates read
            date_order = settle(prepared.table.rows, prepared.mapping, handler.fields, date_order)
            prepared.table = start_table(
                source.book.rows, kind=kind, header_index=prepared.table.header_index
            )
            table = prepared.table
            report = ImportReport(prepared, [], dry_run)
            height = max(1, source.book.row_count)
            if lines.early is not None:
                lines.early.expected = height
            step(5, "")

            def add(parsed: ParsedColumns) -> None:
                lines.add_parsed(parsed)
                if parsed.excel_rows:
                    done = min(1.0, parsed.excel_rows[-1] / height)
                    step(int(5 + (reading_share - 5) * done), "")

            scan = ScanPlan(
                table, kind, prepared.mapping, handler.fields, plan.CHUNK_ROWS, date_order
            )
            end = source.run(scan, add, lines.retract)
            prepared.table = end.table  # the reader's copy, with the rows it skipped
            if not end.rows:
                raise no_rows_error(source.book, end.table)
            lines.finish(uow.session)
            rows = lines.rows
            report.rows = rows
            report.notes = ctx.state.get("notes", [])
            step(reading_share, "")
            if dry_run or not lines.has_new():
                uow.session.rollback()
                locate_problems(rows, prepared.mapping)
                return report, None
            batch = start_batch(ledger, uow, ctx, report, backup=backup)
            step(reading_share + 5, "")
            try:
                lines.apply(uow)
            except RowFailed as exc:
                report.aborted = exc.row
                raise
            step(95, "")  # the last chance to cancel: after this it commits
            batch.counts = report.counts
            if remember_mapping:
                save_mapping(uow.session, prepared.mapping)
            report.batch_id = batch.id
            changes = uow.changes
    except RowFailed:
        assert report is not None  # rows fail only once they are read
        report.batch_id = None
        changes = None
    finally:
        source.close()
    locate_problems(report.rows, report.prepared.mapping)
    return report, changes
