"""Products with pack units, quantity tiers and price levels."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Price, Qty, Rate


class Product(IdMixin, TimestampMixin, Base):
    __tablename__ = "product"
    __audited__ = True
    __table_args__ = (Index("ix_product_search", "search_key"),)

    #: always text: leading zeros are part of the code
    code: Mapped[str] = mapped_column(String(60), unique=True)
    barcode: Mapped[str] = mapped_column(String(40), default="", index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    spec: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(80), default="")
    base_unit: Mapped[str] = mapped_column(String(20), default="个")
    search_key: Mapped[str] = mapped_column(Text, default="")
    retail_price: Mapped[Decimal] = mapped_column(Price(), default=Decimal(0))
    #: standard/last purchase cost per base unit (stock valuation uses moving average)
    cost_price: Mapped[Decimal] = mapped_column(Price(), default=Decimal(0))
    #: None = the firm's default rate
    tax_rate: Mapped[Decimal | None] = mapped_column(Rate(), nullable=True)
    min_order_qty: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    #: base units on hand under which the stock report flags it (0: no minimum)
    min_stock: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    units: Mapped[list[ProductUnit]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductUnit.factor"
    )
    prices: Mapped[list[ProductPrice]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )


class ProductUnit(IdMixin, Base):
    """A pack unit: ``1 箱 = 24 个`` is unit 箱 with factor 24 (base units per pack)."""

    __tablename__ = "product_unit"
    __audited__ = True
    __table_args__ = (UniqueConstraint("product_id", "unit"),)

    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    factor: Mapped[Decimal] = mapped_column(Qty())
    #: indexed, not unique: a barcode names one product (``services.products``), but an
    #: old ledger may hold duplicates (``zhangfang check`` lists them)
    barcode: Mapped[str] = mapped_column(String(40), default="", index=True)

    product: Mapped[Product] = relationship(back_populates="units")


class ProductPrice(IdMixin, Base):
    """A price per base unit: a quantity tier (起批量) or a customer price level."""

    __tablename__ = "product_price"
    __audited__ = True

    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"), index=True)
    #: "tier" (applies from min_qty base units up) or "level" (customer price level)
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[int] = mapped_column(Integer, default=0)
    min_qty: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    price: Mapped[Decimal] = mapped_column(Price())

    product: Mapped[Product] = relationship(back_populates="prices")
