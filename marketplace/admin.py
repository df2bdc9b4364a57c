"""What the server's operator does from the command line: list firms, users and desks,
disable or enable a user, set a password, revoke a desk. No printing here (``cli_admin``).

A disabled user cannot sign in, enrol or refresh a token (``auth``); the access tokens
already handed out run out within their lifetime (15 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace import accounts
from marketplace.accounts import AccountError
from marketplace.auth import revoke_desk
from marketplace.context import Server
from marketplace.models import Desk, Firm, User
from marketplace.passwords import hash_password


@dataclass(frozen=True)
class FirmRow:
    code: str
    name: str
    users: int
    desks: int
    change_seq: int
    horizon: int


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class DeskRow:
    code: str
    name: str
    user: str
    enrolled_at: datetime
    last_seen: datetime | None
    revoked_at: datetime | None
    pulled_seq: int


def _firm(session: Session, code: str) -> Firm:
    firm = accounts.find_firm(session, code)
    if firm is None:
        raise AccountError(f"没有这个商号：{code} / No firm {code}")
    return firm


def _user(session: Session, firm: Firm, name: str) -> User:
    user = accounts.find_user(session, firm, name)
    if user is None:
        raise AccountError(f"商号 {firm.code} 没有用户 {name} / No user {name} in firm {firm.code}")
    return user


def firms(server: Server) -> list[FirmRow]:
    with server.db.read() as session:
        users = dict(
            session.execute(select(User.firm_id, func.count()).group_by(User.firm_id)).all()
        )
        desks = dict(
            session.execute(
                select(Desk.firm_id, func.count())
                .where(Desk.revoked_at.is_(None))
                .group_by(Desk.firm_id)
            ).all()
        )
        return [
            FirmRow(f.code, f.name, users.get(f.id, 0), desks.get(f.id, 0), f.change_seq, f.horizon)
            for f in session.scalars(select(Firm).order_by(Firm.code))
        ]


def users(server: Server, firm_code: str) -> list[UserRow]:
    with server.db.read() as session:
        firm = _firm(session, firm_code)
        return [
            UserRow(u.name, u.role, u.disabled, u.created_at)
            for u in session.scalars(
                select(User).where(User.firm_id == firm.id).order_by(User.created_at)
            )
        ]


def set_disabled(server: Server, firm_code: str, name: str, disabled: bool) -> User:
    with server.db.write() as session:
        user = _user(session, _firm(session, firm_code), name)
        if disabled and user.role == "owner" and not user.disabled:
            owners = session.scalar(
                select(func.count()).where(
                    User.firm_id == user.firm_id, User.role == "owner", User.disabled.is_(False)
                )
            )
            if (owners or 0) <= 1:
                raise AccountError(
                    f"{user.name} 是商号唯一的店主，不能停用 / {user.name} is the firm's only "
                    "owner and cannot be disabled"
                )
        user.disabled = disabled
        return user


def set_password(server: Server, firm_code: str, name: str, password: str) -> User:
    accounts.check_password(password)
    hashed = hash_password(password)  # slow on purpose: outside the write transaction
    with server.db.write() as session:
        user = _user(session, _firm(session, firm_code), name)
        user.password_hash = hashed
        return user


def desks(server: Server, firm_code: str) -> list[DeskRow]:
    with server.db.read() as session:
        firm = _firm(session, firm_code)
        names = {
            ident: name
            for ident, name in session.execute(
                select(User.id, User.name).where(User.firm_id == firm.id)
            )
        }
        return [
            DeskRow(
                d.code,
                d.name,
                names.get(d.user_id, ""),
                d.enrolled_at,
                d.last_seen,
                d.revoked_at,
                d.pulled_seq,
            )
            for d in session.scalars(
                select(Desk).where(Desk.firm_id == firm.id).order_by(Desk.enrolled_at)
            )
        ]


def revoke(server: Server, firm_code: str, desk_code: str) -> Desk:
    """The desk's tokens stop working at once; it cannot sign in again (its code is never
    handed out again)."""
    with server.db.write() as session:
        firm = _firm(session, firm_code)
        desk = session.scalar(
            select(Desk).where(Desk.firm_id == firm.id, Desk.code == desk_code.strip().upper())
        )
        if desk is None:
            raise AccountError(
                f"商号 {firm.code} 没有工作站 {desk_code} / No desk {desk_code} in firm {firm.code}"
            )
        if desk.revoked_at is not None:
            raise AccountError(f"工作站 {desk.code} 已被吊销 / Desk {desk.code} is revoked already")
        revoke_desk(server, session, desk)
        return desk
