"""The people of the firm: added, renamed, given roles, archived and given passwords only as
the owner allows; the desk's operator is one of them; every change replays on a copy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.errors import OwnerRequired, ValidationError
from desktop.models import AuditEntry, OutboxEntry, Person
from desktop.services import firm, people
from desktop.services.checks import run_checks
from desktop.services.ledger import Ledger
from desktop.services.owner import OwnerApproval
from tests.replay import assert_same_books, replay_into_empty

PASSWORD = "laoban-2026"
OK = OwnerApproval(PASSWORD, "新来的开单员")


def _owner_password(ledger: Ledger) -> None:
    with ledger.unit() as uow:
        firm.set_owner_password(uow, PASSWORD)


def _add(ledger: Ledger, name: str, role: str = "clerk", approval: Any = OK) -> Any:
    with ledger.unit() as uow:
        uow.owner = approval
        return people.add_person(uow, name, role).id


def _person(ledger: Ledger, name: str) -> Person:
    with ledger.read() as s:
        return people.find_person(s, name)


def _text(path: Path, table: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return json.dumps(conn.execute(f"SELECT * FROM {table}").fetchall(), default=str)
    finally:
        conn.close()


def test_people_are_added_renamed_given_roles_and_archived(ledger: Ledger) -> None:
    li = _add(ledger, "  李  小红 ", "开单员")
    _add(ledger, "Wang Fang", "accountant")
    with ledger.unit() as uow:
        people.update_person(uow, li, name="李晓红", role="warehouse")
    with ledger.unit() as uow:
        people.update_person(uow, li, active=False)
    with ledger.read() as s:
        found = people.list_people(s)
        assert [(p.name, p.role, p.active, p.desk) for p in found] == [
            ("Wang Fang", "accountant", True, "A"),
            ("李晓红", "warehouse", False, "A"),
        ]
        assert [p.name for p in people.list_people(s, archived=False)] == ["Wang Fang"]
        assert people.find_person(s, "ＷＡＮＧ  fang").name == "Wang Fang"
        assert run_checks(s) == []


def test_a_name_is_unique_whatever_its_case_and_spaces(ledger: Ledger) -> None:
    _add(ledger, "Li Wei")
    for same in ("li wei", " LI   WEI ", "ｌｉ ｗｅｉ", "LiWei"):
        with pytest.raises(ValidationError, match="已有人员") as err, ledger.unit() as uow:
            people.add_person(uow, same, "clerk")
        assert err.value.code == "person_exists"
    other = _add(ledger, "Li Na")
    with pytest.raises(ValidationError, match="名字不能重复"), ledger.unit() as uow:
        people.update_person(uow, other, name="LI WEI")
    with ledger.unit() as uow:  # the same person's name in other capitals is no clash
        people.update_person(uow, other, name="LI NA")
    assert _person(ledger, "li na").name == "LI NA"


@pytest.mark.parametrize(
    ("name", "role", "code"),
    [
        ("", "clerk", "required"),
        ("张三\x00", "clerk", "control_character"),
        ("张" * 21, "clerk", "too_long"),
        ("张三", "boss", "bad_role"),
    ],
)
def test_bad_names_and_roles_are_refused_plainly(
    ledger: Ledger, name: str, role: str, code: str
) -> None:
    with pytest.raises(ValidationError) as err, ledger.unit() as uow:
        people.add_person(uow, name, role)
    assert err.value.code == code and err.value.zh.endswith("。")
    with ledger.read() as s:
        assert people.list_people(s) == []


def test_changing_the_people_needs_the_owner_and_is_audited(
    ledger: Ledger, ledger_path: Path
) -> None:
    _owner_password(ledger)
    for approval, code in (
        (None, "owner_required"),
        (OwnerApproval("wrong-pass-1", "新人"), "owner_password"),
        (OwnerApproval(PASSWORD, " "), "owner_reason"),
    ):
        with pytest.raises(OwnerRequired) as err:
            _add(ledger, "赵六", approval=approval)
        assert err.value.code == code
    zhao = _add(ledger, "赵六")
    for change in (
        {"role": "accountant"},
        {"name": "赵小六"},
        {"active": False},
    ):
        with pytest.raises(OwnerRequired), ledger.unit() as uow:
            people.update_person(uow, zhao, **change)
    with ledger.unit() as uow:
        uow.owner = OwnerApproval(PASSWORD, "升职")
        people.update_person(uow, zhao, role="accountant")
    with ledger.unit() as uow:  # saving what is already there asks nothing
        people.update_person(uow, zhao, role="accountant", name="赵六", active=True)
    with ledger.read() as s:
        approvals = [
            e.after
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "owner"))
            if e.after and e.after["change"] == "people"
        ]
        intents = [
            r.args.get("owner") for r in s.scalars(select(OutboxEntry)) if r.intent[:6] == "person"
        ]
    assert [a["reason"] for a in approvals] == ["新来的开单员", "升职"]
    assert "赵六" in approvals[0]["detail"] and "accountant" in approvals[1]["detail"]
    assert intents == [
        {"changes": ["people"], "reason": "新来的开单员"},
        {"changes": ["people"], "reason": "升职"},
    ]
    assert PASSWORD not in _text(ledger_path, "outbox") + _text(ledger_path, "audit_log")


def test_passwords_the_owner_sets_or_the_person_changes_never_reach_the_audit_log(
    ledger: Ledger, ledger_path: Path
) -> None:
    _owner_password(ledger)
    li = _add(ledger, "李四")
    with pytest.raises(OwnerRequired), ledger.unit() as uow:
        people.set_password(uow, li, "lisi-mima-1")
    with ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, li, "lisi-mima-1")
    with pytest.raises(ValidationError, match="原密码不正确"), ledger.unit() as uow:
        people.set_password(uow, li, "lisi-mima-2", "not-it")
    with ledger.unit() as uow:  # their own, with the current one: no owner needed
        people.set_password(uow, li, "lisi-mima-2", "lisi-mima-1")
    with pytest.raises(ValidationError, match="太简单"), ledger.unit() as uow:
        people.set_password(uow, li, "123456", "lisi-mima-2")
    with ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, li, "")  # forgotten: the owner clears it
    stored = []
    with ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, li, "lisi-mima-3")
        stored.append(people.find_person(uow.session, li).password_hash)
    audit = _text(ledger_path, "audit_log")
    assert "scrypt" not in audit and stored[0].split("$")[-1] not in audit
    assert "lisi-mima" not in audit + _text(ledger_path, "outbox")
    with ledger.read() as s:
        said = [
            e.after
            for e in s.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity == "person", AuditEntry.action == "password"
                )
            )
        ]
    assert said == [{"password": f} for f in ("set", "changed", "cleared", "set")]


def test_an_owner_signs_in_with_the_owners_password_and_has_none_of_their_own(
    ledger: Ledger,
) -> None:
    _owner_password(ledger)
    boss = _add(ledger, "王老板", "老板")
    with pytest.raises(ValidationError, match="老板密码") as err, ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, boss, "wang-mima-1")
    assert err.value.code == "owner_has_no_password"
    clerk = _add(ledger, "小王")
    with ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, clerk, "xiaowang-1")
    with ledger.unit() as uow:  # made an owner, their own password goes
        uow.owner = OK
        people.update_person(uow, clerk, role="owner")
    with ledger.read() as s:
        assert people.find_person(s, clerk).password_hash == ""
        assert people.sign_in(s, "王老板", PASSWORD) == "王老板"
        assert people.sign_in(s, "小王", PASSWORD) == "小王"
        with pytest.raises(ValidationError, match="请输入"):
            people.sign_in(s, "王老板")
        with pytest.raises(ValidationError, match="密码不正确"):
            people.sign_in(s, "王老板", "xiaowang-1")


def test_the_operator_is_an_active_person_with_their_password(ledger: Ledger) -> None:
    with ledger.read() as s:  # no people yet: a typed name, as every desk did before
        assert people.sign_in(s, "  张 会计 ") == "张 会计"
    li = _add(ledger, "李四", "accountant")
    _add(ledger, "周五", "warehouse")
    with ledger.unit() as uow:
        people.set_password(uow, li, "lisi-mima-1")
    with ledger.unit() as uow:
        people.update_person(uow, _person(ledger, "周五").id, active=False)
    with ledger.read() as s:
        assert people.password_needed(s, people.find_person(s, "李四"))
        assert people.sign_in(s, "李四", "lisi-mima-1") == "李四"
        for name, password, code in (
            ("李四", "", "password_needed"),
            ("李四", "lisi-mima-2", "wrong_password"),
            ("周五", "", "person_archived"),
            ("张会计", "", "no_such_person"),
            ("", "", "required"),
        ):
            with pytest.raises(ValidationError) as err:
                people.sign_in(s, name, password)
            assert err.value.code == code, name


def test_the_people_replay_into_an_empty_ledger(ledger: Ledger, tmp_path: Path) -> None:
    _owner_password(ledger)
    li = _add(ledger, "李四")
    _add(ledger, "王老板", "owner")
    with ledger.unit() as uow:
        uow.owner = OK
        people.set_password(uow, li, "lisi-mima-1")
        people.update_person(uow, li, name="李 四", role="accountant")
    with ledger.unit() as uow:
        people.set_password(uow, li, "lisi-mima-2", "lisi-mima-1")
    with ledger.unit() as uow:
        uow.owner = OK
        people.update_person(uow, _person(ledger, "王老板").id, active=False)
    copy = tmp_path / "copy.zhangfang"
    assert replay_into_empty(ledger, copy) == 8  # the firm, its password, six of people
    ledger.close()
    assert_same_books(ledger.path, copy)
    replica = Ledger.open(copy, actor="server")
    try:
        with replica.read() as s:
            assert people.sign_in(s, "李 四", "lisi-mima-2") == "李 四"
            assert run_checks(s) == []
    finally:
        replica.close()


def test_a_damaged_password_hash_from_a_copy_is_refused(ledger: Ledger) -> None:
    li = _add(ledger, "李四")
    with pytest.raises(ValidationError, match="已损坏"), ledger.unit() as uow:
        people.take_password_hash(uow, li, "not a hash")
