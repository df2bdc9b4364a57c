"""The command line: exit codes, one-line messages (never a traceback), stable JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-0001.zhangfang"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def books(tmp_path: Path) -> Path:
    path = tmp_path / "books.zhangfang"
    shutil.copyfile(FIXTURE, path)
    return path


def test_init_then_check(capsys, tmp_path: Path) -> None:
    path = tmp_path / "new.zhangfang"
    code, out, _ = run(
        capsys, "init", "--firm", "宁波海曙五金商行", "--ledger", str(path), "--desk", "b2"
    )
    assert code == 0 and "宁波海曙五金商行" in out and "B2" in out
    code, _, err = run(capsys, "init", "--firm", "又一次", "--ledger", str(path))
    assert code == 1 and "已存在" in err
    code, out, _ = run(capsys, "check", "--ledger", str(path), "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": []}


def test_bad_usage_and_unreadable_input_exit_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "balance", "--as-of", "2026-02-30", "--ledger", str(tmp_path))
    assert code == 2 and "not a date" in err and "Traceback" not in err
    code, _, err = run(capsys, "stock", "--ledger", str(tmp_path / "none.zhangfang"))
    assert code == 2 and "找不到账本文件" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    code, _, err = run(
        capsys, "init", "--firm", "x", "--desk", "!!", "--ledger", str(tmp_path / "d.zhangfang")
    )
    assert code == 2 and not (tmp_path / "d.zhangfang").exists()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "工作站代码须为 1 到 4 位大写字母或数字" in err or "A desk code is 1 to 4" in err


def test_balance_json_shape(capsys, books: Path) -> None:
    code, out, _ = run(capsys, "balance", "--ledger", str(books), "--as-of", "2026-11-30", "--json")
    assert code == 0
    data = json.loads(out)
    assert data == {
        "account": "AR",
        "as_of": "2026-11-30",
        "total": "4204.00",
        "parties": [
            {"code": "C00001", "name": "张三五金", "balance": "4204.00", "overdue_days": 0}
        ],
    }
    code, out, _ = run(
        capsys, "balance", "张三五金", "--ledger", str(books), "--as-of", "2026-12-20", "--json"
    )
    one = json.loads(out)
    assert one["balance"] == "4204.00"
    assert one["open_items"] == [
        {
            "number": "XS-A-2611-0001",
            "date": "2026-11-05",
            "due_date": "2026-12-05",
            "total": "4800.00",
            "open": "4204.00",
            "overdue_days": 15,
        }
    ]
    code, out, _ = run(capsys, "balance", "--payables", "--ledger", str(books), "--json")
    assert json.loads(out)["total"] == "1800.00"
    code, _, err = run(capsys, "balance", "无此人", "--ledger", str(books))
    assert code == 1 and "找不到往来单位" in err


def test_balance_and_stock_text(capsys, books: Path) -> None:
    code, out, _ = run(capsys, "balance", "--ledger", str(books), "--as-of", "2026-11-30")
    assert code == 0 and "张三五金" in out and "4,204.00" in out
    code, out, _ = run(capsys, "stock", "--ledger", str(books), "--json")
    [row] = json.loads(out)["products"]
    assert row["code"] == "00123" and row["qty"] == "-1152"
    code, out, _ = run(capsys, "stock", "00123", "--ledger", str(books))
    assert code == 0 and "不锈钢螺丝" in out
    code, _, err = run(capsys, "stock", "没有的货", "--ledger", str(books))
    assert code == 1 and "找不到商品" in err


def test_check_finds_tampering(capsys, books: Path) -> None:
    import sqlite3

    main(["check", "--ledger", str(books)])  # upgrade first
    capsys.readouterr()
    with sqlite3.connect(books) as conn:
        conn.execute("UPDATE party_balance SET balance = balance + 1 WHERE account = 'AR'")
    code, out, _ = run(capsys, "check", "--ledger", str(books))
    assert code == 1 and "张三五金" in out and "AR 余额 4204.01" in out and "发现 1 个问题" in out


def test_backup_and_restore(capsys, books: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.zhangfang"
    code, out, _ = run(capsys, "backup", str(target), "--ledger", str(books), "--json")
    assert code == 0 and json.loads(out)["backup"] == str(target)
    fresh = tmp_path / "restored.zhangfang"
    code, out, _ = run(capsys, "restore", str(target), "--ledger", str(fresh))
    assert code == 0 and fresh.exists()
    code, out, _ = run(capsys, "balance", "--ledger", str(fresh), "--json")
    assert json.loads(out)["total"] == "4204.00"
    junk = tmp_path / "junk.zhangfang"
    junk.write_text("not a ledger")
    code, _, err = run(capsys, "restore", str(junk), "--ledger", str(fresh))
    assert code == 2 and "损坏" in err
    code, out, _ = run(capsys, "balance", "--ledger", str(fresh), "--json")
    assert json.loads(out)["total"] == "4204.00", "a failed restore must leave the ledger as it was"


def test_backups_into_a_folder_twice_are_two_files(capsys, books: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    made = []
    for _ in range(2):
        code, out, _ = run(capsys, "backup", str(folder), "--ledger", str(books), "--json")
        assert code == 0
        made.append(Path(json.loads(out)["backup"]))
    assert made[0] != made[1] and all(p.parent == folder and p.stat().st_size for p in made)
    assert sorted(folder.iterdir()) == sorted(made)


def test_the_console_script_runs_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli.main",
            "check",
            "--ledger",
            str(tmp_path / "nope.zhangfang"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_demo_builds_a_ledger_that_checks_clean(capsys, tmp_path: Path) -> None:
    path = tmp_path / "demo.zhangfang"
    code, out, _ = run(
        capsys,
        "demo",
        "--customers",
        "12",
        "--products",
        "30",
        "--months",
        "2",
        "--ledger",
        str(path),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["document_lines"] > 0 and data["documents"]["sales_bill"] > 0
    assert run(capsys, "check", "--ledger", str(path))[0] == 0
    code, _, err = run(capsys, "demo", "--ledger", str(path))
    assert code == 1 and "--replace" in err
    code, _, err = run(capsys, "demo", "--months", "0", "--ledger", str(path))
    assert code == 2
    code, out, _ = run(
        capsys,
        "demo",
        "--customers",
        "12",
        "--products",
        "30",
        "--months",
        "2",
        "--ledger",
        str(path),
        "--replace",
        "--json",
    )
    assert code == 0 and json.loads(out)["document_lines"] == data["document_lines"]


def test_file_system_problems_are_plain_and_json_errors_are_json(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder given for a file, a ledger under a file, a missing ledger with --json: a
    plain line (exit 2), never "Internal error"; with --json the error is JSON as well."""
    monkeypatch.setenv("ZHANGFANG_LANG", "en")
    folder = tmp_path / "表格"
    folder.mkdir()
    books = tmp_path / "a.zhangfang"
    assert run(capsys, "init", "--firm", "甲", "--ledger", str(books))[0] == 0
    code, _, err = run(capsys, "import", str(folder), "--ledger", str(books))
    assert code == 2 and "is a folder, not a file" in err and "Internal" not in err
    blocker = tmp_path / "note.txt"
    blocker.write_text("x")
    code, _, err = run(capsys, "init", "--firm", "乙", "--ledger", str(blocker / "b.zhangfang"))
    assert code == 2 and "Internal" not in err
    assert "not a folder" in err or "where a folder is needed" in err
    code, out, err = run(capsys, "balance", "--ledger", str(tmp_path / "none.zhangfang"), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "ledger_missing"
    assert json.loads(out)["error"]["message"] == err.strip()


def test_balance_of_a_new_empty_ledger(capsys, tmp_path: Path) -> None:
    """A new ledger has no balances: the total is 0.00, not an internal error."""
    path = tmp_path / "new.zhangfang"
    assert main(["init", "--ledger", str(path), "--firm", "新公司"]) == 0
    capsys.readouterr()
    assert main(["balance", "--ledger", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0.00" in out and "Internal error" not in out
