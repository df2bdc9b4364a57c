"""The owner's dashboard (工作台) figures, read in a few aggregate queries."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from desktop.codes import Account, DocKind, DocStatus
from desktop.queries.db import scaled
from desktop.services.open_amounts import open_amount_sql

ZERO = Decimal(0)

#: the tables the figures below are read from: a write touching one moves them
TABLES = frozenset(
    {"document", "document_line", "allocation", "party_entry", "party", "party_balance", "product"}
)


@dataclass
class Dashboard:
    sales_today: Decimal = ZERO
    sales_month: Decimal = ZERO
    receivable: Decimal = ZERO
    payable: Decimal = ZERO
    open_orders: int = 0
    drafts: int = 0
    overdue_total: Decimal = ZERO
    overdue_customers: list[tuple[str, str, Decimal, int]] = field(default_factory=list)
    top_products: list[tuple[str, str, Decimal]] = field(default_factory=list)


#: the codes the queries below bind by name (SQL text names no kind or status itself);
#: sales count posted bills, reversed ones with their (posted) reversals, and bills imported
#: as history (closed) with theirs (closed too, see services.reversal): each pair nets to 0
CODES: dict[str, str] = {
    "bill": DocKind.SALES_BILL,
    "order": DocKind.SALES_ORDER,
    "quote": DocKind.QUOTE,
    "purchase_order": DocKind.PURCHASE_ORDER,
    "posted": DocStatus.POSTED,
    "reversed": DocStatus.REVERSED,
    "confirmed": DocStatus.CONFIRMED,
    "partial": DocStatus.PARTIAL,
    "draft": DocStatus.DRAFT,
    "closed": DocStatus.CLOSED,
}


def _money(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> Decimal:
    value = conn.execute(sql, params).fetchone()[0]
    return scaled(value or 0, 2) or ZERO


def quick(conn: sqlite3.Connection, today: date) -> Dashboard:
    """The cheap figures (indexed sums), fit for the first paint."""
    month_start = today.replace(day=1).isoformat()
    bills = (
        "SELECT COALESCE(SUM(total), 0) FROM document WHERE kind = :bill "
        "AND status IN (:posted, :reversed, :closed) AND doc_date "
    )
    board = Dashboard()
    board.sales_today = _money(conn, bills + "= :day", {**CODES, "day": today.isoformat()})
    board.sales_month = _money(conn, bills + ">= :day", {**CODES, "day": month_start})
    owed = "SELECT COALESCE(SUM(balance), 0) FROM party_balance WHERE account = :account"
    board.receivable = _money(conn, owed, {"account": Account.AR})
    board.payable = _money(conn, owed, {"account": Account.AP})
    board.open_orders = conn.execute(
        "SELECT COUNT(*) FROM document WHERE kind = :order AND status IN (:confirmed, :partial)",
        CODES,
    ).fetchone()[0]
    board.drafts = conn.execute(
        "SELECT COUNT(*) FROM document WHERE kind IN (:quote, :order, :purchase_order) "
        "AND status = :draft",
        CODES,
    ).fetchone()[0]
    return board


def full(conn: sqlite3.Connection, today: date, top: int = 8, days: int = 30) -> Dashboard:
    """Everything, including overdue customers and the last ``days`` days' top products.

    Overdue bills are read among those not marked settled by ``today`` (``settled_on``, set
    by the posting rules when nothing is left open, as the credit check reads them): a bill
    paid long ago is skipped on its mark instead of having its open amount worked out."""
    board = quick(conn, today)
    rows = conn.execute(
        """
        SELECT p.code, p.name, SUM(o.open) AS open_sum, MIN(o.due_date) AS oldest,
               SUM(SUM(o.open)) OVER () AS every_party
        FROM (
            SELECT d.party_id, d.due_date, {open_amount} AS open
            FROM document d
            WHERE d.kind = :bill AND d.status = :posted AND d.due_date < :day
              AND (d.settled_on IS NULL OR d.settled_on > :day)
        ) o JOIN party p ON p.id = o.party_id
        WHERE o.open > 0
        GROUP BY p.id ORDER BY open_sum DESC LIMIT :top
        """.format(open_amount=open_amount_sql("d")),
        {**CODES, "day": today.isoformat(), "top": top},
    ).fetchall()
    board.overdue_customers = [
        (code, name, scaled(amount, 2) or ZERO, (today - date.fromisoformat(oldest)).days)
        for code, name, amount, oldest, _every in rows
    ]
    # every overdue customer's, not only the ``top`` listed
    board.overdue_total = (scaled(rows[0][4], 2) or ZERO) if rows else ZERO
    since = (today - timedelta(days=days)).isoformat()
    tops = conn.execute(
        """
        SELECT pr.code, pr.name, SUM(l.total_amount) AS amount
        FROM document d JOIN document_line l ON l.document_id = d.id
        JOIN product pr ON pr.id = l.product_id
        WHERE d.kind = :bill AND d.status IN (:posted, :reversed, :closed) AND d.doc_date >= :day
        GROUP BY pr.id ORDER BY amount DESC LIMIT :top
        """,
        {**CODES, "day": since, "top": top},
    ).fetchall()
    board.top_products = [(c, n, scaled(a, 2) or ZERO) for c, n, a in tops]
    return board
