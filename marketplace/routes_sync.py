"""``/api/v1/sync``: push a desk's mutations, pull pages of the firm's change log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import update

from marketplace.changes import changes_since
from marketplace.deps import DeskDep, ServerDep
from marketplace.errors import responses, resync_required
from marketplace.models import Desk, Firm
from marketplace.push import push
from marketplace.schemas import MAX_SEQ, ChangeOut, PullOut, PushIn, PushOut

router = APIRouter(prefix="/api/v1/sync", tags=["sync"])

MAX_PAGE = 1000


@router.get("/pull", response_model=PullOut, responses=responses(401, 403, 409))
def pull(
    server: ServerDep,
    me: DeskDep,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> PullOut:
    """The firm's changes after ``since``. A cursor below the firm's history horizon (the
    history was compacted), or past its end (the server lost history), answers 409
    resync_required: the desk starts again from a snapshot, keeping its outbox."""
    with server.db.read() as session:
        firm = session.get_one(Firm, me.firm_id)
        if since < firm.horizon or since > firm.change_seq:
            raise resync_required()
        page = changes_since(session, me.firm_id, since, limit)
        pulled = session.get_one(Desk, me.desk_id).pulled_seq
    if since > pulled:  # it holds everything up to ``since``: compaction may pass it
        with server.db.write() as session:
            session.execute(
                update(Desk)
                .where(Desk.id == me.desk_id, Desk.pulled_seq < since)
                .values(pulled_seq=since)
            )
    return PullOut(
        changes=[
            ChangeOut(
                seq=c.seq,
                desk=c.desk,
                actor=c.actor,
                id=c.mutation_id,
                intent=c.intent,
                args=c.args,
                status=c.status,
                result=c.result,
            )
            for c in page.changes
        ],
        cursor=page.cursor,
        more=page.more,
        horizon=firm.horizon,
    )


@router.post("/push", response_model=PushOut, responses=responses(401, 403, 409))
def push_mutations(body: PushIn, server: ServerDep, me: DeskDep) -> PushOut:
    """Apply this desk's mutations, in ``seq`` order, to the firm's ledger: one answer per
    mutation (applied, duplicate, rejected with the reason, diverged); a rejected one never
    blocks the rest. A copied or restored ledger (another epoch, or a sequence number used
    before for another mutation) answers 409 diverged_desk."""
    return push(server, me, body)
