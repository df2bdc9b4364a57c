"""The dashboard's charts draw the core's figures (``reports.charts``), loaded off the GUI
thread."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.reports.charts import dashboard_charts


def test_the_charts_show_the_months_and_the_aging_buckets(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("dashboard")
    charts = screen.charts
    qtbot.waitUntil(lambda: charts.charts is not None, timeout=20000)
    with window.ctx.ledger.read() as session:
        expected = dashboard_charts(session, date.today())
    monthly = charts.monthly.series()[0].barSets()
    assert [b.label() for b in monthly] == ["销售额（不含税）", "毛利"]
    # drawn in 万 in Chinese
    assert [monthly[0].at(i) for i in range(monthly[0].count())] == [
        float(m.sales / 10000) for m in expected.months
    ]
    assert [monthly[1].at(i) for i in range(12)] == [
        float(m.margin / 10000) for m in expected.months
    ]
    assert charts.monthly.axes()[0].categories()[-1] == f"{date.today().month}月"
    assert expected.months[0].key in charts.monthly.title()
    aging = charts.aging.series()[0].barSets()[0]
    assert [aging.at(i) for i in range(aging.count())] == [
        float(b.amount / 10000) for b in expected.buckets
    ]
    assert charts.aging.axes()[1].labelFormat() == "%.0f" and "万元" in charts.aging.title()
    assert charts.aging.axes()[0].categories()[:2] == ["未到期", "1-30"]
    # the figures are the ledger's: something sold, something owed
    assert any(m.sales for m in expected.months) and any(b.amount for b in expected.buckets)
