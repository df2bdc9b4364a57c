"""The trigram search index filled once for records added in bulk, not row by row.

Migration 0012 keeps each table's search index (``product_search``, ``party_search``) in
step with a trigger per inserted row. That trigger costs about 60 µs a row in FTS5 (the
index is opened and updated for one row at a time): 0.25 s for the 4,000 products a big
sales history creates, against 0.04 s for the same entries added by one statement. For a
batch at least :data:`SEARCH_BULK_ROWS` long the insert trigger is set aside while the
rows go in and the batch's entries are added by one ``INSERT … SELECT`` afterwards; the
trigger's own SQL is read back from the schema and put back as it was. Trigger DDL is
transactional in SQLite: a unit that fails is rolled back with the trigger in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop.importing.kinds.bulk import open_transaction
from desktop.search_keys import SEARCH_INDEX

#: below this many rows the per-row trigger is cheaper than changing the schema (every
#: other connection reads the schema again after a change)
SEARCH_BULK_ROWS = 500


@contextmanager
def search_index_after(conn: Any, table: str, count: int) -> Iterator[None]:
    """Around inserting ``count`` rows into ``table`` (``product`` or ``party``) on
    ``conn`` (a SQLAlchemy connection inside the unit's transaction): the rows added
    inside get their search-index entries in one statement at the end, on success or
    not, so the index always matches the rows that are there."""
    fts = SEARCH_INDEX.get(table)
    trigger = f"{fts}_insert"
    sql = None
    if fts is not None and count >= SEARCH_BULK_ROWS:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
        ).scalar()
    if sql is None:  # a small batch, or a ledger without the index: row by row
        yield
        return
    open_transaction(conn)  # before the DDL, which would otherwise stay on its own
    start = conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').scalar()
    conn.exec_driver_sql(f'DROP TRIGGER "{trigger}"')
    try:
        yield
    finally:
        conn.exec_driver_sql(
            f'INSERT INTO "{fts}"(rowid, search_key) '
            f'SELECT rowid, search_key FROM "{table}" WHERE rowid > ?',
            (start,),
        )
        conn.exec_driver_sql(sql)
