"""Checks 4, 5, 6, 8 and 9 of docs/sync.md over the real server, most of them the way a
person works: ``zhangfang`` commands in their own processes (no keyring: the password is
read from stdin each session). A desk killed mid-import, a desk clock days ahead, the last
units sold twice offline, one refused change among a hundred good ones, a copied ledger."""

from __future__ import annotations

import json
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.services import documents
from desktop.services import firm as firm_service
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.opening import opening_stock
from desktop.services.parties import create_party
from tests.core.test_kill_faults import SEED, Timing, appeared, backups_folder
from tests.e2e.harness import (
    PASSWORD,
    Desk,
    ServerProcess,
    cli_login,
    fresh_ledger,
    names,
    zhangfang,
)
from tests.e2e.test_e2e_merge import books
from tests.helpers import D, customer, product

ON = date(2026, 12, 1)


def problems(ledger: Path) -> list[dict[str, Any]]:
    """What ``zhangfang conflicts --json`` shows a person at this desk."""
    done = zhangfang("conflicts", "--json", "--ledger", str(ledger), stdin="")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)["problems"]
    return found


def cli_sync(ledger: Path) -> Any:
    return zhangfang("sync", "--once", "--ledger", str(ledger))


def status(ledger: Path) -> dict[str, Any]:
    done = zhangfang("sync", "--status", "--json", "--ledger", str(ledger), stdin="")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.mark.slow
def test_a_desk_killed_mid_import_keeps_the_change_and_its_outbox_together(
    shared_server: ServerProcess, firm: str, desks: Any, tmp_path: Path
) -> None:
    desk: Desk = desks(shared_server.url, "柜台一", firm=firm)
    rows = 150
    rng = random.Random(SEED)
    print(f"kill seed {SEED} (ZHANGFANG_KILL_SEED={SEED} to repeat)")
    timing = Timing(appeared(backups_folder(), "*-before-import.zhangfang.part"), rng)
    kills = 0
    for n in range(12):
        if kills >= 2:
            break
        sheet = tmp_path / f"customers-{n}.csv"
        lines = ["客户名称,电话"] + [f"I{n}-{i:03d},1390000{i:04d}" for i in range(rows)]
        sheet.write_text("\n".join(lines) + "\n", "utf-8")
        killed, _out = timing.run(
            [
                *zhangfang_argv(),
                "import",
                str(sheet),
                "--kind",
                "customer",
                "--ledger",
                str(desk.path),
            ]
        )
        kills += killed
        made = desk.rows("SELECT count(*) FROM party WHERE name LIKE ?", f"I{n}-%")[0][0]
        queued = desk.rows(
            "SELECT count(*) FROM outbox WHERE intent = 'party.create' "
            "AND json_extract(args, '$.name') LIKE ?",
            f"I{n}-%",
        )[0][0]
        assert made in ((0, rows) if killed else (rows,)), f"seed {SEED}"
        assert queued == made, f"seed {SEED}: {made} customers, {queued} in the outbox"
    assert kills >= 1, f"seed {SEED}: no run was killed"
    desk.sync()
    assert "pending" not in desk.outbox()
    mine = names(desk.rows("SELECT name FROM party"))
    assert names(shared_server.ledger_rows("SELECT name FROM party", firm=firm)) == mine


def zhangfang_argv() -> list[str]:
    import sys

    return [sys.executable, "-m", "desktop.cli.main"]


def test_a_desk_clock_three_days_ahead_changes_no_order_and_its_dates_are_flagged(
    shared_server: ServerProcess, firm: str, desks: Any
) -> None:
    a: Desk = desks(shared_server.url, "柜台一", firm=firm)
    b: Desk = desks(shared_server.url, "柜台二", firm=firm)
    zhang = customer(a.ledger)
    product(a.ledger, code="0042", name="六角螺栓 M8")
    a.sync()
    b.sync()
    ahead = date.today() + timedelta(days=3)  # B's clock runs three days ahead
    late = b.sale(zhang, "0042", "1", ahead)
    now = a.sale(zhang, "0042", "1", date.today())
    b.sync()  # B's changes reach the server first, A's after: that is the order
    a.sync()
    b.sync()
    order = "SELECT number FROM document WHERE kind = 'sales_order' ORDER BY rowid"
    logged = shared_server.db(
        "SELECT c.desk, c.intent FROM change c JOIN firm f ON f.id = c.firm_id "
        "WHERE f.code = :code ORDER BY c.seq",
        code=firm,
    )
    assert [d for d, _ in logged[-6:]] == ["B"] * 3 + ["A"] * 3
    assert [r[0] for r in a.rows(order)][-1] == late.number  # A applied B's as it came
    assert [r[0] for r in b.rows(order)][-1] == now.number
    for ledger in (a.path, b.path):
        found = problems(ledger)
        assert sorted(p["kind"] for p in found) == ["future_date", "future_date"]
        assert all(p["desk"] == "B" for p in found)
        assert any(late.number in p["zh"] for p in found)
    assert books(a.path) == books(b.path)


def test_two_desks_selling_the_last_units_offline_both_stand_and_both_desks_see_it(
    shared_server: ServerProcess, firm: str, desks: Any
) -> None:
    a: Desk = desks(shared_server.url, "柜台一", firm=firm)
    b: Desk = desks(shared_server.url, "柜台二", firm=firm)
    with a.ledger.unit() as uow:
        firm_service.update_firm(uow, negative_stock="block")
    zhang = customer(a.ledger)
    product(a.ledger, code="0042", name="六角螺栓 M8")
    with a.ledger.unit() as uow:
        opening_stock(uow, {"0042": ("5", "2")}, ON)
    a.sync()
    b.sync()
    first = a.sale(zhang, "0042", "5", ON)  # offline, each sees the 5 on hand
    second = b.sale(zhang, "0042", "5", ON)
    for desk in (a, b, a, b):
        assert desk.sync().rejected == 0
    sold = "SELECT number FROM document WHERE kind = 'sales_order'"
    for rows in (a.rows(sold), b.rows(sold), shared_server.ledger_rows(sold, firm=firm)):
        assert names(rows) == {first.number, second.number}
    stock = "SELECT qty FROM stock_balance"
    assert a.rows(stock) == b.rows(stock) == shared_server.ledger_rows(stock, firm=firm)
    assert D(a.rows(stock)[0][0]) < 0
    for ledger in (a.path, b.path):
        (problem,) = problems(ledger)
        assert problem["kind"] == "negative_stock" and "库存不足" in problem["zh"]


def test_one_refused_change_before_a_hundred_good_ones_blocks_nothing(
    shared_server: ServerProcess, firm: str, desks: Any, tmp_path: Path
) -> None:
    a: Desk = desks(shared_server.url, "柜台一", firm=firm)
    b: Desk = desks(shared_server.url, "柜台二", firm=firm)
    zhang = customer(a.ledger)
    product(a.ledger, code="0042", name="六角螺栓 M8")
    with a.ledger.unit() as uow:
        draft = documents.create_draft(
            uow, "sales_order", zhang, [LineInput("0042", D("2"), "个", "10")], ON
        )
    a.sync()
    b.sync()
    with b.ledger.unit() as uow:  # B cancels the draft and says so first
        documents.cancel(uow, draft.id, "客户不要了")
    b.sync()
    with a.ledger.unit() as uow:  # A, offline, confirms it, then imports a hundred customers
        from desktop.services import credit

        credit.confirm_order(uow, draft.id, as_of=ON)
    a.import_customers(tmp_path, "新客户", 100)
    done = cli_sync(a.path)
    assert done.returncode == 1, done.stderr  # something was refused: a person must look
    assert "发送 101 条（被拒 1）" in done.stdout
    found = json.loads(zhangfang("conflicts", "--json", "--ledger", str(a.path), stdin="").stdout)
    (refused,) = found["rejected"]
    assert refused["intent"] == "sales_order.confirm" and refused["reason_zh"]
    assert b.sync().applied == 100
    assert b.rows("SELECT count(*) FROM party WHERE name LIKE '新客户%'") == [(100,)]
    assert shared_server.ledger_rows(
        "SELECT count(*) FROM party WHERE name LIKE '新客户%'", firm=firm
    ) == [(100,)]
    assert shared_server.ledger_rows(
        "SELECT status FROM document WHERE id = ?", draft.id.hex, firm=firm
    ) == [("cancelled",)]


def codes(ledger: Path) -> dict[str, str]:
    """Each party's code in the ledger at ``ledger``, by name."""
    opened = Ledger.open(ledger)
    try:
        with opened.read() as session:
            return {n: c for n, c in session.execute(text("SELECT name, code FROM party"))}
    finally:
        opened.close()


def add(ledger: Path, name: str) -> None:
    opened = Ledger.open(ledger)
    try:
        with opened.unit() as uow:
            create_party(uow, name=name)
    finally:
        opened.close()


def test_a_copied_ledger_is_told_to_enrol_anew_renumbers_its_unsent_records_and_converges(
    shared_server: ServerProcess, firm: str, _template_ledger: Path, tmp_path: Path
) -> None:
    url = shared_server.url
    original = fresh_ledger(_template_ledger, tmp_path / "shop" / "books.zhangfang")
    cli_login(original, url, "柜台一", firm)
    add(original, "甲商行")
    assert cli_sync(original).returncode == 0
    copy = tmp_path / "usb" / "books.zhangfang"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)  # the whole desk, enrolment and all
    add(original, "乙商行")
    add(copy, "丙商行")  # made while still the copy: it took desk A's next code too
    assert codes(original)["乙商行"] == codes(copy)["丙商行"]
    assert cli_sync(original).returncode == 0
    done = cli_sync(copy)
    # one line says why (after the note that there is no keyring), never a log line too
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[1:] == [
        "这个账本是另一台工作站账本的副本（复制或恢复而来），不能再以原工作站同步；"
        "请把它登记为新的工作站。"
    ]
    told = status(copy)
    assert told["state"] == "diverged_desk" and told["pending"] == 1
    assert told["enrolled"] is False  # the next login enrols it as a new desk
    taken = codes(copy)["丙商行"]
    again = cli_login(copy, url, "U盘上的账本", firm)
    assert "已登记并登录" in again.stdout and "工作站 B" in again.stdout  # a new desk code
    # its unsent customer now follows desk B's series, said once at login
    assert codes(copy)["丙商行"] == "C-B-0001" and f"{taken}→C-B-0001" in again.stdout
    pushed = cli_sync(copy)
    assert "发送 1 条（被拒 0）" in pushed.stdout, pushed.stderr
    assert cli_sync(original).returncode == 0
    assert cli_sync(copy).returncode == 0
    # nothing refused, nothing to set right by hand, and every copy holds the same
    server_codes = {
        name: code
        for name, code in shared_server.ledger_rows("SELECT name, code FROM party", firm=firm)
    }
    assert {"甲商行", "乙商行", "丙商行"} <= server_codes.keys()
    assert len({server_codes[n] for n in ("甲商行", "乙商行", "丙商行")}) == 3
    for desk in (original, copy):
        shown = json.loads(zhangfang("conflicts", "--json", "--ledger", str(desk), stdin="").stdout)
        assert shown["rejected"] == [] and shown["problems"] == [], desk
        assert codes(desk) == server_codes, desk
    # the audit trail says what was renumbered, and from which desk's series
    opened = Ledger.open(copy)
    try:
        with opened.read() as session:
            trail = session.execute(
                text("SELECT before, after FROM audit_log WHERE action = 'renumber'")
            ).all()
    finally:
        opened.close()
    assert [(json.loads(b), json.loads(a)) for b, a in trail] == [
        ({"desk": "A", "numbers": [taken]}, {"desk": "B", "numbers": ["C-B-0001"]})
    ]
    # these desks had no keyring: every token lived in the processes' memory only (an
    # access token is a JWT, so any of them on disk would show its header)
    folders = [tmp_path, Path(os.environ["ZHANGFANG_HOME"]), shared_server.data.parent]
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"eyJhbGciOi" not in data and PASSWORD.encode() not in data, path
