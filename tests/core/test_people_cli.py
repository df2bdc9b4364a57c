"""``zhangfang people`` and ``--as``: the people changed from the command line as the owner
allows, in one plain line when refused, and the person's name on what a command makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.models import AuditEntry, Document
from desktop.services import firm
from desktop.services.ledger import Ledger

PASSWORD = "laoban-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _people(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "people", "--ledger", str(path), "--json")
    assert code == 0
    return [
        {k: p[k] for k in ("name", "role", "active", "password")} for p in json.loads(out)["people"]
    ]


def test_people_are_listed_added_and_changed(capsys, ledger_path: Path) -> None:
    at = ("--ledger", str(ledger_path))
    code, out, _ = run(capsys, "people", *at)
    assert code == 0 and "还没有人员" in out
    assert run(capsys, "people", "add", "李四", "--role", "开单员", *at)[0] == 0
    assert run(capsys, "people", "add", "Wang Fang", "--role", "accountant", *at)[0] == 0
    assert run(capsys, "people", "role", "李四", "warehouse", *at)[0] == 0
    assert run(capsys, "people", "rename", "wang  fang", "王芳", *at)[0] == 0
    assert run(capsys, "people", "archive", "李四", *at)[0] == 0
    assert _people(capsys, ledger_path) == [
        {"name": "王芳", "role": "accountant", "active": True, "password": False},
        {"name": "李四", "role": "warehouse", "active": False, "password": False},
    ]
    code, out, _ = run(capsys, "people", "list", *at)
    assert code == 0 and "仓管" in out and "已停用" in out and "财务" in out
    assert run(capsys, "people", "restore", "李四", *at)[0] == 0
    for argv, words in (
        (("add", "李 四"), "已有人员"),
        (("add", "赵六", "--role", "boss"), "角色只能是"),
        (("role", "无名氏", "clerk"), "没有“无名氏”"),
        (("add", ""), "不能为空"),
    ):
        code, out, err = run(capsys, "people", *argv, *at)
        assert code == 1 and words in err, argv
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_changes_need_the_owners_password_and_reason(
    capsys, ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger.open(ledger_path)
    with ledger.unit() as uow:
        firm.set_owner_password(uow, PASSWORD)
    ledger.close()
    at = ("--ledger", str(ledger_path))
    code, _, err = run(capsys, "people", "add", "李四", *at)
    assert code == 1 and "ZHANGFANG_OWNER_PASSWORD" in err and len(err.splitlines()) == 1
    monkeypatch.setenv("ZHANGFANG_OWNER_PASSWORD", "wrong-one-1")
    code, _, err = run(capsys, "people", "add", "李四", "--reason", "新人", *at)
    assert code == 1 and "老板密码不正确" in err
    monkeypatch.setenv("ZHANGFANG_OWNER_PASSWORD", PASSWORD)
    assert run(capsys, "people", "add", "李四", "--reason", "新人", *at)[0] == 0
    monkeypatch.setenv("ZHANGFANG_NEW_PASSWORD", "lisi-mima-1")
    code, out, _ = run(capsys, "people", "password", "李四", "--reason", "设密码", "--json", *at)
    assert code == 0 and json.loads(out)["people"][0]["password"] is True
    monkeypatch.delenv("ZHANGFANG_OWNER_PASSWORD")
    monkeypatch.setenv("ZHANGFANG_PASSWORD", "lisi-mima-1")  # their own: no owner needed
    monkeypatch.setenv("ZHANGFANG_NEW_PASSWORD", "lisi-mima-2")
    assert run(capsys, "people", "password", "李四", *at)[0] == 0
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            reasons = [
                e.after["reason"]
                for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "owner"))
                if e.after
            ]
    finally:
        ledger.close()
    assert reasons == ["新人", "设密码"]


def test_as_puts_the_persons_name_on_what_a_command_makes(
    capsys, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = ("--ledger", str(ledger_path))
    sold = tmp_path / "sold.csv"
    sold.write_text(
        "单号,日期,客户名称,商品编码,商品名称,数量,单价\nS1,2026-01-04,甲五金店,0042,螺栓,3,5\n",
        encoding="utf-8",
    )
    run(capsys, "people", "add", "李四", *at)
    monkeypatch.setenv("ZHANGFANG_NEW_PASSWORD", "lisi-mima-1")
    assert run(capsys, "people", "password", "李四", *at)[0] == 0
    monkeypatch.delenv("ZHANGFANG_NEW_PASSWORD")
    importing = ("import", str(sold), "--kind", "sales_history", "--create-missing", *at)
    code, _, err = run(capsys, *importing, "--as", "李四")
    assert code == 1 and "ZHANGFANG_PASSWORD" in err  # no terminal to type it at
    monkeypatch.setenv("ZHANGFANG_PASSWORD", "lisi-mima-9")
    code, _, err = run(capsys, *importing, "--as", "李四")
    assert code == 1 and "密码不正确" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, *importing, "--as", "张会计")
    assert code == 1 and "没有“张会计”" in err
    monkeypatch.setenv("ZHANGFANG_PASSWORD", "lisi-mima-1")
    code, _, err = run(capsys, *importing, "--as", "李四")
    assert code == 0, err
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            assert {d.created_by for d in s.scalars(select(Document))} == {"李四"}
    finally:
        ledger.close()
