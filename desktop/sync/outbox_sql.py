"""The outbox row as plain SQL writes it: one statement and one time format for every
writer that goes around the ORM (a bulk import's big intents, printing one document
without the models), so their rows read back exactly as the unit of work's own."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.codes import OutboxState
from desktop.ids import new_id

INSERT = "INSERT INTO outbox (id, at, actor, intent, args, state) VALUES (?, ?, ?, ?, ?, ?)"


def stamp(at: datetime | None = None) -> str:
    """A UTC time as SQLAlchemy's ``DateTime`` stores it in SQLite (microseconds always)."""
    moment = at or datetime.now(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def row(actor: str, intent: str, args_json: str) -> tuple[str, str, str, str, str, str]:
    """The values of :data:`INSERT` for a new pending intent."""
    return (new_id().hex, stamp(), actor, intent, args_json, str(OutboxState.PENDING))
