"""The demo's marketplace: some products published, one buyer (not yet a customer) with
an inquiry and an order waiting in the inbox — written as rows with the intents the
services record (``listing.set``, ``market.receive``), like the rest of the demo, so the
demo's outbox still replays into the same books."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Connection, insert

from desktop.codes import BuyerStatus, DocKind, DocStatus, StockShown
from desktop.models import Base
from desktop.services.demo_rows import Ids, RowSink, SimParty, SimProduct
from desktop.services.demo_sim import Spec, made_of
from desktop.services.demo_trade import Simulation

#: how many products the demo publishes (the first of the catalog)
PUBLISHED = 24
BUYER = {
    "name": "周小满",
    "company": "满意建材经营部",
    "phone": "13912345678",
    "email": "zhou@example.com",
}


def publish_some(conn: Connection, sim: Simulation, ids: Ids, sink: RowSink, day: date) -> None:
    """Publish the first products (every third shows a level, not a figure), then a buyer's
    inquiry and order as drafts in the inbox."""
    sink.flush(conn)  # the products' rows are on disk before rows that point at them
    products = sim.products[:PUBLISHED]
    if not products:
        return
    stamp = ids.clock(day)
    rows = []
    for n, p in enumerate(products):
        shown = StockShown.LEVEL if n % 3 == 2 else StockShown.FIGURE
        buffer = Decimal(5) if n % 4 == 0 else Decimal(0)
        rows.append(
            {
                "product_id": p.id,
                "published": True,
                "title": "",
                "spec": "",
                "show_stock": str(shown),
                "safety_buffer": buffer,
                "version": 1,
                "updated_at": stamp,
            }
        )
        sim.record(
            "listing.set",
            {
                "product": p.id.hex,
                "title": "",
                "spec": "",
                "show_stock": str(shown),
                "safety_buffer": str(buffer),
                "published": True,
            },
        )
    tables = Base.metadata.tables
    conn.execute(insert(tables["listing"]), rows)
    buyer_id = ids.new(day)
    conn.execute(
        insert(tables["buyer"]),
        [
            {
                "id": buyer_id,
                **BUYER,
                "party_id": None,
                "status": str(BuyerStatus.PENDING),
                "reason": "",
                "created_at": stamp,
            }
        ],
    )
    in_stock = [p for p in products if p.qty >= 20]
    _request(sim, ids, day, buyer_id, "inquiry", products[:2], Decimal(500), "请报个批量价")
    if in_stock:
        _request(sim, ids, day, buyer_id, "order", in_stock[:3], Decimal(10), "")


def _request(
    sim: Simulation,
    ids: Ids,
    day: date,
    buyer_id: uuid.UUID,
    kind: str,
    products: list[SimProduct],
    qty: Decimal,
    note: str,
) -> None:
    """``market.receive_request`` for a buyer who is not a customer: their tier prices."""
    ref = uuid.UUID(int=ids.side().int ^ (1 << 100))
    specs: list[Spec] = []
    for p in products:
        price = p.retail
        for min_qty, tier_price in p.tiers:
            if qty >= min_qty:
                price = tier_price
        specs.append((p, p.base_unit, Decimal(1), qty, price, Decimal(0), p.tax, None))
    nobody = cast(SimParty, SimpleNamespace(id=None, salesperson=""))
    doc = sim.doc(
        DocKind.QUOTE if kind == "inquiry" else DocKind.SALES_ORDER,
        nobody,
        day,
        specs,
        DocStatus.DRAFT,
        notes=note,
        external_ref=f"mkt:{ref}",
        buyer_id=buyer_id,
    )
    args: dict[str, Any] = {
        "ref": str(ref),
        "kind": kind,
        "buyer": {"id": buyer_id.hex, **BUYER},
        "lines": [[p.id.hex, p.base_unit, str(qty)] for p in products],
        "note": note,
        "date": day.isoformat(),
        "party": None,
        "prices": [str(x.price) for x in doc.lines],
    }
    sim.record("market.receive", args, made_of(doc))
