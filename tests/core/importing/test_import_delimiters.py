"""Text files split on the delimiter their data shows; a line that does not split is
refused on its row, never taken for a name (issue 15, through ``zhangfang import``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.importing.text_files import WholeLine, sniff_delimiter
from desktop.models import Party
from desktop.services.ledger import Ledger
from tests.core.importing.test_import_header_families import cli_import, mapped


@pytest.mark.parametrize("delimiter", [" ", "\t", ";", "|", ","])
def test_the_delimiter_is_read_from_the_data(delimiter: str) -> None:
    lines = [["日期", "商品名称", "数量", "单价"], ["2024-01-05", "阿莫西林", "2", "12.5"]]
    lines += [["2024-01-06", "布洛芬", "1", "18"]]
    text = "\n".join(delimiter.join(r) for r in lines)
    assert sniff_delimiter(text) == delimiter


def test_a_one_column_list_of_names_with_spaces_stays_one_column() -> None:
    assert sniff_delimiter("客户名称\n张 三\n李 四\n王 五\n") != " "


def test_space_separated_customers_split_and_a_shifted_line_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    path = tmp_path / "客户.txt"
    path.write_text(
        "客户名称   电话          地址\n"
        "张三五金   13800138000   北京市海淀区\n"
        "李四建材   13900139000   上海市\n"
        "王五 五金  13700137000   广州市\n",
        encoding="utf-8",
    )
    code, summary = cli_import(capsys, path, ledger_path)
    assert code == 1  # one line refused, the others imported
    assert summary["kind"] == "customer"
    assert mapped(summary) == {"name": "客户名称", "phone": "电话", "address": "地址"}
    assert summary["counts"]["new"] == 2 and summary["counts"]["error"] == 1
    (error,) = [p for p in summary["problems"] if p["outcome"] == "error"]
    assert error["row"] == 4 and "王五 五金 13700137000 广州市" in error["reason"]
    ledger = Ledger.open(ledger_path)
    try:
        with ledger.read() as s:
            names = set(s.scalars(select(Party.name)))
            assert {"张三五金", "李四建材"} <= names
            assert not any("1370" in n or " " in n for n in names)
    finally:
        ledger.close()


def test_a_line_quoted_whole_into_one_cell_is_not_a_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text('客户名称,电话\n张三五金,13800138000\n"李四建材,13900139000"\n', "utf-8")
    from desktop.importing.reader import read_workbook

    assert isinstance(read_workbook(path).rows[2][0], WholeLine)
    code, summary = cli_import(capsys, path, ledger_path)
    assert code == 1 and summary["counts"]["new"] == 1 and summary["counts"]["error"] == 1
