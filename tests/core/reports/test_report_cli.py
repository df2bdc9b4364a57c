"""``zhangfang report``: the table, the JSON shape the README documents, the workbook and
the PDF, and one plain line for bad usage."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from desktop.cli.main import main


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sales_json_shape(books, ledger_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    books.close()
    code, out, _ = _run(
        capsys, "report", "sales", "--ledger", str(ledger_path), "--from", "2026-03-01",
        "--to", "2026-03-31", "--by", "customer", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["report"] == "sales" and data["params"]["by"] == "customer"
    assert {c["key"] for c in data["columns"]} >= {"code", "name", "gross", "net", "last_year"}
    assert data["totals"]["net"] == "466.00"
    first = data["rows"][0]
    assert first["cells"]["name"] == "甲五金" and first["cells"]["net"] == "376.00"
    assert first["drill"]["kinds"] == ["sales_bill", "sales_return"]
    assert first["drills"]["last_year"]["date_from"] == "2025-03-01"


def test_table_xlsx_and_pdf(books, ledger_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    books.close()
    ledger = str(ledger_path)
    code, out, _ = _run(capsys, "report", "aging", "--ledger", ledger, "--as-of", "2026-03-31")
    assert code == 0
    assert "应收账龄" in out and "乙建材" in out and "386.00" in out
    xlsx = tmp_path / "margin.xlsx"
    code, out, _ = _run(
        capsys, "report", "margin", "--ledger", ledger, "--from", "2026-03-01", "--to",
        "2026-03-31", "--xlsx", str(xlsx),
    )  # fmt: skip
    assert code == 0 and xlsx.exists()
    sheet = load_workbook(xlsx).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row and "电钻" in row for row in values)
    assert any(row and row[0] == "合计" and 80 in row for row in values)  # the total margin
    pdf = tmp_path / "kpi.pdf"
    code, out, _ = _run(
        capsys, "report", "kpi", "--ledger", ledger, "--from", "2026-03-01", "--to",
        "2026-03-31", "--pdf", str(pdf), "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out) == {"report": "kpi", "file": str(pdf), "rows": 11}
    assert pdf.read_bytes().startswith(b"%PDF")


def test_bad_usage_is_one_line(books, ledger_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    books.close()
    code, _out, err = _run(
        capsys, "report", "sales", "--ledger", str(ledger_path), "--by", "colour"
    )
    assert code == 1 and err.count("\n") == 1 and "colour" in err
    code, _out, err = _run(
        capsys, "report", "aging", "--ledger", str(ledger_path), "--as-of", "2026-03-31",
        "--from", "2026-03-01",
    )  # fmt: skip
    assert code == 1 and "--as-of" in err
