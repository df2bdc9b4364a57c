"""The rows the bulk writers insert, by column name.

Each INSERT is made from a row type whose fields are the table's column names, and the
names are checked against the table's metadata when this module is imported: a column
the table does not have, one named twice, or one left out although it needs a value
(NOT NULL without a server default, or a default the ORM would have filled in) stops the
import with a message that names it. A schema change then fails loudly instead of shifting values into the
wrong columns. The rows are NamedTuples, so ``executemany`` takes them as they are and
the code reads them by name.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Table

from desktop.models import AuditEntry, Document, DocumentLine, PartyEntry, StockMove


class BulkSchemaError(RuntimeError):
    """A bulk insert's columns do not match its table (a programming error, not input)."""


def checked_columns(table: Table, columns: tuple[str, ...]) -> tuple[str, ...]:
    """``columns`` if they fit ``table``; otherwise :class:`BulkSchemaError` naming why."""
    known = {c.name: c for c in table.columns}
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise BulkSchemaError(f"{table.name} has no column {', '.join(unknown)}.")
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        raise BulkSchemaError(f"{table.name}: column {', '.join(twice)} is named twice.")
    needed = [
        c.name
        for c in table.columns
        if c.name not in columns
        and not (c.primary_key and c.autoincrement is True)
        # the ORM fills a Python-side default, a raw INSERT does not; the database fills
        # a server default either way
        and (c.default is not None or (not c.nullable and c.server_default is None))
    ]
    if needed:
        raise BulkSchemaError(
            f"{table.name}: the bulk insert leaves out {', '.join(needed)}, which needs a "
            "value (NOT NULL, or a default the ORM would fill in); add it to the row."
        )
    return columns


class Insert:
    """``INSERT INTO table (columns…) VALUES (?…)`` for rows of ``row`` (a NamedTuple whose
    fields are the column names, in the order the values come), or of the column names
    themselves."""

    def __init__(self, table: Table, row: Any) -> None:
        fields: tuple[str, ...] = row if isinstance(row, tuple) else row._fields
        self.table = table.name
        self.columns = checked_columns(table, fields)
        self.sql = self.sql_for(1)
        self._many: dict[int, str] = {}

    def sql_for(self, rows: int) -> str:
        """The statement inserting ``rows`` rows at once (one ``VALUES`` list each)."""
        one = f"({','.join('?' * len(self.columns))})"
        return f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES " + ",".join(
            [one] * rows
        )

    def many(self, rows: int) -> str:
        """:meth:`sql_for`, made once per size."""
        sql = self._many.get(rows)
        if sql is None:
            sql = self._many[rows] = self.sql_for(rows)
        return sql


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


class DocRow(NamedTuple):
    """A ``document`` row as ``new_document`` and posting leave it (money in fen)."""

    id: str
    created_at: str
    updated_at: str
    kind: str
    number: str
    status: str
    party_id: str
    doc_date: str
    due_date: str | None
    salesperson: str
    currency: str
    prices_include_tax: int
    net_total: int
    tax_total: int
    total: int
    method: str
    reference: str
    ship_to: str
    notes: str
    created_by: str
    desk: str
    posted_at: str | None
    print_count: int
    external_ref: str | None
    source_id: str | None


class Figures(NamedTuple):
    """A line's figures as the model types store them; the fields are ``document_line``
    columns (checked below), in the order :class:`LineRow` holds them."""

    unit: str
    unit_factor: int  # ×10⁴
    qty: int  # ×10⁴
    unit_price: int  # ×10⁶
    discount_rate: int  # ×10⁶
    tax_rate: int  # ×10⁶
    net_amount: int  # fen
    tax_amount: int
    total_amount: int


class LineRow(NamedTuple):
    """A ``document_line`` row: its keys, then :class:`Figures`, then the notes."""

    id: str
    document_id: str
    line_no: int
    product_id: str
    unit: str
    unit_factor: int
    qty: int
    unit_price: int
    discount_rate: int
    tax_rate: int
    net_amount: int
    tax_amount: int
    total_amount: int
    notes: str


class Line(NamedTuple):
    """A line to write: its product (an id, or the key of one to create) and figures."""

    product: Any
    figures: Figures


class EntryRow(NamedTuple):
    """A ``party_entry`` row as ``posting.post_entry`` writes it (amount in fen)."""

    id: str
    party_id: str
    account: str
    document_id: str
    entry_date: str
    due_date: str | None
    amount: int
    created_at: str


class AuditRow(NamedTuple):
    """An ``audit_log`` row as the unit of work writes it."""

    at: str
    actor: str
    desk: str
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str
    batch_id: str | None


class MoveRow(NamedTuple):
    """A ``stock_move`` row as ``posting.post_moves`` writes it (qty ×10⁴, cost ×10⁶)."""

    id: str
    product_id: str
    document_id: str
    line_id: str
    move_date: str
    qty: int
    unit_cost: int
    created_at: str


_FIGURES_AT = LineRow._fields.index(Figures._fields[0])
if LineRow._fields[_FIGURES_AT : _FIGURES_AT + len(Figures._fields)] != Figures._fields:
    raise BulkSchemaError("LineRow must hold the Figures fields together and in their order.")


def line_row(id: str, document_id: str, line_no: int, product_id: str, figures: Figures) -> LineRow:
    """A line row from its keys and figures (the check above makes the spread safe)."""
    return LineRow(id, document_id, line_no, product_id, *figures, "")


DOC = Insert(_table(Document), DocRow)
LINE = Insert(_table(DocumentLine), LineRow)
ENTRY = Insert(_table(PartyEntry), EntryRow)
AUDIT = Insert(_table(AuditEntry), AuditRow)
MOVE = Insert(_table(StockMove), MoveRow)
