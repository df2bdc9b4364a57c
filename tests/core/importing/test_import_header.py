"""Header detection and data-block boundaries on hand-made grids."""

from __future__ import annotations

from datetime import date

from desktop.importing.header import find_header, find_table, find_tables, is_total_row

INSTRUCTIONS = "1、带星号的为必填项\n2、期初应收为数值\n3、导入时本段内容请勿删除，切记！"


def test_instruction_block_then_header() -> None:
    rows = [
        [INSTRUCTIONS],
        ["名称*", "联系人", "手机号码", "期初应收"],
        ["客户a", "小梁", 13000000000.0, 100.0],
        ["客户b", "小魏", 15000000000.0, 0.0],
    ]
    table = find_table(rows)
    assert table.header_index == 1
    assert table.header_row == 2
    assert [r.excel_row for r in table.rows] == [3, 4]
    assert table.columns == {"名称*": 0, "联系人": 1, "手机号码": 2, "期初应收": 3}
    assert table.title_lines[0].startswith("1、带星号")


def test_offset_table_blank_rows_totals_and_placeholders() -> None:
    rows: list[list[object]] = [
        [],
        [None, "某某商贸有限公司 客户档案"],
        [None, "制表日期：2024-01-01"],
        [None, "序号", "客户编码", "客户名称", "期初应收"],
        [None, 1, "00123", "张三五金", 1200.5],
        [None, None, None, None, None],
        [None, 2, "00456", "李四建材", 300],
        [None, 3, "-", "—", None],
        [None, 4],
        [None, "合 计", None, None, 1500.5],
    ]
    table = find_table(rows)
    assert table.header_row == 4
    assert (table.first_col, table.last_col) == (1, 4)
    assert [r.excel_row for r in table.rows] == [5, 7]
    assert table.rows[0].get(2) == "00123"
    reasons = {s.excel_row: s.reason for s in table.skipped}
    assert reasons == {6: "blank", 8: "placeholder", 9: "number_only", 10: "total"}
    assert [t.excel_row for t in table.totals] == [10]


def test_total_words() -> None:
    assert is_total_row(["合计：", None, 100])
    assert is_total_row([None, "Total", 5])
    assert is_total_row(["", "", "小计"])
    assert not is_total_row(["合计公司有限公司A", "x"])
    assert not is_total_row(["张三", "李四", "王五", "合计"])


def test_stacked_tables() -> None:
    header = [None, "Store", "Employees", "Manager", "Since"]
    block = [[None, "NY", 10.0, "Sarah", date(2018, 7, 20)], [None, "SF", 12.0, "Ned", None]]
    rows = [[], [None, 2019.0], header, *block, [], [], [], [None, 2020.0], header, *block]
    tables = find_tables(rows)
    assert [t.header_row for t in tables] == [3, 10]
    assert [len(t.rows) for t in tables] == [2, 2]
    assert tables[0].next_table_row == 10
    assert [s.reason for s in tables[0].skipped] == ["next_table_title"]
    assert tables[1].title_lines == ["2020"]


def test_repeated_header_without_gap_is_skipped() -> None:
    header = ["商品编码", "商品名称", "数量"]
    rows = [header, ["A1", "螺丝", 5], header, ["A2", "螺母", 6]]
    table = find_table(rows)
    assert [r.excel_row for r in table.rows] == [2, 4]
    assert table.skipped[0].reason == "repeated_header"
    assert table.next_table_index is None


def test_long_blank_run_ends_table() -> None:
    rows: list[list[object]] = [["名称", "数量"], ["a", 1]] + [[]] * 12 + [["stray note", 5]]
    table = find_table(rows)
    assert len(table.rows) == 1
    assert table.skipped == []


def test_header_override_and_single_column() -> None:
    rows = [["日期", "销量"], [date(2015, 3, 1), 51.0]]
    assert find_header(rows) == 0
    assert find_table(rows, header_index=1).header_row == 2
    assert find_header([["only"], ["one"], ["column"]]) == 0
