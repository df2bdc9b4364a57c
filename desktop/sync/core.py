"""The one place the desk client calls the sync core: applying pulled changes with their
cursor (``desktop.sync.apply``) and the problems sync raised for a person
(``desktop.services.sync_problems``). The client and the engine call only these."""

from __future__ import annotations

from typing import Any

from desktop.services import sync_problems
from desktop.services.ledger import Ledger
from desktop.sync import apply


def sync_cursor(ledger: Ledger) -> int:
    """The server's change sequence this desk has applied up to."""
    return apply.sync_cursor(ledger)


def apply_changes(ledger: Ledger, changes: list[dict[str, Any]], own_desk: str, cursor: int) -> int:
    """Apply one pulled page and store ``cursor`` in the same local transaction; returns how
    many changes were applied (this desk's own come back and are mostly skipped)."""
    return apply.apply_changes(ledger, changes, own_desk, cursor)


def open_problems(ledger: Ledger) -> list[dict[str, Any]]:
    """Problems sync raised that nobody settled yet (conflicts, stock below zero …)."""
    with ledger.read() as session:
        shown = sync_problems.shown_ids(session)
        return [
            {
                "id": str(p.id),
                "shown": shown[p.id],
                "at": p.at.isoformat(timespec="seconds"),
                "kind": p.kind,
                "desk": p.desk,
                "entity": p.entity,
                "entity_id": p.entity_id,
                "zh": p.message_zh,
                "en": p.message_en,
            }
            for p in sync_problems.open_problems(session)
        ]
