"""Values that do not fit are refused, never rounded or overflowed (issue 13, items 1 and 11):
the services, the import preview and the editors apply one rule per stored column kind
(``validate.fits``) and one accepted date range (``validate.date_value``)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.services import documents, firm, opening, parties, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import customer, product, row_counts, supplier

D = Decimal
HISTORY = "单号,日期,客户编码,商品编码,数量,单价\n"


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def books(ledger: Any) -> Any:
    customer(ledger, "甲五金", code="C00001")
    customer(ledger, "丁五金", code="C00002")
    supplier(ledger, "乙批发", code="S00001")
    product(ledger, "000001", "膨胀螺丝", retail_price="2.00", cost_price="1.00")
    return ledger


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- item 1: a history import never stores a rounded quantity ------------------------------


def test_history_import_refuses_what_it_would_round(
    books: Any, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """The issue's repro: qty 0.12345 × 100 was stored as 0.1234 with amount 12.35, 0.00005
    as 0 with 0.05, the import exited 0 and ``check`` then failed."""
    books.close()
    path = _csv(
        tmp_path,
        "h.csv",
        HISTORY
        + "Q1,2024-03-01,C00001,000001,0.12345,100\n"
        + "Q2,2024-03-01,C00001,000001,0.00005,1000\n"
        + "Q3,2024-03-01,C00001,000001,1,0.1234567\n"
        + "Q4,2024-03-01,C00001,000001,2,3\n",
    )
    base = ("--ledger", str(ledger_path))
    for extra in (("--dry-run",), ()):
        code, out, _ = cli(
            capsys,
            "import",
            *base,
            str(path),
            "--kind",
            "sales_history",
            "--json",
            "--rows",
            *extra,
        )
        report = json.loads(out)
        reasons = {r["row"]: r["reason"] for r in report["rows"] if r["outcome"] == "error"}
        assert code == 1, out
        assert set(reasons) == {2, 3, 4}, reasons
        assert "数量最多 4 位小数：0.12345" in reasons[2]
        assert "数量最多 4 位小数：0.00005" in reasons[3]
        assert "单价最多 6 位小数：0.1234567" in reasons[4]
    code, out, _ = cli(capsys, "check", *base, "--json")
    assert code == 0 and json.loads(out)["ok"], out


@pytest.mark.parametrize("streamed", [False, True])
def test_history_lines_beyond_the_columns_are_errors_in_the_preview(
    books: Any, tmp_path: Path, streamed: bool
) -> None:
    path = _csv(
        tmp_path,
        "h.csv",
        HISTORY
        + "Q1,2024-03-01,C00001,000001,100000000,100000\n"  # amount 10¹³
        + "Q2,2024-03-01,C00001,000001,1,999999999999999\n"
        + "Q3,1899-12-31,C00001,000001,1,1\n"
        + "Q4,9999-12-31,C00001,000001,1,1\n"
        + "Q5,2024-03-01,C00001,000001,3,2.5\n",
    )
    report = run_import(books, path, kind="sales_history" if streamed else None, dry_run=True)
    rows = {r.excel_row: r for r in report.rows}
    assert [r.outcome for r in report.rows] == ["error"] * 4 + ["new"]
    assert "金额太大" in rows[2].reason()
    assert "单价太大：999999999999999" in rows[3].reason()
    assert "1899-12-31 超出范围" in rows[4].reason()
    assert "9999-12-31 超出范围" in rows[5].reason()
    done = run_import(books, path, kind="sales_history" if streamed else None)
    assert done.counts["new"] == 1 and done.counts["error"] == 4
    with books.read() as session:
        assert run_checks(session) == []


def _import_rows(ledger: Any, tmp_path: Path, kind: str, text: str) -> list[Any]:
    path = _csv(tmp_path, f"{kind}.csv", text)
    options = ImportOptions(opening_date=date(2026, 1, 1))
    return list(run_import(ledger, path, kind=kind, options=options, dry_run=True).rows)


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        (
            "product",
            "商品编码,商品名称,零售价,进价,期初库存,起订量\n"
            "P1,甲,1.1234567,1,1,1\nP2,乙,1,1e13,1,1\nP3,丙,1,1,999999999999999,1\n"
            "P4,丁,1,1,1,0.00001\nP5,戊,1,1,1,1\n",
            ["零售价最多 6 位小数", "进价", "期初库存太大", "起订量最多 4 位小数"],
        ),
        (
            "customer",
            "客户名称,信用额度\n甲,100.001\n乙,100000000000000\n丙,5000\n",
            ["信用额度最多 2 位小数", "信用额度太大"],
        ),
        (
            "supplier",
            "供应商名称,期初应付\n甲,1.001\n乙,-9000000000000\n丙,5000\n",
            ["最多 2 位小数", "太大"],
        ),
        (
            "opening_stock",
            "商品编码,期初数量,成本单价\n000001,999999999999999,1\n000001,0.00001,1\n"
            "000001,1,0.0000001\n000001,100000000,100000\n000001,2,1\n",
            ["期初数量太大", "期初数量最多 4 位小数", "成本单价最多 6 位小数", "金额太大"],
        ),
        (
            "opening_balance",
            "客户编码,期初应收\nC00001,0.001\nC00001,1000000000000\nC00002,500\n",
            ["期初应收最多 2 位小数", "期初应收太大"],
        ),
        (
            "purchase_history",
            "单号,日期,供应商编码,商品编码,数量,单价\n"
            "G1,2024-03-01,S00001,000001,0.12345,1\nG2,2024-03-01,S00001,000001,1e20,1\n"
            "G3,2024-03-01,S00001,000001,1,1\n",
            ["数量最多 4 位小数", "数量"],
        ),
    ],
)
def test_every_import_kind_refuses_values_its_columns_cannot_hold(
    books: Any, tmp_path: Path, kind: str, text: str, words: list[str]
) -> None:
    rows = _import_rows(books, tmp_path, kind, text)
    errors = [r for r in rows if r.outcome == "error"]
    assert len(errors) == len(words), [(r.excel_row, r.reason()) for r in rows]
    for row, word in zip(errors, words, strict=True):
        assert word in row.reason(), row.reason()
    assert rows[-1].outcome != "error", rows[-1].reason()


def test_opening_date_out_of_range_is_a_plain_message(
    books: Any, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """9999-12-31 passed the preview and failed the commit computing a due date."""
    books.close()
    path = _csv(tmp_path, "ob.csv", "客户编码,期初应收\nC00001,100\n")
    for extra in (("--dry-run",), ()):
        code, _, err = cli(
            capsys, "import", "--ledger", str(ledger_path), str(path), "--kind",
            "opening_balance", "--date", "9999-12-31", *extra,
        )  # fmt: skip
        assert code == 1 and "Internal error" not in err
        assert "9999-12-31" in err and "1970-01-01" in err and "2069-12-31" in err
        assert len(err.strip().splitlines()) == 1


# --- item 11: the services refuse numbers their columns cannot hold -------------------------


def test_services_refuse_huge_numbers_with_a_plain_message(books: Any) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"qty": "1e20", "unit_price": "1"}, "第 1 行数量太大"),
        ({"qty": "1", "unit_price": "1e13"}, "第 1 行单价太大"),
        ({"qty": "100000000", "unit_price": "100000"}, "第 1 行金额太大"),
        ({"qty": "0.12345", "unit_price": "1"}, "第 1 行数量最多 4 位小数"),
        ({"qty": "0.5", "unit_price": "1", "unit": "半"}, ""),
    ]
    with books.unit() as uow:
        from desktop.services.products import get_product, update_product

        pid = get_product(uow.session, "000001").id
        update_product(uow, pid, units=[{"unit": "半", "factor": "0.3333"}])
    before = row_counts(books)
    for line, words in cases:
        with pytest.raises(ValidationError) as got, books.unit() as uow:
            documents.create_draft(uow, "sales_order", "C00001", [LineInput("000001", **line)])
        assert words in got.value.zh, got.value.zh
    # 0.5 × 0.3333 base units is 0.16665: a stock move cannot hold it
    assert "数量（按基本单位）最多 4 位小数" in got.value.zh
    with pytest.raises(ValidationError) as got, books.unit() as uow:
        parties.create_party(uow, name="丙", credit_limit="1e20")
    assert got.value.code == "too_large" and "信用额度太大" in got.value.zh
    with pytest.raises(ValidationError) as got, books.unit() as uow:
        opening.opening_stock(uow, {"000001": ("999999999999999", "1")}, date(2026, 1, 1))
    assert "期初数量太大" in got.value.zh
    with pytest.raises(ValidationError) as got, books.unit() as uow:
        firm.update_firm(uow, default_tax_rate="0.1234567")
    assert "税率最多 6 位小数" in got.value.zh
    assert row_counts(books) == before  # nothing written
    # a position's value is a sum of moves: a cheap sale of goods with a dear average cost
    with books.unit() as uow:
        opening.opening_stock(uow, {"000001": ("0.0001", "100000000")}, date(2026, 1, 1))
        bill = documents.create_draft(
            uow, "sales_bill", "C00001", [LineInput("000001", "999999999", unit_price="0.0001")]
        ).id
    before = row_counts(books)
    with pytest.raises(ValidationError) as got, books.unit() as uow:
        trade.post(uow, bill)
    assert "库存金额太大" in got.value.zh
    assert row_counts(books) == before


@pytest.mark.parametrize("on", [date(1899, 12, 31), date(1969, 12, 31), date(9999, 12, 31)])
def test_documents_outside_the_date_range_are_refused(books: Any, on: date) -> None:
    with pytest.raises(ValidationError) as got, books.unit() as uow:
        documents.create_draft(uow, "sales_bill", "C00001", [LineInput("000001", "1")], doc_date=on)
    assert got.value.code == "date_out_of_range"
    with books.unit() as uow:  # the range's ends are accepted
        for ok in (date(1970, 1, 1), date(2069, 12, 31)):
            documents.create_draft(
                uow, "sales_bill", "C00001", [LineInput("000001", "1")], doc_date=ok
            )


def test_editor_number_cells_use_the_same_rule() -> None:
    from desktop.editing.lines import parse_price, parse_qty

    assert parse_qty("12.5") == D("12.5") and parse_price("0.123456") == D("0.123456")
    for call, text, words in (
        (parse_qty, "1e20", "数量太大"),
        (parse_qty, "0.12345", "数量最多 4 位小数"),
        (parse_price, "1e13", "单价太大"),
        (parse_price, "0.1234567", "单价最多 6 位小数"),
    ):
        with pytest.raises(ValidationError) as got:
            call(text)
        assert words in got.value.zh
