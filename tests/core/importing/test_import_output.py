"""What ``zhangfang import`` prints (issue 15, Output): a summary by default, every row only
with ``--rows`` or ``--rows-file``; Chinese words in a Chinese report, English keys in JSON;
an errors workbook holding the imported sheet only, which imports again as it is."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli.main import main
from desktop.importing.error_workbook import HEADER
from desktop.importing.summary import FIRST_PROBLEMS

PRODUCT_HEADER = ["编码", "商品名称", "条码", "成本价", "单位"]


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def products_csv(path: Path, good: int, bad: int) -> Path:
    """``good`` products, then ``bad`` with a cost that is no number, then a totals row."""
    lines = [",".join(PRODUCT_HEADER)]
    lines += [f"P{i:04d},商品{i},,1.5,个" for i in range(good)]
    lines += [f"B{i:04d},坏商品{i},,abc,个" for i in range(bad)]
    lines.append("合计,,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_is_a_summary_unless_rows_are_asked_for(
    ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    path = products_csv(tmp_path / "p.csv", good=40, bad=30)
    base = ("import", str(path), "--ledger", str(ledger_path), "--dry-run", "--json")
    code, out, _ = cli(capsys, *base)
    data = json.loads(out)
    assert code == 1
    assert "rows" not in data and "errors" not in data
    assert data["counts"] == {
        "total": 71,
        "new": 40,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
        "error": 30,
    }
    assert data["kind"] == "product" and data["kind_guessed"] is True
    assert data["skipped_rows"] == {"total": {"rows": 1, "label": "合计行"}}
    assert data["problem_rows"] == 30 and len(data["problems"]) == FIRST_PROBLEMS
    first = data["problems"][0]
    assert first["row"] == 42 and first["outcome"] == "error"
    assert first["columns"] == [{"column": "D", "header": "成本价"}]
    assert data["notes"] == [] and data["batch"] is None
    assert data["top_reasons"] == [
        {"reason": "进价：“abc”不是有效的数字或金额。", "rows": 30, "first_row": 42}
    ]

    code, out, _ = cli(capsys, *base, "--rows", "--kind", "product")
    data = json.loads(out)
    assert data["kind_guessed"] is False
    assert [r["row"] for r in data["rows"]] == list(range(2, 73))  # the totals row included
    assert data["rows"][-1] == {"row": 72, "outcome": "skipped", "reason": "合计行", "columns": []}
    assert sum(r["outcome"] == "error" for r in data["rows"]) == 30


def test_rows_file_is_csv_for_people_or_json_lines_for_scripts(
    ledger_path: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = products_csv(tmp_path / "p.csv", good=3, bad=2)
    base = ("import", str(path), "--ledger", str(ledger_path), "--dry-run")
    code, out, _ = cli(capsys, *base, "--rows-file", str(tmp_path / "rows.csv"))
    assert code == 1 and "rows.csv" in out
    with (tmp_path / "rows.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["行", "结果", "说明", "列"]
    assert [r[1] for r in table[1:]] == ["新增"] * 3 + ["错误"] * 2 + ["跳过"]
    assert table[4][3] == "D" and "进价" in table[4][2]

    monkeypatch.setenv("ZHANGFANG_LANG", "en")
    cli(capsys, *base, "--rows-file", str(tmp_path / "rows.jsonl"))
    lines = (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["outcome"] for r in records] == ["new"] * 3 + ["error"] * 2 + ["skipped"]
    assert records[3]["reason"].startswith("Cost:")


def test_plain_report_lists_the_first_problems_in_the_users_language(
    ledger_path: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = products_csv(tmp_path / "p.csv", good=5, bad=FIRST_PROBLEMS + 7)
    base = ("import", str(path), "--ledger", str(ledger_path), "--dry-run")
    code, out, _ = cli(capsys, *base)
    assert code == 1
    listed = [line for line in out.splitlines() if "错误  进价：“abc”不是有效的数字" in line]
    assert len(listed) == FIRST_PROBLEMS
    assert "另有 7 行" in out and "--rows-file" in out and "--errors" in out
    assert "最常见的问题：" in out and "27 行（第一行：7）：进价" in out
    assert "成本价→进价" in out and "新增 5" in out and "跳过 1（合计行 1）" in out
    words = set(re.findall(r"(?<![-\w])[A-Za-z_]+", out))  # option names (--errors) aside
    assert words & {"error", "new", "Cost", "cost", "code", "skipped", "unchanged"} == set()

    monkeypatch.setenv("ZHANGFANG_LANG", "en")
    code, out, _ = cli(capsys, *base)
    listed = [line for line in out.splitlines() if "error    Cost: 'abc' is not a valid" in line]
    assert len(listed) == FIRST_PROBLEMS
    assert "成本价→Cost" in out and "7 more rows" in out
    assert "错误" not in out and "新增" not in out

    code, out, _ = cli(capsys, *base, "--rows")
    assert len([line for line in out.splitlines() if "error\tCost: 'abc'" in line]) == 27
    assert "more rows" not in out


def test_json_keys_stay_english_in_chinese(ledger_path: Path, tmp_path: Path, capsys: Any) -> None:
    path = products_csv(tmp_path / "p.csv", good=1, bad=1)
    _code, out, _ = cli(capsys, "import", str(path), "--ledger", str(ledger_path), "--json")
    data = json.loads(out)
    assert set(data["counts"]) == {"total", "new", "updated", "unchanged", "skipped", "error"}
    assert data["problems"][0]["outcome"] == "error"
    assert data["problems"][0]["reason"].startswith("进价")
    assert data["mapping"]["cost"]["label"] == "进价"  # the field's name, in the user's words
    assert data["batch"]


def test_an_unwritable_rows_file_is_one_plain_line(
    ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    path = products_csv(tmp_path / "p.csv", good=1, bad=0)
    out_file = tmp_path / "no" / "such" / "rows.csv"
    code, _out, err = cli(
        capsys, "import", str(path), "--ledger", str(ledger_path), "--rows-file", str(out_file)
    )
    assert code != 0 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "文件夹不存在" in err


def _two_sheet_book(path: Path, rows: list[list[Any]], other_rows: int) -> Path:
    """The imported sheet first, then a bigger sheet nobody imports."""
    wb = Workbook()
    ws = wb.active
    ws.title = "商品"
    ws.append(["商品资料（2024）"])
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text a user typed, not a formula
    other = wb.create_sheet("历史记录")
    for i in range(other_rows):
        other.append([i, f"备注{i}", i * 1.5])
    wb.save(path)
    return path


def test_errors_workbook_holds_the_imported_sheet_and_imports_again(
    ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    rows: list[list[Any]] = [PRODUCT_HEADER]
    rows += [[f"{i:06d}", f"商品{i}", None, 1.5, "个"] for i in range(6)]
    rows.insert(2, ["000777", "=坏进价", None, "abc", "个"])  # Excel row 4: the bad one
    path = _two_sheet_book(tmp_path / "book.xlsx", rows, other_rows=2_000)
    errors = tmp_path / "errors.xlsx"
    base = ("import", "--ledger", str(ledger_path), "--kind", "product")
    code, out, _ = cli(capsys, *base, str(path), "--errors", str(errors))
    assert code == 1 and "只含导入的工作表" in out

    wb = load_workbook(errors)
    assert wb.sheetnames == ["商品"]  # the other sheet is left out
    ws = wb["商品"]
    assert ws.max_row == 9  # the title, the header and every row, good ones too
    assert ws["A1"].value == "商品资料（2024）" and ws["A3"].value == "000000"
    col = [c.value for c in ws[2]].index(HEADER) + 1
    assert col == 6  # right after the table
    assert "进价" in ws.cell(row=4, column=col).value
    assert ws["D4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["B4"].value == "=坏进价" and ws["B4"].data_type == "s"  # text, not a formula
    assert ws.cell(row=3, column=col).value is None

    # imported as it is: the same error, the rows already in the ledger unchanged
    code, out, _ = cli(capsys, *base, str(errors), "--dry-run", "--json")
    data = json.loads(out)
    assert (data["counts"]["unchanged"], data["counts"]["error"]) == (6, 1), data
    assert HEADER in data["unmapped"]

    # fixed in place and imported again: the one row comes in
    ws["D4"] = 2.5
    wb.save(errors)
    code, out, _ = cli(capsys, *base, str(errors), "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["counts"]["new"], data["counts"]["unchanged"], data["counts"]["error"]) == (
        1,
        6,
        0,
    )


def test_errors_workbook_of_a_streamed_xlsx_history_has_every_row(
    ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    header = ["单号", "日期", "客户名称", "商品编码", "商品名称", "数量", "单价"]
    rows: list[list[Any]] = [header]
    day = datetime(2024, 1, 5)  # a date cell, which must come back a date
    rows += [[f"S{i}", day, "甲公司", "000123", "螺丝", i + 1, 2.5] for i in range(150)]
    rows.append(["S999", day, "甲公司", "000123", "螺丝", "abc", 2.5])
    path = _two_sheet_book(tmp_path / "h.xlsx", rows, other_rows=10)
    errors = tmp_path / "h-errors.xlsx"
    code, _out, _ = cli(
        capsys,
        "import",
        str(path),
        "--ledger",
        str(ledger_path),
        "--kind",
        "sales_history",
        "--create-missing",
        "--errors",
        str(errors),
    )
    assert code == 1
    ws = load_workbook(errors)["商品"]
    assert ws.max_row == 153 and ws["A153"].value == "S999"
    assert "数量" in ws["H153"].value and ws["F153"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["H2"].value == HEADER and ws["F100"].value == 98
    ws["F153"] = 7
    ws.parent.save(errors)
    code, out, _ = cli(
        capsys, "import", str(errors), "--ledger", str(ledger_path), "--kind", "销售历史", "--json"
    )
    data = json.loads(out)
    assert code == 0, data
    assert (data["counts"]["new"], data["counts"]["unchanged"]) == (1, 150)


def test_a_rolled_back_import_never_reads_as_imported(
    ledger_path: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue: "N new" followed by "nothing was imported". A row the services refuse while
    writing rolls the batch back; the counts are then what was planned, and say so."""
    from desktop.importing.kinds.base import RowFailed
    from desktop.importing.kinds.products import ProductHandler

    def refuse(self: Any, uow: Any, rows: Any, ctx: Any) -> None:
        rows[1].fail("编码已被占用", "Code is already used")
        raise RowFailed(rows[1])

    monkeypatch.setattr(ProductHandler, "apply", refuse)
    path = products_csv(tmp_path / "p.csv", good=3, bad=0)
    base = ("import", str(path), "--ledger", str(ledger_path), "--kind", "product")
    code, out, _ = cli(capsys, *base)
    assert code == 1
    assert "未导入（整批已撤回），原计划：共 4 行" in out and "已导入" not in out
    assert "第 3 行无法写入" in out
    code, out, _ = cli(capsys, *base, "--json")
    data = json.loads(out)
    assert data["imported"] is False and data["batch"] is None
    assert data["aborted"]["row"] == 3 and data["problems"][0]["row"] == 3


def test_sheet_writer_keeps_every_kind_of_value(tmp_path: Path) -> None:
    """The errors workbook's own writer: what calamine and openpyxl read back is what went in."""
    import python_calamine as pc

    from desktop.importing import sheet_writer as sw

    values = [
        "000123",
        "a < b & c",
        " 前后空格 ",
        "=SUM(A1)",
        "bell\x07",
        12,
        2.5,
        Decimal("1.25"),
        True,
        datetime(2024, 3, 5, 14, 30),
        date(2024, 3, 5),
        time(8, 15),
        None,
        "末",
    ]
    path = tmp_path / "w.xlsx"
    writer = sw.SheetWriter(path, "表[1]", {3: 40})
    writer.row(1, ["头"])
    writer.row(3, values, {1: sw.BAD, 13: sw.REASON})
    writer.close()
    book = load_workbook(path)
    assert book.sheetnames == ["表_1_"]
    ws = book.active
    got = [c.value for c in ws[3]]
    assert got[:4] == ["000123", "a < b & c", " 前后空格 ", "=SUM(A1)"]
    assert got[4] == "bell" and got[5:9] == [12, 2.5, 1.25, True]
    assert got[9] == datetime(2024, 3, 5, 14, 30) and got[10] == datetime(2024, 3, 5)
    assert ws["D3"].data_type == "s" and ws["B3"].fill.fgColor.rgb == "FFFFC7CE"
    assert ws["N3"].fill.fgColor.rgb == "FFFFEB9C" and ws["A2"].value is None
    rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[2][9] == datetime(2024, 3, 5, 14, 30) and rows[2][11] == time(8, 15)


def test_update_notes_name_fields_in_the_users_words(
    ledger_path: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue saw ``cost_price`` in a Chinese report: an update names 成本价 (cost price)."""
    first = products_csv(tmp_path / "p.csv", good=2, bad=0)
    base = ("import", "--ledger", str(ledger_path), "--kind", "product")
    assert cli(capsys, *base, str(first))[0] == 0
    second = tmp_path / "p2.csv"
    second.write_text(first.read_text(encoding="utf-8").replace(",1.5,", ",2.5,"), "utf-8")
    code, out, _ = cli(capsys, *base, str(second), "--dry-run", "--rows")
    assert code == 0
    assert "更新 P0000：成本价：" in out and "cost_price" not in out, out
    monkeypatch.setenv("ZHANGFANG_LANG", "en")
    _code, out, _ = cli(capsys, *base, str(second), "--dry-run", "--rows")
    assert "Updates P0000: cost price: " in out and "成本价：" not in out, out


def test_column_letters_as_excel_names_them() -> None:
    from openpyxl.utils import get_column_letter

    from desktop.importing.summary import _letter

    for col in [*range(0, 800), 16_383]:  # A … ADT, and XFD (Excel's last)
        assert _letter(col) == get_column_letter(col + 1)


def test_the_first_line_says_whether_anything_was_written(
    ledger_path: Path, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    """Plain output: a run that writes says 已导入; a second run of the same file, with
    nothing new or changed, never says it imported anything."""
    monkeypatch.setenv("ZHANGFANG_LANG", "zh")
    path = products_csv(tmp_path / "p.csv", good=3, bad=0)
    base = ("import", str(path), "--ledger", str(ledger_path))
    code, out, _ = cli(capsys, *base)
    assert code == 0 and "已导入：共 4 行，新增 3" in out
    code, out, _ = cli(capsys, *base)
    assert "没有写入（没有新行或变化）：共 4 行，新增 0" in out and "已导入" not in out
    assert "批次号" not in out
