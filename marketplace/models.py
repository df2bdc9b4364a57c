"""The server's own tables: accounts, desks, tokens, the change log and mutation results.

Each firm's business data is not here but in its ledger file (``ledgers``). Every table
that holds a firm's rows carries ``firm_id`` so each query can be scoped to the firm of
the token that asks.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.ids import new_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC on both dialects (SQLite keeps no time zone: it comes back UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Firm(Base):
    __tablename__ = "firm"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    #: what a person types at sign-in; kept case-folded, unique
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: the last change-log sequence number handed out (``changes.record_changes``)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    #: changes before this sequence number are compacted away: a cursor below it resyncs
    horizon: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class User(Base):
    """A person who may enrol desks for a firm and sign in at them."""

    __tablename__ = "firm_user"  # "user" is a reserved word in PostgreSQL
    __table_args__ = (UniqueConstraint("firm_id", "name_key", name="uq_firm_user_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    #: the name case-folded and trimmed: 老板 and " 老板 " are one user
    name_key: Mapped[str] = mapped_column(String(80))
    #: argon2id (``passwords``)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(12))  # owner | clerk
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Desk(Base):
    """One enrolled copy of the firm's ledger on one computer."""

    __tablename__ = "desk"
    __table_args__ = (UniqueConstraint("firm_id", "code", name="uq_desk_firm_code"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"), index=True)
    #: the letters in its document numbers: A … Z, A2 … (never reused in a firm)
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(80))
    #: the id of the desk's ledger file as the desk reported it at enrolment
    ledger_id: Mapped[str] = mapped_column(String(64), default="")
    #: who enrolled it
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm_user.id"))
    #: the desk's random id of this copy of the ledger; a push with another is a copy
    epoch: Mapped[str | None] = mapped_column(String(64))
    #: bumped when all the desk's tokens are revoked: access tokens of an older one fail
    token_generation: Mapped[int] = mapped_column(Integer, default=0)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RefreshToken(Base):
    """A refresh token, by its SHA-256 only: the token itself is never stored."""

    __tablename__ = "refresh_token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm_user.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the sign-in (or enrolment) this chain of rotations started from
    family: Mapped[uuid.UUID] = mapped_column(Uuid)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: set when it was exchanged for a new pair: presenting it again is a stolen copy
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: signout | reuse | desk
    revoked_reason: Mapped[str | None] = mapped_column(String(12))


class MutationResult(Base):
    """The server's answer for each mutation it was sent, so a retry gets the same one."""

    __tablename__ = "mutation_result"
    __table_args__ = (
        UniqueConstraint("firm_id", "mutation_id", name="uq_mutation_result_firm_mutation"),
        UniqueConstraint("desk_id", "desk_seq", name="uq_mutation_result_desk_seq"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"))
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    desk_seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_zh: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class Change(Base):
    """One row of a firm's change log, in the order desks pull it."""

    __tablename__ = "change"

    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    desk: Mapped[str] = mapped_column(String(8))
    #: who made it at the desk (the audit log's actor where a desk applies it)
    actor: Mapped[str] = mapped_column(String(80), default="")
    intent: Mapped[str] = mapped_column(String(80))
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class SigninAttempt(Base):
    """A failed sign-in, for the rate limit (in the database, so every server process
    that shares it counts the same failures)."""

    __tablename__ = "signin_attempt"
    __table_args__ = (
        Index("ix_signin_attempt_account", "firm_key", "user_key", "at"),
        Index("ix_signin_attempt_address", "address", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    firm_key: Mapped[str] = mapped_column(String(40))
    user_key: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- the marketplace (issue 17): buyers, their sessions, the catalog projection, requests ---


class Buyer(Base):
    """A buyer's account: one across firms; a firm's ledger knows it by this id once the
    buyer sent it a request (``desktop.services.market``)."""

    __tablename__ = "buyer_account"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    #: what the buyer signs in with: the e-mail case-folded, or the phone's digits
    login_key: Mapped[str] = mapped_column(String(120), unique=True)
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(String(80))
    company: Mapped[str] = mapped_column(String(120), default="")
    #: argon2id (``passwords``)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BuyerSession(Base):
    """A buyer's sign-in: the web page's cookie or an API bearer token, by its SHA-256
    only. Never a desk's token: the two are told apart by their shape and their table."""

    __tablename__ = "buyer_session"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    buyer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("buyer_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # web | api
    #: the forms' CSRF token of a web session
    csrf: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CatalogItem(Base):
    """One product as buyers see it: the firm ledger's ``catalog_rows`` projected here, so
    a search over a firm's whole catalog is an indexed query of the server's database."""

    __tablename__ = "market_item"
    __table_args__ = (
        UniqueConstraint("firm_id", "product_id", name="uq_market_item_firm_product"),
        Index("ix_market_item_listing", "firm_id", "published", "code"),
        Index("ix_market_item_category", "firm_id", "published", "category", "code"),
    )

    #: an integer key: SQLite's full-text index refers to rows by it
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"))
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    spec: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    base_unit: Mapped[str] = mapped_column(String(20), default="")
    #: decimals as text: exactly what the ledger says
    moq: Mapped[str] = mapped_column(String(40), default="0")
    #: [[unit, factor], ...] and [[min_qty, price], ...]
    pack_units: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tiers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    avail_figure: Mapped[str] = mapped_column(String(40), default="0")
    avail_level: Mapped[str] = mapped_column(String(8), default="out")  # in | low | out
    avail_shown: Mapped[str] = mapped_column(String(8), default="level")  # figure | level
    pictures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: title, spec, code, category and their pinyin, lower-cased (what a search matches)
    search_text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MarketRequest(Base):
    """A buyer's inquiry or order to one firm: what was asked, and its status as the firm's
    ledger says (``status_of``), refreshed after each push and each request."""

    __tablename__ = "market_request"
    __table_args__ = (
        UniqueConstraint("buyer_id", "idem_key", name="uq_market_request_buyer_key"),
        Index("ix_market_request_mine", "firm_id", "buyer_id", "created_at"),
        Index("ix_market_request_open", "firm_id", "status"),
    )

    #: the ``ref`` the firm's ledger knows it by (``external_ref = "mkt:<ref>"``)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    firm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firm.id"))
    buyer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("buyer_account.id"))
    kind: Mapped[str] = mapped_column(String(8))  # inquiry | order
    #: the buyer's own request id (or Idempotency-Key): the same one again is this request
    idem_key: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of what was asked, so the same key with another body is refused
    body_hash: Mapped[str] = mapped_column(String(64))
    lines: Mapped[list[Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    #: new (not yet in the ledger) | received | quoted | confirmed | shipped | billed | paid
    #: | declined
    status: Mapped[str] = mapped_column(String(12), default="new")
    #: what ``status_of`` says: lines (quoted/ordered prices, delivered quantities), total,
    #: reason, the firm's document number; and when the buyer accepted a quote
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
