"""The request and answer bodies of the buyers' JSON API (``/api/v1/market``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from marketplace.models import MarketRequest


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SignUpIn(_In):
    #: an e-mail address or a phone number
    login: str = Field(min_length=3, max_length=120)
    password: str = Field(min_length=8, max_length=1024)
    name: str = Field(min_length=1, max_length=80)
    company: str = Field(default="", max_length=120)


class SignInIn(_In):
    login: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1024)


class BuyerOut(BaseModel):
    id: uuid.UUID
    name: str
    company: str
    email: str
    phone: str


class BuyerTokenOut(BaseModel):
    #: send as ``Authorization: Bearer <token>``; good for 30 days or until signed out
    token: str
    buyer: BuyerOut


class OkOut(BaseModel):
    ok: bool = True


class PriceTierOut(BaseModel):
    #: from this quantity (in base units) on
    min_qty: str
    price: str


class PackUnitOut(BaseModel):
    unit: str
    #: base units in one of it
    factor: str


class ProductOut(BaseModel):
    id: uuid.UUID
    code: str
    title: str
    spec: str
    category: str
    base_unit: str
    #: the minimum order quantity, in base units
    moq: str
    pack_units: list[PackUnitOut]
    tiers: list[PriceTierOut]
    #: "figure": ``available`` is the quantity; "level": only ``level`` is shown
    shown: Literal["figure", "level"]
    available: str | None
    level: Literal["in", "low", "out"]
    #: picture addresses under this server
    pictures: list[str]

    @classmethod
    def of(cls, firm_code: str, item: Any) -> ProductOut:
        """``item``: a :class:`CatalogItem`, or a row of its columns (``catalog.SHOWN``)."""
        figure = item.avail_shown == "figure"
        return cls(
            id=item.product_id,
            code=item.code,
            title=item.title,
            spec=item.spec,
            category=item.category,
            base_unit=item.base_unit,
            moq=item.moq,
            pack_units=[PackUnitOut(unit=u, factor=f) for u, f in item.pack_units],
            tiers=[PriceTierOut(min_qty=q, price=p) for q, p in item.tiers],
            shown="figure" if figure else "level",
            available=item.avail_figure if figure else None,
            level=item.avail_level if item.avail_level in ("in", "low") else "out",
            pictures=[f"/m/{firm_code}/pic/{sha}" for sha in item.pictures],
        )


class ProductPageOut(BaseModel):
    products: list[ProductOut]
    #: another page follows: ask again with ``after`` = ``next``
    more: bool
    #: the cursor of the next page ("" when none follows)
    next: str = ""
    categories: list[str]


class LineIn(_In):
    product_id: uuid.UUID
    #: one of the product's pack units, or "" for its base unit
    unit: str = Field(default="", max_length=20)
    qty: Decimal = Field(gt=0, le=1_000_000, max_digits=14, decimal_places=4)


class RequestIn(_In):
    kind: Literal["inquiry", "order"]
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=500)
    #: the buyer's own id of this request: sent again (a retry), the same request answers;
    #: the ``Idempotency-Key`` header does the same
    request_id: str | None = Field(default=None, min_length=1, max_length=100)


class AskedLineOut(BaseModel):
    product_id: uuid.UUID
    unit: str
    qty: str


class StatusLineOut(BaseModel):
    product_id: uuid.UUID
    unit: str
    qty: str
    unit_price: str
    delivered_qty: str


class RequestOut(BaseModel):
    id: uuid.UUID
    kind: Literal["inquiry", "order"]
    status: str
    asked: list[AskedLineOut]
    note: str
    #: the firm's lines: quoted or ordered prices, delivered quantities
    lines: list[StatusLineOut]
    total: str | None
    #: why it was declined
    reason: str
    #: the firm's document number (quote or sales order)
    number: str
    #: when the buyer accepted the quote of this inquiry (it is an order from then on,
    #: followed here: confirmed, shipped, ...)
    accepted_at: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: MarketRequest) -> RequestOut:
        detail = row.detail or {}
        return cls(
            id=row.id,
            kind="order" if row.kind == "order" else "inquiry",
            status=row.status,
            asked=[AskedLineOut(product_id=x[0], unit=x[1], qty=x[2]) for x in row.lines],
            note=row.note,
            lines=[
                StatusLineOut(
                    product_id=x[0],
                    qty=x[1],
                    unit_price=x[2],
                    delivered_qty=x[3],
                    unit=x[4] if len(x) > 4 else "",
                )
                for x in detail.get("lines", [])
            ],
            total=detail.get("total"),
            reason=str(detail.get("reason", "")),
            number=str(detail.get("number", "")),
            accepted_at=detail.get("accepted"),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class RequestListOut(BaseModel):
    requests: list[RequestOut]
