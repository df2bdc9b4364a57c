"""Shared by the history import tests: a small messy sales file and the row path run end to
end (``HistoryHandler`` on every row), which the streamed and wizard paths must match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop.importing.kinds.base import Context, ImportOptions
from desktop.importing.plan import prepare
from desktop.importing.rows import parse_rows

ROWS: list[list[Any]] = [
    [
        "单号",
        "日期",
        "客户编码",
        "客户名称",
        "商品编码",
        "商品名称",
        "单位",
        "数量",
        "单价",
        "金额",
    ],
    ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 2, 20],
    ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 2, "2", 5],  # note
    ["S2", "2024-01-06", "K1", "甲公司", "000999", "新商品", "个", 1, 1, 1],
    ["S2", "2024-01-06", "K1", "甲公司", "000123", "螺丝 M6", "盒", 1, 1, 1],  # bad unit
    ["S3", "2024-01-07", "K9", "新客户", "000998", "另一新商品", "个", 3, 1.5, 4.5],
    ["S3", "2024-01-08", "K9", "新客户", "000998", "另一新商品", "个", 3, 1.5, 4.5],  # date
    [None, "2024-01-09", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 3, 3],
    [None, "2024-01-09", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 3, 3],
    ["S4", "2024-01-10", "K1", "甲公司", "000123", "螺丝 M6", "个", "abc", 3, 3],
    ["合计", None, None, None, None, None, None, None, None, 40],
]


def history_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["销售明细"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def classic_outcomes(
    ledger: Any, path: Path, options: ImportOptions, kind: str = "sales_history"
) -> list[tuple[int, str, str]]:
    prepared = prepare(path, kind)
    rows = parse_rows(prepared.table.rows, prepared.mapping, prepared.handler.fields)
    with ledger.read() as session:
        prepared.handler.evaluate(session, rows, Context(options, path.name))
    return [(r.excel_row, r.outcome, r.reason("en")) for r in rows]


def classic_commit(
    ledger: Any, path: Path, options: ImportOptions, kind: str = "sales_history"
) -> dict[str, int]:
    """The row path end to end: every row evaluated and written by ``HistoryHandler``."""
    from desktop.importing.rows import counts

    prepared = prepare(path, kind)
    rows = parse_rows(prepared.table.rows, prepared.mapping, prepared.handler.fields)
    with ledger.unit() as uow:
        ctx = Context(options, path.name)
        prepared.handler.evaluate(uow.session, rows, ctx)
        prepared.handler.apply(uow, rows, ctx)
    return counts(rows, len([s for s in prepared.table.skipped if s.reason != "blank"]))
