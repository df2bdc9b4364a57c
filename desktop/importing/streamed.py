"""The streamed import of a big sales or purchase history: read, scan, parse and evaluate
chunk by chunk, keeping one small tuple per line (``HistoryStream``); the outcome is the same
as the whole-grid path of :mod:`desktop.importing.plan` (tests compare them)."""

from __future__ import annotations

import gc
from pathlib import Path

from desktop.importing import plan
from desktop.importing.kinds.base import Context, ImportOptions, RowFailed
from desktop.importing.plan import (
    ImportReport,
    locate_problems,
    no_rows_error,
    prepare_book,
    start_batch,
)
from desktop.importing.reader import Limits
from desktop.services.firm import get_firm
from desktop.services.ledger import Ledger


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
) -> ImportReport:
    """History files can be huge: read, parse and evaluate them in chunks of rows, keeping
    one small tuple per line (see ``HistoryStream``); the outcome is the same as the
    whole-grid path's."""
    from desktop.importing.header import start_table
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.importing.kinds.history_stream import HistoryStream
    from desktop.importing.mappings import load_mapping, save_mapping
    from desktop.importing.parsed_stream import ScanPlan, open_parsed_stream

    source = open_parsed_stream(path, sheet, limits)
    # Hundreds of thousands of small tuples and rows, none in a reference cycle: the cyclic
    # collector would walk all of them again and again as they pile up (time grows faster
    # than the file); it is paused for the import and runs once at the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with ledger.read() as session:
            prepared = prepare_book(
                source.book,
                kind,
                lambda headers, k: load_mapping(session, headers, k),
                overrides,
            )
            default_rate = get_firm(session).default_tax_rate
        handler = prepared.handler
        assert isinstance(handler, HistoryHandler)
        ctx = Context(options, Path(path).name, None, default_rate)
        table = start_table(source.book.rows, kind=kind, header_index=prepared.table.header_index)
        prepared.table = table
        report = ImportReport(prepared, [], dry_run)
        # a committed import is shown at once; copying the log into the file comes after
        with ledger.unit(checkpoint_later=not dry_run) as uow:
            lines = HistoryStream(handler, uow.session, ctx, writing=not dry_run)
            scan = ScanPlan(table, kind, prepared.mapping, handler.fields, plan.CHUNK_ROWS)
            end = source.run(scan, lines.add_parsed, lines.retract)
            prepared.table = end.table  # the reader's copy, with the rows it skipped
            if not end.rows:
                raise no_rows_error(source.book, end.table)
            lines.finish(uow.session)
            rows = lines.rows
            report.rows = rows
            if dry_run or not lines.has_new():
                uow.session.rollback()
                locate_problems(rows, prepared.mapping)
                return report
            batch = start_batch(ledger, uow, ctx, report, backup=backup)
            try:
                lines.apply(uow)
            except RowFailed as exc:
                report.aborted = exc.row
                raise
            batch.counts = report.counts
            if remember_mapping:
                save_mapping(uow.session, prepared.mapping)
            report.batch_id = batch.id
    except RowFailed:
        report.batch_id = None
    finally:
        source.close()
        if collecting:
            gc.enable()
    locate_problems(report.rows, prepared.mapping)
    return report
