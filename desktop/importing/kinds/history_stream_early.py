"""A streamed history's lines written while the file is still being read.

Inserting the lines of a big history is the largest single step of its import (1.7 s of
541,909 lines), and it used to wait for the last row: until then the importer is idle
about a third of the time, waiting for the reader. Here each chunk's lines go into
``document_line`` as soon as they are worked out, before their bills exist, in a unit
whose references are checked at commit (``Ledger.unit(refs_checked_at_commit=True)``:
foreign keys off, every added row's references checked before the commit).

Which lines go early, so that what is finally written is what the import decides:

* only lines of bills whose reference was not imported before (a re-run writes nothing);
* only lines with a positive quantity: a bill all of whose quantities are negative is
  written as a return, by another path, and a bill's other lines go with it at the end;
* a line taken back (the scan found it was the next table's title) is deleted again, and
  so are the lines of every bill that turns out not to be imported (an error on one of its
  lines, another date or party under the same number).

The plain indexes of ``document_line`` are dropped before the first line of a big import
and built again once its lines are in, as ``bulk.write_documents`` does for the bills: in a
thread, while the bills are checked in Python (:meth:`EarlyLines.start_rebuild`; about 0.3 s
of the 541,909-line log's import, interleaved A/B).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable

from sqlalchemy.orm import Session

from desktop.importing.kinds import bulk
from desktop.importing.kinds.bulk import DEFER_INDEX_ROWS, LINE, defer_indexes, execute_many
from desktop.importing.kinds.bulk_rows import LineRow


def written_early(row: LineRow) -> bool:
    """Whether a line of a bill not imported before goes in early (see the module doc):
    the one rule the stream applies when it writes, takes back and finishes lines."""
    return row.qty > 0


class EarlyLines:
    """The lines written so far and what it takes to undo or finish them."""

    def __init__(self, session: Session) -> None:
        self._conn = session.connection()
        self.pending: list[LineRow] = []  # worked out, not yet inserted
        self.expected = 0  # lines the file may hold (its rows): decides the index drop
        self._first_rowid: int | None = None
        self._dropped: list[str] = []
        self._taken_back: list[str] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def flush(self) -> None:
        """Insert the lines worked out since the last call."""
        if not self.pending:
            return
        if self._first_rowid is None:
            before = self._conn.exec_driver_sql("SELECT max(rowid) FROM document_line").scalar()
            self._first_rowid = (before or 0) + 1
            if self.expected >= DEFER_INDEX_ROWS:
                self._dropped = defer_indexes(self._conn, {"document_line": self.expected})
        execute_many(self._conn, LINE, self.pending)
        self.pending = []

    def take_back(self, row: LineRow) -> None:
        """A line retracted after it was worked out: not written, or deleted at the end."""
        if self.pending and self.pending[-1] is row:
            self.pending.pop()
        elif row in self.pending:
            self.pending.remove(row)
        else:
            self._taken_back.append(row.id)

    def drop_bills(self, bill_ids: Iterable[str]) -> None:
        """Delete the early lines of bills that are not written after all, and the lines
        taken back; only rows this import added are looked at."""
        self.flush()
        ids = list(bill_ids)
        if self._first_rowid is None or not (ids or self._taken_back):
            return
        self._conn.exec_driver_sql(
            "DELETE FROM document_line WHERE rowid >= ? AND (document_id IN "
            "(SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?)))",
            (self._first_rowid, json.dumps(ids), json.dumps(self._taken_back)),
        )
        self._taken_back = []

    def start_rebuild(self) -> None:
        """Build the dropped indexes again in a thread, once every line is in: SQLite lets
        go of the GIL while it sorts, so the bills are checked in Python meanwhile
        (``HistoryStream.finish``). The connection is the thread's until :meth:`wait`."""
        self.flush()
        if not self._dropped:
            return
        statements, self._dropped = self._dropped, []
        dbapi = self._conn.connection.driver_connection
        assert dbapi is not None

        def build() -> None:
            try:
                for sql in statements:
                    dbapi.execute(sql)
            except BaseException as exc:  # raised on the importing thread by wait()
                self._error = exc

        self._thread = threading.Thread(target=build, name="index-rebuild", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the rebuild (before the connection is used again); its error, if any."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def rebuild_indexes(self) -> None:
        """Build the indexes dropped for the early lines again, if not done already."""
        self.wait()
        bulk.rebuild_indexes(self._conn, self._dropped)
        self._dropped = []
