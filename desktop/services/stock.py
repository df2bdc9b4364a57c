"""Stock on hand (derived from moves), moving-average cost, and stocktakes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import DocKind, Product, StockBalance, StockMove
from desktop.money import QTY, ZERO
from desktop.search_keys import LIKE_ESCAPE, like_contains
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.costing import apply_move, position_average, stored_average
from desktop.services.documents import LineInput, new_document, posted_args, set_lines
from desktop.services.posting import MoveSpec, average_cost, post_moves, stock_position
from desktop.services.products import get_product
from desktop.services.uow import UnitOfWork, intent_entry


@dataclass(frozen=True)
class StockRow:
    product: Product
    qty: Decimal
    avg_cost: Decimal
    value: Decimal


def on_hand(session: Session, product_id: uuid.UUID, as_of: date | None = None) -> Decimal:
    """Σ moves; from the cache for today, from the moves for a past date."""
    if as_of is None:
        return stock_position(session, product_id)[0]
    total = session.scalar(
        select(func.coalesce(func.sum(StockMove.qty), 0)).where(
            StockMove.product_id == product_id, StockMove.move_date <= as_of
        )
    )
    return Decimal(total or 0)


def positions_as_of(
    session: Session, as_of: date, product_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
    """Each product's stock position (quantity, value) after its moves dated up to
    ``as_of``: the moves replayed by the costing rules (``costing.apply_move``) at the cost
    each was valued at, in the order they were posted — what the stored position was built
    from, so for today it is the stored position."""
    query = (
        select(StockMove.product_id, StockMove.qty, StockMove.unit_cost)
        .where(StockMove.move_date <= as_of)
        .order_by(literal_column("stock_move.rowid"))
    )
    if product_ids is not None:
        query = query.where(StockMove.product_id.in_(product_ids))
    positions: dict[uuid.UUID, tuple[Decimal, Decimal]] = {}
    for product_id, qty, unit_cost in session.execute(query):
        held, value = positions.get(product_id, (ZERO, ZERO))
        positions[product_id] = apply_move(held, value, qty, unit_cost)
    return positions


def stock_list(
    session: Session, text: str = "", limit: int | None = None, as_of: date | None = None
) -> list[StockRow]:
    """Products with their stock, average cost and value: now, or at the end of ``as_of``."""
    query = (
        select(Product, StockBalance)
        .outerjoin(StockBalance, StockBalance.product_id == Product.id)
        .where(Product.archived.is_(False))
    )
    if text:
        pattern = like_contains(text)
        query = query.where(
            Product.search_key.like(pattern, escape=LIKE_ESCAPE)
            | Product.code.like(pattern, escape=LIKE_ESCAPE)
        )
    query = query.order_by(Product.code)
    if limit:
        query = query.limit(limit)
    found = list(session.execute(query))
    if as_of is not None:
        ids = [product.id for product, _bal in found] if text or limit else None
        past = positions_as_of(session, as_of, ids)
    rows = []
    for product, bal in found:
        if as_of is None:
            qty = bal.qty if bal else ZERO
            value = bal.value if bal else ZERO
            average = bal.avg_cost if bal else None
        else:
            qty, value = past.get(product.id, (ZERO, ZERO))
            average = position_average(qty, value)
        rows.append(StockRow(product, qty, stored_average(average, product.cost_price), value))
    return rows


@intent_entry
def stocktake(
    uow: UnitOfWork,
    counts: dict[uuid.UUID | str, Decimal | str],
    doc_date: date | None = None,
    notes: str = "",
) -> object:
    """Post a stocktake (盘点): one adjustment move per product whose count differs."""
    session = uow.session
    if not counts:
        raise ValidationError("no_lines", "盘点单没有商品。", "The stocktake lists no products.")
    doc = new_document(uow, DocKind.STOCKTAKE, None, doc_date, notes=notes)
    items = []
    specs = []
    resolved: dict[uuid.UUID, Decimal] = {}
    for key, raw in counts.items():
        product = get_product(session, key)
        counted = v.decimal_value(
            raw, f"{product.name} 的盘点数量", f"Count of {product.code}", column=QTY
        )
        resolved[product.id] = counted
        diff = counted - on_hand(session, product.id)
        if diff != 0:
            items.append(
                LineInput(
                    product=product.id,
                    qty=diff,
                    unit=product.base_unit,
                    unit_price=average_cost(session, product.id),
                    tax_rate=Decimal(0),
                )
            )
    set_lines(uow, doc, items, allow_negative=True)
    session.flush()
    for line in doc.lines:
        specs.append(MoveSpec(line.product_id, line.qty, None, line.id))
    post_moves(uow, doc, specs)
    lifecycle.apply(doc, "post")
    uow.record(
        "stocktake.post",
        {"date": doc.doc_date, "notes": notes, "counts": resolved, "posted": posted_args(doc)},
    )
    return doc
