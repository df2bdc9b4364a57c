"""What every list screen shows, fetched a page at a time with filter and sort.

A list never loads all its rows: :func:`fetch_page` returns ``limit`` rows from
``offset`` in the chosen order, and the Qt model asks for the next page only
when the user scrolls near the end. The type-ahead filter matches the stored
pinyin ``search_key`` (name, initials, full pinyin), the code and the phone, so
``zs`` finds 张三五金. All values are bound parameters; column and sort
expressions come only from the specs below, never from user text.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.codes import Account, DocKind, DocStatus
from desktop.money import ZERO
from desktop.queries.db import scaled, to_date
from desktop.search_keys import index_probe, like_contains, rare_rows
from desktop.services.costing import AVG_COST_SQL, VALUE_SCALE, stock_value
from desktop.services.open_amounts import days_past_due, open_amount_sql

#: how stored values are decoded and shown: kind → scale of the scaled integer
SCALES = {"money": 2, "price": 6, "cost": 6, "qty": 4, "rate": 6}


@dataclass(frozen=True)
class Col:
    """One column: a stable key (labels live in the views), its SQL and its kind."""

    key: str
    sql: str
    kind: str = "text"  # text, money, price, qty, rate, date, datetime, status, int, bool, fkind
    hidden: bool = False  # hidden until the user shows it
    sortable: bool = True
    #: stored at another scale than its kind's (decoded, then rounded to the kind)
    stored_scale: int | None = None
    #: added up under the list (合计) over the rows the filter shows
    summed: bool = False


@dataclass(frozen=True)
class ListSpec:
    name: str
    source: str
    columns: tuple[Col, ...]
    where: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()
    search: tuple[str, ...] = ()
    id_sql: str = "id"
    default_sort: str = ""
    default_desc: bool = False
    opens: str = ""  # what a double-click opens: party, product, document, fapiao, none
    #: a table with a trigram index of its search key (``search_keys.SEARCH_INDEX``) and
    #: its alias here: each word typed must be in the key (:func:`matching_ids` narrows by
    #: the index), and no in-memory index is needed
    search_table: tuple[str, str] | None = None
    #: for the in-memory search index: the row's rowid and its lower-case searchable text
    rowid_sql: str = ""
    key_sql: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: every table the SQL above reads: the screen reloads when a write touched one of them
    tables: frozenset[str] = frozenset()
    #: which rows count in the totals (SQL condition); documents: those in the books
    summed_where: str = ""

    def col(self, key: str) -> Col:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)


@dataclass(frozen=True)
class Row:
    id: str
    values: tuple[Any, ...]


def _where(
    spec: ListSpec, text: str, ids: list[int] | None = None, every: bool = False
) -> tuple[str, list[Any]]:
    """The WHERE clause for ``text``. ``every``: the caller reads every matching row (a
    count, totals), not the first page in order, so words long enough for the trigram
    index are also looked up through it, rather than the key of every row read."""
    clauses = list(spec.where)
    params: list[Any] = list(spec.params)
    if ids is not None:  # the search index already matched the text
        clauses.append(f"{spec.rowid_sql} IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
        text = ""
    words = [w for w in text.split() if w] if spec.search else []
    for word in words:
        if spec.search_table is not None:  # the key holds the code, barcode and phone too
            table, alias = spec.search_table
            clauses.append(f"{alias}.search_key LIKE ? ESCAPE '\\'")
            params.append(like_contains(word))
            probe = index_probe(table, word, limited=False) if every else None
            if probe is not None:
                clauses.append(f"{spec.rowid_sql} IN ({probe[0]})")
                params.append(probe[1])
            continue
        pattern = like_contains(word)
        clauses.append("(" + " OR ".join(f"{e} LIKE ? ESCAPE '\\'" for e in spec.search) + ")")
        params.extend([pattern] * len(spec.search))
    sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return sql, params


def matching_ids(conn: sqlite3.Connection, spec: ListSpec, text: str) -> list[int] | None:
    """The rowids of exactly the rows ``text`` shows in a list with a trigram index, when a
    rare word (``search_keys.rare_rows``) makes them few; then SQL only sorts and pages
    those. None when every word is short or common: the words' LIKE in the list's own
    order, which its LIMIT stops early, is then the fast way."""
    if spec.search_table is None:
        return None
    table = spec.search_table[0]

    def rowids(sql: str, value: str) -> list[int]:
        return [r[0] for r in conn.execute(sql, (value,))]

    found: set[int] | None = None
    for word in text.split():
        rare = rare_rows(table, word, rowids)
        if rare is not None:
            found = set(rare) if found is None else found & set(rare)
    if found is None:
        return None
    where, params = _where(spec, text)  # the list's own conditions and every word
    clause = f"{spec.rowid_sql} IN (SELECT value FROM json_each(?))"
    where = f"{where} AND {clause}" if where else f" WHERE {clause}"
    sql = f"SELECT {spec.rowid_sql} FROM {spec.source}{where}"
    return sorted(r[0] for r in conn.execute(sql, [*params, json.dumps(sorted(found))]))


def _order(spec: ListSpec, sort: str | None, desc: bool | None) -> str:
    key = sort or spec.default_sort
    descending = spec.default_desc if desc is None else desc
    if not key:
        return f" ORDER BY {spec.id_sql}"
    col = spec.col(key)
    way = "DESC" if descending else "ASC"
    return f" ORDER BY {col.sql} {way}, {spec.id_sql} {way}"


def decode(col: Col, value: Any) -> Any:
    if value is None:
        return None
    if col.stored_scale is not None:  # a stock value, kept to 1/10,000 yuan
        return stock_value(scaled(value, col.stored_scale) or ZERO)
    if col.kind in SCALES:
        return scaled(value, SCALES[col.kind])
    if col.kind == "date":
        return to_date(value)
    if col.kind == "bool":
        return bool(value)
    return value


def select_sql(
    spec: ListSpec,
    text: str = "",
    sort: str | None = None,
    desc: bool | None = None,
    ids: list[int] | None = None,
) -> tuple[str, list[Any]]:
    cols = ", ".join([spec.id_sql, *(c.sql for c in spec.columns)])
    where, params = _where(spec, text, ids)
    return f"SELECT {cols} FROM {spec.source}{where}{_order(spec, sort, desc)}", params


def fetch_page(
    conn: sqlite3.Connection,
    spec: ListSpec,
    text: str = "",
    sort: str | None = None,
    desc: bool | None = None,
    offset: int = 0,
    limit: int = 200,
    ids: list[int] | None = None,
    *,
    raw: bool = False,
) -> list[Row]:
    """One page of rows, decoded (Decimal money, dates), in the chosen order.

    ``ids``: rowids a :class:`~desktop.queries.search_index.SearchIndex` found for
    ``text``; then SQL only sorts and pages those. ``raw``: values as stored, for a caller
    that decodes only the rows it shows (:func:`decoded`): a screen shows 20 of a page.
    """
    sql, params = select_sql(spec, text, sort, desc, ids)
    cursor = conn.execute(sql + " LIMIT ? OFFSET ?", [*params, limit, offset])
    if raw:
        return [Row(r[0], r[1:]) for r in cursor.fetchall()]
    return [decoded(spec, Row(r[0], r[1:])) for r in cursor.fetchall()]


def decoded(spec: ListSpec, row: Row) -> Row:
    """``row`` (values as stored) with its values decoded for ``spec``'s columns."""
    return Row(row.id, tuple(decode(c, v) for c, v in zip(spec.columns, row.values, strict=True)))


def count_rows(
    conn: sqlite3.Connection, spec: ListSpec, text: str = "", ids: list[int] | None = None
) -> int:
    where, params = _where(spec, text, ids, every=True)
    return int(conn.execute(f"SELECT COUNT(*) FROM {spec.source}{where}", params).fetchone()[0])


def count_capped(rows: list[Row], complete: bool, ids: list[int] | None) -> int | None:
    """How many rows a filter shows when that is known without counting: every row is
    fetched (``complete``: the first page was not full) or the index found them (``ids``);
    None otherwise, and the screen says "more than a page" (``PAGE+``) rather than read
    every row of the table for a one-letter word at each key."""
    if ids is not None:
        return len(ids)
    return len(rows) if complete else None


def totals(
    conn: sqlite3.Connection,
    spec: ListSpec,
    text: str = "",
    ids: list[int] | None = None,
    row_ids: list[Any] | None = None,
) -> dict[str, Any]:
    """The sums of the list's ``summed`` columns over the rows ``text`` shows ({} when none).
    ``row_ids``: those rows' ids (``Row.id``) when all of them are fetched already: then
    only they are read, by key, not the filter's matches again.

    Sums are taken of the stored scaled integers, then decoded like a row's value, so a
    total is exact and shown the way its column is.
    """
    summed = [c for c in spec.columns if c.summed]
    if not summed:
        return {}
    if row_ids is not None:
        where, params = _where(spec, "")
        clause = f"{spec.id_sql} IN (SELECT value FROM json_each(?))"
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        params.append(json.dumps(row_ids))
    else:
        where, params = _where(spec, text, ids, every=True)
    counted = spec.summed_where or "1"
    parts = ", ".join(f"SUM(CASE WHEN {counted} THEN {c.sql} END)" for c in summed)
    row = conn.execute(f"SELECT {parts} FROM {spec.source}{where}", params).fetchone()
    return {c.key: decode(c, v if v is not None else 0) for c, v in zip(summed, row, strict=True)}


def overdue_days(spec: ListSpec, values: tuple[Any, ...], today: date) -> int:
    """Days past due of an open bill in this row (0 when not overdue or not a bill list)."""
    keys = [c.key for c in spec.columns]
    if "due_date" not in keys or "open" not in keys:
        return 0
    return days_past_due(values[keys.index("open")], values[keys.index("due_date")], today)


# ---------------------------------------------------------------- the screens

_PARTY_SEARCH = ("p.search_key", "p.code", "p.phone")


def _parties(name: str, role: str, account: str) -> ListSpec:
    return ListSpec(
        name=name,
        source=(
            f"party p LEFT JOIN party_balance b ON b.party_id = p.id AND b.account = '{account}'"
        ),
        columns=(
            Col("code", "p.code"),
            Col("name", "p.name"),
            Col("contact", "p.contact"),
            Col("phone", "p.phone"),
            Col("balance", "COALESCE(b.balance, 0)", "money", summed=True),
            Col("credit_limit", "p.credit_limit", "money"),
            # kind and days together, shown in words (labels.terms_words): 月结30天, 30天
            Col("terms", "p.terms_kind || ':' || p.terms_days", "terms"),
            Col("salesperson", "p.salesperson", hidden=True),
            Col("invoice_tax_id", "p.invoice_tax_id", hidden=True),
            Col("ship_to", "p.ship_to", hidden=True),
        ),
        where=(f"p.{role} = 1", "p.archived = 0"),
        search=_PARTY_SEARCH,
        search_table=("party", "p"),
        rowid_sql="p.rowid",
        id_sql="p.id",
        default_sort="code",
        opens="party",
        tables=frozenset({"party", "party_balance"}),
    )


CUSTOMERS = _parties("customers", "is_customer", Account.AR)
SUPPLIERS = _parties("suppliers", "is_supplier", Account.AP)

PRODUCTS = ListSpec(
    name="products",
    source="product pr LEFT JOIN stock_balance sb ON sb.product_id = pr.id",
    columns=(
        Col("code", "pr.code"),
        Col("name", "pr.name"),
        Col("spec", "pr.spec"),
        Col("category", "pr.category"),
        Col("base_unit", "pr.base_unit"),
        Col("retail_price", "pr.retail_price", "price"),
        Col("cost_price", "pr.cost_price", "price", hidden=True),
        Col("on_hand", "COALESCE(sb.qty, 0)", "qty"),
        Col("barcode", "pr.barcode", hidden=True),
    ),
    where=("pr.archived = 0",),
    search=("pr.search_key", "pr.code", "pr.barcode"),
    search_table=("product", "pr"),
    rowid_sql="pr.rowid",
    id_sql="pr.id",
    default_sort="code",
    opens="product",
    tables=frozenset({"product", "stock_balance"}),
)

STOCK = ListSpec(
    name="stock",
    source="product pr LEFT JOIN stock_balance sb ON sb.product_id = pr.id",
    columns=(
        Col("code", "pr.code"),
        Col("name", "pr.name"),
        Col("spec", "pr.spec"),
        Col("base_unit", "pr.base_unit"),
        Col("on_hand", "COALESCE(sb.qty, 0)", "qty"),
        Col("avg_cost", AVG_COST_SQL, "cost"),
        Col(
            "stock_value",
            "COALESCE(sb.value, 0)",
            "money",
            stored_scale=VALUE_SCALE,
            summed=True,
        ),
    ),
    where=("pr.archived = 0",),
    search=("pr.search_key", "pr.code", "pr.barcode"),
    search_table=("product", "pr"),
    rowid_sql="pr.rowid",
    id_sql="pr.id",
    default_sort="code",
    opens="product",
    tables=frozenset({"product", "stock_balance"}),
)

#: a bill's open amount, and what of a receipt or payment is still unapplied: the one
#: definition of receivables.open_amount_sql
_OPEN_BILL = open_amount_sql("d")
_UNAPPLIED = f"-{_OPEN_BILL}"
_DOC_SEARCH = ("d.number", "p.search_key", "p.code", "p.phone")
_IN_THE_BOOKS = f"d.status NOT IN ('{DocStatus.DRAFT}', '{DocStatus.CANCELLED}')"


def _documents(name: str, kind: str, variant: str = "order") -> ListSpec:
    cols: list[Col] = [
        Col("number", "d.number"),
        Col("doc_date", "d.doc_date", "date"),
        Col("party", "p.name"),
        Col("status", "d.status", "status"),
    ]
    if variant == "bill":
        cols += [
            Col("total", "d.total", "money", summed=True),
            Col("open", _OPEN_BILL, "money", summed=True),
            Col("due_date", "d.due_date", "date"),
            # filled in from overdue_days (the one rule) as the rows are shown
            Col("overdue", "NULL", "int", sortable=False),
        ]
    elif variant == "money":
        cols += [
            Col("total", "d.total", "money", summed=True),
            Col("unapplied", _UNAPPLIED, "money", summed=True),
            Col("method", "d.method"),
            Col("reference", "d.reference"),
        ]
    else:
        cols += [Col("net_total", "d.net_total", "money", hidden=True)]
        cols += [Col("tax_total", "d.tax_total", "money", hidden=True)]
        # a quote is not a sale: its amounts are not added up
        cols += [Col("total", "d.total", "money", summed=kind != DocKind.QUOTE)]
    cols += [
        Col("salesperson", "d.salesperson", hidden=variant == "money"),
        Col("notes", "d.notes", hidden=True),
        Col("created_by", "d.created_by", hidden=True),
    ]
    return ListSpec(
        name=name,
        source="document d LEFT JOIN party p ON p.id = d.party_id",
        columns=tuple(cols),
        where=("d.kind = ?",),
        params=(kind,),
        search=_DOC_SEARCH,
        id_sql="d.id",
        default_sort="doc_date",
        default_desc=True,
        opens="document",
        extra={"kind": kind},
        # drafts and cancelled documents are not in the books; a 红冲 nets its original
        summed_where=_IN_THE_BOOKS,
        rowid_sql="d.rowid",
        tables=frozenset(
            {"document", "party"} | ({"allocation", "party_entry"} if variant != "order" else set())
        ),
        key_sql="lower(d.number) || ' ' || COALESCE(p.search_key, '') || ' ' || COALESCE(lower(p.code), '') || ' ' || COALESCE(p.phone, '')",
    )


QUOTES = _documents("quotes", DocKind.QUOTE)
SALES_ORDERS = _documents("sales_orders", DocKind.SALES_ORDER)
DELIVERIES = _documents("deliveries", DocKind.DELIVERY)
SALES_BILLS = _documents("sales_bills", DocKind.SALES_BILL, "bill")
RECEIPTS = _documents("receipts", DocKind.RECEIPT, "money")
PURCHASE_ORDERS = _documents("purchase_orders", DocKind.PURCHASE_ORDER)
GOODS_RECEIPTS = _documents("goods_receipts", DocKind.GOODS_RECEIPT)
SUPPLIER_BILLS = _documents("supplier_bills", DocKind.SUPPLIER_BILL, "bill")
PAYMENTS = _documents("payments", DocKind.PAYMENT, "money")

FAPIAO = ListSpec(
    name="fapiao",
    source="fapiao f LEFT JOIN party p ON p.id = f.party_id",
    columns=(
        Col("number", "f.number"),
        Col("fapiao_code", "f.code", hidden=True),
        Col("issue_date", "f.issue_date", "date"),
        Col("party", "p.name"),
        Col("fapiao_kind", "f.kind", "fkind"),
        Col("direction", "f.direction", "fkind"),
        Col("net_total", "f.net_amount", "money"),
        Col("tax_total", "f.tax_amount", "money"),
        Col("total", "f.total_amount", "money"),
        Col("fapiao_status", "f.status", "fkind"),
    ),
    search=("f.number", "p.search_key", "p.code"),
    id_sql="f.id",
    default_sort="issue_date",
    default_desc=True,
    opens="none",
    tables=frozenset({"fapiao", "party"}),
)

SYNC = ListSpec(
    name="sync",
    source="outbox o",
    columns=(
        Col("seq", "o.seq", "int"),
        Col("at", "o.at", "datetime"),
        Col("actor", "o.actor"),
        Col("intent", "o.intent"),
        Col("sync_state", "o.state", "fkind"),
    ),
    search=("o.intent", "o.actor", "o.state"),
    id_sql="o.seq",
    default_sort="seq",
    default_desc=True,
    opens="none",
    tables=frozenset({"outbox"}),
)

SPECS: dict[str, ListSpec] = {
    s.name: s
    for s in (
        CUSTOMERS,
        SUPPLIERS,
        PRODUCTS,
        QUOTES,
        SALES_ORDERS,
        DELIVERIES,
        SALES_BILLS,
        RECEIPTS,
        PURCHASE_ORDERS,
        GOODS_RECEIPTS,
        SUPPLIER_BILLS,
        PAYMENTS,
        STOCK,
        FAPIAO,
        SYNC,
    )
}
