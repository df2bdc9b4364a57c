"""Opening balances (期初) when a firm moves its books into Zhangfang.

An opening receivable or payable is a posted bill without lines, marked ``期初``; a
negative one (the customer had paid ahead) is a posted receipt/payment. Opening stock is
a stocktake whose lines carry the stock's cost.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from desktop.models import DocKind, Document, FlowName
from desktop.models.base import utcnow
from desktop.money import PRICE, QTY
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.documents import LineInput, new_document, party_for, set_lines
from desktop.services.flow_kinds import FLOWS
from desktop.services.posting import MoveSpec, post_entry, post_moves
from desktop.services.products import get_product, preload
from desktop.services.terms import due_date as terms_due
from desktop.services.uow import UnitOfWork, intent_entry

OPENING = "期初"


@intent_entry
def opening_balance(
    uow: UnitOfWork,
    party: uuid.UUID | str,
    amount: Decimal | str,
    on: date,
    *,
    flow: str = FlowName.SALES,
    due: date | None = None,
    reference: str = OPENING,
    notes: str = "",
) -> Document:
    """What a customer owed us (sales) or we owed a supplier (purchase) on ``on``."""
    chosen = FLOWS[flow]
    value = v.money_value(amount, "期初余额", "Opening balance", minimum=None, allow_zero=False)
    kind = chosen.bill if value > 0 else chosen.pay
    party_row = party_for(uow.session, kind, party)
    assert party_row is not None
    doc = new_document(
        uow, kind, party_row, on, reference=reference, notes=notes or f"{OPENING}余额"
    )
    doc.net_total = doc.total = abs(value)
    doc.due_date = (due or terms_due(party_row, on)) if value > 0 else None
    lifecycle.apply(doc, "post")
    doc.posted_at = utcnow()
    uow.session.flush()
    post_entry(uow, doc, chosen.account, value, doc.due_date)
    uow.record(
        "opening.balance",
        {
            "id": doc.id,
            "number": doc.number,
            "party": party_row.id,
            "amount": value,
            "date": on,
            "flow": flow,
            "due": doc.due_date,
            "reference": reference,
            "notes": notes,
        },
    )
    return doc


@intent_entry
def opening_stock(
    uow: UnitOfWork,
    items: dict[uuid.UUID | str, tuple[Decimal | str, Decimal | str]],
    on: date,
    notes: str = "",
) -> Document:
    """Stock on hand at the start, each product with its quantity and unit cost."""
    session = uow.session
    doc = new_document(
        uow, DocKind.STOCKTAKE, None, on, reference=OPENING, notes=notes or f"{OPENING}库存"
    )
    # held until the moves are posted: the session keeps loaded objects only weakly
    loaded = preload(session, [k for k in items if isinstance(k, uuid.UUID)])
    lines = []
    resolved: dict[uuid.UUID, list[Decimal]] = {}
    for key, (qty_raw, cost_raw) in items.items():
        product = get_product(session, key)
        qty = v.decimal_value(
            qty_raw,
            f"{product.name} 的期初数量",
            f"Opening qty of {product.code}",
            column=QTY,
            allow_zero=False,
        )
        cost = v.decimal_value(
            cost_raw, f"{product.name} 的成本", f"Cost of {product.code}", column=PRICE
        )
        resolved[product.id] = [qty, cost]
        lines.append(
            LineInput(
                product=product.id,
                qty=qty,
                unit=product.base_unit,
                unit_price=cost,
                tax_rate=Decimal(0),
            )
        )
    set_lines(uow, doc, lines)
    session.flush()
    post_moves(uow, doc, [MoveSpec(x.product_id, x.qty, x.unit_price, x.id) for x in doc.lines])
    lifecycle.apply(doc, "post")
    doc.posted_at = utcnow()
    del loaded  # the products may go now
    uow.record(
        "opening.stock",
        {
            "id": doc.id,
            "number": doc.number,
            "date": on,
            "items": resolved,
            "notes": notes,
        },
    )
    return doc
