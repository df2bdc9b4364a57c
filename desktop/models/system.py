"""Bookkeeping of the ledger itself: numbering, audit log, outbox, overrides, settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.codes import OutboxState
from desktop.models.base import Base, IdMixin, utcnow
from desktop.models.types import Money


class NumberSeries(Base):
    """Last number used per (prefix, desk, period): ``XS-A-2611-0007``."""

    __tablename__ = "number_series"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    desk: Mapped[str] = mapped_column(String(8), primary_key=True)
    period: Mapped[str] = mapped_column(String(4), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Append-only: who changed what, when, with the values before and after."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    desk: Mapped[str] = mapped_column(String(8), default="")
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(10))
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: the import batch this change belongs to, so a whole import can be undone
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)


class OutboxEntry(Base):
    """An intent recorded in the same transaction as the change, for the sync engine.

    ``seq`` is the desk's increasing mutation id; ``id`` makes retries idempotent.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    intent: Mapped[str] = mapped_column(String(60))
    args: Mapped[dict] = mapped_column(JSON)
    #: an :class:`OutboxState`
    state: Mapped[str] = mapped_column(String(10), default=OutboxState.PENDING, index=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class CreditOverride(IdMixin, Base):
    """A sales order confirmed over its customer's credit, with the reason given."""

    __tablename__ = "credit_override"

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("document.id"), index=True)
    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    #: the firm's :class:`~desktop.models.firm.CreditPolicy` at the time
    policy: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    owner_approved: Mapped[bool] = mapped_column(default=False)
    order_total: Mapped[Decimal] = mapped_column(Money())
    available: Mapped[Decimal] = mapped_column(Money())
    overdue_days: Mapped[int] = mapped_column(Integer, default=0)


class LocalSetting(Base):
    """Settings of this desk only (desk code, sync cursor...), never synced."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AppliedMutation(Base):
    """A mutation from a desk applied to this copy of the ledger (``desktop.sync.apply``).

    Written in the same transaction as the change it made, so the ledger itself records
    what it applied: a retried push, or a pull after a crash, never applies it twice (the
    primary key), and the server can answer a retry with the result stored here.
    """

    __tablename__ = "applied_mutation"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    #: the desk code that made the mutation, and its place in that desk's outbox
    desk: Mapped[str] = mapped_column(String(8), default="")
    desk_seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
    #: a ``desktop.sync.protocol.ResultStatus``: applied or rejected
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_zh: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncProblem(IdMixin, Base):
    """Something sync decided that a person should look at: a conflicting change kept
    out, stock sold below zero on two desks, an order confirmed over credit elsewhere, a
    change the server refused. Resolved by a person, never by the program."""

    __tablename__ = "sync_problem"

    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: a :class:`~desktop.codes.ProblemKind`
    kind: Mapped[str] = mapped_column(String(20))
    #: the mutation that raised it, and the desk that made that mutation
    mutation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    desk: Mapped[str] = mapped_column(String(8), default="")
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    message_zh: Mapped[str] = mapped_column(Text, default="")
    message_en: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(80), default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
