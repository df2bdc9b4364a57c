"""``/api/v1/desks``: the firm's desks; the owner revokes one (a lost or sold computer)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy import select

from marketplace.auth import revoke_desk
from marketplace.deps import DeskDep, ServerDep
from marketplace.errors import forbidden, not_found, responses
from marketplace.models import Desk, User
from marketplace.schemas import DeskOut, DesksOut

router = APIRouter(prefix="/api/v1/desks", tags=["desks"])


def _out(desk: Desk, current: uuid.UUID) -> DeskOut:
    return DeskOut(
        id=desk.id,
        code=desk.code,
        name=desk.name,
        enrolled_at=desk.enrolled_at,
        revoked_at=desk.revoked_at,
        last_seen=desk.last_seen,
        current=desk.id == current,
    )


@router.get("", response_model=DesksOut, responses=responses(401, 403))
def list_desks(server: ServerDep, me: DeskDep) -> DesksOut:
    """The desks of the caller's firm, in the order they were enrolled."""
    with server.db.read() as session:
        desks = session.scalars(
            select(Desk).where(Desk.firm_id == me.firm_id).order_by(Desk.enrolled_at, Desk.id)
        )
        return DesksOut(desks=[_out(desk, me.desk_id) for desk in desks])


@router.delete("/{desk_id}", response_model=DeskOut, responses=responses(401, 403, 404))
def delete_desk(desk_id: uuid.UUID, server: ServerDep, me: DeskDep) -> DeskOut:
    """Revoke a desk of the caller's firm (the owner only): its tokens stop working and
    it cannot sign in again; its code is never handed out again."""
    with server.db.write() as session:
        desk = session.get(Desk, desk_id)
        if desk is None or desk.firm_id != me.firm_id:
            raise not_found()
        user = session.get(User, me.user_id)
        if user is None or user.firm_id != me.firm_id or user.role != "owner":
            raise forbidden()
        if desk.revoked_at is None:
            revoke_desk(server, session, desk)
        session.flush()
        return _out(desk, me.desk_id)
