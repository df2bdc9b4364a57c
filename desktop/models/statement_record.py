"""Statements sent to a party and what the party answered (``services.statement_tracking``)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Money


class StatementRecord(IdMixin, TimestampMixin, Base):
    """One statement sent: to whom, for which period, how, and its closing balance as
    sent; then the party's answer — confirmed (when, by whom) or disputed (a note and the
    lines in question). Status ``sent`` | ``confirmed`` | ``disputed``."""

    __tablename__ = "statement_record"
    __audited__ = True

    party_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("party.id"), index=True)
    #: an Account: AR (customer statement) or AP (supplier statement)
    account: Mapped[str] = mapped_column(String(4))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    closing: Mapped[Decimal] = mapped_column(Money())
    sent_on: Mapped[date] = mapped_column(Date)
    #: 打印, 微信, 邮件, 传真 … (free text: how it reached the party)
    sent_via: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="sent")
    answered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: who confirmed or disputed it on the party's side
    answered_by: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    #: the statement lines disputed: document numbers
    disputed_lines: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
