"""History compaction: the change log's old rows deleted, the firm's horizon raised.

A row goes once every active desk has pulled past it **and** it is older than the days
kept (default 90). A desk is active when it is not revoked and was seen within those days:
one away longer no longer holds the history back, and on its return its cursor is below
the horizon, so it is told ``resync_required`` and starts again from the firm's ledger,
keeping its unsent changes (``desktop.sync.resync``). The horizon only rises.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from marketplace.changes import lock_firm
from marketplace.context import Server
from marketplace.models import Change, Desk, Firm

DEFAULT_KEEP_DAYS = 90


@dataclass(frozen=True)
class Compacted:
    firm: str
    horizon_before: int
    horizon: int
    removed: int


def compact(server: Server, keep_days: int = DEFAULT_KEEP_DAYS) -> list[Compacted]:
    """Compact every firm's change log; one line of figures per firm."""
    if keep_days < 0:
        raise ValueError("--keep-days is 0 or more")
    with server.db.read() as session:
        firms = list(session.scalars(select(Firm.id).order_by(Firm.code)))
    return [compact_firm(server, firm_id, keep_days) for firm_id in firms]


def compact_firm(server: Server, firm_id: uuid.UUID, keep_days: int) -> Compacted:
    """In one transaction with the firm's row locked (no change is logged meanwhile)."""
    cutoff = server.now() - timedelta(days=keep_days)
    with server.db.write() as session:
        firm = lock_firm(session, firm_id)
        before = firm.horizon
        # everything up to here is older than the days kept
        old_enough = session.scalar(
            select(func.max(Change.seq)).where(Change.firm_id == firm_id, Change.at < cutoff)
        )
        horizon = int(old_enough or 0)
        # what the active desks still need
        needed = session.scalar(
            select(func.min(Desk.pulled_seq)).where(
                Desk.firm_id == firm_id,
                Desk.revoked_at.is_(None),
                Desk.last_seen >= cutoff,
            )
        )
        if needed is not None:
            horizon = min(horizon, int(needed))
        horizon = min(max(horizon, before), firm.change_seq)
        removed = 0
        if horizon > 0:
            done = session.execute(
                delete(Change).where(Change.firm_id == firm_id, Change.seq <= horizon)
            )
            removed = int(getattr(done, "rowcount", 0) or 0)
        firm.horizon = horizon
        return Compacted(firm.code, before, horizon, removed)
