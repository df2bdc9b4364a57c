"""Enrolment, sign-in, token rotation and sign-out; who a request's access token is.

Refresh tokens rotate: each is good once. Presenting one that was used already means two
holders have it (a stolen copy): every token of that desk is revoked and the answer is
``desk_revoked``; the desk's person then signs in again with the password. Except within
a short grace (``Settings.refresh_grace``) while nothing the rotation handed out was used:
the desk never got the answer and retries, and gets a fresh pair (the lost one revoked).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.sync.snapshot import has_business
from marketplace import accounts, ratelimit
from marketplace.changes import lock_firm
from marketplace.context import Server
from marketplace.errors import (
    bad_credentials,
    bad_token,
    desk_revoked,
    not_found,
    token_expired,
)
from marketplace.models import Desk, Firm, RefreshToken, User
from marketplace.passwords import verify_password
from marketplace.schemas import EnrolIn, EnrolOut, FirmOut, SigninIn, TokensOut
from marketplace.tokens import (
    AccessClaims,
    TokenExpired,
    TokenInvalid,
    make_access,
    new_refresh,
    read_access,
    refresh_hash,
)

#: a desk's last_seen is written at most this often (not on every request)
LAST_SEEN_EVERY = timedelta(seconds=60)


def desk_code(n: int) -> str:
    """The ``n``-th desk code of a firm (from 0): A … Z, then A2 … Z2, A3 …"""
    letter, lap = chr(ord("A") + n % 26), n // 26 + 1
    return letter if lap == 1 else f"{letter}{lap}"


def authenticate(
    server: Server, firm_code: str, user_name: str, password: str, address: str
) -> tuple[Firm, User]:
    """The firm and user these credentials name, or ``bad_credentials``; each failure
    counts towards the rate limit, checked before anything else."""
    firm_key, user_key = accounts.key(firm_code), accounts.key(user_name)
    with server.db.read() as session:
        ratelimit.check(session, server.settings, firm_key, user_key, address)
        firm = accounts.find_firm(session, firm_key)
        user = accounts.find_user(session, firm, user_key) if firm else None
    good = verify_password(user.password_hash if user else None, password)
    with server.db.write() as session:
        if firm is None or user is None or not good or user.disabled:
            ratelimit.record_failure(session, server.settings, firm_key, user_key, address)
        else:
            ratelimit.clear_account(session, firm_key, user_key)
    if firm is None or user is None or not good or user.disabled:
        raise bad_credentials()
    return firm, user


def _issue(
    server: Server,
    session: Session,
    firm: Firm,
    desk: Desk,
    user: User,
    family: uuid.UUID,
    parent: uuid.UUID | None = None,
) -> TokensOut:
    now = server.now()
    settings = server.settings
    token = new_refresh()
    session.add(
        RefreshToken(
            desk_id=desk.id,
            user_id=user.id,
            token_hash=refresh_hash(token),
            family=family,
            parent_id=parent,
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_ttl),
        )
    )
    access = make_access(
        server.secret,
        AccessClaims(desk.id, firm.id, user.id, user.role, desk.token_generation),
        now,
        settings.access_ttl,
    )
    return TokensOut(
        desk_id=desk.id,
        desk_code=desk.code,
        firm=FirmOut(code=firm.code, name=firm.name),
        access_token=access,
        refresh_token=token,
        access_expires_in=settings.access_ttl,
        refresh_expires_in=settings.refresh_ttl,
        cursor=firm.change_seq,
    )


def enrol(server: Server, body: EnrolIn, address: str) -> EnrolOut:
    firm, user = authenticate(server, body.firm, body.user, body.password, address)
    with server.db.write() as session:
        firm = lock_firm(session, firm.id)  # desk codes are handed out one at a time
        user = session.get_one(User, user.id)
        taken = session.scalar(select(func.count()).where(Desk.firm_id == firm.id)) or 0
        desk = Desk(
            firm_id=firm.id,
            code=desk_code(taken),
            name=body.desk_name.strip() or f"desk {desk_code(taken)}",
            ledger_id=body.ledger_id,
            user_id=user.id,
            epoch=body.epoch,
            token_generation=0,
            enrolled_at=server.now(),
            last_seen=server.now(),
        )
        session.add(desk)
        session.flush()
        tokens = _issue(server, session, firm, desk, user, uuid.uuid4())
    # the firm's ledger itself says (a log of firm-profile changes is no business)
    has_data = has_business(server.ledgers.path(firm.id))
    return EnrolOut(**tokens.model_dump(), ledger_state="has_data" if has_data else "empty")


def signin(server: Server, body: SigninIn, address: str) -> TokensOut:
    firm, user = authenticate(server, body.firm, body.user, body.password, address)
    with server.db.write() as session:
        desk = session.get(Desk, body.desk_id)
        if desk is None or desk.firm_id != firm.id:
            raise not_found()
        if desk.revoked_at is not None:
            raise desk_revoked()
        firm = session.get_one(Firm, firm.id)
        user = session.get_one(User, user.id)
        desk.last_seen = server.now()
        return _issue(server, session, firm, desk, user, uuid.uuid4())


def refresh(server: Server, token: str) -> TokensOut:
    now = server.now()
    with server.db.write() as session:
        row = session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == refresh_hash(token))
        )
        if row is None:
            raise bad_token()
        desk = session.get_one(Desk, row.desk_id)
        user = session.get_one(User, row.user_id)
        if desk.revoked_at is not None or row.revoked_reason in ("reuse", "desk"):
            raise desk_revoked()
        if row.revoked_reason == "replaced":
            # handed out in an answer the desk said it never got: someone else has it
            _revoke_tokens(session, desk, now, "reuse")
        elif row.revoked_at is not None or user.disabled:
            raise bad_token()
        elif row.expires_at <= now:
            raise token_expired()
        else:
            # taken once: of two requests with the same token, one gets here; the other is
            # a retry (within the grace) or a stolen copy
            took = session.execute(
                update(RefreshToken)
                .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
                .values(used_at=now)
            )
            if getattr(took, "rowcount", 0) == 1 or _retried(server, session, row, now):
                desk.last_seen = now
                firm = session.get_one(Firm, desk.firm_id)
                return _issue(server, session, firm, desk, user, row.family, row.id)
            _revoke_tokens(session, desk, now, "reuse")
    # raised after the commit: the revocation stands whatever the other holder does next
    raise desk_revoked()


def _retried(server: Server, session: Session, row: RefreshToken, now: datetime) -> bool:
    """A used token presented again within the grace, while what its rotation handed out
    was never used: the answer was lost and the desk retries. That answer's token is
    revoked (``replaced``) and the caller issues a fresh pair; the server keeps no token
    to answer with again (only hashes). Otherwise (after the grace, or the desk went on
    with the new token): a stolen copy."""
    if server.settings.refresh_grace <= 0:
        return False
    grace = timedelta(seconds=server.settings.refresh_grace)
    used = session.scalar(select(RefreshToken.used_at).where(RefreshToken.id == row.id))
    if used is None or now - used > grace:
        return False
    children = list(session.scalars(select(RefreshToken).where(RefreshToken.parent_id == row.id)))
    if any(child.used_at is not None for child in children):
        return False
    for child in children:
        if child.revoked_at is None:
            child.revoked_at, child.revoked_reason = now, "replaced"
    return True


def signout(server: Server, token: str) -> None:
    with server.db.write() as session:
        row = session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == refresh_hash(token))
        )
        if row is None:
            raise bad_token()
        _revoke_tokens(session, session.get_one(Desk, row.desk_id), server.now(), "signout")


def revoke_desk(server: Server, session: Session, desk: Desk) -> None:
    now = server.now()
    desk.revoked_at = now
    _revoke_tokens(session, desk, now, "desk")


def _revoke_tokens(session: Session, desk: Desk, now: datetime, reason: str) -> None:
    """Every live refresh token of ``desk`` revoked; its access tokens stop working too."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.desk_id == desk.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    desk.token_generation += 1


@dataclass(frozen=True)
class Principal:
    """Who sends a request: the desk, its firm, the user signed in there."""

    desk_id: uuid.UUID
    desk_code: str
    firm_id: uuid.UUID
    user_id: uuid.UUID
    role: str


def principal(server: Server, token: str) -> Principal:
    """The desk an access token speaks for; raises the documented 401/403 answers."""
    now = server.now()
    try:
        claims = read_access(server.secret, token, now)
    except TokenExpired:
        raise token_expired() from None
    except TokenInvalid:
        raise bad_token() from None
    with server.db.read() as session:
        desk = session.get(Desk, claims.desk_id)
        if desk is None or desk.firm_id != claims.firm_id:
            raise bad_token()
        if desk.revoked_at is not None:
            raise desk_revoked()
        if desk.token_generation != claims.generation:
            raise bad_token()
        stale = desk.last_seen is None or now - desk.last_seen > LAST_SEEN_EVERY
    if stale:
        with server.db.write() as session:
            session.execute(update(Desk).where(Desk.id == desk.id).values(last_seen=now))
    return Principal(desk.id, desk.code, desk.firm_id, claims.user_id, claims.role)
