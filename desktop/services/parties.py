"""Customers and suppliers: create, change, archive, find."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import ProblemKind
from desktop.errors import ValidationError, not_found
from desktop.models import Contact, OwnerChange, Party, TermsKind
from desktop.money import fmt_money
from desktop.search_keys import search_key
from desktop.services import validate as v
from desktop.services.numbering import next_code, observe, party_code_kind
from desktop.services.owner import require
from desktop.services.plain_load import by_id
from desktop.services.serialize import jsonable
from desktop.services.type_ahead import key_contains
from desktop.services.uow import UnitOfWork, intent_entry

FIELDS = {
    "code",
    "name",
    "short_name",
    "is_customer",
    "is_supplier",
    "contact",
    "phone",
    "bill_to",
    "ship_to",
    "invoice_name",
    "invoice_tax_id",
    "invoice_address",
    "invoice_phone",
    "invoice_bank",
    "invoice_account",
    "credit_limit",
    "terms_kind",
    "terms_days",
    "price_level",
    "salesperson",
    "notes",
    "archived",
    "qualification",
    "quality_score",
    "on_time_score",
}


def get_party(session: Session, key: uuid.UUID | str) -> Party:
    """Find a party by id, code, or exact name."""
    party: Party | None = None
    if isinstance(key, uuid.UUID):
        party = by_id(session, Party, key)  # one plain statement when not held
    else:
        party = session.scalar(select(Party).where(Party.code == key))
        if party is None:
            party = session.scalar(select(Party).where(Party.name == key))
    if party is None:
        raise not_found("往来单位", "Party", key)
    return party


def party_search_key(party: Party) -> str:
    """What a party is found by: its names, code and phone."""
    return search_key(party.name, party.short_name, party.code, party.phone)


@intent_entry
def create_party(uow: UnitOfWork, **values: Any) -> Party:
    clean = _validated(values, creating=True)
    session = uow.session
    if not clean.get("code"):
        kind = party_code_kind(clean.get("is_customer", True), clean.get("is_supplier"))
        clean["code"] = next_code(session, kind, uow.desk)
    _check_unique(uow, clean, None)
    contacts = clean.pop("contacts", [])
    party = Party(id=uow.new_key("party", lambda: clean["code"])[0], **clean)
    if uow.replaying:
        observe(session, party.code)
    party.search_key = party_search_key(party)
    party.contacts = [Contact(**c) for c in contacts]
    session.add(party)
    session.flush()
    uow.record("party.create", {"id": party.id, **clean, "contacts": contacts})
    return party


@intent_entry
def update_party(uow: UnitOfWork, party_id: uuid.UUID, **values: Any) -> Party:
    party = uow.session.get(Party, party_id)
    if party is None:
        raise not_found("往来单位", "Party", party_id)
    clean = _validated(values, creating=False)
    _check_unique(uow, clean, party.id)
    if "credit_limit" in clean and raises_limit(party.credit_limit, clean["credit_limit"]):
        require(
            uow,
            OwnerChange.CREDIT_LIMIT,
            party.id,
            detail=f"{party.code} {party.name}: {_limit(party.credit_limit)} → "
            f"{_limit(clean['credit_limit'])}",
        )
    contacts = clean.pop("contacts", None)
    before = field_values(party, clean)
    for key, value in clean.items():
        setattr(party, key, value)
    if contacts is not None:
        party.contacts = [Contact(**c) for c in contacts]
        clean["contacts"] = contacts
    party.search_key = party_search_key(party)
    party.version += 1
    uow.record(
        "party.update",
        # ``before``: what this desk saw, so the server can tell a concurrent change to a
        # sensitive field (docs/sync.md, merge rules)
        {"id": party.id, "base_version": party.version - 1, **clean, "before": before},
    )
    return party


def field_values(party: Party, fields: Iterable[str]) -> dict[str, Any]:
    """The party's current values of ``fields`` as they travel in an intent."""
    return {key: jsonable(getattr(party, key)) for key in fields if key in FIELDS}


def raises_limit(old: Any, new: Any) -> bool:
    """Whether a credit limit of ``new`` gives more credit than ``old`` (None: no limit,
    which is more than any)."""
    if new is None:
        return old is not None
    return old is not None and new > old


def _limit(value: Any) -> str:
    return "无限额" if value is None else fmt_money(value)


def _validated(values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(values) - FIELDS - {"contacts"}
    if unknown:
        raise ValidationError(
            "unknown_field",
            f"未知字段：{', '.join(sorted(unknown))}",
            f"Unknown fields: {', '.join(sorted(unknown))}",
        )
    clean = dict(values)
    v.plain_texts(clean)
    if creating or "name" in clean:
        clean["name"] = v.required_text(clean.get("name"), "名称", "Name")
    if "code" in clean:
        clean["code"] = str(clean["code"] or "").strip()
        if len(clean["code"]) > 40:
            raise ValidationError("too_long", "编码太长（最多 40 位）。", "Code too long (max 40).")
    for key in ("invoice_tax_id",):
        if key in clean:
            clean[key] = v.tax_id(clean[key])
    if clean.get("credit_limit") not in (None, ""):
        clean["credit_limit"] = v.money_value(clean["credit_limit"], "信用额度", "Credit limit")
    elif "credit_limit" in clean:
        clean["credit_limit"] = None
    if "terms_kind" in clean and clean["terms_kind"] not in set(TermsKind):
        raise ValidationError(
            "bad_terms",
            "账期方式只能是“按天”或“月结”。",
            "Payment terms are either a number of days or month-end.",
        )
    if "terms_days" in clean:
        days = int(clean["terms_days"] or 0)
        if not 0 <= days <= 365:
            raise ValidationError(
                "bad_terms", "账期天数须在 0 到 365 之间。", "Payment terms must be 0-365 days."
            )
        clean["terms_days"] = days
    for key in ("quality_score", "on_time_score"):
        if clean.get(key) is not None:
            score = int(clean[key])
            if not 0 <= score <= 100:
                raise ValidationError("bad_score", "评分须在 0 到 100 之间。", "Scores are 0-100.")
            clean[key] = score
    if creating and not (clean.get("is_customer", True) or clean.get("is_supplier")):
        raise ValidationError(
            "no_role",
            "请至少选择“客户”或“供应商”之一。",
            "A party must be a customer, a supplier, or both.",
        )
    for contact in clean.get("contacts") or []:
        v.required_text(contact.get("name"), "联系人姓名", "Contact name", 80)
    return clean


def _check_unique(uow: UnitOfWork, clean: dict[str, Any], own_id: uuid.UUID | None) -> None:
    session = uow.session
    if clean.get("code"):
        other = session.scalar(select(Party.id).where(Party.code == clean["code"]))
        if other is not None and other != own_id:
            raise ValidationError(
                "duplicate_code",
                f"编码 {clean['code']} 已被其他往来单位使用。",
                f"Code {clean['code']} is already used.",
                field="code",
            )
    if clean.get("name"):
        other = session.scalar(
            select(Party.id).where(Party.name == clean["name"], Party.archived.is_(False))
        )
        if other is not None and other != own_id and uow.remote:
            uow.problem(  # two desks added the same party offline: a person merges them
                ProblemKind.DUPLICATE_NAME,
                f"两台电脑都添加了往来单位「{clean['name']}」，现有两个同名单位，请核对合并或改名。",
                f"Two desks each added a party named {clean['name']}: there are two now; "
                "merge or rename them.",
                entity="party",
                entity_id=own_id or "",
                name=clean["name"],
            )
        elif other is not None and other != own_id:
            raise ValidationError(
                "duplicate_name",
                f"已有同名往来单位：{clean['name']}。如确为不同单位，请在名称中加以区分。",
                f"A party named {clean['name']} already exists.",
                field="name",
            )


def find_parties(
    session: Session,
    text: str = "",
    *,
    role: str | None = None,
    include_archived: bool = False,
    limit: int = 50,
) -> list[Party]:
    """Match code, name, pinyin initials or full pinyin, or phone (``zs`` → 张三五金), by
    ``type_ahead.key_contains``."""
    query = _finding(session, select(Party), text, role, include_archived)
    return list(session.scalars(query.limit(limit)))


def find_party_rows(
    session: Session, text: str = "", *, role: str | None = None, limit: int = 50
) -> list[Any]:
    """The same parties as :func:`find_parties` (not archived), in the same order, as rows
    of (id, code, name, phone, ship_to): what a type-ahead list shows and the editor keeps,
    without building an ORM object per party on every key."""
    columns = select(Party.id, Party.code, Party.name, Party.phone, Party.ship_to)
    return list(session.execute(_finding(session, columns, text, role, False).limit(limit)))


def _finding(
    session: Session, query: Any, text: str, role: str | None, include_archived: bool
) -> Any:
    """The one rule of a party lookup: the key contains the text, in the role, by code."""
    if text.strip():
        query = query.where(*key_contains(session, Party, text))
    if role == "customer":
        query = query.where(Party.is_customer.is_(True))
    elif role == "supplier":
        query = query.where(Party.is_supplier.is_(True))
    if not include_archived:
        query = query.where(Party.archived.is_(False))
    return query.order_by(Party.code)
