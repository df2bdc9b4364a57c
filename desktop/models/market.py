"""The marketplace on the firm's ledger: what is published, its pictures, and the buyers.

Buyers' inquiries and orders are ordinary documents (a draft quote or sales order with
``document.buyer_id``); these tables hold only what the marketplace adds. The rules are in
``desktop.services.market``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import BuyerStatus, StockShown
from desktop.models.base import Base, IdMixin, utcnow
from desktop.models.party import Party
from desktop.models.types import Qty


class Listing(Base):
    """A product as the marketplace shows it (one row per product ever published)."""

    __tablename__ = "listing"
    __audited__ = True

    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"), primary_key=True)
    published: Mapped[bool] = mapped_column(default=True)
    #: the name and spec buyers see; empty: the product's own
    title: Mapped[str] = mapped_column(String(200), default="")
    spec: Mapped[str] = mapped_column(String(200), default="")
    #: a :class:`~desktop.codes.StockShown`
    show_stock: Mapped[str] = mapped_column(String(10), default=StockShown.FIGURE)
    #: base units kept back from what buyers may order
    safety_buffer: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    #: bumped on every change, so the server's projection knows what is newer
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    pictures: Mapped[list[ListingPicture]] = relationship(
        cascade="all, delete-orphan", order_by="ListingPicture.position"
    )


class ListingPicture(IdMixin, Base):
    """One picture of a published product (not audited: the bytes stay out of the log)."""

    __tablename__ = "listing_picture"
    __table_args__ = (UniqueConstraint("product_id", "position"),)

    product_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("listing.product_id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


class Buyer(Base):
    """A marketplace buyer account (the id is the server's), and the customer it became."""

    __tablename__ = "buyer"
    __audited__ = True

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    company: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    party_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("party.id"), nullable=True, index=True
    )
    #: a :class:`~desktop.codes.BuyerStatus`
    status: Mapped[str] = mapped_column(String(10), default=BuyerStatus.PENDING)
    #: why the firm declined the buyer
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    party: Mapped[Party | None] = relationship()
