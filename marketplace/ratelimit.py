"""The sign-in rate limit, counted in the database (every server process sharing it sees
the same failures): so many failed sign-ins per (firm, user) and per client address in a
window, then ``429`` with ``Retry-After`` until the oldest of them leaves the window."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from marketplace.errors import rate_limited
from marketplace.models import SigninAttempt
from marketplace.settings import Settings

#: scopes that count actions done, not failures: buyers' sign-ups and requests. An
#: address's count of one of them is its own; failed sign-ins (desks' and buyers') are
#: counted together, never with these (a busy buyer's office must not lock its desks out)
SIGNUP_SCOPE = "~signup"
REQUEST_SCOPE = "~request"
ACTIONS = frozenset({SIGNUP_SCOPE, REQUEST_SCOPE})


def _keys(firm: str, user: str, address: str) -> tuple[str, str, str]:
    return firm[:40], user[:80], address[:64]


def check(
    session: Session,
    settings: Settings,
    firm: str,
    user: str,
    address: str,
    *,
    what: str = "failed sign-ins",
    per_account: int | None = None,
    per_address: int | None = None,
) -> None:
    """Raise ``rate_limited`` when this account or this address failed too often lately
    (or, for other counted actions — sign-ups, buyers' requests — did ``what`` too often)."""
    firm, user, address = _keys(firm, user, address)
    now = settings.clock()
    since = now - timedelta(seconds=settings.rate_window)
    waits = [
        _wait(
            session,
            now,
            settings,
            select(SigninAttempt.at).where(
                SigninAttempt.firm_key == firm, SigninAttempt.user_key == user
            ),
            since,
            per_account or settings.rate_per_account,
        ),
        _wait(
            session,
            now,
            settings,
            select(SigninAttempt.at).where(
                SigninAttempt.address == address,
                SigninAttempt.firm_key == firm
                if firm in ACTIONS
                else SigninAttempt.firm_key.not_in(ACTIONS),
            ),
            since,
            per_address or settings.rate_per_address,
        ),
    ]
    wait = max(waits)
    if wait > 0:
        raise rate_limited(wait, what)


def _wait(
    session: Session,
    now: datetime,
    settings: Settings,
    query: Select[datetime],
    since: datetime,
    limit: int,
) -> int:
    """Seconds until fewer than ``limit`` failures of ``query`` are in the window (0: now)."""
    times = list(
        session.scalars(query.where(SigninAttempt.at > since).order_by(SigninAttempt.at.desc()))
    )
    if len(times) < limit:
        return 0
    # the limit-th most recent failure: once it leaves the window, one more try is allowed
    leaves = times[limit - 1] + timedelta(seconds=settings.rate_window)
    return max(1, math.ceil((leaves - now).total_seconds()))


def record_failure(
    session: Session, settings: Settings, firm: str, user: str, address: str
) -> None:
    firm, user, address = _keys(firm, user, address)
    now = settings.clock()
    # what has left the window counts for nothing: keep the table small
    session.execute(
        delete(SigninAttempt).where(
            SigninAttempt.at < now - timedelta(seconds=settings.rate_window)
        )
    )
    session.add(SigninAttempt(firm_key=firm, user_key=user, address=address, at=now))


def clear_account(session: Session, firm: str, user: str) -> None:
    """A successful sign-in forgives the account's earlier failures (not the address's)."""
    firm, user, _ = _keys(firm, user, "")
    session.execute(
        delete(SigninAttempt).where(SigninAttempt.firm_key == firm, SigninAttempt.user_key == user)
    )
