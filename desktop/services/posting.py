"""Writing the append-only consequences of a posted document.

Stock moves (valued by the moving-average rules in ``services.costing``),
receivable/payable entries and allocations are inserted, never changed; the balance
caches move with them in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, inspect, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from desktop.codes import ProblemKind
from desktop.errors import StockError
from desktop.ids import new_id
from desktop.models import (
    Allocation,
    Document,
    DocumentLine,
    NegativeStock,
    PartyBalance,
    PartyEntry,
    Product,
    StockBalance,
    StockMove,
)
from desktop.models.base import utcnow
from desktop.money import ZERO, fmt_qty
from desktop.queries.db import uid
from desktop.services import costing
from desktop.services.firm import get_firm
from desktop.services.open_amounts import open_amount_sql
from desktop.services.raw_sql import RawInsert
from desktop.services.serialize import jsonable, row_dict
from desktop.services.uow import UnitOfWork

#: the rows posting writes around the session, each insert built once
_INSERT: dict[type[Any], RawInsert] = {
    model: RawInsert(model.__table__) for model in (Document, DocumentLine, StockMove, PartyEntry)
}


@dataclass(frozen=True)
class MoveSpec:
    """One stock movement to post: signed base quantity and, for incoming goods, a cost."""

    product_id: uuid.UUID
    qty: Decimal
    unit_cost: Decimal | None = None  # None: value at the current moving average
    line_id: uuid.UUID | None = None


def stock_position(session: Session, product_id: uuid.UUID) -> tuple[Decimal, Decimal]:
    """(on hand, value) from the cache."""
    row = session.get(StockBalance, product_id)
    return (row.qty, row.value) if row else (ZERO, ZERO)


def average_cost(session: Session, product_id: uuid.UUID) -> Decimal:
    """The moving-average cost stored with the position, or the product's cost price."""
    row = session.get(StockBalance, product_id)
    if row is not None and row.avg_cost is not None:
        return row.avg_cost
    product = session.get(Product, product_id)
    return product.cost_price if product else ZERO


def post_moves(
    uow: UnitOfWork, doc: Document, specs: list[MoveSpec], *, taking_back: bool = False
) -> list[Decimal]:
    """Insert stock moves for ``doc``; returns the unit cost each was valued at.

    Each move is valued and moves its position by the rules in ``services.costing``. With
    the firm's ``negative_stock = block`` a move that would take stock below zero is
    refused with a readable message. ``taking_back``: the specs negate earlier moves at
    their own costs, newest first (a reversal), and each position goes back to the value
    it had before the move (``costing.take_back``).
    """
    session = uow.session
    block = get_firm(session).negative_stock == NegativeStock.BLOCK
    rows = []
    costs: list[Decimal] = []
    known = _balances(session, {spec.product_id for spec in specs})
    for spec in specs:
        if known is None:
            balance = session.get(StockBalance, spec.product_id)
        else:
            balance = known.get(spec.product_id)
        if balance is None:
            balance = StockBalance(product_id=spec.product_id, qty=ZERO, value=ZERO)
            session.add(balance)
            if known is not None:
                known[spec.product_id] = balance
        if block and spec.qty < 0 and balance.qty + spec.qty < 0:
            product = session.get(Product, spec.product_id)
            name = f"{product.code} {product.name}" if product else str(spec.product_id)
            if uow.remote:  # sold at another desk from the stock it saw: both sales stand
                _below_zero_elsewhere(uow, doc, name, balance.qty, spec)
            else:
                raise StockError(
                    "negative_stock",
                    f"库存不足：{name} 现有 {fmt_qty(balance.qty)}，本单需要 {fmt_qty(-spec.qty)}。",
                    f"Not enough stock of {name}: {fmt_qty(balance.qty)} on hand, "
                    f"{fmt_qty(-spec.qty)} needed.",
                )
        if taking_back and spec.unit_cost is not None:
            cost = spec.unit_cost
            costing.take_back(balance, -spec.qty, cost)
        else:
            product = session.get(Product, spec.product_id) if spec.unit_cost is None else None
            fallback = product.cost_price if product else ZERO
            cost = costing.post_move(balance, spec.qty, spec.unit_cost, fallback)
        costs.append(cost)
        rows.append(
            {
                "id": new_id(),
                "product_id": spec.product_id,
                "document_id": doc.id,
                "line_id": spec.line_id,
                "move_date": doc.doc_date,
                "qty": spec.qty,
                "unit_cost": cost,
            }
        )
        uow.touch("stock_balance", spec.product_id)
    if rows:  # on the connection: the balances just moved flush with the document
        _INSERT[StockMove].run(session.connection(), rows)
        uow.touch("stock_move", doc.id)
    if known:  # the positions read here, moved: written now (a new one goes in by a flush)
        uow.write_now(known.values())
    return costs


def _balances(
    session: Session, product_ids: set[uuid.UUID]
) -> dict[uuid.UUID, StockBalance] | None:
    """The stock balances of a document's products in a query per 500 (None for one
    product: ``session.get`` finds it)."""
    if len(product_ids) < 2:
        return None
    wanted = list(product_ids)
    found: dict[uuid.UUID, StockBalance] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for balance in session.scalars(_BALANCES, {"ids": chunk}):
            found[balance.product_id] = balance
    return found


def insert_document(uow: UnitOfWork, doc: Document, updates: list[dict[str, Any]]) -> None:
    """Write a new document with its lines (built as objects, not added to the session) in
    its final state with Core inserts, then make them the session's, as loaded: a draft
    saved (no ``updates``), or a document made and posted in one step.

    ``updates``: what the posting changes of it after its insert, in order (its due date,
    then its status and posting time), each one audit row as a flush of its own would have
    written it; the document's and its lines' insert rows are those the flush wrote (values
    as built: the lines' ``document_id`` still empty). A step that makes and posts a
    document writes it once instead of an insert and two updates through the unit of work.
    """
    lines = list(doc.lines)
    entries: list[tuple[Any, str, Any, Any]] = [(doc, "insert", None, row_dict(doc))]
    entries += [(line, "insert", None, row_dict(line)) for line in lines]
    for change in updates:
        before = {key: jsonable(getattr(doc, key)) for key in change}
        for key, value in change.items():
            setattr(doc, key, value)
        entries.append((doc, "update", before, jsonable(change)))
    uow.audit_written(entries)
    now = utcnow()
    doc.created_at = doc.updated_at = now
    for line in lines:
        line.document_id = doc.id
    conn = uow.session.connection()
    _INSERT[Document].run(conn, [_filled(doc)])
    if lines:  # a draft may have none yet (an empty list would insert one row of defaults)
        _INSERT[DocumentLine].run(conn, [_filled(line) for line in lines])
    for obj in (*lines, doc):  # loaded as they are now, nothing pending: no flush of them
        make_transient_to_detached(obj)
    uow.session.add(doc)
    uow.touch("document", doc.id)
    for line in lines:
        uow.touch("document_line", line.id)


def _filled(obj: Any) -> dict[str, Any]:
    """The row of a new object: its values, and each column's default where it has none
    (set on the object too, so it holds every column as written)."""
    state = inspect(obj)
    row: dict[str, Any] = {}
    for prop in state.mapper.column_attrs:
        key = prop.key
        column = prop.columns[0]
        if key in state.dict:
            value = state.dict[key]
        else:
            default = column.default
            if default is None:
                value = None
            elif default.is_scalar:
                value = default.arg
            else:
                value = default.arg(None)
            set_committed_value(obj, key, value)
        row[column.key] = value
    return row


#: the stock positions of some products (built once: asked on every posting that moves stock)
_BALANCES = select(StockBalance).where(
    StockBalance.product_id.in_(bindparam("ids", expanding=True))
)


def post_entry(
    uow: UnitOfWork, doc: Document, account: str, amount: Decimal, due_date: date | None = None
) -> None:
    """A receivable (AR) or payable (AP) movement for the document's party."""
    if amount == 0 or doc.party_id is None:
        return
    session = uow.session
    if session.autoflush:  # what is pending goes first, as the ORM insert here flushed it
        session.flush()  # (a posted bill's due date: an audit row of its own)
    _INSERT[PartyEntry].run(
        session.connection(),
        [
            {
                "id": new_id(),
                "party_id": doc.party_id,
                "account": account,
                "document_id": doc.id,
                "entry_date": doc.doc_date,
                "due_date": due_date,
                "amount": amount,
            }
        ],
    )
    balance = session.identity_map.get(identity_key(PartyBalance, (doc.party_id, account)))
    if balance is not None:  # read in this unit already: moved through it
        balance.balance += amount
    elif any(isinstance(o, PartyBalance) for o in session.new):  # one made in this unit
        session.flush()
        _balance_of(session, doc.party_id, account).balance += amount
    else:  # one statement, made at ``amount`` when the party has none yet
        session.connection().execute(
            _MOVE_BALANCE, {"party_id": doc.party_id, "account": account, "balance": amount}
        )
    uow.touch("party_entry", doc.party_id)
    uow.touch("party_balance", doc.party_id)


def _balance_of(session: Session, party_id: uuid.UUID, account: str) -> PartyBalance:
    balance = session.get(PartyBalance, (party_id, account))
    if balance is None:
        balance = PartyBalance(party_id=party_id, account=account, balance=ZERO)
        session.add(balance)
    return balance


_UPSERT = sqlite_insert(PartyBalance)
#: a party's balance moved by an entry's amount, in one statement
_MOVE_BALANCE = _UPSERT.on_conflict_do_update(
    index_elements=["party_id", "account"],
    set_={"balance": PartyBalance.balance + _UPSERT.excluded.balance},
)


def allocate(
    uow: UnitOfWork, from_doc: Document, to_doc: Document, amount: Decimal, on: date
) -> None:
    """Apply ``amount`` of a credit document to a debit document (or undo with < 0)."""
    if amount == 0:
        return
    uow.session.execute(
        insert(Allocation),
        [
            {
                "id": new_id(),
                "from_document_id": from_doc.id,
                "to_document_id": to_doc.id,
                "alloc_date": on,
                "amount": amount,
            }
        ],
    )
    uow.touch("allocation", to_doc.id)
    settle(uow, [from_doc.id, to_doc.id])


def settle(uow: UnitOfWork, doc_ids: list[uuid.UUID]) -> None:
    """Mark each document settled (``Document.settled_on``) when nothing of it is left open
    (its open amount, the one definition, is 0), from the date of its last entry or
    allocation; unmark it when something is open again. :func:`allocate` calls it; so does
    whoever writes allocations around it. A document never marked is merely read in full
    (flat costs, issue 18)."""
    ids = [uid(i) for i in dict.fromkeys(doc_ids)]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":d{n}" for n in range(len(chunk)))
        uow.session.execute(
            text(f"{SETTLE} WHERE id IN ({marks})"), {f"d{n}": key for n, key in enumerate(chunk)}
        )
    uow.touch("document")


def settle_allocated(conn: Connection) -> None:
    """:func:`settle` for every document with an allocation: for a ledger written in bulk
    (the demo), so it is marked as the posting rules would have marked it."""
    conn.execute(
        text(
            f"{SETTLE} WHERE id IN (SELECT to_document_id FROM allocation"
            " UNION SELECT from_document_id FROM allocation)"
        )
    )


#: the mark :func:`settle` sets (the statement, less its WHERE)
SETTLE = (
    f"UPDATE document SET settled_on = CASE WHEN {open_amount_sql('document')} = 0"
    " THEN (SELECT MAX(x) FROM (SELECT entry_date AS x FROM party_entry"
    "  WHERE document_id = document.id UNION ALL SELECT alloc_date FROM allocation"
    "  WHERE to_document_id = document.id UNION ALL SELECT alloc_date FROM allocation"
    "  WHERE from_document_id = document.id)) END"
)


def allocations_of(session: Session, doc_id: uuid.UUID) -> list[tuple[uuid.UUID, Decimal]]:
    """Net amount this credit document has applied to each debit document."""
    rows = session.execute(
        select(Allocation.to_document_id, func.sum(Allocation.amount))
        .where(Allocation.from_document_id == doc_id)
        .group_by(Allocation.to_document_id)
    ).all()
    return [(row[0], row[1]) for row in rows if row[1]]


def allocations_to(session: Session, doc_id: uuid.UUID) -> list[tuple[uuid.UUID, Decimal]]:
    rows = session.execute(
        select(Allocation.from_document_id, func.sum(Allocation.amount))
        .where(Allocation.to_document_id == doc_id)
        .group_by(Allocation.from_document_id)
    ).all()
    return [(row[0], row[1]) for row in rows if row[1]]


def _below_zero_elsewhere(
    uow: UnitOfWork, doc: Document, name: str, on_hand: Decimal, spec: MoveSpec
) -> None:
    """What a desk posted from the stock it saw stands; the firm, which blocks selling
    below zero, hears that two desks together did."""
    uow.problem(
        ProblemKind.NEGATIVE_STOCK,
        f"{doc.number}：{name} 库存不足（现有 {fmt_qty(on_hand)}，本单需要 "
        f"{fmt_qty(-spec.qty)}），多台电脑离线时都已卖出，单据照常入账，请核对库存。",
        f"{doc.number}: not enough {name} ({fmt_qty(on_hand)} on hand, {fmt_qty(-spec.qty)} "
        "needed): sold at more than one desk while offline; the document stands, check the "
        "stock.",
        entity="product",
        entity_id=spec.product_id,
        document=doc.number,
    )
