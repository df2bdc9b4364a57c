"""Sales histories as a user runs them (``zhangfang import``), each twice: re-runs change
nothing, with or without a document number; walk-in sales, customers known only by an ID,
dates settled from the column, rounding said once. Each on the whole-sheet path (the kind
guessed) and the streamed one (``--kind``, read by a reader process)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.cli.main import main
from desktop.models import Document, Party
from desktop.services.ledger import Ledger

HEADER = ["日期", "客户", "商品名称", "数量", "单价", "金额"]


def _csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGFANG_LANG", "en")


@pytest.fixture(params=["whole", "streamed"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The extra arguments that choose the path: none (the kind is guessed, the sheet read
    whole) or ``--kind`` (streamed, here by a reader process)."""
    if request.param == "whole":
        return []
    from desktop.importing import parsed_stream

    monkeypatch.setattr(parsed_stream, "READER_PROCESS_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return ["--kind", "销售明细"]


def _import(capsys: Any, ledger: Path, file: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["import", str(file), "--ledger", str(ledger), "--json", "--rows", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out) if out.strip() else {"error": err}


def _outcomes(summary: dict[str, Any]) -> list[tuple[int, str]]:
    return sorted((r["row"], r["outcome"]) for r in summary["rows"])


def _count(ledger: Path, model: Any, *where: Any) -> int:
    books = Ledger.open(ledger, actor="tester")
    try:
        with books.read() as s:
            return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)
    finally:
        books.close()


def _checked(capsys: Any, ledger: Path) -> None:
    """``zhangfang check`` passes (its output read, so the next command's is its own)."""
    assert main(["check", "--ledger", str(ledger)]) == 0
    capsys.readouterr()


LINES = [
    ["2024-01-05", "甲公司", "螺丝", 10, 2, 20],
    ["2024-01-05", "甲公司", "螺丝", 10, 2, 20],  # the same sale twice: two sales
    ["2024-01-06", "乙公司", "螺母", 1, 3, 3],
]


@pytest.mark.parametrize("numbered", [False, True])
def test_a_history_imported_twice_is_imported_once(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str], numbered: bool
) -> None:
    header, rows = HEADER, [list(r) for r in LINES]
    if numbered:
        header = ["单号", *HEADER]
        rows = [[n, *r] for n, r in zip(["S1", "S1", "S2"], rows, strict=True)]
    file = _csv(tmp_path / "sales.csv", rows, header)
    code, first = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert code == 0 and first["counts"]["new"] == 3, first
    bills = _count(ledger_path, Document)
    assert bills == (2 if numbered else 3)
    for extra in (["--dry-run"], []):  # the preview says it, and the import does it
        code, again = _import(capsys, ledger_path, file, "--create-missing", *way, *extra)
        assert code == 0 and again["counts"]["unchanged"] == 3 and again["counts"]["new"] == 0
        assert again["batch"] is None
    assert _count(ledger_path, Document) == bills
    assert _count(ledger_path, Party) == 2
    _checked(capsys, ledger_path)


def test_a_later_file_with_the_same_line_and_a_new_one(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    """The same line in a later file is the same sale; a third identical line is new."""
    _import(capsys, ledger_path, _csv(tmp_path / "a.csv", LINES), "--create-missing", *way)
    later = _csv(tmp_path / "b.csv", [LINES[0], LINES[0], LINES[0], LINES[2]])
    code, summary = _import(capsys, ledger_path, later, "--create-missing", *way)
    assert code == 0
    assert _outcomes(summary) == [(2, "unchanged"), (3, "unchanged"), (4, "new"), (5, "unchanged")]
    assert _count(ledger_path, Document) == 4


def test_undo_forgets_the_lines_so_they_import_again(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    file = _csv(tmp_path / "sales.csv", LINES)
    for posting in ([], ["--post-balances", "--move-stock"]):
        code, first = _import(capsys, ledger_path, file, "--create-missing", *posting, *way)
        assert first["counts"]["new"] == 3
        assert main(["import", "--undo", first["batch"], "--ledger", str(ledger_path)]) == 0
        capsys.readouterr()
        code, again = _import(capsys, ledger_path, file, "--create-missing", *posting, *way)
        assert code == 0 and again["counts"]["new"] == 3, again
        _checked(capsys, ledger_path)
        assert main(["import", "--undo", again["batch"], "--ledger", str(ledger_path)]) == 0
        capsys.readouterr()


def test_walk_in_sales_go_to_one_walk_in_customer(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [
        ["2024-01-05", "甲公司", "螺丝", 1, 2, 2],
        ["2024-01-05", "", "螺丝", 2, 2, 4],
        ["2024-01-06", "乙公司", "螺丝", 3, 2, 6],
        ["2024-01-07", None, "螺母", 1, 5, 5],
    ]
    file = _csv(tmp_path / "shop.csv", rows)
    code, off = _import(
        capsys, ledger_path, file, "--create-missing", "--no-walk-in", "--dry-run", *way
    )
    assert code == 1 and _outcomes(off) == [(2, "new"), (3, "error"), (4, "new"), (5, "error")]
    assert "--walk-in" in off["problems"][0]["reason"]
    code, summary = _import(capsys, ledger_path, file, "--create-missing", *way, "--dry-run")
    assert code == 0 and summary["counts"]["new"] == 4  # half the lines name one: on
    assert [n for n in summary["notes"] if "散客" in n] == [
        "2 lines without a customer are booked to the walk-in customer 散客 (new customer 散客, "
        "code WALKIN)."
    ]
    code, summary = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert summary["counts"]["new"] == 4
    code, again = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert again["counts"]["unchanged"] == 4 and not again["notes"]
    assert _count(ledger_path, Party, Party.code == "WALKIN", Party.name == "散客") == 1
    # the walk-in customer exists now: a later file uses it, without saying it is new
    later = _csv(tmp_path / "later.csv", [["2024-02-01", "", "螺丝", 9, 2, 18]])
    code, summary = _import(capsys, ledger_path, later, "--create-missing", *way)
    assert summary["counts"]["new"] == 1
    assert summary["notes"] == [
        "1 lines without a customer are booked to the walk-in customer 散客."
    ]
    assert _count(ledger_path, Party, Party.code == "WALKIN") == 1
    _checked(capsys, ledger_path)


def test_walk_in_by_default_depends_on_how_much_names_a_customer(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    sparse = [
        ["2024-01-05", "甲公司", "螺丝", 1, 2, 2],
        ["2024-01-05", "", "螺丝", 2, 2, 4],
        ["2024-01-06", "", "螺丝", 3, 2, 6],
    ]
    file = _csv(tmp_path / "sparse.csv", sparse)
    code, summary = _import(capsys, ledger_path, file, "--create-missing", "--dry-run", *way)
    assert _outcomes(summary) == [(2, "new"), (3, "error"), (4, "error")]  # looks wrong: ask
    code, summary = _import(
        capsys, ledger_path, file, "--create-missing", "--dry-run", "--walk-in", *way
    )
    assert summary["counts"]["new"] == 3
    till = _csv(  # a shop's till log: no customer column at all
        tmp_path / "till.csv",
        [["2024-01-05", "螺丝", 1, 2, 2], ["2024-01-05", "螺母", 1, 2, 2]],
        ["销售日期", "商品名称", "数量", "单价", "金额"],
    )
    code, summary = _import(capsys, ledger_path, till, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 2, summary
    assert _count(ledger_path, Party, Party.code == "WALKIN") == 1


def test_customers_known_only_by_an_id_are_created_once(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [
        ["2024-01-05", "17850", "螺丝", 1, 2, 2],
        ["2024-01-05", "17850", "螺母", 2, 2, 4],
        ["2024-01-06", "13047", "螺丝", 3, 2, 6],
    ]
    file = _csv(
        tmp_path / "ids.csv", rows, ["日期", "客户编码", "商品名称", "数量", "单价", "金额"]
    )
    code, refused = _import(capsys, ledger_path, file, "--dry-run", "--no-create-missing", *way)
    assert refused["counts"]["error"] == 3  # creating records is the user's choice
    assert all("--create-missing" in r["reason"] for r in refused["rows"])  # and how to make it
    code, by_rule = _import(capsys, ledger_path, file, "--dry-run", *way)
    assert by_rule["counts"]["new"] == 3  # a new ledger: the default is to create them
    assert by_rule["notes"][0].startswith("The ledger has no customers, suppliers or products")
    code, summary = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 3
    assert summary["notes"] == [
        "2 customers known only by an ID were created with the ID as code and name: 13047, 17850."
    ]
    books = Ledger.open(ledger_path, actor="tester")
    try:
        with books.read() as s:
            made = sorted(s.execute(select(Party.code, Party.name, Party.is_customer)).all())
    finally:
        books.close()
    assert made == [("13047", "13047", True), ("17850", "17850", True)]
    code, again = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert again["counts"]["unchanged"] == 3 and not again["notes"]


def test_dates_are_read_in_the_order_the_whole_column_allows(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    us = _csv(
        tmp_path / "us.csv",
        [["04-30-22", "甲公司", "螺丝", 1, 2, 2], ["04-05-22", "甲公司", "螺丝", 1, 2, 2]],
    )
    code, summary = _import(capsys, ledger_path, us, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 2, summary
    books = Ledger.open(ledger_path, actor="tester")
    try:
        with books.read() as s:
            dates = sorted(str(d) for d in s.scalars(select(Document.doc_date)))
    finally:
        books.close()
    assert dates == ["2022-04-05", "2022-04-30"]  # 04-05-22 read month first, as its column
    unclear = _csv(
        tmp_path / "unclear.csv",
        [["04-06-22", "甲公司", "螺丝", 1, 2, 2], ["04-05-22", "甲公司", "螺丝", 1, 2, 2]],
    )
    code = main(["import", str(unclear), "--ledger", str(ledger_path), "--create-missing", *way])
    _, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--date-order" in err
    assert all(f"--date-order {name}" in err for name in ("dmy", "mdy", "ymd"))  # all three fit
    two_ways = _csv(  # the year last: day or month first, never year first
        tmp_path / "two_ways.csv",
        [["12/01/2010", "甲公司", "螺丝", 1, 2, 2], ["12/02/2010", "甲公司", "螺丝", 1, 2, 2]],
    )
    code = main(["import", str(two_ways), "--ledger", str(ledger_path), *way])
    _, err = capsys.readouterr()
    assert code == 2 and "--date-order dmy" in err and "--date-order mdy" in err
    assert "ymd" not in err  # only what the file's dates can be
    code, summary = _import(
        capsys, ledger_path, unclear, "--create-missing", "--date-order", "dmy", *way
    )
    assert code == 0 and summary["counts"]["new"] == 2


def test_the_report_says_how_many_lines_were_rounded_and_by_how_much(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    rows = [
        ["2024-01-05", "甲公司", "螺丝", 1, "3.333", "3.333"],  # -0.003
        ["2024-01-05", "甲公司", "螺母", 3, "0.335", None],  # 1.005 → 1.01: +0.005
        ["2024-01-06", "甲公司", "垫片", 2, 2, 4],  # whole fen
    ]
    file = _csv(tmp_path / "fen.csv", rows)
    code, summary = _import(capsys, ledger_path, file, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 3
    assert summary["notes"] == [
        "2 lines had amounts beyond the fen and were rounded line by line; total difference 0.002."
    ]
    code = main(["import", str(file), "--ledger", str(ledger_path), "--create-missing", *way])
    out, _ = capsys.readouterr()
    assert "rounded" not in out  # nothing new, nothing rounded


#: Online Retail's columns, in the words the importer knows today (its English headers are
#: the header synonyms' business)
RETAIL = ["单号", "日期", "客户编码", "商品编码", "商品名称", "数量", "单价"]
MAP: list[str] = []


def _books(ledger: Path) -> tuple[list[Any], list[Any], list[Any]]:
    """Documents (kind, number in the file, status, total, made from), stock and balances,
    as stored (fen, quantities ×10⁴)."""
    books = Ledger.open(ledger, actor="tester")
    try:
        with books.read() as s:
            conn = s.connection()
            docs = conn.exec_driver_sql(
                "SELECT d.kind, d.reference, d.status, d.total, s.reference FROM document d "
                "LEFT JOIN document s ON s.id = d.source_id ORDER BY d.kind, d.reference"
            ).all()
            stock = conn.exec_driver_sql(
                "SELECT p.code, b.qty FROM stock_balance b JOIN product p ON p.id = b.product_id "
                "ORDER BY p.code"
            ).all()
            owed = conn.exec_driver_sql("SELECT account, balance FROM party_balance").all()
    finally:
        books.close()
    return [tuple(d) for d in docs], [tuple(x) for x in stock], [tuple(x) for x in owed]


@pytest.mark.parametrize("posting", [[], ["--move-stock", "--post-balances"]])
def test_cancelled_invoices_become_returns_linked_to_their_invoice(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str], posting: list[str]
) -> None:
    """Online Retail's cancellations: C536365 cancels part of 536365 (in the file), C536300
    one imported by an earlier file (in the ledger), C536999 one nobody has, C536366 one
    of another customer."""
    earlier = _csv(
        tmp_path / "earlier.csv",
        [["536300", "2010-11-30", "13047", "71053", "WHITE METAL LANTERN", 10, "3.39"]],
        RETAIL,
    )
    code, _ = _import(capsys, ledger_path, earlier, "--create-missing", *posting, *MAP, *way)
    assert code == 0
    rows = [
        ["536365", "2010-12-01", "17850", "85123A", "WHITE HANGING HEART", 6, "2.55"],
        ["536365", "2010-12-01", "17850", "71053", "WHITE METAL LANTERN", 6, "3.39"],
        ["C536365", "2010-12-02", "17850", "85123A", "WHITE HANGING HEART", -2, "2.55"],
        ["C536300", "2010-12-02", "13047", "71053", "WHITE METAL LANTERN", -1, "3.39"],
        ["C536999", "2010-12-03", "17850", "71053", "WHITE METAL LANTERN", -1, "3.39"],
        ["536366", "2010-12-03", "17850", "71053", "WHITE METAL LANTERN", 3, "3.39"],
        ["536366", "2010-12-03", "17850", "85123A", "WHITE HANGING HEART", -1, "2.55"],
        # names an invoice of another customer: not its bill
        ["C536366", "2010-12-04", "13047", "71053", "WHITE METAL LANTERN", -1, "3.39"],
    ]
    file = _csv(tmp_path / "retail.csv", rows, RETAIL)
    code, summary = _import(capsys, ledger_path, file, "--create-missing", *posting, *MAP, *way)
    assert code == 0 and summary["counts"]["new"] == 8, summary
    assert summary["notes"][-1] == (
        "4 documents with only negative quantities (cancelled invoices) are imported as "
        "sales returns, 2 linked to their bill; 2 name no bill found in the file or the "
        "ledger, unlinked: C536366, C536999."
    )
    status = "posted" if posting else "closed"
    docs, stock, owed = _books(ledger_path)
    assert docs == [
        ("sales_bill", "536300", status, 3390, None),
        ("sales_bill", "536365", status, 3564, None),
        # a bill with one negative line stays a bill, as the file has it
        ("sales_bill", "536366", status, 762, None),
        ("sales_return", "C536300", status, 339, "536300"),
        ("sales_return", "C536365", status, 510, "536365"),
        ("sales_return", "C536366", status, 339, None),
        ("sales_return", "C536999", status, 339, None),
    ]
    if posting:  # goods came back; the customers owe the bills less the returns
        assert stock == [("71053", -160_000), ("85123A", -30_000)]
        assert sorted(owed) == [("AR", 2712), ("AR", 3477)]
    else:  # history records: neither stock nor balances move
        assert stock == [] and owed == []
    _checked(capsys, ledger_path)
    code, again = _import(capsys, ledger_path, file, "--create-missing", *posting, *MAP, *way)
    assert again["counts"]["unchanged"] == 8 and again["batch"] is None
    assert _books(ledger_path) == (docs, stock, owed)
    # undo takes the returns back with their bills; the file then imports again
    assert main(["import", "--undo", summary["batch"], "--ledger", str(ledger_path)]) == 0
    capsys.readouterr()
    _checked(capsys, ledger_path)
    code, third = _import(capsys, ledger_path, file, "--create-missing", *posting, *MAP, *way)
    assert third["counts"]["new"] == 8
    _checked(capsys, ledger_path)
