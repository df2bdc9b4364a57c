"""Bulk writing of imported bills: what ``trade.post`` does, for hundreds of thousands of
lines, and the row builders the other bulk writers share (opening balances are in
``bulk_opening.py``, new customers, suppliers and products in ``records.py``).

Rows go in with ``executemany`` on the unit of work's own connection (same transaction), as
the scaled integers the model types store, built by column name (``bulk_rows``: the INSERTs
are made from the row types and checked against the tables' columns). The consequences
match the services exactly: numbers from the same series (``numbering``), line figures from
``money.line_amounts``, party entries and the balance cache as ``posting.post_entry`` writes
them, stock moves at moving average as ``posting.post_moves`` values them. One audit entry
per document carries the batch id so the import can be undone; one outbox entry announces
the batch to sync.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import chain
from json.encoder import encode_basestring as _json_text
from typing import Any, NamedTuple

from sqlalchemy import select

from desktop.ids import new_hex
from desktop.importing.kinds.base import Context
from desktop.importing.kinds.bulk_rows import (
    AUDIT,
    DOC,
    ENTRY,
    LINE,
    MOVE,
    AuditRow,
    DocRow,
    EntryRow,
    Insert,
    Line,
    LineRow,
    MoveRow,
    line_row,
)
from desktop.models import (
    Account,
    DocKind,
    DocStatus,
    FlowName,
    NumberSeries,
    Party,
    PartyBalance,
    Product,
    StockBalance,
)
from desktop.models.base import utcnow
from desktop.money import ZERO, to_scaled
from desktop.services import costing
from desktop.services.firm import get_firm
from desktop.services.numbering import PREFIX, observe
from desktop.services.terms import due_date as terms_due
from desktop.services.uow import UnitOfWork

CHUNK = 20_000
#: rows per insert statement (see :func:`execute_many`): from 200 to 500 rows a statement
#: the time per row is flat (1.2–1.3 µs for a line, against 2.0 µs one row at a time)
STATEMENT_ROWS = 400
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
    #: or, made beforehand: the bill's id, its lines as ``document_line`` rows and its totals
    #: (net, tax, total in fen)
    id: str | None = None
    rows: list[LineRow] | None = None
    totals: tuple[int, int, int] | None = None
    #: the number and the place in numbering order it was given on another copy of the
    #: ledger (an intent applied again)
    given_number: str | None = None
    given_rank: int | None = None
    #: a return (退货) of the flow rather than a bill: figures as positive as a bill's,
    #: stock and balance moving the other way (a cancelled invoice, see ``history_returns``)
    returns: bool = False
    #: the bill a return is of: a ledger document's id (hex), or the ``ref`` of a bill
    #: written in the same call
    source: str | None = None
    #: of ``rows``, those not in ``document_line`` yet (None: all; the others were written
    #: while the file was read, see ``history_stream_early``)
    unwritten: list[LineRow] | None = None


def write_documents(
    uow: UnitOfWork, flow: str, docs: list[DocSpec], ctx: Context, *, record: bool = True
) -> None:
    """Write the bills, their lines, audit entries, party entries and stock moves."""
    if not docs:
        return
    session = uow.session
    session.flush()
    firm = get_firm(session)
    bill_kind = DocKind.SALES_BILL if flow == FlowName.SALES else DocKind.SUPPLIER_BILL
    return_kind = DocKind.SALES_RETURN if flow == FlowName.SALES else DocKind.PURCHASE_RETURN
    account = Account.AR if flow == FlowName.SALES else Account.AP
    post = ctx.options.post_balances
    status = DocStatus.POSTED if post else DocStatus.CLOSED
    now = utcnow().isoformat(sep=" ")
    if all(d.given_rank is not None for d in docs):
        docs.sort(key=lambda d: d.given_rank or 0)
    else:
        docs.sort(key=lambda d: (d.doc_date, d.returns, d.ref))  # a day's returns last
    if all(d.given_number for d in docs):
        numbers = [d.given_number or "" for d in docs]
        for number in numbers:
            observe(session, number)
    else:
        numbers = [""] * len(docs)
        for returns, kind in ((False, bill_kind), (True, return_kind)):
            at = [i for i, d in enumerate(docs) if d.returns is returns]
            taken = bill_numbers(uow, kind, [docs[i].doc_date for i in at])
            for i, number in zip(at, taken, strict=True):
                numbers[i] = number
    rank = {id(d): i for i, d in enumerate(docs)}
    if all(d.id is not None for d in docs):
        # bills made beforehand go in in the order of their ids, and so do their lines: the
        # primary-key b-trees only grow at the end (in date order they would split all over)
        by_id = sorted(zip(docs, numbers, strict=True), key=lambda dn: dn[0].id or "")
        docs, numbers = [d for d, _ in by_id], [n for _, n in by_id]
    if any(d.returns for d in docs):  # returns go in after the bills they are made from
        last = sorted(zip(docs, numbers, strict=True), key=lambda dn: dn[0].returns)
        docs, numbers = [d for d, _ in last], [n for _, n in last]
    for d in docs:
        d.id = d.id or new_hex()
    made_ids = {d.ref: d.id for d in docs}  # a return's bill may be one of these
    parties = {
        p.id: p
        for p in session.scalars(select(Party).where(Party.id.in_({d.party_id for d in docs})))
    }
    prefix_note = history_note(post)
    moves: list[_Move] = []
    balances: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    batch = ctx.batch_id.hex if ctx.batch_id else None
    conn = session.connection()
    previous_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if len(docs) > SLICE_DOCS:
        # index pages of big tables stay in memory instead of being re-read per slice
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    line_count = 0
    parts = -(-len(docs) // SLICE_DOCS)
    actor, desk = uow.actor, uow.desk
    hexes: dict[Any, str] = {}  # the same products recur
    products: dict[str, uuid.UUID] = {}  # and back
    move_stock = ctx.options.move_stock
    deferred = defer_indexes(
        conn,
        {
            "document": len(docs),
            "document_line": sum(
                len(d.rows or d.lines) if d.unwritten is None else len(d.unwritten) for d in docs
            ),
            "audit_log": len(docs),
        },
    )
    for lo in range(0, len(docs), SLICE_DOCS):
        # rows are built and inserted a slice of bills at a time, to keep memory flat
        hi = lo + SLICE_DOCS
        doc_rows: list[DocRow] = []
        bill_keys: list[tuple[str, int, str]] = []
        line_rows: list[LineRow] = []
        audit_rows: list[AuditRow] = []
        entry_rows: list[EntryRow] = []
        for doc, number in zip(docs[lo:hi], numbers[lo:hi], strict=True):
            doc_id = doc.id or new_hex()
            kind = return_kind if doc.returns else bill_kind
            way = -1 if doc.returns else 1
            if doc.totals is not None:
                net_c, tax_c, total_c = doc.totals
            else:
                net_c = sum(ln.figures.net_amount for ln in doc.lines)
                tax_c = sum(ln.figures.tax_amount for ln in doc.lines)
                total_c = sum(ln.figures.total_amount for ln in doc.lines)
            total = Decimal(total_c).scaleb(-2)
            party = parties[doc.party_id]
            due = terms_due(party, doc.doc_date) if post and not doc.returns else None
            notes = "；".join(x for x in (prefix_note, doc.notes) if x)
            bill_keys.append((doc_id, rank[id(doc)], doc.ref))
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
                    source_id=made_ids.get(doc.source, doc.source) if doc.source else None,
                )
            )
            made = doc.rows
            if made is None:
                made = []
                for no, line in enumerate(doc.lines, 1):
                    product = line.product
                    product_hex = hexes.get(product)
                    if product_hex is None:
                        product_hex = hexes[product] = product.hex
                    made.append(line_row(new_hex(), doc_id, no, product_hex, line.figures))
            line_rows.extend(made if doc.unwritten is None else doc.unwritten)
            if move_stock:
                for row in made:
                    moves.append(
                        _Move(
                            on=doc.doc_date,
                            rank=rank[id(doc)],
                            product=_product_id(products, row.product_id),
                            doc_id=doc_id,
                            line_id=row.id,
                            base_qty=Decimal(row.qty * row.unit_factor).scaleb(-8),
                            net=Decimal(row.net_amount).scaleb(-2),
                            back=doc.returns,
                        )
                    )
            if post and total:
                entry_rows.append(
                    EntryRow(
                        id=new_hex(),
                        party_id=doc.party_id.hex,
                        account=account,
                        document_id=doc_id,
                        entry_date=doc.doc_date.isoformat(),
                        due_date=due.isoformat() if due else None,
                        amount=way * total_c,
                        created_at=now,
                    )
                )
                balances[doc.party_id] += way * total
            after = document_after_json(kind, number, doc.number, doc.ref, status, total, len(made))
            audit_rows.append(
                AuditRow(
                    at=now,
                    actor=actor,
                    desk=desk,
                    entity="document",
                    entity_id=dashed(doc_id),
                    action="insert",
                    before=None,
                    after=after,
                    batch_id=batch,
                )
            )
        if record:
            from desktop.importing.kinds.bulk_sync import record_bills

            record_bills(uow, ctx, flow, (lo // SLICE_DOCS + 1, parts), bill_keys)
        execute_many(conn, DOC, doc_rows)
        execute_many(conn, LINE, line_rows)
        execute_many(conn, ENTRY, entry_rows)
        execute_many(conn, AUDIT, audit_rows)
        line_count += len(line_rows)
    rebuild_indexes(conn, deferred)
    conn.exec_driver_sql(f"PRAGMA cache_size={int(previous_cache or -2000)}")
    add_balances(uow, account, balances)
    if moves:
        _write_moves(uow, flow, moves, now)
    for table in ("document", "document_line", "party_entry"):  # written with raw SQL above
        uow.touch(table)


def history_note(post: bool) -> str:
    """What an imported bill's notes start with."""
    return "历史单据（导入，已过账）" if post else "历史单据（导入）"


class _Move(NamedTuple):
    """A stock move to value (see ``_write_moves``): base quantity and net amount as Decimal."""

    on: date
    #: the bill's place in numbering order: moves of one day are valued in that order, as
    #: the services post bills one after another
    rank: int
    product: uuid.UUID
    doc_id: str
    line_id: str
    base_qty: Decimal
    net: Decimal
    #: a return's: the goods move the other way, at the average cost
    back: bool = False


def defer_indexes(conn: Any, adding: dict[str, int]) -> list[str]:
    """Drop the plain (non-unique) indexes of tables about to more than double in size; their
    ``CREATE INDEX`` statements are returned for :func:`rebuild_indexes`.

    Building an index once over sorted keys is cheaper than updating it row by row, by about
    a third of the insert time for a big import into a young ledger. DDL is transactional in
    SQLite: if the import fails, the rollback brings the indexes back untouched.
    """
    statements: list[str] = []
    open_transaction(conn)
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


def open_transaction(conn: Any) -> None:
    """Open the transaction now if no write has opened it yet: the sqlite3 driver begins
    one only before INSERT/UPDATE/DELETE, so a DROP INDEX would otherwise run (and stay
    dropped) on its own, outside the import's transaction."""
    if not conn.connection.driver_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")


def rebuild_indexes(conn: Any, statements: list[str]) -> None:
    for sql in statements:
        conn.exec_driver_sql(sql)


def execute_many(conn: Any, insert: Insert, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (of ``insert``'s row type) in statements of several hundred rows
    each (:func:`rows_per_statement`): sqlite3's ``executemany`` spends about 0.8 µs a row
    of its 2 µs (lines of 14 columns) going from row to row, which one statement for many
    rows does not. The rows left over go in by ``executemany``, each handed over as a
    plain tuple: sqlite3 reads a tuple subclass (the NamedTuple rows) one ``__getitem__``
    call per value, which cost more than the whole rest of the row building."""
    per = rows_per_statement(conn, len(insert.columns))
    whole = len(rows) - len(rows) % per if per > 1 else 0
    if whole:
        sql = insert.many(per)
        for start in range(0, whole, per):
            conn.exec_driver_sql(sql, tuple(chain.from_iterable(rows[start : start + per])))
    for start in range(whole, len(rows), CHUNK):
        conn.exec_driver_sql(insert.sql, list(map(tuple, rows[start : start + CHUNK])))


def rows_per_statement(conn: Any, width: int) -> int:
    """How many rows of ``width`` values one insert statement takes: :data:`STATEMENT_ROWS`,
    fewer when SQLite allows fewer bound values in a statement (older builds: 999)."""
    dbapi = conn.connection.driver_connection
    limit = dbapi.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(STATEMENT_ROWS, limit // max(1, width)))


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


def _write_moves(uow: UnitOfWork, flow: str, moves: list[_Move], now: str) -> None:
    """Stock moves in date order, valued and posted by the posting rules (``services.costing``)."""
    session = uow.session
    sign = -1 if flow == FlowName.SALES else 1
    products = {m.product for m in moves}
    cache = {
        b.product_id: b
        for b in session.scalars(select(StockBalance).where(StockBalance.product_id.in_(products)))
    }
    costs = dict(
        session.execute(
            select(Product.id, Product.cost_price).where(Product.id.in_(products))
        ).all()
    )
    rows: list[MoveRow] = []
    moves.sort(key=lambda m: (m.on, m.rank))
    for on, _, product, doc_id, line_id, base_qty, net, back in moves:
        bal = cache.get(product)
        if bal is None:
            bal = cache[product] = StockBalance(product_id=product, qty=ZERO, value=ZERO)
            session.add(bal)
        qty = -sign * base_qty if back else sign * base_qty
        bought = costing.net_unit_cost(net, base_qty) if sign > 0 and not back else None
        cost = costing.post_move(bal, qty, bought, costs.get(product, ZERO))
        rows.append(
            MoveRow(
                id=new_hex(),
                product_id=product.hex,
                document_id=doc_id,
                line_id=line_id,
                move_date=on.isoformat(),
                qty=to_scaled(qty, 4),
                unit_cost=to_scaled(cost, 6),
                created_at=now,
            )
        )
        uow.touch("stock_balance", product)
    uow.touch("stock_move")  # raw SQL: the session does not see it
    execute_many(session.connection(), MOVE, rows)


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
) -> AuditRow:
    """An audit row as the unit of work writes it (``model``: a mapped class or its table
    name)."""
    return AuditRow(
        at=now,
        actor=uow.actor,
        desk=uow.desk,
        entity=model if isinstance(model, str) else model.__tablename__,
        entity_id=str(ident),
        action="insert",
        before=None,
        after=json.dumps(after, ensure_ascii=False),
        batch_id=batch,
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
    source_id: str | None = None,
) -> DocRow:
    """A ``document`` row as ``new_document`` and posting would leave it."""
    net_c, tax_c, total_c = totals
    return DocRow(
        id=doc_id,
        created_at=now,
        updated_at=now,
        kind=kind,
        number=number,
        status=status,
        party_id=party.id.hex,
        doc_date=on.isoformat(),
        due_date=due.isoformat() if due else None,
        salesperson=salesperson or party.salesperson,
        currency=firm.currency,
        prices_include_tax=1 if firm.prices_include_tax else 0,
        net_total=net_c,
        tax_total=tax_c,
        total=total_c,
        method="",
        reference=reference,
        ship_to="",
        notes=notes,
        created_by=uow.actor,
        desk=uow.desk,
        posted_at=now if status == DocStatus.POSTED else None,
        print_count=0,
        external_ref=external_ref,
        source_id=source_id,
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
        uow.touch("party_balance", party_id)
