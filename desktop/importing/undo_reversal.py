"""Red reversal (红冲) of the documents an import wrote, a whole batch at once.

``services.reversal.reverse`` nets one document through ORM objects and the posting
functions (``post_moves``, ``post_entry``, ``allocate``), each of which flushes: for the
20,000 bills of a big history import that took more than 19 minutes. This writes the same
rows those functions write, for the whole batch, in a few statements per chunk of
documents, and leaves what ``reverse`` leaves (a test compares the two on a twin ledger):

* a new document per original: same kind, party and date, negated lines and totals,
  ``reverses_id`` set, a number from the same series, notes "红冲 <number>：<reason>";
* the original's stock moves negated at their own unit costs, newest first, so the stock
  cache walks back through the same quantities and values (exactly, by
  ``costing.take_back``, as ``reverse`` does); a firm that blocks negative stock refuses
  when later documents already took the goods the import brought in;
* for a posted original: the negated balance entry, the allocations it took part in
  released, original and reversal allocated to each other, the original ``reversed``;
* a closed history record (imported without balances: no entry, no allocation) is reversed
  by a closed record and stays ``closed`` itself: ``reversed`` would claim a balance entry
  that never existed, and ``zhangfang check`` would rightly flag it.

The ``document.reverse`` intents are recorded in the order the moves were taken back
(the newest document first), so a copy of the ledger that applies them one by one through
``reverse`` walks the stock back through the very same values.

Nothing append-only is updated or deleted. The originals' status and ``external_ref`` are
the only updates (the reference is cleared so the same file can be imported again).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    DateTime,
    String,
    Table,
    Uuid,
    bindparam,
    case,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from desktop.errors import StockError, ValidationError
from desktop.ids import new_id
from desktop.importing.kinds.bulk import BULK_CACHE_KIB, SLICE_DOCS, bill_numbers
from desktop.importing.stored_rows import copy_rows, insert_stored, read_stored
from desktop.models import (
    Allocation,
    AuditEntry,
    DocKind,
    DocStatus,
    Document,
    DocumentLine,
    Party,
    PartyBalance,
    PartyEntry,
    Product,
    StockBalance,
    StockMove,
)
from desktop.models.base import utcnow
from desktop.models.types import ScaledDecimal
from desktop.money import ZERO, fmt_qty
from desktop.services.costing import take_back
from desktop.services.firm import get_firm
from desktop.services.flow_kinds import FLOW_OF_KIND, entry_sign
from desktop.services.lifecycle import LIFECYCLES
from desktop.services.posting import settle
from desktop.services.uow import UnitOfWork

CHUNK = 500  # ids per IN (...): SQLite caps bound variables
REVERSED = DocStatus.REVERSED  # where ``lifecycle``'s reverse transition leads
_DOC = cast(Table, Document.__table__)
_LINE = cast(Table, DocumentLine.__table__)
_MOVE = cast(Table, StockMove.__table__)
#: kinds an import writes and this module reverses; anything else goes through ``reverse``
KINDS = frozenset(
    {
        DocKind.SALES_BILL,
        DocKind.SUPPLIER_BILL,
        DocKind.RECEIPT,
        DocKind.PAYMENT,
        DocKind.STOCKTAKE,
    }
)


@dataclass(frozen=True)
class Original:
    """What the reversal needs of one original document."""

    id: uuid.UUID
    kind: str
    number: str
    status: str
    party_id: uuid.UUID | None
    doc_date: date
    total: Decimal
    source_id: uuid.UUID | None


def read_originals(session: Session, ids: list[uuid.UUID]) -> list[Original]:
    """The documents by id, in date and number order (the order their reversals are
    numbered in)."""
    found: list[Original] = []
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(
                Document.id,
                Document.kind,
                Document.number,
                Document.status,
                Document.party_id,
                Document.doc_date,
                Document.total,
                Document.source_id,
            ).where(Document.id.in_(ids[start : start + CHUNK]))
        )
        found.extend(Original(*row) for row in rows)
    found.sort(key=lambda d: (d.doc_date, d.number))
    return found


def can_reverse_here(doc: Original) -> bool:
    """Reversible by the lifecycle table (posted, or a closed history bill), of a kind
    imports write, not fulfilling an order (an order's progress is refreshed by ``reverse``
    itself)."""
    action = LIFECYCLES.get(doc.kind, {}).get("reverse")
    return (
        doc.kind in KINDS
        and doc.source_id is None
        and action is not None
        and doc.status in action[0]
        and action[1] == REVERSED
    )


def reverse_many(uow: UnitOfWork, docs: list[Original], reason: str) -> list[tuple[str, str]]:
    """Reverse ``docs`` (all :func:`can_reverse_here`); returns (original, reversal) numbers."""
    if not docs:
        return []
    session = uow.session
    session.flush()
    _refuse_returns(session, docs)
    reds = _numbers(uow, docs)
    now = utcnow()
    conn = session.connection()
    previous_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if len(docs) > SLICE_DOCS:  # as a big import: index pages stay in memory
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    _copy_documents(uow, docs, reds, reason, now)
    lines = _copy_lines(session, reds)
    _mark_originals(uow, docs, reds, now)
    order = _negate_moves(uow, docs, reds, now)
    # from here on, document by document in that order, as ``reverse`` applied to each
    first = {ident: i for i, ident in enumerate(order)}
    in_order = sorted(docs, key=lambda d: first.get(d.id, len(first)))  # no moves: last
    posted = [d for d in in_order if d.status == DocStatus.POSTED and entry_sign(d.kind)]
    _negate_entries(uow, posted, reds, now)
    _release_allocations(uow, posted, reds, now)
    conn.exec_driver_sql(f"PRAGMA cache_size={int(previous_cache or -2000)}")
    _record(uow, in_order, reds, lines, reason)
    uow.touch("document")
    return [(d.number, reds[d.id][1]) for d in docs]


def _refuse_returns(session: Session, docs: list[Original]) -> None:
    """As ``reverse`` does: a bill with a live return against it is not reversed first."""
    ids = [d.id for d in docs]
    returns = [DocKind.SALES_RETURN, DocKind.PURCHASE_RETURN]
    source = _DOC.alias("source")
    for start in range(0, len(ids), CHUNK):
        row = session.execute(
            select(source.c.number, Document.number)
            .join(source, source.c.id == Document.source_id)
            .where(
                Document.source_id.in_(ids[start : start + CHUNK]),
                Document.kind.in_(returns),
                Document.status == DocStatus.POSTED,
                Document.reverses_id.is_(None),
            )
            .limit(1)
        ).first()
        if row is not None:
            raise ValidationError(
                "has_returns",
                f"导入的单据 {row[0]} 已有退货单 {row[1]}，请先红冲退货单，再撤销这批导入。",
                f"Imported document {row[0]} has return {row[1]}; reverse the return first, "
                "then undo the import.",
            )


def _numbers(uow: UnitOfWork, docs: list[Original]) -> dict[uuid.UUID, tuple[uuid.UUID, str]]:
    """A new id and a number (same series as ``numbering.next_number``) per original."""
    by_kind: dict[str, list[Original]] = defaultdict(list)
    for d in docs:
        by_kind[d.kind].append(d)
    reds: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
    for kind, group in by_kind.items():
        numbers = bill_numbers(uow, kind, [d.doc_date for d in group])
        for d, number in zip(group, numbers, strict=True):
            reds[d.id] = (new_id(), number)
    uow.session.flush()
    return reds


def _copy_documents(
    uow: UnitOfWork,
    docs: list[Original],
    reds: dict[uuid.UUID, tuple[uuid.UUID, str]],
    reason: str,
    now: Any,
) -> None:
    """Each reversal as a negated copy of its original's row (``INSERT … SELECT``, so a
    column added later is carried over too), with the header ``new_document`` would give it."""
    doc = _DOC
    salesperson = select(Party.salesperson).where(Party.id == doc.c.party_id).scalar_subquery()
    stamp = bindparam("now", type_=DateTime)
    overrides: dict[str, Any] = {
        "id": bindparam("red", type_=Uuid),
        "created_at": stamp,
        "updated_at": stamp,
        "number": bindparam("number", type_=String),
        "due_date": null(),
        "reverses_id": doc.c.id,
        "salesperson": func.coalesce(salesperson, ""),
        "currency": literal(get_firm(uow.session).currency, String),
        "net_total": -doc.c.net_total,
        "tax_total": -doc.c.tax_total,
        "total": -doc.c.total,
        "ship_to": literal("", String),
        "notes": bindparam("notes", type_=String),
        "created_by": literal(uow.actor, String),
        "desk": literal(uow.desk, String),
        "posted_at": case((doc.c.status == DocStatus.POSTED, stamp), else_=null()),
        "print_count": literal(0),
        "external_ref": null(),
    }
    rows = [
        {
            "red": reds[d.id][0],
            "number": reds[d.id][1],
            "notes": f"红冲 {d.number}：{reason.strip()}",
            "now": now,
            "original": d.id,
        }
        for d in docs
    ]
    session = uow.session
    copy_rows(session, doc, overrides, rows)
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": now,
                "actor": uow.actor,
                "desk": uow.desk,
                "entity": "document",
                "entity_id": str(reds[d.id][0]),
                "action": "insert",
                "before": None,
                "after": {
                    "kind": d.kind,
                    "number": reds[d.id][1],
                    "reverses": d.number,
                    "status": d.status,
                    "total": str(-d.total),
                },
            }
            for d in docs
        ],
    )


Lines = dict[str, list[tuple[int, str, str, Decimal, Decimal]]]


def _copy_lines(session: Session, reds: dict[uuid.UUID, tuple[uuid.UUID, str]]) -> Lines:
    """The originals' lines, negated, under their reversals; returns each reversal's lines
    (number, id, product, base quantity, total) for its intent."""
    red_of = {original.hex: red.hex for original, (red, _) in reds.items()}
    at, lines = read_stored(session, _LINE, "document_id", list(red_of))
    negated = [at[name] for name in ("qty", "net_amount", "tax_amount", "total_amount")]
    qty_s, factor_s, total_s = (
        -cast(ScaledDecimal, _LINE.c[name].type).scale
        for name in ("qty", "unit_factor", "total_amount")
    )
    copies: list[tuple[Any, ...]] = []
    made: Lines = defaultdict(list)
    for stored in lines:
        row = list(stored)
        row[at["id"]] = new_id().hex
        row[at["document_id"]] = red_of[stored[at["document_id"]]]
        for i in negated:
            row[i] = -stored[i]
        copies.append(tuple(row))
        base = Decimal(row[at["qty"]]).scaleb(qty_s) * Decimal(row[at["unit_factor"]]).scaleb(
            factor_s
        )
        made[row[at["document_id"]]].append(
            (
                row[at["line_no"]],
                row[at["id"]],
                row[at["product_id"]],
                base,
                Decimal(row[at["total_amount"]]).scaleb(total_s),
            )
        )
    insert_stored(session, _LINE, copies)
    return made


def _record(
    uow: UnitOfWork,
    docs: list[Original],
    reds: dict[uuid.UUID, tuple[uuid.UUID, str]],
    lines: Lines,
    reason: str,
) -> None:
    """One ``document.reverse`` intent per original, as ``reverse`` records it: the keys of
    the reversal and its lines, and what it posted, so a copy applies it again exactly."""
    many: list[dict[str, Any]] = []
    made: list[list[list[str]]] = []
    for d in docs:
        red, number = reds[d.id]
        own = sorted(lines.get(red.hex, []))
        many.append(
            {
                "id": d.id,
                "reason": reason,
                "date": d.doc_date,
                "posted": {
                    "number": number,
                    "total": -d.total,
                    "lines": [[uuid.UUID(hex=i), uuid.UUID(hex=p), q, t] for _, i, p, q, t in own],
                },
            }
        )
        made.append(
            [["document", red.hex, number]] + [["document_line", i, ""] for _, i, *_ in own]
        )
    uow.record_many("document.reverse", many, made)


def _mark_originals(
    uow: UnitOfWork, docs: list[Original], reds: dict[uuid.UUID, tuple[uuid.UUID, str]], now: Any
) -> None:
    """Originals take ``lifecycle``'s reverse transition (a closed history bill too: its
    reversal is closed, so ``check`` expects no balance entry of either); every original's
    ``external_ref`` is cleared so the file can be imported again."""
    session = uow.session
    doc = _DOC
    refs: dict[uuid.UUID, str | None] = {}
    ids = [d.id for d in docs]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        refs.update(
            session.execute(select(doc.c.id, doc.c.external_ref).where(doc.c.id.in_(chunk))).all()
        )
        session.execute(
            update(doc)
            .where(doc.c.id.in_(chunk))
            .values(
                status=literal(REVERSED, String),
                external_ref=None,
                updated_at=now,
            )
        )
    audits = []
    for d in docs:
        audits.append(
            {
                "at": now,
                "actor": uow.actor,
                "desk": uow.desk,
                "entity": "document",
                "entity_id": str(d.id),
                "action": "update",
                "before": {"status": d.status, "external_ref": refs.get(d.id)},
                "after": {"status": REVERSED, "external_ref": None, "reversed_by": reds[d.id][1]},
            }
        )
    session.execute(insert(AuditEntry), audits)


def _negate_moves(
    uow: UnitOfWork, docs: list[Original], reds: dict[uuid.UUID, tuple[uuid.UUID, str]], now: Any
) -> list[uuid.UUID]:
    """The originals' stock moves negated at their own costs, newest first, the cache taken
    back as ``posting.post_moves`` takes a reversal's moves back; returns the originals in
    the order their moves were taken back (by their newest move)."""
    session = uow.session
    red_of = {d.id.hex: (reds[d.id][0].hex, d.doc_date.isoformat()) for d in docs}
    at, moves = read_stored(session, _MOVE, "document_id", list(red_of), rowid=True)
    if not moves:
        return []
    moves.sort(key=lambda m: m[0], reverse=True)
    order = list(dict.fromkeys(uuid.UUID(hex=m[at["document_id"]]) for m in moves))
    qty_scale, cost_scale = (
        -cast(ScaledDecimal, _MOVE.c[name].type).scale for name in ("qty", "unit_cost")
    )
    products = {hex_id: uuid.UUID(hex=hex_id) for hex_id in {m[at["product_id"]] for m in moves}}
    balances = _stock_balances(session, set(products.values()))
    block = get_firm(session).negative_stock == "block"
    stamp = now.isoformat(sep=" ")
    copies: list[tuple[Any, ...]] = []
    for stored in moves:
        product_id = products[stored[at["product_id"]]]
        qty = Decimal(stored[at["qty"]]).scaleb(qty_scale)
        cost = Decimal(stored[at["unit_cost"]]).scaleb(cost_scale)
        balance = balances.get(product_id)
        if balance is None:
            balance = StockBalance(product_id=product_id, qty=ZERO, value=ZERO)
            balances[product_id] = balance
            session.add(balance)
        if block and qty > 0 and balance.qty - qty < 0:
            _refuse_negative(session, product_id, qty, balance.qty)
        take_back(balance, qty, cost)
        uow.touch("stock_balance", product_id)
        row = list(stored[1:])  # without the rowid
        red, on = red_of[stored[at["document_id"]]]
        for name, value in (
            ("id", new_id().hex),
            ("document_id", red),
            ("line_id", None),  # as ``reverse`` leaves it
            ("move_date", on),
            ("qty", -stored[at["qty"]]),
            ("created_at", stamp),
        ):
            row[at[name] - 1] = value
        copies.append(tuple(row))
    insert_stored(session, _MOVE, copies)
    return order


def _refuse_negative(
    session: Session, product_id: uuid.UUID, qty: Decimal, on_hand: Decimal
) -> None:
    product = session.get(Product, product_id)
    name = f"{product.code} {product.name}" if product else str(product_id)
    raise StockError(
        "undo_negative_stock",
        f"撤销这批导入要冲回 {name} {fmt_qty(qty)}，但现有库存只有 {fmt_qty(on_hand)}"
        "（之后的单据已经用掉了一部分）。请先红冲那些单据，或在设置里允许负库存。",
        f"Undoing this import takes {fmt_qty(qty)} of {name} back out, but only "
        f"{fmt_qty(on_hand)} is on hand (later documents used the rest). Reverse "
        "those documents first, or allow negative stock in the settings.",
    )


def _stock_balances(session: Session, products: set[uuid.UUID]) -> dict[uuid.UUID, StockBalance]:
    wanted = list(products)
    found: dict[uuid.UUID, StockBalance] = {}
    for start in range(0, len(wanted), CHUNK):
        for balance in session.scalars(
            select(StockBalance).where(StockBalance.product_id.in_(wanted[start : start + CHUNK]))
        ):
            found[balance.product_id] = balance
    return found


def _negate_entries(
    uow: UnitOfWork, docs: list[Original], reds: dict[uuid.UUID, tuple[uuid.UUID, str]], now: Any
) -> None:
    """Each posted original's balance entry, negated on its reversal (``post_entry``'s row
    and cache)."""
    session = uow.session
    rows: list[dict[str, Any]] = []
    moved: dict[tuple[uuid.UUID, str], Decimal] = defaultdict(lambda: ZERO)
    for d in docs:
        amount = -entry_sign(d.kind) * d.total
        if amount == 0 or d.party_id is None:
            continue
        account = FLOW_OF_KIND[d.kind].account
        rows.append(
            {
                "id": new_id(),
                "party_id": d.party_id,
                "account": account,
                "document_id": reds[d.id][0],
                "entry_date": d.doc_date,
                "due_date": None,
                "amount": amount,
                "created_at": now,
            }
        )
        moved[(d.party_id, account)] += amount
    if not rows:
        return
    session.execute(insert(PartyEntry), rows)
    for (party_id, account), amount in moved.items():
        balance = session.get(PartyBalance, (party_id, account))
        if balance is None:
            session.add(PartyBalance(party_id=party_id, account=account, balance=amount))
        else:
            balance.balance += amount
        uow.touch("party_balance", party_id)


def _release_allocations(
    uow: UnitOfWork, docs: list[Original], reds: dict[uuid.UUID, tuple[uuid.UUID, str]], now: Any
) -> None:
    """As ``reversal._release_allocations``, document by document: what a bill received and
    what a receipt/payment paid is released (a negative allocation), then original and
    reversal are allocated to each other."""
    session = uow.session
    ids = [d.id for d in docs]
    net: dict[tuple[uuid.UUID, uuid.UUID], Decimal] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = session.execute(
            select(
                Allocation.from_document_id, Allocation.to_document_id, func.sum(Allocation.amount)
            )
            .where(
                or_(Allocation.from_document_id.in_(chunk), Allocation.to_document_id.in_(chunk))
            )
            .group_by(Allocation.from_document_id, Allocation.to_document_id)
        )
        net.update(((frm, to), amount) for frm, to, amount in found)
    paid_to: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)  # bill -> credits
    paid_by: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)  # credit -> bills
    for frm, to in net:
        paid_to[to].append(frm)
        paid_by[frm].append(to)
    rows: list[dict[str, Any]] = []

    def allocate(frm: uuid.UUID, to: uuid.UUID, amount: Decimal, on: date) -> None:
        if amount:
            rows.append(
                {
                    "id": new_id(),
                    "from_document_id": frm,
                    "to_document_id": to,
                    "alloc_date": on,
                    "amount": amount,
                    "created_at": now,
                }
            )
            net[(frm, to)] = net.get((frm, to), ZERO) + amount

    for d in docs:
        red = reds[d.id][0]
        if entry_sign(d.kind) > 0:  # a bill: credits applied to it become unapplied again
            for credit in paid_to.get(d.id, []):
                allocate(credit, d.id, -net[(credit, d.id)], d.doc_date)
            allocate(red, d.id, d.total, d.doc_date)
        else:  # a receipt/payment: release what it paid
            for bill in paid_by.get(d.id, []):
                allocate(d.id, bill, -net[(d.id, bill)], d.doc_date)
            allocate(d.id, red, d.total, d.doc_date)
        uow.touch("allocation", d.id)
    if rows:
        session.execute(insert(Allocation), rows)
        touched = [r["from_document_id"] for r in rows] + [r["to_document_id"] for r in rows]
        settle(uow, touched)  # a bill paid before may be open again
