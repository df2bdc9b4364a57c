"""The firm profile and its policies; the owner's password."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import CreditPolicy, Firm, NegativeStock, OwnerChange
from desktop.money import RATE
from desktop.services import owner, row_cache
from desktop.services import validate as v
from desktop.services.uow import UnitOfWork, intent_entry

EDITABLE = {
    "name",
    "legal_name",
    "tax_id",
    "address",
    "phone",
    "bank",
    "bank_account",
    "logo_path",
    "default_tax_rate",
    "currency",
    "prices_include_tax",
    "negative_stock",
    "credit_policy",
    "credit_overdue_days",
    "price_level_names",
}
WEAK_PASSWORDS = {
    "123456",
    "12345678",
    "111111",
    "000000",
    "888888",
    "666666",
    "password",
    "admin123",
    "abc123",
    "123123",
    "654321",
    "qwerty",
}


def get_firm(session: Session) -> Firm:
    """The firm's one row; read once per session (a unit asks for it several times)."""
    firm = session.info.get("firm")
    if firm is not None and firm in session:
        return firm
    firm = row_cache.firm(session)  # kept between units of work
    if firm is None:
        firm = session.scalar(select(Firm))
        if firm is not None:
            row_cache.keep_firm(session, firm)
    session.info["firm"] = firm
    if firm is None:
        raise ValidationError(
            "no_firm",
            "账本还没有公司资料，请先创建公司（zhangfang init）。",
            "This ledger has no firm profile yet; create one first (zhangfang init).",
        )
    return firm


@intent_entry
def create_firm(uow: UnitOfWork, name: str, **values: Any) -> Firm:
    if uow.session.scalar(select(Firm)) is not None:
        raise ValidationError(
            "firm_exists", "账本已有公司资料。", "This ledger already has a firm."
        )
    firm = Firm(id=uow.new_key("firm")[0], name="")
    uow.session.add(firm)
    _apply(firm, {"name": name, **values})
    uow.session.flush()
    uow.record("firm.create", {"id": firm.id, "name": firm.name, **values})
    return firm


#: firm settings only the owner changes, when a password is set
OWNERS_SETTINGS = {
    "credit_policy": OwnerChange.CREDIT_POLICY,
    "credit_overdue_days": OwnerChange.OVERDUE_DAYS,
}


@intent_entry
def update_firm(uow: UnitOfWork, **values: Any) -> Firm:
    """Change the firm's profile and policies; changing the credit policy or the allowed
    overdue days needs the owner (``uow.owner``, see ``services.owner``)."""
    firm = get_firm(uow.session)
    before = {key: getattr(firm, key) for key in OWNERS_SETTINGS}
    _apply(firm, values)
    for key, change in OWNERS_SETTINGS.items():
        if getattr(firm, key) != before[key]:
            owner.require(uow, change, firm.id, detail=f"{before[key]} → {getattr(firm, key)}")
    uow.record("firm.update", values)
    return firm


def _apply(firm: Firm, values: dict[str, Any]) -> None:
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValidationError(
            "unknown_field",
            f"未知的公司资料字段：{', '.join(sorted(unknown))}",
            f"Unknown firm fields: {', '.join(sorted(unknown))}",
        )
    v.plain_texts(values)
    if "name" in values and not str(values["name"]).strip():
        raise ValidationError("firm_name", "公司名称不能为空。", "The firm name cannot be empty.")
    if "negative_stock" in values and values["negative_stock"] not in set(NegativeStock):
        raise ValidationError(
            "negative_stock",
            "负库存设置只能是允许或禁止。",
            "Negative stock must be either allowed or blocked.",
        )
    if "credit_policy" in values and values["credit_policy"] not in set(CreditPolicy):
        raise ValidationError(
            "credit_policy",
            "信用控制方式只能是提醒、禁止或凭理由放行。",
            "The credit policy must be to warn, to block, or to allow with a reason.",
        )
    if "credit_overdue_days" in values:
        days = values["credit_overdue_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
            raise ValidationError(
                "overdue_days",
                "允许逾期天数须是 0 到 365 之间的整数。",
                "The allowed overdue days must be a whole number from 0 to 365.",
            )
    if "default_tax_rate" in values:
        rate = Decimal(str(values["default_tax_rate"]))
        if not Decimal(0) <= rate < 1:
            raise ValidationError(
                "tax_rate", "税率须在 0 到 100% 之间。", "The tax rate must be between 0 and 100%."
            )
        values["default_tax_rate"] = v.fits(rate, RATE, "税率", "The tax rate")
    for key, value in values.items():
        setattr(firm, key, value.strip() if isinstance(value, str) else value)


def strong_enough(password: str) -> None:
    """Refuse a password anyone would guess (the owner's, or a person's of the firm)."""
    if len(password) < 6 or password.lower() in WEAK_PASSWORDS or len(set(password)) < 3:
        raise ValidationError(
            "weak_password",
            "密码太简单：至少 6 位，且不能是 123456 这类常见密码。",
            "Password too weak: at least 6 characters and not a common one like 123456.",
        )


@intent_entry
def set_owner_password(uow: UnitOfWork, new: str, current: str | None = None) -> None:
    """Set or change the owner's password (the current one is needed to change it)."""
    firm = get_firm(uow.session)
    if firm.owner_password_hash and not owner.verify_password(
        firm.owner_password_hash, current or ""
    ):
        raise ValidationError(
            "wrong_password", "原老板密码不正确。", "The current owner password is wrong."
        )
    strong_enough(new)
    _set_hash(uow, firm, owner.hash_password(new))
    # other desks check the password with it: the hash (salted scrypt) travels in the intent
    # (the outbox is no log), never the password; the audit log holds neither
    uow.record("firm.owner_password", {"hash": firm.owner_password_hash})


@intent_entry
def take_owner_password_hash(uow: UnitOfWork, password_hash: str) -> None:
    """Set the owner's password from another copy of the ledger (an intent applied again)."""
    if not owner.is_hash(password_hash):
        raise ValidationError(
            "bad_password_hash",
            "收到的老板密码数据已损坏，未更改密码。",
            "The owner's password received is damaged; the password was not changed.",
        )
    _set_hash(uow, get_firm(uow.session), password_hash)
    uow.record("firm.owner_password", {"hash": password_hash})


def _set_hash(uow: UnitOfWork, firm: Firm, password_hash: str) -> None:
    """The new hash, and "password set/changed" in the audit log: the fact, no value."""
    had = bool(firm.owner_password_hash)
    firm.owner_password_hash = password_hash
    owner.note_password(uow, "firm", str(firm.id), "owner_password", "changed" if had else "set")
