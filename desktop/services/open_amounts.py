"""The open amount of a document: one definition, in SQL, for every reader.

Plain Python with no SQLAlchemy, so the read side that paints lists (``desktop.queries``,
raw sqlite3 for speed) and the services (``receivables.open_items``, returns, payments)
share the very same expression.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def open_amount_sql(doc: str = "d", until: str | None = None) -> str:
    """The open amount of the document aliased ``doc``, as SQL giving fen: the one
    definition every list, screen and service reads. It is the document's entries (its
    effect on the balance), less what was allocated to it, plus what it allocated to
    others: what is still owed on a bill; minus what is still unapplied of a receipt,
    payment or return. ``until``: a bound date parameter (``:as_of``) to read it as of then.
    """

    def upto(column: str) -> str:
        return f" AND {column} <= {until}" if until else ""

    return (
        "(COALESCE((SELECT SUM(oe.amount) FROM party_entry oe"
        f" WHERE oe.document_id = {doc}.id{upto('oe.entry_date')}), 0)"
        " - COALESCE((SELECT SUM(oa.amount) FROM allocation oa"
        f" WHERE oa.to_document_id = {doc}.id{upto('oa.alloc_date')}), 0)"
        " + COALESCE((SELECT SUM(ob.amount) FROM allocation ob"
        f" WHERE ob.from_document_id = {doc}.id{upto('ob.alloc_date')}), 0))"
    )


def maybe_open_sql(doc: str, as_of: str) -> str:
    """Whether the document aliased ``doc`` may have something open as of ``as_of`` (a bound
    date parameter), as SQL: not marked settled (``Document.settled_on``, set by
    ``posting.settle``) on or before that day. A document settled then has no entry or
    allocation after its mark, so its open amount is 0 from that day on: readers of open
    amounts as of a day (aging, cash expected, the credit check's overdue days) skip it
    instead of summing its history. ``zhangfang check`` (``settled_marks_hold``) holds the
    marks to this."""
    return f"({doc}.settled_on IS NULL OR {doc}.settled_on > {as_of})"


def maybe_open_ids_sql(where: str, as_of: str) -> str:
    """The ids of the documents matching ``where`` that may be open as of ``as_of``: the
    rule of :func:`maybe_open_sql` as two reads a ``(party_id, kind, settled_on)`` index
    answers directly (one party's history is not read at all)."""
    return (
        f"SELECT id FROM document WHERE {where} AND settled_on IS NULL"
        f" UNION ALL SELECT id FROM document WHERE {where} AND settled_on > {as_of}"
    )


def days_past_due_sql(open_: str, due: str, as_of: str) -> str:
    """Days a document is past its due date as of ``as_of``, as SQL: 0 unless something is
    still owed on it (``open_`` > 0) and it has a due date. Aging, the credit check's
    overdue days and statements read this; :func:`days_past_due` is the same rule for a
    row already read (the bill lists' red column)."""
    return (
        f"(CASE WHEN {open_} > 0 AND {due} IS NOT NULL"
        f" THEN MAX(0, CAST(julianday({as_of}) - julianday({due}) AS INTEGER)) ELSE 0 END)"
    )


def days_past_due(open_: Decimal | int | None, due: date | None, as_of: date) -> int:
    """:func:`days_past_due_sql` for values already in hand."""
    if due is None or not open_ or open_ <= 0:
        return 0
    return max(0, (as_of - due).days)
