"""Official VAT invoices (发票) issued through the tax system, recorded against bills."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Money


class Fapiao(IdMixin, TimestampMixin, Base):
    __tablename__ = "fapiao"
    __audited__ = True
    __table_args__ = (UniqueConstraint("code", "number", "direction"),)

    number: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40), default="")
    issue_date: Mapped[date] = mapped_column(Date)
    #: "special" 专票, "normal" 普票, "digital" 数电
    kind: Mapped[str] = mapped_column(String(10), default="special")
    #: "out" issued to customers, "in" received from suppliers
    direction: Mapped[str] = mapped_column(String(3), default="out")
    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), index=True)
    net_amount: Mapped[Decimal] = mapped_column(Money())
    tax_amount: Mapped[Decimal] = mapped_column(Money())
    total_amount: Mapped[Decimal] = mapped_column(Money())
    #: "valid", "cancelled" 作废, or "red" for a red-letter (negative) fapiao
    status: Mapped[str] = mapped_column(String(10), default="valid")
    red_of_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("fapiao.id"), nullable=True, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    links: Mapped[list[FapiaoLink]] = relationship(
        back_populates="fapiao", cascade="all, delete-orphan"
    )


class FapiaoLink(IdMixin, Base):
    __tablename__ = "fapiao_link"
    __audited__ = True

    fapiao_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("fapiao.id"), index=True)
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())

    fapiao: Mapped[Fapiao] = relationship(back_populates="links")
