"""Statements (对账单) to Excel: a sheet per party with the printed statement's figures."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.cli.main import main
from desktop.exporting.statements import export_statements, sheet_title
from desktop.services.opening import opening_balance
from tests.core.printing.printing_ledger import set_up
from tests.helpers import customer

OCT = (date(2026, 10, 1), date(2026, 10, 31))


def _cells(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _find(rows: list[list[Any]], text: str) -> list[Any]:
    return next(r for r in rows if any(isinstance(c, str) and text in c for c in r))


def test_statements_workbook_has_the_printed_figures(ledger: Any, tmp_path: Path) -> None:
    set_up(ledger)
    # a customer with a balance and no activity this month still gets its statement
    other = customer(ledger, '=HYPERLINK("x")李四商行', code="C0099")
    with ledger.unit() as uow:
        opening_balance(uow, other, "500", date(2026, 9, 1))
    out = tmp_path / "dz.xlsx"
    done = export_statements(ledger, *OCT, out)
    assert done is not None and done.count == 2
    assert done.closing_total == Decimal("1562.50")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 3
    summary = _cells(wb["汇总"])
    total = _find(summary, "合计")
    assert total[2:7] == [500, 2062.5, 1000, 1562.5, 500]  # the opening 500 is overdue
    zhang = _cells(wb[done.sheets[0]])
    assert "客户对账单" in zhang[0][0]
    assert _find(zhang, "期初余额")[6] == 0
    assert _find(zhang, "本期合计")[4:6] == [2062.5, 1000]
    assert _find(zhang, "期末余额")[6] == 1062.5
    assert "壹仟零陆拾贰元伍角" in _find(zhang, "大写")[0]
    assert _find(zhang, "账龄分析")
    assert _find(zhang, "确认（签章）")
    assert any(r[1] == "销售单" and r[4] == 2062.5 for r in zhang)
    assert any(r[5] == 1000 and r[6] == 1062.5 for r in zhang)  # the receipt, running balance
    li = _cells(wb[done.sheets[1]])
    assert _find(li, "本期无往来发生额")
    assert _find(li, "期末余额")[6] == 500
    # a name that looks like a formula never becomes one
    assert all(not (isinstance(c, str) and c.startswith("=")) for row in li + summary for c in row)
    assert wb[done.sheets[0]].print_title_rows


def test_supplier_statements_and_nothing_due(ledger: Any, tmp_path: Path) -> None:
    trade = set_up(ledger)
    with ledger.unit() as uow:
        opening_balance(uow, trade.supplier, "300", date(2026, 10, 1), flow="purchase")
    done = export_statements(ledger, *OCT, tmp_path / "ap.xlsx", account="AP")
    assert done is not None and done.count == 1
    rows = _cells(load_workbook(tmp_path / "ap.xlsx")[done.sheets[0]])
    assert "供应商对账单" in rows[0][0]
    assert _find(rows, "期末余额")[6] == 300
    empty = export_statements(ledger, date(2020, 1, 1), date(2020, 1, 31), tmp_path / "e.xlsx")
    assert empty is not None and empty.count == 0
    cancelled = export_statements(ledger, *OCT, tmp_path / "c.xlsx", cancel=lambda: True)
    assert cancelled is None and not (tmp_path / "c.xlsx").exists()


def test_sheet_titles_are_valid_and_unique() -> None:
    class P:
        def __init__(self, code: str, name: str) -> None:
            self.code, self.name = code, name

    taken: set[str] = {"汇总"}
    long = "广州市白云区某某五金机电设备批发经营部（总店）"
    a = sheet_title(P("C0001", long), taken)  # type: ignore[arg-type]
    b = sheet_title(P("C0001", long), taken)  # type: ignore[arg-type]
    c = sheet_title(P("C/2", "a:b*c?[d]"), taken)  # type: ignore[arg-type]
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert not set("[]:*?/\\") & set(c)


def test_cli_export_statements(ledger_path: Path, tmp_path: Path, capsys: Any) -> None:
    from desktop.services.ledger import Ledger

    opened = Ledger.open(ledger_path, actor="t")
    set_up(opened)
    opened.close()
    out = tmp_path / "dz.xlsx"
    args = ["export", "statements", str(out), "--ledger", str(ledger_path)]
    assert main([*args, "--from", "2026-10-01", "--to", "2026-10-31", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["statements"] == 1 and shown["closing_total"] == "1062.50"
    assert main(args) == 2
    assert "--from" in capsys.readouterr().err  # no period
    csv = ["export", "statements", str(tmp_path / "dz.csv"), "--ledger", str(ledger_path)]
    assert main([*csv, "--from", "2026-10-01", "--to", "2026-10-31"]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert main([*args, "--from", "2026-10-31", "--to", "2026-10-01"]) == 1  # bad period
    err = capsys.readouterr().err
    assert "2026-10-31" in err and "Traceback" not in err
    nowhere = ["export", "statements", str(tmp_path / "no" / "dz.xlsx"), "--ledger"]
    assert main([*nowhere, str(ledger_path), "--from", "2026-10-01", "--to", "2026-10-31"]) == 1
    err = capsys.readouterr().err
    assert "文件夹不存在" in err and len(err.strip().splitlines()) == 1


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_statements(ledger: Any, tmp_path: Path) -> None:
    """A third-party reader sees the same closing balance (summary sheet as CSV)."""
    set_up(ledger)
    out = tmp_path / "dz.xlsx"
    export_statements(ledger, *OCT, out)
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "dz.csv").read_text(encoding="utf-8", errors="replace")
    assert "1,062.50" in text or "1062.5" in text
