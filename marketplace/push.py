"""A desk's push: its mutations applied to the firm's ledger, their answers kept, the
applied ones appended to the firm's change log.

Order across the two databases (docs/sync.md, "crash safety"): the firm's **ledger** is
the record of what was applied (``desktop.sync.apply`` writes an ``applied_mutation`` row
with each change, in the same transaction). Only then does the server write the answers
and the change-log rows, in one transaction of its own database. A process killed in
between: the desk pushes again, the ledger answers "seen" with what it stored, and the
answer and change-log row are written then. Nothing is applied twice, nothing is lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from desktop.sync.apply import answer_again, apply_mutations
from desktop.sync.protocol import Mutation, ResultStatus
from desktop.sync.protocol import MutationResult as Result
from marketplace.auth import Principal
from marketplace.changes import ChangeEntry, record_changes
from marketplace.context import Server
from marketplace.deps import check_protocol
from marketplace.errors import bad_request, diverged_desk
from marketplace.market import after_push
from marketplace.models import Desk, Firm, MutationResult
from marketplace.schemas import MutationIn, MutationResultOut, PushIn, PushOut


def push(server: Server, me: Principal, body: PushIn) -> PushOut:
    check_protocol(body.protocol)
    if body.desk.strip().upper() != me.desk_code:
        # the ledger's desk code is not the signed-in desk's: a copy of another desk's ledger
        raise diverged_desk()
    mutations = sorted(body.mutations, key=lambda m: m.seq)
    if len({m.seq for m in mutations}) != len(mutations) or len({m.id for m in mutations}) != len(
        mutations
    ):
        raise bad_request(
            "A push names one mutation id or sequence number twice.",
            "上传中有重复的修改编号或序号。",
        )
    answers: dict[uuid.UUID, MutationResultOut] = {}
    applied: list[dict[str, Any]] = []
    with server.ledgers.writing(me.firm_id) as ledger:
        fresh = _unanswered(server, me, body, mutations, answers)
        results = (
            apply_mutations(ledger, me.desk_code, [_mutation(m) for m in fresh]) if fresh else []
        )
        with server.db.write() as session:
            desk = session.get_one(Desk, me.desk_id)
            if desk.epoch is None and body.epoch:
                desk.epoch = body.epoch
            entries = []
            for m, result in zip(fresh, results, strict=True):
                answers[m.id] = _out(result)
                if result.status == ResultStatus.DIVERGED:
                    continue  # the ledger's record stands; nothing new to keep
                rejected = result.status == ResultStatus.REJECTED
                session.add(
                    MutationResult(
                        firm_id=me.firm_id,
                        mutation_id=m.id,
                        desk_id=me.desk_id,
                        desk_seq=m.seq,
                        hash=m.hash,
                        # "duplicate" here: applied by a push whose answer was never kept
                        status=ResultStatus.REJECTED if rejected else ResultStatus.APPLIED,
                        reason=result.reason,
                        reason_zh=str(result.data.get("reason_zh", "")),
                        data=dict(result.data),
                        at=server.now(),
                    )
                )
                if not rejected:
                    applied.append(m.args)
                    entries.append(
                        ChangeEntry(
                            m.id, me.desk_code, m.intent, m.args, "applied", result.data, m.actor
                        )
                    )
            if entries:
                cursor = record_changes(session, me.firm_id, entries)
            else:
                cursor = session.get_one(Firm, me.firm_id).change_seq
    # what buyers see (catalog, statuses) after the firm's ledger moved; never fails the push
    after_push(server, me.firm_id, applied)
    return PushOut(results=[answers[m.id] for m in body.mutations], cursor=cursor)


def _unanswered(
    server: Server,
    me: Principal,
    body: PushIn,
    mutations: list[MutationIn],
    answers: dict[uuid.UUID, MutationResultOut],
) -> list[MutationIn]:
    """The mutations the server has no answer for yet; the others' kept answers go into
    ``answers``. A copied or restored ledger is refused whole (``diverged_desk``)."""
    with server.db.read() as session:
        desk = session.get_one(Desk, me.desk_id)
        if desk.epoch is not None and body.epoch is not None and desk.epoch != body.epoch:
            raise diverged_desk()
        ids = [m.id for m in mutations]
        kept = {
            r.mutation_id: r
            for r in session.scalars(
                select(MutationResult).where(
                    MutationResult.firm_id == me.firm_id, MutationResult.mutation_id.in_(ids)
                )
            )
        }
        by_seq = {
            seq: mutation_id
            for seq, mutation_id in session.execute(
                select(MutationResult.desk_seq, MutationResult.mutation_id).where(
                    MutationResult.desk_id == me.desk_id,
                    MutationResult.desk_seq.in_([m.seq for m in mutations]),
                )
            )
        }
    fresh = []
    for m in mutations:
        seen = kept.get(m.id)
        if seen is not None:
            answers[m.id] = _kept(seen, m)
        elif by_seq.get(m.seq, m.id) != m.id:
            raise diverged_desk()  # this desk's number m.seq was another change
        else:
            fresh.append(m)
    return fresh


def _kept(seen: MutationResult, m: MutationIn) -> MutationResultOut:
    """The answer kept for ``m``, given again by the sync core's one rule."""
    return _out(answer_again(seen, str(m.id), m.hash))


def _mutation(m: MutationIn) -> Mutation:
    return Mutation(
        seq=m.seq, id=str(m.id), intent=m.intent, args=m.args, hash=m.hash, actor=m.actor
    )


def _out(result: Result) -> MutationResultOut:
    data: dict[str, Any] = dict(result.data)
    status = result.status if result.status in ("applied", "duplicate", "diverged") else "rejected"
    return MutationResultOut(
        id=uuid.UUID(result.id),
        status=status,  # type: ignore[arg-type]
        reason=result.reason,
        reason_zh=str(data.get("reason_zh", "")),
        data=data,
    )
