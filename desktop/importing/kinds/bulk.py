"""Bulk writing of imported bills: what ``trade.post`` does, for hundreds of thousands of lines.

Rows go in with ``executemany`` on the unit of work's own connection (same transaction), as
the scaled integers the model types store. The consequences match the services exactly:
numbers from the same series (``numbering``), line figures from ``money.line_amounts``, party
entries and the balance cache as ``posting.post_entry`` writes them, stock moves at moving
average as ``posting.post_moves`` values them. One audit entry per document carries the batch
id so the import can be undone; one outbox entry announces the batch to sync.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.errors import DomainError
from desktop.ids import new_id
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


class _IdSource:
    """UUIDv7 keys as hex, made the way ``desktop.ids.new_id`` makes them (48-bit millisecond
    time that moves forward by one per key, 76 random bits) but without a UUID object each:
    a bulk import needs hundreds of thousands. ``done()`` hands the clock back to ``uuid6``
    so later ``new_id()`` keys still sort after these."""

    def __init__(self) -> None:
        import random
        import time

        import uuid6

        now = time.time_ns() // 1_000_000
        last = getattr(uuid6, "_last_v7_timestamp", None)
        self._ms = now if last is None or now > last else last + 1
        self._uuid6 = uuid6
        self._bits = random.Random(secrets.token_bytes(32)).getrandbits

    def next(self) -> str:
        ms = self._ms
        self._ms = ms + 1
        rand = self._bits(76)
        value = ((ms & 0xFFFFFFFFFFFF) << 80) | (7 << 76) | ((rand >> 62) << 64)
        value |= (0b10 << 62) | (rand & ((1 << 62) - 1))
        return f"{value:032x}"

    def done(self) -> None:
        if hasattr(self._uuid6, "_last_v7_timestamp"):
            last = self._uuid6._last_v7_timestamp
            if last is None or last < self._ms - 1:
                setattr(self._uuid6, "_last_v7_timestamp", self._ms - 1)  # noqa: B010


def _dashed(h: str) -> str:
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


def _i(value: Decimal, scale: int) -> int:
    return int(value.scaleb(scale).to_integral_value())


def write_documents(uow: UnitOfWork, flow: str, docs: list[DocSpec], ctx: Context) -> None:
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
    numbers = _numbers(uow, kind, [d.doc_date for d in docs])
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
    ids = _IdSource()
    hexes: dict[Any, str] = {}  # the same products recur
    move_stock = ctx.options.move_stock
    deferred = _defer_indexes(
        conn,
        {
            "document": len(docs),
            "document_line": sum(len(d.lines) for d in docs),
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
            doc_id = ids.next()
            net_c = sum(ln[7] for ln in doc.lines)
            tax_c = sum(ln[8] for ln in doc.lines)
            total_c = sum(ln[9] for ln in doc.lines)
            total = Decimal(total_c).scaleb(-2)
            party = parties[doc.party_id]
            due = terms_due(party, doc.doc_date) if post else None
            notes = "；".join(x for x in (prefix_note, doc.notes) if x)
            doc_rows.append(
                _doc_row(
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
            for no, line in enumerate(doc.lines, 1):
                product, figures = line[0], line[1:]
                line_id = ids.next()
                product_hex = hexes.get(product)
                if product_hex is None:
                    product_hex = hexes[product] = product.hex
                line_rows.append((line_id, doc_id, no, product_hex, *figures, ""))
                if move_stock:
                    factor4, qty4, l_net = line[2], line[3], line[7]
                    base_qty = Decimal(qty4 * factor4).scaleb(-8)
                    moves.append(
                        (
                            doc.doc_date,
                            product,
                            doc_id,
                            line_id,
                            base_qty,
                            Decimal(l_net).scaleb(-2),
                        )
                    )
            if post and total:
                entry_rows.append(
                    (
                        ids.next(),
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
            after = {
                "kind": kind,
                "number": number,
                "reference": doc.number,
                "external_ref": doc.ref,
                "status": status,
                "total": str(total),
                "lines": len(doc.lines),
            }
            audit_rows.append(_audit_insert(uow, now, batch, "document", _dashed(doc_id), after))
        _many(conn, _DOC_SQL, doc_rows)
        _many(conn, _LINE_SQL, line_rows)
        _many(conn, _ENTRY_SQL, entry_rows)
        _many(conn, _AUDIT_SQL, audit_rows)
        line_count += len(line_rows)
    _rebuild_indexes(conn, deferred)
    ids.done()
    conn.exec_driver_sql(f"PRAGMA cache_size={int(previous_cache or -2000)}")
    _add_balances(uow, account, balances)
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


_DOC_SQL = (
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
_ENTRY_SQL = (
    "INSERT INTO party_entry (id, party_id, account, document_id, entry_date, due_date, "
    "amount, created_at) VALUES (?,?,?,?,?,?,?,?)"
)
_AUDIT_SQL = (
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


def _rebuild_indexes(conn: Any, statements: list[str]) -> None:
    for sql in statements:
        conn.exec_driver_sql(sql)


def _many(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(sql, rows[start : start + CHUNK])


def _numbers(uow: UnitOfWork, kind: str, dates: list[date]) -> list[str]:
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
    for on in dates:
        period = on.strftime("%y%m")
        s = series.get(period)
        if s is None:
            s = series[period] = NumberSeries(prefix=prefix, desk=uow.desk, period=period, last=0)
            session.add(s)
        s.last += 1
        out.append(f"{prefix}-{uow.desk}-{period}-{s.last:04d}")
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
                new_id().hex,
                product.hex,
                doc_id,
                line_id,
                on.isoformat(),
                _i(qty, 4),
                _i(cost, 6),
                now,
            )
        )
        uow.touch("stock", product)
    _many(
        session.connection(),
        "INSERT INTO stock_move (id, product_id, document_id, line_id, "
        "move_date, qty, unit_cost, created_at) VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )


# --- master data --------------------------------------------------------------------------


class RecordRejected(DomainError):
    """One of the records given to :func:`create_records` was refused; ``key`` says which."""

    def __init__(self, key: Any, error: DomainError) -> None:
        super().__init__(error.code, error.zh, error.en, **error.details)
        self.key = key


def create_records(
    uow: UnitOfWork, entity: str, specs: dict[Any, dict[str, Any]]
) -> dict[Any, uuid.UUID]:
    """Create customers/suppliers (``entity="party"``) or products, as ``create_party`` /
    ``create_product`` would, with bulk inserts.

    The values go through the services' own validation (a product's ``units``, ``tiers``
    and ``levels`` too); the rows get the same pinyin search keys; every row written
    (a product's units and prices included) gets the audit entry the unit of work would
    have written, tagged with the batch so undo removes it, and each record the same outbox
    intent. A refused record raises :class:`RecordRejected` naming its key. Returns spec
    key → new id.
    """
    from sqlalchemy import func, insert

    from desktop.errors import ValidationError
    from desktop.models import Contact, ProductPrice, ProductUnit
    from desktop.search_keys import search_key
    from desktop.services import parties as party_service
    from desktop.services import products as product_service

    if not specs:
        return {}
    session = uow.session
    session.flush()
    model: Any = Party if entity == "party" else Product
    validate = party_service._validated if entity == "party" else product_service._validated
    clean_rows: list[tuple[Any, dict[str, Any]]] = []
    # a product's units, tiers and levels, or a party's contacts, as given ...
    extras: dict[Any, dict[str, Any]] = {}
    # ... and as the rows the ORM would have written (ProductUnit/ProductPrice/Contact)
    children: dict[Any, list[Any]] = {}
    for key, values in specs.items():
        values = dict(values)
        try:
            if entity == "product":
                extra: dict[str, Any] = {
                    "units": values.pop("units", None) or [],
                    "tiers": values.pop("tiers", None) or [],
                    "levels": values.pop("levels", None) or {},
                }
            clean = validate(values, creating=True)
            if entity == "product":
                extras[key] = extra
                children[key] = product_service._units(
                    clean.get("base_unit") or "个", extra["units"]
                ) + product_service._prices(extra["tiers"], extra["levels"])
            else:
                contacts = clean.pop("contacts", None) or []
                extras[key] = {"contacts": contacts}
                children[key] = [Contact(**c) for c in contacts]
        except DomainError as exc:
            raise RecordRejected(key, exc) from exc
        clean_rows.append((key, clean))
    codes = {c for c in session.scalars(select(model.code))}
    if entity == "party":
        names = {n for n in session.scalars(select(Party.name).where(Party.archived.is_(False)))}
        count = session.scalar(select(func.count()).select_from(Party)) or 0
    for key, clean in clean_rows:
        if entity == "party":
            if not clean.get("code"):
                letter = (
                    "S" if clean.get("is_supplier") and not clean.get("is_customer", True) else "C"
                )
                n = count + 1
                while f"{letter}{n:05d}" in codes:
                    n += 1
                clean["code"] = f"{letter}{n:05d}"
            if clean["name"] in names:
                raise RecordRejected(
                    key,
                    ValidationError(
                        "duplicate_name",
                        f"已有同名往来单位：{clean['name']}。如确为不同单位，请在名称中加以区分。",
                        f"A party named {clean['name']} already exists.",
                        field="name",
                    ),
                )
            names.add(clean["name"])
            count += 1
        if clean["code"] in codes:
            zh = "往来单位" if entity == "party" else "商品"
            raise RecordRejected(
                key,
                ValidationError(
                    "duplicate_code",
                    f"编码 {clean['code']} 已被其他{zh}使用。",
                    f"Code {clean['code']} is already used.",
                    field="code",
                ),
            )
        codes.add(clean["code"])
    ids: dict[Any, uuid.UUID] = {}
    inserts: list[dict[str, Any]] = []
    child_models = (ProductUnit, ProductPrice) if entity == "product" else (Contact,)
    child_rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in child_models}
    owner = "product_id" if entity == "product" else "party_id"
    for key, clean in clean_rows:
        ident = new_id()
        ids[key] = ident
        if entity == "party":
            key_text = search_key(
                clean["name"], clean.get("short_name"), clean["code"], clean.get("phone")
            )
        else:
            key_text = search_key(
                clean["name"], clean["code"], clean.get("spec"), clean.get("barcode")
            )
        for child in children[key]:
            values = {}
            for column in type(child).__table__.columns:
                value = getattr(child, column.key)
                if value is None and column.default is not None and column.default.is_scalar:
                    value = column.default.arg  # what the flush would have filled in
                values[column.key] = value
            values.update({"id": new_id(), owner: ident})
            child_rows[type(child)].append(values)
        inserts.append({**clean, "id": ident, "search_key": key_text})
    session.flush()
    conn = session.connection()
    for table_model, rows in ((model, inserts), *child_rows.items()):
        for start in range(0, len(rows), CHUNK):  # ORM bulk insert: rows may differ in keys
            session.execute(insert(table_model), rows[start : start + CHUNK])
    now = utcnow().isoformat(sep=" ")
    batch = uow.batch_id.hex if uow.batch_id else None
    audit_rows: list[tuple[Any, ...]] = []
    new_ids = list(ids.values())
    for start in range(0, len(new_ids), 500):  # read back as stored, defaults included
        chunk = new_ids[start : start + 500]
        wanted = [(model, model.id)]
        wanted += [(m, getattr(m, owner)) for m, rows in child_rows.items() if rows]
        for table_model, column in wanted:
            for stored in conn.execute(select(table_model.__table__).where(column.in_(chunk))):
                after = _stored_json(table_model, stored._mapping)
                audit_rows.append(_audit_insert(uow, now, batch, table_model, stored.id, after))
    intents: list[dict[str, Any]] = []
    for key, clean in clean_rows:
        ident = ids[key]
        uow.touch(model.__tablename__, ident)
        intents.append({"id": ident, **clean, **extras[key]})
    uow.record_many(f"{entity}.create", intents)
    _many(conn, _AUDIT_SQL, audit_rows)
    return ids


def _stored_json(model: Any, stored: Any) -> dict[str, Any]:
    """A row read with Core, as ``serialize.row_dict`` gives a loaded object."""
    from sqlalchemy import inspect

    from desktop.services.serialize import jsonable

    return {
        attr.key: jsonable(stored[attr.columns[0].name]) for attr in inspect(model).column_attrs
    }


def create_new_rows(
    uow: UnitOfWork, entity: str, rows: list[Any], values_of: Callable[[Any], dict[str, Any]]
) -> None:
    """:func:`create_records` for the import rows planned as new: ``values_of(row)`` gives a
    row's values; each row gets its new id as ``target``, and a refused record fails its row
    and stops the import (``RowFailed``)."""
    from desktop.importing.kinds.base import RowFailed
    from desktop.importing.rows import NEW

    specs = {i: values_of(row) for i, row in enumerate(rows) if row.outcome == NEW}
    try:
        ids = create_records(uow, entity, specs)
    except RecordRejected as exc:
        row = rows[exc.key]
        row.fail(exc.zh, exc.en)
        raise RowFailed(row) from exc
    for i, ident in ids.items():
        rows[i].target = ident


def _audit_insert(
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


def _doc_row(
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
    """A ``document`` row as ``new_document`` and posting would leave it (see _DOC_SQL)."""
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


def _add_balances(uow: UnitOfWork, account: str, balances: dict[uuid.UUID, Decimal]) -> None:
    """Add to the parties' balance cache, as ``posting.post_entry`` keeps it."""
    session = uow.session
    for party_id, amount in balances.items():
        row = session.get(PartyBalance, (party_id, account))
        if row is None:
            session.add(PartyBalance(party_id=party_id, account=account, balance=amount))
        else:
            row.balance += amount
        uow.touch("balance", party_id)


def write_opening_balances(
    uow: UnitOfWork,
    flow: str,
    items: list[tuple[uuid.UUID, Decimal, date, str]],
    batch_id: Any,
) -> None:
    """``opening.opening_balance`` for many parties at once: a posted bill (or, for a credit,
    a posted receipt/payment) marked 期初 per party, its balance entry and due date from the
    party's terms, the balance cache, an audit entry per document (tagged with the batch, so
    undo red-reverses them) and the same sync intent each. ``items``: (party, amount, date,
    notes)."""
    from desktop.services.opening import OPENING
    from desktop.services.trade import FLOWS

    if not items:
        return
    session = uow.session
    session.flush()
    chosen = FLOWS[flow]
    firm = get_firm(session)
    parties = {
        p.id: p
        for start in range(0, len(items), 500)
        for p in session.scalars(
            select(Party).where(Party.id.in_([item[0] for item in items[start : start + 500]]))
        )
    }
    now = utcnow().isoformat(sep=" ")
    batch = batch_id.hex if batch_id else None
    ids = _IdSource()
    doc_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    audit_rows: list[tuple[Any, ...]] = []
    intents: list[dict[str, Any]] = []
    balances: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for kind, group in (
        (chosen.bill, [item for item in items if item[1] > 0]),
        (chosen.pay, [item for item in items if item[1] < 0]),
    ):
        numbers = _numbers(uow, kind, [item[2] for item in group])
        for (party_id, amount, on, notes), number in zip(group, numbers, strict=True):
            party = parties[party_id]
            doc_id = ids.next()
            due = terms_due(party, on) if amount > 0 else None
            cents = _i(abs(amount), 2)
            doc_rows.append(
                _doc_row(
                    uow,
                    firm,
                    now,
                    doc_id,
                    kind,
                    number,
                    "posted",
                    party,
                    on,
                    due,
                    (cents, 0, cents),
                    reference=OPENING,
                    notes=notes or f"{OPENING}余额",
                )
            )
            entry_rows.append(
                (
                    ids.next(),
                    party_id.hex,
                    chosen.account,
                    doc_id,
                    on.isoformat(),
                    due.isoformat() if due else None,
                    _i(amount, 2),
                    now,
                )
            )
            balances[party_id] += amount
            after = {
                "kind": kind,
                "number": number,
                "reference": OPENING,
                "status": "posted",
                "total": str(abs(amount)),
            }
            audit_rows.append(_audit_insert(uow, now, batch, "document", _dashed(doc_id), after))
            intents.append(
                {
                    "id": _dashed(doc_id),
                    "number": number,
                    "party": party_id,
                    "amount": amount,
                    "date": on,
                    "flow": flow,
                    "due": due,
                    "reference": OPENING,
                }
            )
    ids.done()
    conn = session.connection()
    _many(conn, _DOC_SQL, doc_rows)
    _many(conn, _ENTRY_SQL, entry_rows)
    _many(conn, _AUDIT_SQL, audit_rows)
    _add_balances(uow, chosen.account, balances)
    uow.touch("document")
    uow.record_many("opening.balance", intents)
