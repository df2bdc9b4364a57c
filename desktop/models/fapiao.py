"""Official VAT invoices (发票) issued through the tax system, recorded against bills."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import FapiaoDirection, FapiaoKind, FapiaoStatus
from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Money


class Fapiao(IdMixin, TimestampMixin, Base):
    __tablename__ = "fapiao"
    __audited__ = True
    __table_args__ = (UniqueConstraint("code", "number", "direction"),)

    number: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40), default="")
    issue_date: Mapped[date] = mapped_column(Date)
    #: a :class:`FapiaoKind`
    kind: Mapped[str] = mapped_column(String(10), default=FapiaoKind.SPECIAL)
    #: a :class:`FapiaoDirection`
    direction: Mapped[str] = mapped_column(String(3), default=FapiaoDirection.OUT)
    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), index=True)
    net_amount: Mapped[Decimal] = mapped_column(Money())
    tax_amount: Mapped[Decimal] = mapped_column(Money())
    total_amount: Mapped[Decimal] = mapped_column(Money())
    #: a :class:`FapiaoStatus`
    status: Mapped[str] = mapped_column(String(10), default=FapiaoStatus.VALID)
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
