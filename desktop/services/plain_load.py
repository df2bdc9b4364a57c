"""An order a step works on, read with one plain statement and made the session's loaded
objects: the document, its party and its lines.

Confirm, deliver and bill each start from the order with its party and lines. Read through
the ORM (a joined load), the statement's building, cache key and the loader's row handling
cost several times what SQLite takes to answer; here the statement is written once, its
values converted by the columns' own types (as the ORM converts them), and the objects
made as the ORM's loader makes them: afterwards the session works with them exactly as
with objects it loaded (changes flush, other relationships load on access).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from desktop.models import Document, DocumentLine, Party
from desktop.services.attach import attach_loaded


class _Columns:
    """A model's columns in a plain SELECT under an alias, and how to make objects of them."""

    def __init__(self, model: type[Any], alias: str) -> None:
        mapper = inspect(model)
        self.model = model
        self.manager = mapper.class_manager
        self.keys = [prop.key for prop in mapper.column_attrs]
        self.columns = [prop.columns[0] for prop in mapper.column_attrs]
        self.sql = ", ".join(f"{alias}.{column.name}" for column in self.columns)
        self._processors: list[Any] | None = None

    def processors(self, dialect: Dialect) -> list[Any]:
        if self._processors is None:
            self._processors = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.columns
            ]
        return self._processors

    def make(self, values: tuple[Any, ...], processors: list[Any]) -> Any:
        """A new object holding ``values`` (as stored) as loaded; not yet the session's."""
        obj = self.manager.new_instance()
        converted = [p(v) if p is not None else v for p, v in zip(processors, values, strict=True)]
        obj.__dict__.update(zip(self.keys, converted, strict=True))
        return obj


_DOC = _Columns(Document, "d")
_PARTY = _Columns(Party, "p")
_LINE = _Columns(DocumentLine, "l")
#: the order, its party and its lines in line order (the lines relationship's order)
_ORDER_SQL = (
    f"SELECT {_DOC.sql}, {_PARTY.sql}, {_LINE.sql} FROM document d"
    " LEFT JOIN party p ON p.id = d.party_id"
    " LEFT JOIN document_line l ON l.document_id = d.id"
    " WHERE d.id = ? ORDER BY l.line_no"
)


def document_with_party(session: Session, doc_id: uuid.UUID) -> Document | None:
    """The document ``doc_id`` with its party and lines, as the session's loaded objects;
    None when there is no such document, or when the session holds it or one of its lines
    already (the caller reads it the usual way then)."""
    held = session.identity_map
    if identity_key(Document, doc_id) in held:
        return None
    if session.autoflush:  # what is pending goes first, as the ORM's query would flush it
        session.flush()
    conn = session.connection()
    rows = conn.exec_driver_sql(_ORDER_SQL, (doc_id.hex,)).fetchall()
    if not rows:
        return None
    dialect = conn.dialect
    n_doc, n_party = len(_DOC.keys), len(_PARTY.keys)
    first = rows[0]
    doc = _DOC.make(first[:n_doc], _DOC.processors(dialect))
    party: Any = None
    if doc.party_id is not None:
        party = held.get(identity_key(Party, doc.party_id))
        if party is None:
            party = _PARTY.make(first[n_doc : n_doc + n_party], _PARTY.processors(dialect))
    lines: list[Any] = []
    processors = _LINE.processors(dialect)
    line_id = n_doc + n_party + _LINE.keys.index("id")
    for row in rows:
        if row[line_id] is None:  # no lines (the outer join's one row)
            continue
        line = _LINE.make(row[n_doc + n_party :], processors)
        if identity_key(DocumentLine, line.id) in held:
            return None
        set_committed_value(line, "document", doc)
        lines.append(line)
    set_committed_value(doc, "party", party)
    set_committed_value(doc, "lines", lines)
    fresh = party is not None and inspect(party).transient
    attach_loaded(session, (*lines, doc, party) if fresh else (*lines, doc))
    return doc


_BY_ID: dict[type[Any], tuple[_Columns, str]] = {}


def by_id(session: Session, model: type[Any], ident: uuid.UUID) -> Any:
    """The row ``ident`` of ``model`` (keyed by ``id``) as the session's loaded object: the
    one the session holds, or read with one plain statement; None when there is none."""
    if identity_key(model, ident) in session.identity_map:
        return session.get(model, ident)
    known = _BY_ID.get(model)
    if known is None:
        columns = _Columns(model, "t")
        table = inspect(model).local_table.name
        known = _BY_ID[model] = (columns, f"SELECT {columns.sql} FROM {table} t WHERE t.id = ?")
    columns, sql = known
    if session.autoflush:  # what is pending goes first, as the ORM's query would flush it
        session.flush()
    conn = session.connection()
    row = conn.exec_driver_sql(sql, (ident.hex,)).first()
    if row is None:
        return None
    obj = columns.make(tuple(row), columns.processors(conn.dialect))
    attach_loaded(session, (obj,))
    return obj
