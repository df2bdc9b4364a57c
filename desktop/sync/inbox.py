"""The problems inbox: what sync left for a person at this desk, and settling each one.

Two sources, one list: the problems sync noted in the ledger (``SyncProblem``: conflicts,
stock below zero, over credit, same name twice, drift, dates in the future — the same on
every desk) and this desk's own changes the server refused (outbox rows ``rejected`` or
``diverged``: they exist only here). Settling a problem goes through
:func:`desktop.services.sync_problems.resolve` (it travels to every desk); settling a
refused change notes a settled ``rejected`` problem for that change, on this desk only,
so it leaves the list and the settled filter still shows who settled it and why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import OutboxState, ProblemKind
from desktop.errors import NotFound, ValidationError, not_found
from desktop.models import OutboxEntry, SyncProblem
from desktop.models.base import utcnow
from desktop.services import sync_problems
from desktop.services.uow import UnitOfWork

#: prefixes of :attr:`InboxItem.key`
PROBLEM, REFUSED = "problem:", "outbox:"


@dataclass(frozen=True)
class InboxItem:
    """One line of the inbox, in both languages (the window picks one)."""

    key: str
    kind: str
    message_zh: str
    message_en: str
    at: datetime
    desk: str
    settled: bool = False
    settled_by: str = ""
    resolution: str = ""
    #: a conflict whose other value can be taken (``take_offered``)
    can_take: bool = False

    @property
    def is_conflict(self) -> bool:
        return self.kind == ProblemKind.CONFLICT

    def message(self, language: str = "zh") -> str:
        if language.startswith("zh"):
            return self.message_zh or self.message_en
        return self.message_en or self.message_zh


def subject(args: dict[str, Any]) -> str:
    """What a change was about, for a person: a name, number or code it carried."""
    for key in ("name", "number", "code"):
        if args.get(key):
            return str(args[key])
    for made in args.get("made") or []:
        if isinstance(made, list | tuple) and len(made) > 2 and made[2]:
            return str(made[2])
    return ""


def _from_problem(p: SyncProblem) -> InboxItem:
    return InboxItem(
        key=PROBLEM + p.id.hex,
        kind=p.kind,
        message_zh=p.message_zh,
        message_en=p.message_en,
        at=p.at,
        desk=p.desk,
        settled=p.resolved_at is not None,
        settled_by=p.resolved_by,
        resolution=p.resolution,
        can_take=sync_problems.offers_value(p),
    )


def _from_refused(e: OutboxEntry, desk: str) -> InboxItem:
    result = e.result or {}
    reason_en = str(result.get("reason") or "")
    reason_zh = str(result.get("reason_zh") or reason_en)
    what = f"{e.intent} {subject(e.args or {})}".strip()
    if e.state == OutboxState.DIVERGED:
        zh = f"{what}：服务器上同一编号的改动内容不同，未被采用。{reason_zh}".rstrip()
        en = f"{what}: the server holds another change under this number; not taken. {reason_en}"
    else:
        zh = f"{what}：服务器拒绝了这项改动。{reason_zh}".rstrip()
        en = f"{what}: the server refused this change. {reason_en}"
    return InboxItem(
        key=REFUSED + str(e.seq),
        kind=ProblemKind.REJECTED,
        message_zh=zh,
        message_en=en.rstrip(),
        at=e.at,
        desk=desk,
    )


def inbox(session: Session, desk: str, *, everything: bool = False) -> list[InboxItem]:
    """Open problems and refused changes, oldest first (``everything``: settled ones too)."""
    problems = sync_problems.open_problems(session, everything=True)
    settled_refusals = {
        p.mutation_id for p in problems if p.kind == ProblemKind.REJECTED and p.mutation_id
    }
    items = [_from_problem(p) for p in problems if everything or p.resolved_at is None]
    items += [_from_refused(e, desk) for e in _refused(session) if e.id not in settled_refusals]
    return sorted(items, key=lambda item: item.at)


def _refused(session: Session) -> list[OutboxEntry]:
    return list(
        session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.state.in_([OutboxState.REJECTED, OutboxState.DIVERGED]))
            .order_by(OutboxEntry.seq)
        )
    )


def refused_changes(session: Session) -> list[OutboxEntry]:
    """This desk's changes the server refused that nobody settled yet, in their order."""
    settled = set(
        session.scalars(
            select(SyncProblem.mutation_id).where(SyncProblem.kind == ProblemKind.REJECTED)
        )
    )
    return [e for e in _refused(session) if e.id not in settled]


def key_of(text: str, session: Session) -> str:
    """The inbox key a person typed: ``#12`` (or ``12``) for this desk's refused change
    number 12, or the start of a problem's id as listed."""
    shown = text.strip()
    if shown.startswith("#") and shown[1:].isdigit():
        return REFUSED + shown[1:]
    if shown.isdigit() and len(shown) < sync_problems.SHORTEST_PREFIX:
        return REFUSED + shown
    try:
        return PROBLEM + sync_problems.find_problem(session, shown).id.hex
    except NotFound:
        # a problem's id may start with digits only: a bare number is a change
        # number only when no problem's id starts with it
        if shown.isdigit():
            return REFUSED + shown
        raise


def settle(uow: UnitOfWork, key: str, note: str = "", *, take_offered: bool = False) -> None:
    """Settle one inbox line: a problem everywhere, a refused change on this desk."""
    if key.startswith(PROBLEM):
        sync_problems.resolve(
            uow, uuid.UUID(key.removeprefix(PROBLEM)), note, take_offered=take_offered
        )
        return
    if not key.startswith(REFUSED):
        raise not_found("同步问题", "Sync problem", key)
    entry = uow.session.scalar(
        select(OutboxEntry).where(OutboxEntry.seq == int(key.removeprefix(REFUSED)))
    )
    if entry is None or entry.state not in (OutboxState.REJECTED, OutboxState.DIVERGED):
        raise not_found("被拒的改动", "Refused change", key)
    if take_offered:
        raise ValidationError(
            "nothing_offered",
            "只有修改冲突可以改用对方的值。",
            "Only a conflicting change has another value to take.",
        )
    item = _from_refused(entry, uow.desk)
    if uow.session.scalar(
        select(SyncProblem.id).where(
            SyncProblem.kind == ProblemKind.REJECTED, SyncProblem.mutation_id == entry.id
        )
    ):
        raise ValidationError(
            "problem_settled", "这个问题已经处理过。", "This problem was already settled."
        )
    uow.session.add(  # this desk's own: never queued (no other desk holds the change)
        SyncProblem(
            kind=ProblemKind.REJECTED,
            mutation_id=entry.id,
            desk=uow.desk,
            entity=entry.intent.split(".")[0],
            message_zh=item.message_zh,
            message_en=item.message_en,
            data={"seq": entry.seq, "intent": entry.intent},
            resolved_at=utcnow(),
            resolved_by=uow.actor,
            resolution=note.strip() or "已处理",
        )
    )
