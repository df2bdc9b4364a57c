"""Reading pending intents in order, and recording what the server said about each.

A rejected mutation is recorded as rejected and the queue moves on: one bad record
never blocks the ones behind it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import OutboxEntry, OutboxState
from desktop.models.db import current_revision
from desktop.sync.protocol import (
    Mutation,
    MutationResult,
    PushBatch,
    ResultStatus,
    mutation_hash,
)

PENDING = OutboxState.PENDING
#: the server's answer for a mutation → the state its outbox row ends in
FINAL: dict[str, str] = {
    ResultStatus.APPLIED: OutboxState.APPLIED,
    ResultStatus.DUPLICATE: OutboxState.APPLIED,
    ResultStatus.REJECTED: OutboxState.REJECTED,
    ResultStatus.DIVERGED: OutboxState.DIVERGED,
}


def pending_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == PENDING)
        )
        or 0
    )


def outgoing_args(session: Session, intent: str, args: dict[str, Any]) -> dict[str, Any]:
    """An intent's arguments as they leave the desk: a bulk import's bills recorded by key
    get the rows they wrote (see ``bulk_sync.record_bills``)."""
    if intent == "import.bills":
        from desktop.importing.kinds.bulk_sync import expand_bills

        return expand_bills(session.connection(), args)
    return args


def next_batch(session: Session, desk: str, limit: int = 200) -> PushBatch:
    """The oldest pending intents, in the order they were made."""
    rows = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.state == PENDING)
        .order_by(OutboxEntry.seq)
        .limit(limit)
    ).all()
    if not rows:  # nothing to send: no need to ask the schema's revision (a query)
        return PushBatch(desk=desk, schema="")
    engine = session.get_bind()
    schema = current_revision(engine) or ""  # type: ignore[arg-type]
    return PushBatch(
        desk=desk,
        schema=schema,
        mutations=[
            Mutation(
                seq=row.seq,
                id=str(row.id),
                intent=row.intent,
                args=outgoing_args(session, row.intent, row.args),
                # what was recorded, so a retry hashes the same whatever was read since
                hash=mutation_hash(row.intent, row.args),
                actor=row.actor,
            )
            for row in rows
        ],
    )


def record_results(session: Session, results: list[MutationResult]) -> Counter[str]:
    """Store the server's answers; unknown ids and unknown statuses are ignored safely.

    The caller commits; returns how many mutations ended in each state.
    """
    tally: Counter[str] = Counter()
    answers: dict[uuid.UUID, MutationResult] = {}
    for result in results:
        if result.status not in FINAL:
            continue
        try:
            answers.setdefault(uuid.UUID(result.id), result)
        except ValueError:
            continue
    if not answers:
        return tally
    # one query for the batch, not one (and an autoflush) per answer
    rows = session.scalars(
        select(OutboxEntry).where(OutboxEntry.id.in_(list(answers)), OutboxEntry.state == PENDING)
    ).all()
    for row in rows:
        result = answers[row.id]
        state = FINAL[result.status]
        row.state = state
        row.result = {"status": result.status, "reason": result.reason, **result.data}
        tally[state] += 1
    return tally
