"""What printing a document records, in one place for every writer.

A print counts: the document's ``print_count`` goes up by one (the next copy says 补打)
and the ``document.print`` intent is queued, so every copy of the ledger counts it too.
The unit of work writes it for the window, the preview and sync's replay
(:func:`record_in_unit`); ``zhangfang print NUMBER`` writes it on a plain sqlite3
connection (:func:`record_plain`), so printing one document loads no ORM (issue 18).
Both run :data:`BUMP` with the same stamp format and queue :func:`print_args`; the plain
outbox row is the unit of work's (``tests/core/printing/test_plain_print.py`` compares the
rows each leaves).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import TYPE_CHECKING, Any

from desktop.sync import outbox_sql

if TYPE_CHECKING:
    from desktop.services.uow import UnitOfWork

INTENT = "document.print"
#: the count, and ``updated_at`` as the ORM's ``onupdate`` sets it on any update
BUMP = "UPDATE document SET print_count = print_count + 1, updated_at = ? WHERE id = ?"


def print_args(doc_id: uuid.UUID, number: str) -> dict[str, Any]:
    """The intent's arguments, as text already (what ``jsonable`` makes of them)."""
    return {"id": str(doc_id), "number": number}


def record_in_unit(uow: UnitOfWork, doc_id: uuid.UUID, args: dict[str, Any]) -> None:
    """Count one print of ``doc_id`` in ``uow`` and queue its intent with ``args``."""
    uow.session.connection().exec_driver_sql(BUMP, (outbox_sql.stamp(), doc_id.hex))
    uow.touch("document", doc_id)
    uow.record(INTENT, args)


def record_plain(conn: sqlite3.Connection, doc_id: uuid.UUID, number: str, actor: str) -> int:
    """Count one print on ``conn`` in one transaction, with the outbox row the unit of work
    would queue (``made`` empty: a print makes no rows); the count after it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(BUMP, (outbox_sql.stamp(), doc_id.hex))
        args = json.dumps({**print_args(doc_id, number), "made": []})  # the JSON type's dumps
        conn.execute(outbox_sql.INSERT, outbox_sql.row(actor, INTENT, args))
        (count,) = conn.execute(
            "SELECT print_count FROM document WHERE id = ?", (doc_id.hex,)
        ).fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(count)
