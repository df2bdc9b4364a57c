"""The people of the firm and who works at a desk.

Documents say who made them (制单) and receipts who took the money (经办): the operator's
name, which was typed per computer. The firm now keeps its people, each with a role
(:class:`~desktop.codes.Role`); the desk's operator is one of them (:func:`sign_in`), so the
name printed is a person of the firm, never the computer's login.

Who may do what: adding, renaming, archiving a person, changing a role, and setting or
clearing someone else's password are the owner's (``OwnerChange.PEOPLE``, through
``owner.require``: the owner's password and a reason when one is set). A person changes
their own password by giving the current one. The owner role has no password of its own:
the firm's owner password (``firm.owner_password_hash``) is the owner's, so signing in as an
owner asks for it, and there stays one owner's password however many owners the firm names.

Every change records one intent (``person.add``, ``person.update``, ``person.password``);
a password travels as its salted hash, never in the clear, and the audit log holds neither.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import OwnerChange, Role
from desktop.errors import ValidationError
from desktop.labels import ROLE
from desktop.models import Person
from desktop.services import owner
from desktop.services import validate as v
from desktop.services.firm import get_firm, strong_enough
from desktop.services.uow import UnitOfWork, intent_entry

NAME_LENGTH = 20


# ------------------------------------------------------------------------------- names
def clean_name(name: Any) -> str:
    """The name as kept and printed: spaces collapsed (no tabs or line breaks in a name)."""
    text = v.plain_text(str(name or ""), "姓名", "The name", multiline=True)
    return v.required_text(" ".join(text.split()), "姓名", "The name", NAME_LENGTH)


def name_key(name: str) -> str:
    """The name as compared: full-width letters as plain ones, without spaces, case folded
    ("李 四" and "李四", "Li Wei", "liwei" and "ＬＩ ＷＥＩ" are one person each)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _role(role: Any) -> str:
    text = str(role or "").strip()
    for code, label in ROLE.items():
        if text.casefold() in (code, label.zh, label.en.casefold()):
            return code
    names = "、".join(label.zh for label in ROLE.values())
    raise ValidationError(
        "bad_role",
        f"角色只能是{names}之一（收到：{text}）。",
        f"The role must be one of {', '.join(ROLE)} (got: {text}).",
    )


# ------------------------------------------------------------------------------- reading
def list_people(session: Session, *, archived: bool = True) -> list[Person]:
    """The firm's people, active first, then by name (``archived``: the archived too)."""
    query = select(Person).order_by(Person.active.desc(), Person.name_key)
    if not archived:
        query = query.where(Person.active.is_(True))
    return list(session.scalars(query))


def has_people(session: Session) -> bool:
    return session.scalar(select(Person.id).limit(1)) is not None


def find_person(session: Session, name: str | uuid.UUID) -> Person:
    """The person called ``name`` (compared as :func:`name_key` does), or with that id."""
    found = (
        session.get(Person, name)
        if isinstance(name, uuid.UUID)
        else session.scalar(select(Person).where(Person.name_key == name_key(str(name))))
    )
    if found is None:
        raise ValidationError(
            "no_such_person",
            f"公司人员中没有“{name}”。",
            f"There is no one called '{name}' among the firm's people.",
        )
    return found


def password_needed(session: Session, person: Person) -> bool:
    """Whether signing in as ``person`` asks for a password: theirs, or for an owner the
    owner's password, when one is set."""
    if person.role == Role.OWNER:
        return bool(get_firm(session).owner_password_hash)
    return bool(person.password_hash)


# ------------------------------------------------------------------------------- the desk
def sign_in(session: Session, name: str, password: str = "") -> str:
    """The name to record as the operator of a desk (制单、经办), after the checks.

    A ledger with no people yet takes the name as typed (the way every desk worked before
    people were kept). Otherwise the operator is an active person of the firm, and a person
    with a password (an owner: the owner's password) gives it.
    """
    typed = clean_name(name)
    if not has_people(session):
        return typed
    try:
        person = find_person(session, typed)
    except ValidationError as exc:
        raise ValidationError(
            exc.code,
            exc.zh.rstrip("。") + "：请选择名单上的人员，或先在“人员”中添加。",
            exc.en.rstrip(".") + ": choose someone on the list, or add them under People first.",
        ) from None
    if not person.active:
        raise ValidationError(
            "person_archived",
            f"“{person.name}”已停用，不能作为操作员。",
            f"'{person.name}' is archived and cannot work at a desk.",
        )
    if password_needed(session, person):
        stored = (
            get_firm(session).owner_password_hash
            if person.role == Role.OWNER
            else person.password_hash
        )
        if not password:
            raise ValidationError(
                "password_needed",
                f"请输入“{person.name}”的密码。",
                f"Give {person.name}'s password.",
            )
        if not owner.verify_password(stored, password):
            raise ValidationError(
                "wrong_password",
                f"“{person.name}”的密码不正确。",
                f"{person.name}'s password is wrong.",
            )
    return person.name


# ------------------------------------------------------------------------------- changes
@intent_entry
def add_person(uow: UnitOfWork, name: str, role: str = Role.CLERK) -> Person:
    """Add a person to the firm (the owner's change)."""
    clean, code = clean_name(name), _role(role)
    _name_free(uow.session, clean)
    ident = uow.new_key("person")[0]
    owner.require(uow, OwnerChange.PEOPLE, ident, detail=f"+ {clean}（{ROLE[code].zh}）")
    person = Person(id=ident, name=clean, name_key=name_key(clean), role=code, desk=uow.desk)
    uow.session.add(person)
    uow.session.flush()
    uow.record("person.add", {"name": clean, "role": code})
    return person


@intent_entry
def update_person(
    uow: UnitOfWork,
    person_id: uuid.UUID,
    *,
    name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> Person:
    """Rename, change the role of, archive (``active=False``) or bring back a person (the
    owner's change). Made an owner, a person's own password goes: the owner's is theirs."""
    person = find_person(uow.session, person_id)
    values: dict[str, Any] = {}
    if name is not None and clean_name(name) != person.name:
        values["name"] = clean_name(name)
        if name_key(values["name"]) != person.name_key:
            _name_free(uow.session, values["name"])
    if role is not None and _role(role) != person.role:
        values["role"] = _role(role)
    if active is not None and bool(active) != person.active:
        values["active"] = bool(active)
    if not values:
        return person
    detail = "；".join(f"{k}: {getattr(person, k)} → {val}" for k, val in values.items())
    owner.require(uow, OwnerChange.PEOPLE, person.id, detail=f"{person.name} {detail}")
    for key, value in values.items():
        setattr(person, key, value)
    person.name_key = name_key(person.name)
    if person.role == Role.OWNER and person.password_hash:
        _store_hash(uow, person, "")
    uow.session.flush()
    uow.record("person.update", {"id": person.id, **values})
    return person


@intent_entry
def set_password(
    uow: UnitOfWork, person_id: uuid.UUID, new: str, current: str | None = None
) -> None:
    """Set or (``new`` empty) clear a person's own password. With their current password
    a person changes it themselves; otherwise it is the owner's change."""
    person = find_person(uow.session, person_id)
    if person.role == Role.OWNER:
        raise ValidationError(
            "owner_has_no_password",
            "老板用老板密码登录：请在 设置 → 信用控制 中设置老板密码。",
            "An owner signs in with the owner's password: set it in Settings → Credit control.",
        )
    if new:
        strong_enough(new)
    own = bool(person.password_hash) and owner.verify_password(person.password_hash, current or "")
    if current and not own:
        raise ValidationError(
            "wrong_password",
            f"“{person.name}”的原密码不正确。",
            f"{person.name}'s current password is wrong.",
        )
    if not own:
        owner.require(uow, OwnerChange.PEOPLE, person.id, detail=f"{person.name} 的密码")
    _store_hash(uow, person, owner.hash_password(new) if new else "")
    uow.record("person.password", {"id": person.id, "hash": person.password_hash})


@intent_entry
def take_password_hash(uow: UnitOfWork, person_id: uuid.UUID, password_hash: str) -> None:
    """A person's password from another copy of the ledger (an intent applied again)."""
    person = find_person(uow.session, person_id)
    if password_hash and not owner.is_hash(password_hash):
        raise ValidationError(
            "bad_password_hash",
            "收到的密码数据已损坏，未更改密码。",
            "The password received is damaged; the password was not changed.",
        )
    owner.require(uow, OwnerChange.PEOPLE, person.id, detail=f"{person.name} 的密码")
    _store_hash(uow, person, password_hash)
    uow.record("person.password", {"id": person.id, "hash": password_hash})


def _name_free(session: Session, name: str) -> None:
    taken = session.scalar(select(Person).where(Person.name_key == name_key(name)))
    if taken is not None:
        state = "" if taken.active else "（已停用）"
        raise ValidationError(
            "person_exists",
            f"公司已有人员“{taken.name}”{state}，名字不能重复。",
            f"The firm already has someone called '{taken.name}'; names must differ.",
        )


def _store_hash(uow: UnitOfWork, person: Person, password_hash: str) -> None:
    """The new hash, and "password set/changed/cleared" in the audit log: the fact, no value."""
    had = bool(person.password_hash)
    person.password_hash = password_hash
    fact = ("changed" if had else "set") if password_hash else "cleared"
    owner.note_password(uow, "person", str(person.id), "password", fact)
