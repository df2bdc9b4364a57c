"""Bulk writing of imported bills: what ``trade.post`` does, for hundreds of thousands of
lines, and the row builders the other bulk writers share (opening balances are in
``bulk_opening.py``, new customers, suppliers and products in ``records.py``).

Rows go in with ``executemany`` on the unit of work's own connection (same transaction), as
the scaled integers the model types store. The consequences match the services exactly:
numbers from the same series (``numbering``), line figures from ``money.line_amounts``, party
entries and the balance cache as ``posting.post_entry`` writes them, stock moves at moving
average as ``posting.post_moves`` values them. One audit entry per document carries the batch
id so the import can be undone; one outbox entry announces the batch to sync.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring as _json_text
from typing import Any

from sqlalchemy import select

from desktop.ids import new_hex
from desktop.importing.kinds.base import Context
from desktop.models import DocKind, NumberSeries, Party, PartyBalance, Product, StockBalance
from desktop.models.base import utcnow
from desktop.money import PRICE_SCALE, ZERO, quantize
from desktop.services.firm import get_firm
from desktop.services.numbering import PREFIX
from desktop.services.terms import due_date as terms_due
from desktop.services.uow import UnitOfWork

# (product, unit, factor×10⁴, qty×10⁴, price×10⁶, discount rate×10⁶, tax rate×10⁶, net, tax,
# total in fen): the integers the model types store
Line = tuple[Any, str, int, int, int, int, int, int, int, int]
CHUNK = 20_000
DEFER_INDEX_ROWS = 50_000
SLICE_DOCS = 5_000
BULK_CACHE_KIB = 200_000


def dashed(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class DocSpec:
    """One bill to write: header values and its lines (see ``Line``)."""

    ref: str
    party_id: uuid.UUID
    doc_date: date
    number: str = ""
    salesperson: str = ""
    notes: str = ""
    lines: list[Line] = field(default_factory=list)
    #: or, made beforehand: the bill's id, its lines as ``LINE_SQL`` rows and its totals
    #: (net, tax, total in fen)
    id: str | None = None
    rows: list[tuple[Any, ...]] | None = None
    totals: tuple[int, int, int] | None = None


def scaled_int(value: Decimal, scale: int) -> int:
    return int(value.scaleb(scale).to_integral_value())


def write_documents(uow: UnitOfWork, flow: str, docs: list[DocSpec], ctx: Context) -> None:
    """Write the bills, their lines, audit entries, party entries and stock moves."""
    if not docs:
        return
    session = uow.session
    session.flush()
    firm = get_firm(session)
    kind = DocKind.SALES_BILL if flow == "sales" else DocKind.SUPPLIER_BILL
    account = "AR" if flow == "sales" else "AP"
    post = ctx.options.post_balances
    status = "posted" if post else "closed"
    now = utcnow().isoformat(sep=" ")
    docs.sort(key=lambda d: (d.doc_date, d.ref))
    numbers = bill_numbers(uow, kind, [d.doc_date for d in docs])
    if all(d.id is not None for d in docs):
        # bills made beforehand go in in the order of their ids, and so do their lines: the
        # primary-key b-trees only grow at the end (in date order they would split all over)
        by_id = sorted(zip(docs, numbers, strict=True), key=lambda dn: dn[0].id or "")
        docs, numbers = [d for d, _ in by_id], [n for _, n in by_id]
    parties = {
        p.id: p
        for p in session.scalars(select(Party).where(Party.id.in_({d.party_id for d in docs})))
    }
    prefix_note = "历史单据（导入）" if not post else "历史单据（导入，已过账）"
    moves: list[tuple[Any, ...]] = []  # (date, product, doc id, line id, base qty, net)
    balances: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    batch = ctx.batch_id.hex if ctx.batch_id else None
    conn = session.connection()
    previous_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if len(docs) > SLICE_DOCS:
        # index pages of big tables stay in memory instead of being re-read per slice
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    line_count = 0
    actor, desk = uow.actor, uow.desk
    hexes: dict[Any, str] = {}  # the same products recur
    products: dict[str, uuid.UUID] = {}  # and back
    move_stock = ctx.options.move_stock
    deferred = _defer_indexes(
        conn,
        {
            "document": len(docs),
            "document_line": sum(len(d.rows or d.lines) for d in docs),
            "audit_log": len(docs),
        },
    )
    for lo in range(0, len(docs), SLICE_DOCS):
        # rows are built and inserted a slice of bills at a time, to keep memory flat
        hi = lo + SLICE_DOCS
        doc_rows: list[tuple[Any, ...]] = []
        line_rows: list[tuple[Any, ...]] = []
        audit_rows: list[tuple[Any, ...]] = []
        entry_rows: list[tuple[Any, ...]] = []
        for doc, number in zip(docs[lo:hi], numbers[lo:hi], strict=True):
            doc_id = doc.id or new_hex()
            if doc.totals is not None:
                net_c, tax_c, total_c = doc.totals
            else:
                net_c = sum(ln[7] for ln in doc.lines)
                tax_c = sum(ln[8] for ln in doc.lines)
                total_c = sum(ln[9] for ln in doc.lines)
            total = Decimal(total_c).scaleb(-2)
            party = parties[doc.party_id]
            due = terms_due(party, doc.doc_date) if post else None
            notes = "；".join(x for x in (prefix_note, doc.notes) if x)
            doc_rows.append(
                doc_row(
                    uow,
                    firm,
                    now,
                    doc_id,
                    kind,
                    number,
                    status,
                    party,
                    doc.doc_date,
                    due,
                    (net_c, tax_c, total_c),
                    reference=doc.number[:120],
                    notes=notes,
                    salesperson=doc.salesperson,
                    external_ref=doc.ref,
                )
            )
            made = doc.rows
            if made is None:
                made = []
                for no, line in enumerate(doc.lines, 1):
                    product = line[0]
                    product_hex = hexes.get(product)
                    if product_hex is None:
                        product_hex = hexes[product] = product.hex
                    made.append((new_hex(), doc_id, no, product_hex, *line[1:], ""))
            line_rows.extend(made)
            if move_stock:
                for row in made:
                    factor4, qty4, l_net = row[5], row[6], row[10]
                    moves.append(
                        (
                            doc.doc_date,
                            _product_id(products, row[3]),
                            doc_id,
                            row[0],
                            Decimal(qty4 * factor4).scaleb(-8),
                            Decimal(l_net).scaleb(-2),
                        )
                    )
            if post and total:
                entry_rows.append(
                    (
                        new_hex(),
                        doc.party_id.hex,
                        account,
                        doc_id,
                        doc.doc_date.isoformat(),
                        due.isoformat() if due else None,
                        total_c,
                        now,
                    )
                )
                balances[doc.party_id] += total
            after = document_after_json(kind, number, doc.number, doc.ref, status, total, len(made))
            audit_rows.append(
                (now, actor, desk, "document", dashed(doc_id), "insert", None, after, batch)
            )
        execute_many(conn, DOC_SQL, doc_rows)
        execute_many(conn, _LINE_SQL, line_rows)
        execute_many(conn, ENTRY_SQL, entry_rows)
        execute_many(conn, AUDIT_SQL, audit_rows)
        line_count += len(line_rows)
    _rebuild_indexes(conn, deferred)
    conn.exec_driver_sql(f"PRAGMA cache_size={int(previous_cache or -2000)}")
    add_balances(uow, account, balances)
    if moves:
        _write_moves(uow, flow, moves, now)
    uow.touch("document")
    uow.record(
        "import.documents",
        {
            "batch": ctx.batch_id,
            "kind": kind,
            "status": status,
            "documents": len(docs),
            "lines": line_count,
            "moves_stock": ctx.options.move_stock,
        },
    )


DOC_SQL = (
    "INSERT INTO document (id, created_at, updated_at, kind, number, status, party_id, "
    "doc_date, due_date, salesperson, currency, prices_include_tax, net_total, tax_total, "
    "total, method, reference, ship_to, notes, created_by, desk, posted_at, print_count, "
    "external_ref) VALUES (" + ",".join("?" * 24) + ")"
)
_LINE_SQL = (
    "INSERT INTO document_line (id, document_id, line_no, product_id, unit, unit_factor, "
    "qty, unit_price, discount_rate, tax_rate, net_amount, tax_amount, total_amount, notes) "
    "VALUES (" + ",".join("?" * 14) + ")"
)
ENTRY_SQL = (
    "INSERT INTO party_entry (id, party_id, account, document_id, entry_date, due_date, "
    "amount, created_at) VALUES (?,?,?,?,?,?,?,?)"
)
AUDIT_SQL = (
    "INSERT INTO audit_log (at, actor, desk, entity, entity_id, action, before, after, "
    "batch_id) VALUES (?,?,?,?,?,?,?,?,?)"
)


def _defer_indexes(conn: Any, adding: dict[str, int]) -> list[str]:
    """Drop the plain (non-unique) indexes of tables about to more than double in size; their
    ``CREATE INDEX`` statements are returned for :func:`_rebuild_indexes`.

    Building an index once over sorted keys is cheaper than updating it row by row, by about
    a third of the insert time for a big import into a young ledger. DDL is transactional in
    SQLite: if the import fails, the rollback brings the indexes back untouched.
    """
    statements: list[str] = []
    _in_transaction(conn)
    for table, count in adding.items():
        existing = conn.exec_driver_sql(f"SELECT max(rowid) FROM {table}").scalar() or 0
        if count < DEFER_INDEX_ROWS or count <= existing:
            continue
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).all():
            if sql.lstrip().upper().startswith("CREATE INDEX"):
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                statements.append(sql)
    return statements


def _in_transaction(conn: Any) -> None:
    """Open the transaction now if no write has opened it yet: the sqlite3 driver begins
    one only before INSERT/UPDATE/DELETE, so a DROP INDEX would otherwise run (and stay
    dropped) on its own, outside the import's transaction."""
    if not conn.connection.driver_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")


def _rebuild_indexes(conn: Any, statements: list[str]) -> None:
    for sql in statements:
        conn.exec_driver_sql(sql)


def execute_many(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(sql, rows[start : start + CHUNK])


def _product_id(known: dict[str, uuid.UUID], product_hex: str) -> uuid.UUID:
    found = known.get(product_hex)
    if found is None:
        found = known[product_hex] = uuid.UUID(hex=product_hex)
    return found


def bill_numbers(uow: UnitOfWork, kind: str, dates: list[date]) -> list[str]:
    """Take numbers from the same series ``numbering.next_number`` uses, in date order."""
    session = uow.session
    prefix = PREFIX[kind]
    series: dict[str, NumberSeries] = {
        s.period: s
        for s in session.scalars(
            select(NumberSeries).where(NumberSeries.prefix == prefix, NumberSeries.desk == uow.desk)
        )
    }
    out: list[str] = []
    last = {period: s.last for period, s in series.items()}
    periods: dict[date, str] = {}  # a ledger's dates repeat: format each once
    head = f"{prefix}-{uow.desk}-"
    for on in dates:
        period = periods.get(on)
        if period is None:
            period = periods[on] = on.strftime("%y%m")
        n = last[period] = last.get(period, 0) + 1
        out.append(f"{head}{period}-{n:04d}")
    for period, n in last.items():
        s = series.get(period)
        if s is None:
            session.add(NumberSeries(prefix=prefix, desk=uow.desk, period=period, last=n))
        elif s.last != n:
            s.last = n
    return out


def _write_moves(uow: UnitOfWork, flow: str, moves: list[tuple[Any, ...]], now: str) -> None:
    """Stock moves in date order at moving-average cost, as ``posting.post_moves`` values them."""
    session = uow.session
    sign = -1 if flow == "sales" else 1
    products = {m[1] for m in moves}
    cache = {
        b.product_id: b
        for b in session.scalars(select(StockBalance).where(StockBalance.product_id.in_(products)))
    }
    costs = dict(
        session.execute(
            select(Product.id, Product.cost_price).where(Product.id.in_(products))
        ).all()
    )
    rows: list[tuple[Any, ...]] = []
    moves.sort(key=lambda m: m[0])
    for on, product, doc_id, line_id, base_qty, net in moves:
        bal = cache.get(product)
        if bal is None:
            bal = cache[product] = StockBalance(product_id=product, qty=ZERO, value=ZERO)
            session.add(bal)
        qty = sign * base_qty
        if sign > 0:
            cost = quantize(net / base_qty, PRICE_SCALE) if base_qty else ZERO
        else:
            avg = bal.value / bal.qty if bal.qty else ZERO
            cost = quantize(avg, PRICE_SCALE) if avg > 0 else costs.get(product, ZERO)
        new_qty = bal.qty + qty
        bal.value = ZERO if new_qty == 0 else quantize(bal.value + qty * cost, 4)
        bal.qty = new_qty
        rows.append(
            (
                new_hex(),
                product.hex,
                doc_id,
                line_id,
                on.isoformat(),
                scaled_int(qty, 4),
                scaled_int(cost, 6),
                now,
            )
        )
        uow.touch("stock", product)
    execute_many(
        session.connection(),
        "INSERT INTO stock_move (id, product_id, document_id, line_id, "
        "move_date, qty, unit_cost, created_at) VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )


# --- rows as the services would write them -------------------------------------------------


def document_after_json(
    kind: str,
    number: str,
    reference: str,
    external_ref: str | None,
    status: str,
    total: Decimal,
    lines: int,
) -> str:
    """An imported bill's audit ``after``, exactly as ``json.dumps(..., ensure_ascii=False)``
    writes the dict (a test compares them), without its per-call overhead: a big import
    writes one per bill."""
    text = _json_text
    return (
        f'{{"kind": {text(kind)}, "number": {text(number)}, "reference": {text(reference)}, '
        f'"external_ref": {"null" if external_ref is None else text(external_ref)}, '
        f'"status": {text(status)}, "total": {text(str(total))}, "lines": {int(lines)}}}'
    )


def audit_row(
    uow: UnitOfWork, now: str, batch: str | None, model: Any, ident: Any, after: dict[str, Any]
) -> tuple[Any, ...]:
    """An audit row as the unit of work writes it (``model``: a mapped class or its table
    name)."""
    entity = model if isinstance(model, str) else model.__tablename__
    return (
        now,
        uow.actor,
        uow.desk,
        entity,
        str(ident),
        "insert",
        None,
        json.dumps(after, ensure_ascii=False),
        batch,
    )


def doc_row(
    uow: UnitOfWork,
    firm: Any,
    now: str,
    doc_id: str,
    kind: str,
    number: str,
    status: str,
    party: Party,
    on: date,
    due: date | None,
    totals: tuple[int, int, int],
    *,
    reference: str,
    notes: str,
    salesperson: str = "",
    external_ref: str | None = None,
) -> tuple[Any, ...]:
    """A ``document`` row as ``new_document`` and posting would leave it (see DOC_SQL)."""
    net_c, tax_c, total_c = totals
    return (
        doc_id,
        now,
        now,
        kind,
        number,
        status,
        party.id.hex,
        on.isoformat(),
        due.isoformat() if due else None,
        salesperson or party.salesperson,
        firm.currency,
        1 if firm.prices_include_tax else 0,
        net_c,
        tax_c,
        total_c,
        "",
        reference,
        "",
        notes,
        uow.actor,
        uow.desk,
        now if status == "posted" else None,
        0,
        external_ref,
    )


def add_balances(uow: UnitOfWork, account: str, balances: dict[uuid.UUID, Decimal]) -> None:
    """Add to the parties' balance cache, as ``posting.post_entry`` keeps it."""
    session = uow.session
    for party_id, amount in balances.items():
        row = session.get(PartyBalance, (party_id, account))
        if row is None:
            session.add(PartyBalance(party_id=party_id, account=account, balance=amount))
        else:
            row.balance += amount
        uow.touch("balance", party_id)
