"""The open amount of a document: one definition, in SQL, for every reader.

Plain Python with no SQLAlchemy, so the read side that paints lists (``desktop.queries``,
raw sqlite3 for speed) and the services (``receivables.open_items``, returns, payments)
share the very same expression.
"""

from __future__ import annotations


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
