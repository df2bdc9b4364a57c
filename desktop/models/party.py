"""Customers and suppliers: one party may be both."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import TermsKind
from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Money


class Party(IdMixin, TimestampMixin, Base):
    __tablename__ = "party"
    __audited__ = True
    __table_args__ = (Index("ix_party_search", "search_key"),)

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    short_name: Mapped[str] = mapped_column(String(80), default="")
    search_key: Mapped[str] = mapped_column(Text, default="")
    is_customer: Mapped[bool] = mapped_column(default=True)
    is_supplier: Mapped[bool] = mapped_column(default=False)
    contact: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(80), default="")
    bill_to: Mapped[str] = mapped_column(Text, default="")
    ship_to: Mapped[str] = mapped_column(Text, default="")
    # 开票信息
    invoice_name: Mapped[str] = mapped_column(String(200), default="")
    invoice_tax_id: Mapped[str] = mapped_column(String(40), default="")
    invoice_address: Mapped[str] = mapped_column(Text, default="")
    invoice_phone: Mapped[str] = mapped_column(String(80), default="")
    invoice_bank: Mapped[str] = mapped_column(String(200), default="")
    invoice_account: Mapped[str] = mapped_column(String(80), default="")
    #: None means no limit set
    credit_limit: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    #: a :class:`TermsKind`
    terms_kind: Mapped[str] = mapped_column(String(10), default=TermsKind.DAYS)
    terms_days: Mapped[int] = mapped_column(Integer, default=0)
    #: 0 = standard price; 1.. = the firm's named price levels
    price_level: Mapped[int] = mapped_column(Integer, default=0)
    salesperson: Mapped[str] = mapped_column(String(80), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    # supplier evaluation
    qualification: Mapped[str] = mapped_column(Text, default="")
    quality_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    on_time_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: bumped on every change; sync compares it for field-level merges
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="Contact.name"
    )


class Contact(IdMixin, Base):
    __tablename__ = "party_contact"
    __audited__ = True

    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str] = mapped_column(String(120), default="")

    party: Mapped[Party] = relationship(back_populates="contacts")
