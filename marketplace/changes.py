"""The per-firm change log: what desks pull, in the order the server committed it.

A sequence number is taken inside the transaction that commits the change, with the firm's
row locked, so numbers are handed out in commit order: a desk that has read up to N never
later finds a change committed after its read with a number at or below N.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.models import Change, Firm
from marketplace.settings import utc_now


@dataclass(frozen=True)
class ChangeEntry:
    mutation_id: uuid.UUID
    desk: str
    intent: str
    args: dict[str, Any]
    status: str = "applied"
    result: dict[str, Any] = field(default_factory=dict)
    actor: str = ""


def lock_firm(session: Session, firm_id: uuid.UUID) -> Firm:
    """The firm's row, locked until the session's transaction ends (PostgreSQL: ``FOR
    UPDATE``; SQLite: the write session's ``BEGIN IMMEDIATE`` holds the whole database)."""
    firm = session.scalars(
        select(Firm)
        .where(Firm.id == firm_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return firm


def record_changes(session: Session, firm_id: uuid.UUID, entries: list[ChangeEntry]) -> int:
    """Append ``entries`` to the firm's log in a write session; returns the last sequence
    number (the firm's cursor after them). Commits with the caller's transaction."""
    firm = lock_firm(session, firm_id)
    seq = firm.change_seq
    now = utc_now()
    for entry in entries:
        seq += 1
        session.add(
            Change(
                firm_id=firm_id,
                seq=seq,
                mutation_id=entry.mutation_id,
                desk=entry.desk,
                actor=entry.actor[:80],
                intent=entry.intent,
                args=entry.args,
                status=entry.status,
                result=entry.result,
                at=now,
            )
        )
    firm.change_seq = seq
    session.flush()
    return seq


@dataclass(frozen=True)
class Page:
    changes: list[Change]
    #: the sequence number to ask from next time
    cursor: int
    more: bool


def changes_since(session: Session, firm_id: uuid.UUID, since: int, limit: int) -> Page:
    """The firm's changes after ``since``, at most ``limit`` of them."""
    rows = list(
        session.scalars(
            select(Change)
            .where(Change.firm_id == firm_id, Change.seq > since)
            .order_by(Change.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].seq if rows else since, more)
