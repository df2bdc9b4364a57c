"""Buyers' accounts and sign-ins (issue 17): sign up with an e-mail or a phone number and a
password (argon2id), sign in, sign out. A sign-in is a random token kept by its SHA-256:
the web page holds it in a cookie (with a CSRF token for its forms), a buyer's own system
sends it as a bearer token. Desks' tokens are signed JWTs of other tables: neither kind
opens the other's endpoints.

Sign-ups and failed sign-ins count towards the rate limit (``ratelimit``), per account
and per client address, like desks' sign-ins.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace import ratelimit
from marketplace.context import Server
from marketplace.errors import ApiError, bad_token
from marketplace.models import Buyer, BuyerSession
from marketplace.passwords import hash_password, verify_password

#: buyers' sign-ins are counted in the rate limit under this "firm"
SIGNIN_SCOPE = "~buyer"
#: sign-ups are counted under this one (per client address)
SIGNUP_SCOPE = ratelimit.SIGNUP_SCOPE
#: what a buyer's token starts with (a desk's is a JWT: never this)
TOKEN_PREFIX = "zfb_"
SESSION_DAYS = 30
MIN_PASSWORD = 8
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,100}\.[^@\s]{1,20}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,24}$")


def login_key(login: str) -> str:
    """How a sign-in name compares: an e-mail case-folded, a phone number's digits."""
    text = login.strip()
    if "@" in text:
        return text.casefold()
    return re.sub(r"[^0-9+]", "", text)


def _invalid(en: str, zh: str) -> ApiError:
    return ApiError(422, "invalid", en, zh)


@dataclass(frozen=True)
class SignUp:
    login: str  # an e-mail or a phone number
    password: str
    name: str
    company: str = ""


@dataclass(frozen=True)
class Signed:
    """A sign-in: the buyer, the token (given once), the CSRF token of a web session."""

    buyer: Buyer
    token: str
    csrf: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(server: Server, form: SignUp, address: str, kind: str) -> Signed:
    """A new buyer account, signed in; refused plainly when the login is taken."""
    settings = server.settings
    with server.db.read() as session:
        ratelimit.check(  # counted per client address (its "account" is the address too)
            session,
            settings,
            SIGNUP_SCOPE,
            address,
            address,
            what="sign-ups",
            per_account=settings.signup_per_address,
            per_address=settings.signup_per_address,
        )
    login = form.login.strip()
    email = login if "@" in login else ""
    if email and not _EMAIL.match(email):
        raise _invalid("That e-mail address does not look right.", "电子邮箱格式不对。")
    if not email and not _PHONE.match(login):
        raise _invalid(
            "Sign up with an e-mail address or a phone number.", "请用电子邮箱或手机号注册。"
        )
    if len(form.password) < MIN_PASSWORD:
        raise _invalid(
            f"A password has at least {MIN_PASSWORD} characters.",
            f"密码至少 {MIN_PASSWORD} 位。",
        )
    name = form.name.strip()
    if not name:
        raise _invalid("Please give your name.", "请填写姓名。")
    buyer = Buyer(
        login_key=login_key(login),
        email=email,
        phone="" if email else login,
        name=name[:80],
        company=form.company.strip()[:120],
        password_hash=hash_password(form.password),
        created_at=server.now(),
    )
    try:
        with server.db.write() as session:
            # every sign-up counts, so one address cannot make accounts without end
            ratelimit.record_failure(session, settings, SIGNUP_SCOPE, address, address)
            session.add(buyer)
            session.flush()
    except IntegrityError:
        raise ApiError(
            409,
            "taken",
            "An account with this e-mail or phone exists already: sign in.",
            "这个邮箱或手机号已注册，请直接登录。",
        ) from None
    return _open_session(server, buyer, kind)


def sign_in(server: Server, login: str, password: str, address: str, kind: str) -> Signed:
    key = login_key(login)[:120]
    settings = server.settings
    with server.db.read() as session:
        ratelimit.check(session, settings, SIGNIN_SCOPE, key, address)
        buyer = session.scalar(select(Buyer).where(Buyer.login_key == key))
    good = verify_password(buyer.password_hash if buyer else None, password)
    if buyer is None or not good:
        with server.db.write() as session:
            ratelimit.record_failure(session, settings, SIGNIN_SCOPE, key, address)
        raise ApiError(
            401,
            "bad_credentials",
            "The e-mail / phone or the password is wrong.",
            "邮箱/手机号或密码不对。",
        )
    with server.db.write() as session:
        ratelimit.clear_account(session, SIGNIN_SCOPE, key)
    return _open_session(server, buyer, kind)


def _open_session(server: Server, buyer: Buyer, kind: str) -> Signed:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24) if kind == "web" else ""
    now = server.now()
    with server.db.write() as session:
        session.add(
            BuyerSession(
                buyer_id=buyer.id,
                token_hash=token_hash(token),
                kind=kind,
                csrf=csrf,
                created_at=now,
                expires_at=now + timedelta(days=SESSION_DAYS),
            )
        )
    return Signed(buyer, token, csrf)


@dataclass(frozen=True)
class Me:
    """The buyer a request's token speaks for."""

    buyer_id: uuid.UUID
    session_id: uuid.UUID
    name: str
    company: str
    email: str
    phone: str
    csrf: str


def who(server: Server, token: str | None, kind: str) -> Me | None:
    """The buyer of a live session of ``kind`` with this token, or None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with server.db.read() as session:
        row = session.execute(
            select(BuyerSession, Buyer)
            .join(Buyer, Buyer.id == BuyerSession.buyer_id)
            .where(BuyerSession.token_hash == token_hash(token), BuyerSession.kind == kind)
        ).first()
    if row is None:
        return None
    sess, buyer = row
    if sess.revoked_at is not None or sess.expires_at <= server.now():
        return None
    return Me(buyer.id, sess.id, buyer.name, buyer.company, buyer.email, buyer.phone, sess.csrf)


def required(server: Server, token: str | None, kind: str) -> Me:
    me = who(server, token, kind)
    if me is None:
        raise bad_token()
    return me


def sign_out(server: Server, me: Me) -> None:
    with server.db.write() as session:
        session.execute(
            update(BuyerSession)
            .where(BuyerSession.id == me.session_id)
            .values(revoked_at=server.now())
        )
