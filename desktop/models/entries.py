"""Append-only entries from which stock and balances are derived.

Rows here are never updated or deleted; a correction is a new row with the
opposite sign. ``StockBalance`` and ``PartyBalance`` are caches of their sums,
kept in the same transaction and verified by ``zhangfang check``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, IdMixin, utcnow
from desktop.models.types import Money, Price, Qty, ScaledDecimal


class StockMove(IdMixin, Base):
    __tablename__ = "stock_move"
    __table_args__ = (Index("ix_stock_move_product_date", "product_id", "move_date"),)

    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"))
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    line_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("document_line.id"), nullable=True, index=True
    )
    move_date: Mapped[date] = mapped_column(Date)
    #: signed, in base units: + into stock, − out of stock
    qty: Mapped[Decimal] = mapped_column(Qty())
    #: cost per base unit this move is valued at (moving average for outgoing moves)
    unit_cost: Mapped[Decimal] = mapped_column(Price())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StockBalance(Base):
    """Cache of Σ moves per product, with the value behind the moving-average cost."""

    __tablename__ = "stock_balance"

    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"), primary_key=True)
    qty: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    #: stock value at moving-average cost, kept to 1/10000 yuan
    value: Mapped[Decimal] = mapped_column(ScaledDecimal(4), default=Decimal(0))
    #: the position's moving-average cost per base unit, written with every move by the
    #: posting rules (``services.costing``); None when the position defines none
    avg_cost: Mapped[Decimal | None] = mapped_column(Price(), nullable=True, default=None)


class PartyEntry(IdMixin, Base):
    """One receivable (AR) or payable (AP) movement.

    AR: + the customer owes us more (bill), − less (receipt, return).
    AP: + we owe the supplier more (supplier bill), − less (payment, return).
    """

    __tablename__ = "party_entry"
    __table_args__ = (Index("ix_party_entry_party_date", "party_id", "account", "entry_date"),)

    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"))
    account: Mapped[str] = mapped_column(String(2))
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PartyBalance(Base):
    """Cache of Σ entries per party and account."""

    __tablename__ = "party_balance"

    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), primary_key=True)
    account: Mapped[str] = mapped_column(String(2), primary_key=True)
    balance: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))


class Allocation(IdMixin, Base):
    """Part of a receipt, payment or credit (return) applied to a bill.

    Append-only: an allocation is undone by a negative allocation.
    """

    __tablename__ = "allocation"

    from_document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    to_document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    alloc_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
