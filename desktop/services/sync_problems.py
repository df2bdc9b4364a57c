"""What sync raised for a person (``SyncProblem``), and a person settling each one.

Settling is a change like any other: it travels to every desk, so a problem settled at one
desk is settled everywhere. For a conflict the person either keeps the value the firm's
ledger has or takes the one the other desk offered (applied through the same update
service an edit uses).
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import ProblemKind
from desktop.errors import ValidationError, not_found
from desktop.models import SyncProblem
from desktop.models.base import utcnow
from desktop.services import parties, products
from desktop.services.uow import UnitOfWork, intent_entry

#: the update service of each kind of record a conflict can be about
_UPDATES = {"party": parties.update_party, "product": products.update_product}


def open_problems(session: Session, *, everything: bool = False) -> list[SyncProblem]:
    """Problems nobody settled yet (``everything``: settled ones too), oldest first."""
    query = select(SyncProblem).order_by(SyncProblem.at, SyncProblem.id)
    if not everything:
        query = query.where(SyncProblem.resolved_at.is_(None))
    return list(session.scalars(query))


#: the fewest first characters of a problem's id that name it (the CLI lists at least eight)
SHORTEST_PREFIX = 6
#: how many first characters the CLI lists at the least
SHOWN_PREFIX = 8


def find_problem(session: Session, key: str) -> SyncProblem:
    """A problem by its id or the start of it (at least 6 characters; the CLI shows 8 or more).
    A start two problems share is refused, never taken for the older one: ids are UUIDv7,
    whose first twelve characters are the time, so problems raised the same minute share
    their first eight."""
    text = key.strip().lower().replace("-", "")
    if len(text) >= 32:
        found = session.get(SyncProblem, uuid.UUID(text))
    elif len(text) >= SHORTEST_PREFIX:
        matches = [p for p in open_problems(session, everything=True) if p.id.hex.startswith(text)]
        if len(matches) > 1:
            raise ValidationError(
                "problem_ambiguous",
                f"有 {len(matches)} 个同步问题的编号以 {key.strip()} 开头，请照列表多输入几位。",
                f"{len(matches)} sync problems have ids starting with {key.strip()}: "
                "type more of the id, as listed.",
            )
        found = matches[0] if matches else None
    else:
        found = None
    if found is None:
        raise not_found("同步问题", "Sync problem", key)
    return found


def shown_ids(session: Session) -> dict[uuid.UUID, str]:
    """Each problem's id as a person is shown it: its first eight characters, or as many
    more as it takes to tell it from every other problem's (what :func:`find_problem`
    takes back)."""
    ids = [p.id for p in open_problems(session, everything=True)]
    hexes = sorted(i.hex for i in ids)
    # the longest start a sorted neighbour shares is the longest any other id shares
    shared = {h: 0 for h in hexes}
    for a, b in itertools.pairwise(hexes):
        common = next((n for n, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), 32)
        shared[a] = max(shared[a], common)
        shared[b] = max(shared[b], common)
    return {i: _dashed_start(i, max(SHOWN_PREFIX, shared[i.hex] + 1)) for i in ids}


def _dashed_start(ident: uuid.UUID, digits: int) -> str:
    """The start of ``str(ident)`` that holds its first ``digits`` hex digits."""
    text = str(ident)
    seen = 0
    for end, char in enumerate(text, 1):
        seen += char != "-"
        if seen >= digits:
            return text[:end]
    return text


@intent_entry
def resolve(
    uow: UnitOfWork, problem_id: uuid.UUID, note: str = "", *, take_offered: bool = False
) -> SyncProblem:
    """Settle a problem; with ``take_offered`` a conflict takes the other desk's value."""
    problem = uow.session.get(SyncProblem, problem_id)
    if problem is None:
        raise not_found("同步问题", "Sync problem", problem_id)
    if problem.resolved_at is not None:
        raise ValidationError(
            "problem_settled",
            f"这个问题已由 {problem.resolved_by or '他人'} 处理过。",
            f"This problem was already settled by {problem.resolved_by or 'someone else'}.",
        )
    if take_offered:
        _take_offered(uow, problem)
    problem.resolved_at = utcnow()
    problem.resolved_by = uow.actor
    problem.resolution = note.strip() or ("采用对方的值" if take_offered else "已核对")
    uow.record(
        "sync_problem.resolve",
        {"id": problem.id, "note": note, "take_offered": take_offered},
    )
    return problem


def offers_value(problem: SyncProblem) -> bool:
    """A conflict whose other desk's value can be taken (``resolve(take_offered=True)``)."""
    return (
        problem.kind == ProblemKind.CONFLICT
        and problem.entity in _UPDATES
        and "field" in (problem.data or {})
    )


def _take_offered(uow: UnitOfWork, problem: SyncProblem) -> None:
    data: dict[str, Any] = problem.data or {}
    if not offers_value(problem):
        raise ValidationError(
            "nothing_offered",
            "只有修改冲突可以改用对方的值。",
            "Only a conflicting change has another value to take.",
        )
    update = _UPDATES[problem.entity]
    update(uow, uuid.UUID(problem.entity_id), **{data["field"]: data["offered"]})
