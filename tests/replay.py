"""Replaying a ledger's outbox into an empty ledger, and comparing the two books.

Used by the replay tests and by every scenario test (tests/scenarios/conftest.py): what a
desk records must be enough for another copy of the ledger (the server) to make exactly
the same books through the same services.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models import OutboxEntry
from desktop.services.ledger import Ledger
from desktop.sync.intents import replay
from desktop.sync.outbox import outgoing_args

#: when a row was written, and the ids of rows nothing refers to, differ between copies
VOLATILE = {"created_at", "updated_at", "posted_at", "at", "seq"}
DERIVED_IDS = {
    "stock_move",
    "party_entry",
    "allocation",
    "fapiao_link",
    "product_unit",
    "product_price",
    "party_contact",
    "credit_override",
}
BOOKS = (
    "firm",
    "party",
    "party_contact",
    "product",
    "product_unit",
    "product_price",
    "document",
    "document_line",
    "stock_move",
    "stock_balance",
    "party_entry",
    "party_balance",
    "allocation",
    "fapiao",
    "fapiao_link",
    "credit_override",
    "number_series",
    "person",
    "listing",
    "listing_picture",
    "buyer",
    "statement_record",
)


def snapshot(path: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of the books, as a multiset of its lasting values, table by table."""
    conn = sqlite3.connect(path)
    try:
        books: dict[str, Counter[tuple[Any, ...]]] = {}
        for table in BOOKS:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            kept = [
                c for c in columns if c not in VOLATILE and not (c == "id" and table in DERIVED_IDS)
            ]
            rows = conn.execute(f"SELECT {', '.join(kept)} FROM {table}").fetchall()
            books[table] = Counter(tuple(zip(kept, row, strict=True)) for row in rows)
        return books
    finally:
        conn.close()


def outgoing(source: Ledger) -> list[tuple[str, dict[str, Any], str]]:
    """``source``'s outbox as it would leave the desk: (intent, arguments, actor)."""
    with source.read() as session:
        return [
            (row.intent, outgoing_args(session, row.intent, row.args), row.actor)
            for row in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def replay_into_empty(source: Ledger, target: Path) -> int:
    """Apply ``source``'s outbox to a new, empty ledger at ``target``; returns how many."""
    intents = outgoing(source)
    copy = Ledger.open(target, create=True, actor="replay")
    try:
        return replay(copy, intents, source.desk)
    finally:
        copy.close()


def assert_same_books(a: Path, b: Path) -> None:
    left, right = snapshot(a), snapshot(b)
    for table in BOOKS:
        only_left = left[table] - right[table]
        only_right = right[table] - left[table]
        assert not only_left and not only_right, (
            f"{table} differs after replay:\n only in the original: {list(only_left)[:3]}\n"
            f" only in the copy: {list(only_right)[:3]}"
        )
