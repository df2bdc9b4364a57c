"""Builders for the marketplace tests: a published product with stock, a buyer's request."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.services import market
from desktop.services.ledger import Ledger
from desktop.services.market import BuyerInfo, MarketRequest
from desktop.services.opening import opening_stock
from tests.helpers import product

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


def listed(
    ledger: Ledger,
    code: str = "0042",
    name: str = "六角螺栓 M8",
    *,
    stock: str | None = "100",
    buffer: str = "0",
    **values: Any,
) -> uuid.UUID:
    """A product with a 箱 of 24, tiers 1.00 from 0 and 0.80 from 100, level 2 at 0.70,
    ``stock`` on hand, published."""
    values.setdefault("tiers", [{"min_qty": 0, "price": "1.00"}, {"min_qty": 100, "price": "0.80"}])
    values.setdefault("levels", {2: "0.70"})
    values.setdefault("spec", "M8×30")
    values.setdefault("category", "紧固件")
    ident = product(ledger, code=code, name=name, **values)
    with ledger.unit() as uow:
        if stock is not None:
            opening_stock(uow, {ident: (Decimal(stock), Decimal("0.5"))}, date(2026, 12, 1))
        market.publish(uow, ident, safety_buffer=buffer)
    return ident


def buyer(
    ident: uuid.UUID | None = None, name: str = "王五", company: str = "王五建材"
) -> BuyerInfo:
    return BuyerInfo(
        id=ident or uuid.uuid4(),
        name=name,
        company=company,
        phone="13800000000",
        email="wang@example.com",
    )


def request(
    kind: str,
    who: BuyerInfo,
    lines: list[tuple[uuid.UUID, str, Any]],
    note: str = "",
    ref: uuid.UUID | None = None,
) -> MarketRequest:
    return MarketRequest(ref=ref or uuid.uuid4(), kind=kind, buyer=who, lines=lines, note=note)
