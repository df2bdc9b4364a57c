"""Every business document shares one table and one lifecycle mechanism.

Quotes, orders, deliveries, bills, returns, receipts and payments differ by
``kind``; what each kind may do is in ``desktop.services.lifecycle``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import DocKind as DocKind  # the kinds and statuses live in desktop.codes
from desktop.codes import DocStatus
from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.party import Party
from desktop.models.product import Product
from desktop.models.types import Money, Price, Qty, Rate


def referenced_only(table: str, column: str) -> Index:
    """The index of a link most rows leave empty (the order a bill came from, the bill a
    reversal undoes, the marketplace buyer, the order line a line fulfils), holding the
    rows that have one: every lookup is "the rows linked to this one", and the empty
    rows (all the lines of a big imported history) cost nothing to write (migration
    0019)."""
    return Index(f"ix_{table}_{column}", column, sqlite_where=text(f"{column} IS NOT NULL"))


class Document(IdMixin, TimestampMixin, Base):
    __tablename__ = "document"
    __audited__ = True
    __table_args__ = (
        Index("ix_document_kind_date", "kind", "doc_date"),
        Index("ix_document_kind_status", "kind", "status", "settled_on"),
        Index("ix_document_party_kind", "party_id", "kind"),
        Index("ix_document_party_open", "party_id", "kind", "settled_on"),
        *(referenced_only("document", c) for c in ("source_id", "reverses_id", "buyer_id")),
    )

    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=DocStatus.DRAFT)
    party_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("party.id"), nullable=True)
    doc_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: set by the posting rules once nothing of it is left open, so a customer's settled
    #: history is skipped (issue 18, flat costs): a bill fully paid, from the date of its
    #: last movement (its open amount is 0 as of any later date); an order fully billed
    #: (its own date: only whether it is set counts). None: open, or not known to be settled
    settled_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: the document this one was made from (delivery → order, bill → order, return → bill)
    source_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("document.id"), nullable=True
    )
    #: for a red reversal (红冲): the posted document it nets to zero
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("document.id"), nullable=True
    )
    salesperson: Mapped[str] = mapped_column(String(80), default="")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    prices_include_tax: Mapped[bool] = mapped_column(default=True)
    net_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    tax_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    #: receipts/payments: how the money moved (现金, 银行转账, 承兑汇票...)
    method: Mapped[str] = mapped_column(String(40), default="")
    reference: Mapped[str] = mapped_column(String(120), default="")
    ship_to: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    desk: Mapped[str] = mapped_column(String(8), default="")
    posted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    #: marketplace or import origin, for de-duplication (e.g. "mkt:123", "import:batch")
    external_ref: Mapped[str | None] = mapped_column(String(120), nullable=True, unique=True)
    #: the marketplace buyer who sent it (a draft from a buyer not yet a customer has no party)
    buyer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("buyer.id"), nullable=True)

    party: Mapped[Party | None] = relationship()
    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentLine.line_no",
    )


class DocumentLine(IdMixin, Base):
    __tablename__ = "document_line"
    __audited__ = True
    __table_args__ = (referenced_only("document_line", "source_line_id"),)

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("product.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    #: base units per ``unit`` (1 for the base unit, 24 for a 箱 of 24)
    unit_factor: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(1))
    qty: Mapped[Decimal] = mapped_column(Qty())
    unit_price: Mapped[Decimal] = mapped_column(Price(), default=Decimal(0))
    discount_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal(0))
    tax_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal(0))
    net_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    tax_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    total_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    #: the order line this delivery/bill/return line fulfils
    source_line_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("document_line.id"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    @property
    def base_qty(self) -> Decimal:
        return self.qty * self.unit_factor
