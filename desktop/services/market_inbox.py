"""What waits for a clerk from the marketplace: drafts from buyers, buyers to accept, and
the published products as buyers see them (read only; the CLI and the dashboard show it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import BuyerStatus
from desktop.models import Buyer, DocStatus, Document, DocumentLine, Party
from desktop.services.market_catalog import CatalogRow, catalog_rows


@dataclass(frozen=True)
class InboxDraft:
    """A buyer's inquiry (draft quote) or order (draft sales order) no clerk acted on."""

    id: uuid.UUID
    number: str
    kind: str
    buyer_id: uuid.UUID
    buyer: str
    buyer_status: str
    customer: str
    lines: int
    total: Decimal
    received_at: datetime


@dataclass(frozen=True)
class PendingBuyer:
    id: uuid.UUID
    name: str
    company: str
    phone: str
    email: str
    created_at: datetime
    drafts: int


def has_market(session: Session) -> bool:
    """Whether the firm uses the marketplace at all (``queries.lookups.uses_market``)."""
    from desktop.queries.lookups import uses_market

    dbapi = session.connection().connection.driver_connection
    return uses_market(dbapi)  # type: ignore[arg-type]


def local_time(at: datetime) -> str:
    """A stored time (UTC) as this computer's clock reads it: 2026-12-06 21:14."""
    return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def buyer_label(buyer: Buyer) -> str:
    """How a buyer is named in lists: 王五（王五建材）."""
    return f"{buyer.name}（{buyer.company}）" if buyer.company else buyer.name


def buyer_of(session: Session, doc_id: uuid.UUID) -> tuple[str, str] | None:
    """The buyer a document came from (name with company, status), if it did."""
    row = session.execute(
        select(Buyer).join(Document, Document.buyer_id == Buyer.id).where(Document.id == doc_id)
    ).scalar_one_or_none()
    return None if row is None else (buyer_label(row), row.status)


def inbox_drafts(session: Session, limit: int = 200) -> list[InboxDraft]:
    """Drafts from buyers, oldest first (first come, first served)."""
    # counted per draft (a correlated count on the line index), never over every line
    lines = (
        select(func.count())
        .select_from(DocumentLine)
        .where(DocumentLine.document_id == Document.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Document, Buyer, Party.name, lines)
        .join(Buyer, Buyer.id == Document.buyer_id)
        .outerjoin(Party, Party.id == Document.party_id)
        .where(Document.status == DocStatus.DRAFT)
        .order_by(Document.created_at, Document.number)
        .limit(limit)
    )
    return [
        InboxDraft(
            id=doc.id,
            number=doc.number,
            kind=doc.kind,
            buyer_id=buyer.id,
            buyer=buyer_label(buyer),
            buyer_status=buyer.status,
            customer=party_name or "",
            lines=int(n or 0),
            total=doc.total,
            received_at=doc.created_at,
        )
        for doc, buyer, party_name, n in rows
    ]


def pending_buyers(session: Session) -> list[PendingBuyer]:
    """Buyers awaiting a clerk's yes or no, with how many drafts each has waiting."""
    waiting = (
        select(func.count())
        .select_from(Document)
        .where(Document.buyer_id == Buyer.id, Document.status == DocStatus.DRAFT)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Buyer, waiting).where(Buyer.status == BuyerStatus.PENDING).order_by(Buyer.created_at)
    )
    return [
        PendingBuyer(b.id, b.name, b.company, b.phone, b.email, b.created_at, int(n or 0))
        for b, n in rows
    ]


def published_rows(session: Session) -> list[CatalogRow]:
    """The published products as buyers see them, by code."""
    return sorted((row for row in catalog_rows(session) if row.published), key=lambda row: row.code)
