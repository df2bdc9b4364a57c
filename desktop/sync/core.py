"""The one place the desk client calls the sync core (applying pulled changes, the cursor).

The core (``desktop.sync.apply``) owns how a pulled change lands in the ledger and where
the cursor is kept; the client and the engine only call these functions. Until the core
is merged, a minimal stand-in applies other desks' changes through the intent registry
and keeps the cursor in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from desktop.models import LocalSetting, OutboxEntry
from desktop.services.ledger import Ledger
from desktop.sync.intents import apply_intent

CURSOR = "sync.cursor"


def sync_cursor(ledger: Ledger) -> int:
    """The server's change sequence this desk has applied up to."""
    return int(ledger.local_setting(CURSOR) or 0)


def apply_changes(ledger: Ledger, changes: list[dict[str, Any]], own_desk: str, cursor: int) -> int:
    """Apply one pulled page and store ``cursor`` in the same local transaction; returns how
    many changes were applied (this desk's own come back and are skipped)."""
    applied = 0
    with ledger.unit() as uow:
        before = uow.session.scalar(select(func.max(OutboxEntry.seq))) or 0
        for change in changes:
            if change.get("status") != "applied" or change.get("desk") == own_desk:
                continue
            apply_intent(uow, str(change["intent"]), dict(change.get("args") or {}))
            applied += 1
        uow.session.flush()
        # what the replay recorded is the other desk's change, not this desk's to push
        uow.session.execute(delete(OutboxEntry).where(OutboxEntry.seq > before))
        uow.session.merge(LocalSetting(key=CURSOR, value=str(cursor)))
    return applied


def server_conflicts(ledger: Ledger) -> list[dict[str, Any]]:
    """Conflicts the server recorded for a person (none until the core keeps them)."""
    return []
