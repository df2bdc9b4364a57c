"""Bulk inserts name their columns, checked against the tables: a mismatch is refused."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from sqlalchemy import Column, Integer, MetaData, String

from desktop.importing.kinds import bulk_rows
from desktop.importing.kinds.bulk_rows import (
    BulkSchemaError,
    DocRow,
    Figures,
    Insert,
    LineRow,
    checked_columns,
    line_row,
)
from desktop.models import Document, DocumentLine


def test_every_insert_names_the_columns_of_its_row() -> None:
    for insert, row, table in (
        (bulk_rows.DOC, bulk_rows.DocRow, "document"),
        (bulk_rows.LINE, bulk_rows.LineRow, "document_line"),
        (bulk_rows.ENTRY, bulk_rows.EntryRow, "party_entry"),
        (bulk_rows.AUDIT, bulk_rows.AuditRow, "audit_log"),
        (bulk_rows.MOVE, bulk_rows.MoveRow, "stock_move"),
    ):
        assert insert.table == table
        assert insert.columns == row._fields
        assert insert.sql == (
            f"INSERT INTO {table} ({', '.join(row._fields)}) "
            f"VALUES ({','.join('?' * len(row._fields))})"
        )


def test_a_column_the_table_does_not_have_is_refused() -> None:
    class Wrong(NamedTuple):
        id: str
        kind: str
        nubmer: str  # a typo

    with pytest.raises(BulkSchemaError, match="document has no column nubmer"):
        Insert(Document.__table__, Wrong)


def test_a_column_named_twice_is_refused() -> None:
    columns = (*DocRow._fields, "kind")
    with pytest.raises(BulkSchemaError, match="column kind is named twice"):
        checked_columns(Document.__table__, columns)


def test_leaving_out_a_column_that_needs_a_value_is_refused() -> None:
    without_kind = tuple(c for c in DocRow._fields if c != "kind")
    with pytest.raises(BulkSchemaError, match="leaves out kind"):
        checked_columns(Document.__table__, without_kind)
    # columns that may stay NULL (a bill from an import has no reversal) may be left out
    assert "reverses_id" not in DocRow._fields
    assert checked_columns(Document.__table__, DocRow._fields) == DocRow._fields


@pytest.mark.parametrize(
    ("column", "refused"),
    [
        (Column("rate", Integer, nullable=False), True),  # NOT NULL, nothing to fill it
        (Column("rate", Integer, nullable=True, default=1), True),  # the ORM would fill it
        (Column("rate", String, nullable=True), False),  # NULL, as the ORM would leave it
        (Column("rate", Integer, nullable=False, server_default="1"), False),  # the database's
    ],
)
def test_a_schema_change_fails_loudly(column: Column[object], refused: bool) -> None:
    """A column added to ``document_line`` that the bulk row does not carry."""
    table = DocumentLine.__table__.to_metadata(MetaData())
    table.append_column(column)
    if refused:
        with pytest.raises(BulkSchemaError, match="leaves out rate"):
            Insert(table, LineRow)
    else:
        assert Insert(table, LineRow).columns == LineRow._fields


def test_a_line_row_holds_its_figures_by_name() -> None:
    figures = Figures(
        unit="箱",
        unit_factor=240_000,
        qty=30_000,
        unit_price=24_000_000,
        discount_rate=0,
        tax_rate=130_000,
        net_amount=7_200,
        tax_amount=936,
        total_amount=8_136,
    )
    row = line_row("l1", "d1", 2, "p1", figures)
    assert row.id == "l1" and row.document_id == "d1" and row.line_no == 2
    assert row.product_id == "p1" and row.notes == ""
    for name, value in figures._asdict().items():
        assert getattr(row, name) == value
