"""Imported bills that an undo deleted, kept as stored in the audit trail.

An ``import.bills`` intent names its bills by key, and the outbox reader adds their rows
when the intent leaves the desk (``bulk_sync.expand_bills``). Undoing the import deletes the
closed history records nothing points to; if the intent has not left the desk yet, their
rows are read back from the deletion's audit entry, so another copy still makes the bills
the import made (and the ``import.undo`` intent then deletes them there too).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from desktop.importing.kinds.bulk_rows import DocRow, LineRow

CHUNK = 500  # ids per IN (...): SQLite caps bound variables


def stored_bills(conn: Any, ids: list[str]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The ``document`` rows (as :class:`DocRow`) and ``document_line`` rows (as
    :class:`LineRow`, in line order) of the bills with these ids (hex), as stored."""
    documents: list[list[Any]] = []
    lines: list[list[Any]] = []
    # the driver's own cursor: a bill's lines by the hundred thousand, each through the
    # result layer's per-row fetch, took several times the query
    raw = conn.connection.driver_connection
    for lo in range(0, len(ids), CHUNK):
        chunk = tuple(ids[lo : lo + CHUNK])
        marks = ",".join("?" * len(chunk))
        documents += map(
            list,
            raw.execute(
                f"SELECT {', '.join(DocRow._fields)} FROM document WHERE id IN ({marks})", chunk
            ).fetchall(),
        )
        lines += map(
            list,
            raw.execute(
                f"SELECT {', '.join(LineRow._fields)} FROM document_line "
                f"WHERE document_id IN ({marks}) ORDER BY document_id, line_no",
                chunk,
            ).fetchall(),
        )
    return documents, lines


def stored_before_delete(conn: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """What the audit entry of each deleted bill keeps: its number, and its row and lines
    as stored, by column name."""
    documents, lines = stored_bills(conn, [i.hex for i in ids])
    kept: dict[str, dict[str, Any]] = {
        row[0]: {
            "number": row[DocRow._fields.index("number")],
            "stored": {"document": dict(zip(DocRow._fields, row, strict=True)), "lines": []},
        }
        for row in documents
    }
    for row in lines:
        kept[row[1]]["stored"]["lines"].append(dict(zip(LineRow._fields, row, strict=True)))
    return {uuid.UUID(hex=key): value for key, value in kept.items()}


def deleted_bills(conn: Any, ids: list[str]) -> tuple[list[list[Any]], list[list[Any]]]:
    """:func:`stored_bills` for bills deleted since (by an undo), from the audit trail."""
    documents: list[list[Any]] = []
    lines: list[list[Any]] = []
    keys = [str(uuid.UUID(hex=i)) for i in ids]
    for lo in range(0, len(keys), CHUNK):
        chunk = tuple(keys[lo : lo + CHUNK])
        marks = ",".join("?" * len(chunk))
        for (before,) in conn.exec_driver_sql(
            "SELECT before FROM audit_log WHERE entity = 'document' AND action = 'delete' "
            f"AND entity_id IN ({marks})",
            chunk,
        ):
            stored = json.loads(before).get("stored") if before else None
            if stored is None:
                continue
            documents.append([stored["document"].get(c) for c in DocRow._fields])
            lines += [[line.get(c) for c in LineRow._fields] for line in stored["lines"]]
    return documents, lines
