"""Firms and their users: made by the ``zhangfang-server`` command (and ``--demo``)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.context import Server
from marketplace.models import Firm, User
from marketplace.passwords import hash_password

ROLES = ("owner", "clerk")
_FIRM_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")
MIN_PASSWORD = 8


class AccountError(Exception):
    """A firm or user that cannot be made; the message says why, in both languages."""


def key(text: str) -> str:
    """How firm codes and user names compare: trimmed, case-folded."""
    return text.strip().casefold()


def check_firm_code(code: str) -> str:
    code = key(code)
    if not _FIRM_CODE.match(code):
        raise AccountError(
            "商号代码须为 2 到 40 位小写字母、数字、- 或 _ / A firm code is 2 to 40 lower-case "
            "letters, digits, - or _"
        )
    return code


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"密码至少 {MIN_PASSWORD} 位 / A password has at least {MIN_PASSWORD} characters"
        )
    return password


def find_firm(session: Session, code: str) -> Firm | None:
    return session.scalar(select(Firm).where(Firm.code == key(code)))


def find_user(session: Session, firm: Firm, name: str) -> User | None:
    return session.scalar(select(User).where(User.firm_id == firm.id, User.name_key == key(name)))


def create_firm(server: Server, code: str, name: str, owner: str, password: str) -> Firm:
    """A new firm with its owner, and its (empty) ledger file."""
    code = check_firm_code(code)
    name = name.strip()
    if not name:
        raise AccountError("商号名称不能为空 / The firm needs a name")
    check_password(password)
    made = None
    try:
        with server.db.write() as session:
            if find_firm(session, code) is not None:
                raise AccountError(f"商号代码已被使用：{code} / The firm code {code} is taken")
            firm = Firm(code=code, name=name, change_seq=0, horizon=0, created_at=server.now())
            session.add(firm)
            session.flush()
            _add_user(session, server, firm, owner, password, "owner")
            # made before the firm commits: a firm never lacks its ledger
            server.ledgers.create(firm.id, name)
            made = firm.id
    except BaseException:
        if made is not None:  # the firm did not commit: its ledger goes too
            server.ledgers.discard(made)
        raise
    return firm


def add_user(server: Server, firm_code: str, name: str, password: str, role: str) -> User:
    check_password(password)
    with server.db.write() as session:
        firm = find_firm(session, firm_code)
        if firm is None:
            raise AccountError(f"没有这个商号：{firm_code} / No firm {firm_code}")
        return _add_user(session, server, firm, name, password, role)


def _add_user(
    session: Session, server: Server, firm: Firm, name: str, password: str, role: str
) -> User:
    if role not in ROLES:
        raise AccountError(f"角色须为 owner 或 clerk / The role is owner or clerk, not {role}")
    name = name.strip()
    if not name or len(name) > 80:
        raise AccountError("用户名须为 1 到 80 个字 / A user name is 1 to 80 characters")
    if find_user(session, firm, name) is not None:
        raise AccountError(f"用户已存在：{name} / The user {name} exists already")
    user = User(
        firm_id=firm.id,
        name=name,
        name_key=key(name),
        password_hash=hash_password(password),
        role=role,
        disabled=False,
        created_at=server.now(),
    )
    session.add(user)
    session.flush()
    return user
