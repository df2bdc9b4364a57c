"""Two desks (two processes) saving on one ledger file at the same moment.

Each desk is a process running tests/two_desks.py. Where the order matters, the first desk
stops half-way through its unit of work (after taking a number, after the credit check)
until the second has finished or has waited three seconds for it: before the write lock
was taken at the unit's start, the second saved in between and both used the same reading.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli.main import main as cli_main
from desktop.errors import LedgerBusy
from desktop.models import CreditOverride, DocStatus, Document, transactions
from desktop.services import documents, firm
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from tests.helpers import customer, product

ROOT = Path(__file__).resolve().parents[2]


def _desk(ledger: Path, action: str, folder: Path, arg: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.two_desks", str(ledger), action, str(folder), arg],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> Any:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def _both(ledger_path: Path, tmp_path: Path, first: str, second: str, args: tuple[str, str]):
    folder = tmp_path / "steps"
    folder.mkdir()
    one = _desk(ledger_path, first, folder, args[0])
    two = _desk(ledger_path, second, folder, args[1])
    try:
        return _result(one), _result(two)
    finally:  # the other desk is not left running when one fails
        for proc in (one, two):
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def test_two_desks_never_take_the_same_number(ledger, ledger_path: Path, tmp_path: Path) -> None:
    customer(ledger)
    cust = "张三五金"  # the desks find the customer by name
    product(ledger)
    ledger.close()
    one, two = _both(ledger_path, tmp_path, "number-first", "number-second", (cust, cust))
    assert "ok" in one, one
    assert "ok" in two, two
    assert one["ok"]["number"] != two["ok"]["number"]
    opened = Ledger.open(ledger_path)
    try:
        with opened.read() as s:
            numbers = s.scalars(select(Document.number)).all()
    finally:
        opened.close()
    assert sorted(numbers) == sorted([one["ok"]["number"], two["ok"]["number"]])


def _order(ledger: Ledger, cust: Any, boxes: int) -> str:
    """A draft sales order; its number (the desks find it by number)."""
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", boxes, "箱", "100")]
        )
        return doc.number


def test_the_credit_block_holds_for_two_orders_confirmed_at_once(
    ledger, ledger_path: Path, tmp_path: Path
) -> None:
    cust = customer(ledger, credit_limit="1000")
    product(ledger)
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="block")
    first, second = _order(ledger, cust, 6), _order(ledger, cust, 6)  # 600 each, 1000 allowed
    ledger.close()
    one, two = _both(ledger_path, tmp_path, "confirm-first", "confirm-second", (first, second))
    assert "ok" in one, one
    assert two.get("error") == "credit_blocked", two
    opened = Ledger.open(ledger_path)
    try:
        with opened.read() as s:
            states = {d.number: d.status for d in s.scalars(select(Document))}
            assert s.scalars(select(CreditOverride)).all() == []
    finally:
        opened.close()
    assert states == {first: DocStatus.CONFIRMED, second: DocStatus.DRAFT}


def test_a_desk_waits_while_another_saves_and_says_so(
    ledger, ledger_path: Path, tmp_path: Path
) -> None:
    customer(ledger)
    cust = "张三五金"  # the desks find the customer by name
    product(ledger)
    ledger.close()
    folder = tmp_path / "steps"
    folder.mkdir()
    other = sqlite3.connect(ledger_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another desk's long save (a big import)
    try:
        desk = _desk(ledger_path, "busy", folder, cust)
        end = time.monotonic() + 120
        while not (folder / "waiting").exists() and desk.poll() is None:
            assert time.monotonic() < end, "the desk never said it was waiting"
            time.sleep(0.05)
    finally:
        other.execute("COMMIT")
        other.close()
    result = _result(desk)
    assert "ok" in result, result  # saved once the other desk had finished


def test_a_desk_that_waits_too_long_gives_up_with_a_plain_message(
    ledger, ledger_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(transactions, "GIVE_UP_AFTER", 1.0)
    monkeypatch.setattr(transactions, "ATTEMPT_MS", 200)
    cust = customer(ledger)
    product(ledger)
    other = sqlite3.connect(ledger_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        ledger.write_wait.give_up_after, ledger.write_wait.attempt_ms = 1.0, 200
        heard: list[float | None] = []
        ledger.on_busy(heard.append)
        with pytest.raises(LedgerBusy) as err:
            _order(ledger, cust, 1)
        assert "另一台电脑正在保存" in err.value.zh
        assert heard and all(h is not None and h >= 0 for h in heard[:-1])
        assert heard[-1] is None
        # the command line says the same in one line, never "Internal error"
        book = Path(ledger_path).with_name("customers.csv")
        book.write_text("名称,电话\n王五建材,13800000000\n", encoding="utf-8")
        code = cli_main(["import", str(book), "--kind", "customer", "--ledger", str(ledger_path)])
        err_text = capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1
    assert "另一台电脑正在保存，请稍候" in err_text  # said while it waited
    assert "仍未完成，这次的更改没有保存" in err_text  # and when it gave up
    assert "内部错误" not in err_text and "Internal error" not in err_text


def test_a_preview_keeps_no_desk_waiting(
    ledger, ledger_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(transactions, "GIVE_UP_AFTER", 0.5)
    monkeypatch.setattr(transactions, "ATTEMPT_MS", 100)
    customer(ledger)
    product(ledger)
    ledger.close()
    history = Path(ledger_path).with_name("history.csv")
    history.write_text(
        "单号,日期,客户,商品编码,数量,单价\nQ1,2026-03-01,张三五金,000123,2,100\n", encoding="utf-8"
    )
    other = sqlite3.connect(ledger_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another desk saves all the while
    try:
        preview = ["import", str(history), "--kind", "sales_history", "--dry-run"]
        code = cli_main([*preview, "--ledger", str(ledger_path)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "另一台电脑" not in out.err


@pytest.mark.slow
def test_two_desks_saving_as_fast_as_they_can(ledger, ledger_path: Path, tmp_path: Path) -> None:
    customer(ledger)
    cust = "张三五金"  # the desks find the customer by name
    product(ledger)
    ledger.close()
    one, two = _both(ledger_path, tmp_path, "many", "many", (f"{cust},40", f"{cust},40"))
    assert "ok" in one, one
    assert "ok" in two, two
    numbers = one["ok"] + two["ok"]
    assert len(set(numbers)) == 80
