"""Stock on hand (derived from moves), moving-average cost, and stocktakes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import DocKind, Product, StockBalance, StockMove
from desktop.money import QTY, ZERO
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.costing import stored_average
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


def stock_list(session: Session, text: str = "", limit: int | None = None) -> list[StockRow]:
    query = (
        select(Product, StockBalance)
        .outerjoin(StockBalance, StockBalance.product_id == Product.id)
        .where(Product.archived.is_(False))
    )
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(Product.search_key.like(pattern) | Product.code.like(pattern))
    query = query.order_by(Product.code)
    if limit:
        query = query.limit(limit)
    rows = []
    for product, bal in session.execute(query):
        qty = bal.qty if bal else ZERO
        value = bal.value if bal else ZERO
        avg = stored_average(bal.avg_cost if bal else None, product.cost_price)
        rows.append(StockRow(product, qty, avg, value))
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
