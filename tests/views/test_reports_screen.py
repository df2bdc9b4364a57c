"""报表: choose a report and its filters, run it off the GUI thread, sort it, drill from a
figure to the documents behind it, export it to PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt

from desktop.views.report_drill import DrillDialog


def _choose(screen: Any, name: str, by: str | None = None) -> None:
    screen.report.setCurrentIndex(screen.report.findData(name))
    if by is not None:
        screen.by.setCurrentIndex(screen.by.findData(by))


def _run(qtbot: Any, screen: Any) -> None:
    screen.result = None
    screen.run()
    qtbot.waitUntil(lambda: screen.result is not None, timeout=20000)


def test_sales_by_customer_sorts_and_drills_down(qtbot: Any, window: Any, tmp_path: Path) -> None:
    screen = window.show_screen("reports")
    _choose(screen, "sales", "customer")
    assert screen.period.isVisible() and not screen.as_of.isVisible()
    start = date.today() - timedelta(days=90)
    screen.date_from.setDate(QDate(start.year, start.month, start.day))
    _run(qtbot, screen)
    headers = [
        screen.table.horizontalHeaderItem(c).text() for c in range(screen.table.columnCount())
    ]
    assert headers[:3] == ["编码", "客户", "数量"] and "去年同期" in headers
    names = [screen.table.item(r, 1).text() for r in range(screen.table.rowCount())]
    assert "张三五金" in names
    net = headers.index("净销售额")
    assert screen.result.totals["net"] > 0
    assert "合计" in screen.summary.text()

    # sorting by a figure orders by the figure, not its words
    screen.table.sortItems(net, Qt.SortOrder.AscendingOrder)
    shown = [screen.row_at(r).cells["net"] for r in range(screen.table.rowCount())]
    assert shown == sorted(shown)

    row = next(
        r for r in range(screen.table.rowCount()) if screen.table.item(r, 1).text() == "张三五金"
    )
    screen.drill(row, net)
    qtbot.waitUntil(lambda: screen.drill_dialog.table.rowCount() > 0, timeout=20000)
    dialog = screen.drill_dialog
    assert isinstance(dialog, DrillDialog)
    assert all(d.party == "张三五金" for d in dialog.docs)
    assert {d.kind for d in dialog.docs} <= {"sales_bill", "sales_return"}
    dialog.close()

    target = tmp_path / "sales.pdf"
    screen.pdf_to(target)
    qtbot.waitUntil(target.exists, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")


def test_each_report_runs_with_its_filters(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("reports")
    for i in range(screen.report.count()):
        screen.report.setCurrentIndex(i)
        name = screen.name()
        assert screen.as_of.isVisible() == (
            name
            in (
                "aging",
                "payables-aging",
                "statements",
                "stock",
                "slow-movers",
                "below-minimum",
                "cash",
            )
        )
        _run(qtbot, screen)
        assert screen.result.name == name
        assert screen.table.columnCount() == len(screen.result.columns)
        assert screen.export_button.isEnabled()


def test_a_write_runs_the_report_shown_again(qtbot: Any, window: Any, ctx: Any) -> None:
    from desktop.services import payments

    screen = window.show_screen("reports")
    _choose(screen, "aging", "customer")
    _run(qtbot, screen)
    before = screen.result.totals["balance"]
    first = screen.result

    def pay(ledger: Any, _progress: Any) -> None:
        with ledger.unit() as uow:
            payments.record_payment(uow, "张三五金", "10.00")

    from desktop.views.worker import run_task

    run_task(window, "pay", pay, writer=ctx.writer)
    qtbot.waitUntil(lambda: screen.result is not first and screen.result is not None, timeout=20000)
    assert screen.result.totals["balance"] == before - 10
