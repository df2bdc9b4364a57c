"""Issue 13, item 15 (parts): LIKE wildcards, control characters, demo sizes, the export's
protective apostrophe, real GBK, and ``stock --as-of`` with the cost of that date."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.exporting.csv_out import write_csv
from desktop.exporting.reports import build_sheet
from desktop.importing.plan import run_import
from desktop.services import documents, firm, opening, parties, products, stock
from tests.helpers import customer, product

D = Decimal


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_wildcards_match_only_themselves(
    ledger: Any, ledger_path: Path, capsys: Any
) -> None:
    product(ledger, "000001", "螺丝 M6")
    product(ledger, "A_1", "垫片 5%")
    customer(ledger, "甲五金", code="C00001")
    with ledger.read() as s:
        assert [p.code for p in products.find_products(s, "%")] == ["A_1"]
        assert [p.code for p in products.find_products(s, "_")] == ["A_1"]
        assert parties.find_parties(s, "%") == [] and parties.find_parties(s, "_") == []
        assert [r.product.code for r in stock.stock_list(s, "%")] == ["A_1"]
    ledger.close()
    code, _, err = cli(capsys, "stock", "--ledger", str(ledger_path), "_", "--json")
    assert code == 0 or "A_1" in err
    code, out, _ = cli(capsys, "stock", "--ledger", str(ledger_path), "%", "--json")
    assert code == 0 and [p["code"] for p in json.loads(out)["products"]] == ["A_1"]


@pytest.mark.parametrize("bad", ["甲\x00五金", "甲\x07", "甲\t五金", "甲\n五金", "甲\x85"])
def test_control_characters_in_names_and_codes_are_refused(ledger: Any, bad: str) -> None:
    with pytest.raises(ValidationError) as got, ledger.unit() as uow:
        parties.create_party(uow, name=bad)
    assert got.value.code == "control_character" and "名称" in got.value.zh
    with pytest.raises(ValidationError) as got, ledger.unit() as uow:
        products.create_product(uow, code=bad, name="螺丝", base_unit="个")
    assert got.value.code == "control_character"
    with pytest.raises(ValidationError) as got, ledger.unit() as uow:
        firm.update_firm(uow, name=bad)
    assert got.value.code == "control_character"
    with ledger.unit() as uow:  # notes and addresses may span lines
        cid = parties.create_party(uow, name="乙", notes="第一行\n第二行\t完", ship_to="A\r\nB").id
    product(ledger, "000001", "螺丝")
    with pytest.raises(ValidationError) as got, ledger.unit() as uow:
        documents.create_draft(
            uow, "sales_order", cid, [documents.LineInput("000001", "1")], reference=bad
        )
    assert got.value.code == "control_character" and "参考号" in got.value.zh


def test_control_characters_in_an_import_are_errors_of_their_rows(
    ledger: Any, tmp_path: Path
) -> None:
    path = tmp_path / "c.csv"
    path.write_text('客户名称,备注\n甲\x07公司,x\n丙\t公司,x\n乙公司,"一\n二"\n', encoding="utf-8")
    rows = run_import(ledger, path, kind="customer", dry_run=True).rows
    assert [r.outcome for r in rows] == ["error", "error", "new"]
    assert "控制字符（U+0007）" in rows[0].reason() and "U+0009" in rows[1].reason()


def test_demo_sizes_have_limits(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "demo.zhangfang"
    code, _, err = cli(capsys, "demo", "--ledger", str(path), "--customers", "100000000")
    assert code == 1 and "200,000" in err and len(err.strip().splitlines()) == 1
    assert not path.exists()
    path.write_bytes(b"keep me")  # --replace refuses before it deletes anything
    code, _, err = cli(capsys, "demo", "--ledger", str(path), "--months", "100000", "--replace")
    assert code == 1 and path.read_bytes() == b"keep me"


def test_exported_csv_imports_back_without_the_apostrophe(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="C00001", phone="+86 138", contact="-王", notes="'引号'")
    with ledger.read() as s:
        write_csv(build_sheet(s, "customers"), tmp_path / "c.csv")
    text = (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    assert "'+86 138" in text and "'-王" in text  # the export protects them
    report = run_import(ledger, tmp_path / "c.csv", kind="customer", dry_run=True)
    assert report.counts["unchanged"] == 1, report.rows[0].reason()


def test_gbk_export_is_real_gbk_and_refuses_what_gbk_cannot_hold(
    ledger: Any, tmp_path: Path
) -> None:
    product(ledger, "000001", "螺丝 M6")
    with ledger.read() as s:
        write_csv(build_sheet(s, "products"), tmp_path / "ok.csv", "gbk")
    assert "螺丝 M6" in (tmp_path / "ok.csv").read_bytes().decode("gbk")
    product(ledger, "000002", "𠀀号垫片")  # a character outside GBK (GB18030 has it)
    with ledger.read() as s, pytest.raises(ValidationError) as got:
        write_csv(build_sheet(s, "products"), tmp_path / "bad.csv", "gbk")
    assert "第 3 行" in got.value.zh and "𠀀" in got.value.zh and "UTF-8" in got.value.zh
    assert not list(tmp_path.glob("bad.csv*"))  # nothing left behind


def test_stock_as_of_shows_the_cost_and_value_of_that_date(
    ledger: Any, ledger_path: Path, capsys: Any
) -> None:
    product(ledger, "000001", "螺丝 M6", cost_price="1")
    with ledger.unit() as uow:
        opening.opening_stock(uow, {"000001": ("10", "5")}, date(2026, 1, 5))
    with ledger.unit() as uow:
        opening.opening_stock(uow, {"000001": ("10", "7")}, date(2026, 2, 5))
    ledger.close()

    def shown(*extra: str) -> dict[str, Any]:
        code, out, _ = cli(capsys, "stock", "--ledger", str(ledger_path), "--json", *extra)
        assert code == 0
        return dict(json.loads(out)["products"][0])

    now = shown()
    assert (D(now["qty"]), D(now["avg_cost"]), D(now["value"])) == (20, 6, 120)
    then = shown("--as-of", "2026-01-31")
    assert (D(then["qty"]), D(then["avg_cost"]), D(then["value"])) == (10, 5, 50)
    before = shown("--as-of", "2026-01-01")
    assert (D(before["qty"]), D(before["avg_cost"]), D(before["value"])) == (0, 1, 0)
    assert shown("--as-of", "2026-12-31") == now
