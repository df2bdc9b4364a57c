"""The dashboard's charts draw the core's figures (``reports.charts``), loaded off the GUI
thread."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from desktop.reports.charts import dashboard_charts, money_axis


def test_the_charts_load_when_their_tab_is_first_opened(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("dashboard")
    assert screen.charts is None  # not at the start: the reports behind them read every line
    screen.tabs.setCurrentWidget(screen.charts_page)
    assert screen.charts is not None and screen.charts.parent() is screen.charts_page
    qtbot.waitUntil(lambda: screen.charts.charts is not None, timeout=20000)


def test_the_charts_show_the_months_and_the_aging_buckets(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("dashboard")
    screen.tabs.setCurrentIndex(1)
    charts = screen.charts
    qtbot.waitUntil(lambda: charts.charts is not None, timeout=20000)
    with window.ctx.ledger.read() as session:
        expected = dashboard_charts(session, date.today())
    monthly = charts.monthly.series()[0].barSets()
    assert [b.label() for b in monthly] == ["销售额（不含税）", "毛利"]
    # drawn in the unit the core's axis picks for these figures (a few hundred: 元)
    steps = charts._steps()  # as many as the chart's height leaves room for, 1 to 4
    assert 1 <= steps <= 4
    axis = money_axis([v for m in expected.months for v in (m.sales, m.margin)], "zh", steps)
    assert axis.unit == "元" and axis.unit in charts.monthly.title()
    assert [monthly[0].at(i) for i in range(monthly[0].count())] == [
        float(m.sales / axis.divisor) for m in expected.months
    ]
    assert [monthly[1].at(i) for i in range(12)] == [
        float(m.margin / axis.divisor) for m in expected.months
    ]
    y = charts.monthly.axes()[1]
    assert (y.min(), y.max(), y.tickCount()) == (float(axis.low), float(axis.high), axis.ticks)
    assert y.min() == 0 and y.max() >= max(float(m.sales) for m in expected.months)
    assert charts.monthly.axes()[0].categories()[-1] == f"{date.today().month}月"
    assert expected.months[0].key in charts.monthly.title()
    aging = charts.aging.series()[0].barSets()[0]
    ages = money_axis([b.amount for b in expected.buckets], "zh", steps)
    assert [aging.at(i) for i in range(aging.count())] == [
        float(b.amount / ages.divisor) for b in expected.buckets
    ]
    y = charts.aging.axes()[1]
    assert y.labelFormat() == f"%.{ages.decimals}f" and ages.unit in charts.aging.title()
    assert y.min() == 0 and y.max() == float(ages.high)
    assert charts.aging.axes()[0].categories()[:2] == ["未到期", "1-30"]
    # the figures are the ledger's: something sold, something owed
    assert any(m.sales for m in expected.months) and any(b.amount for b in expected.buckets)


def test_an_empty_ledger_draws_axes_from_zero(qtbot: Any) -> None:
    """Nothing sold, nothing owed: both axes 0 to 1 元, no −1 below the zero line."""
    from desktop.reports.charts import Bucket, Charts, Month
    from desktop.views.dashboard_charts import DashboardCharts

    widget = DashboardCharts()
    qtbot.addWidget(widget)
    zero = Decimal(0)
    widget.show_charts(
        Charts(
            [Month(f"2026-{m:02d}", zero, zero) for m in range(1, 13)],
            [Bucket("未到期", "Not due", zero), Bucket("1-30天", "1-30 days", zero)],
        )
    )
    for chart in (widget.monthly, widget.aging):
        y = chart.axes()[1]
        assert (y.min(), y.max(), y.tickCount(), y.labelFormat()) == (0.0, 1.0, 2, "%.0f")
        assert "元" in chart.title()


def test_redrawing_leaves_no_old_axes_behind(qtbot: Any) -> None:
    """Each resize draws the charts again; the axes taken off are deleted, not left over
    (Qt hands a removed axis back to whoever removed it)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    from desktop.reports.charts import Bucket, Charts, Month
    from desktop.views.dashboard_charts import DashboardCharts

    widget = DashboardCharts()
    qtbot.addWidget(widget)
    one = Decimal(1000)
    charts = Charts([Month("2026-01", one, one)], [Bucket("未到期", "Not due", one)])
    widget.show_charts(charts)
    before = [axis for chart in (widget.monthly, widget.aging) for axis in chart.axes()]
    assert len(before) == 4
    widget.show_charts(charts)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(isValid(axis) for axis in before)
    assert all(len(chart.axes()) == 2 for chart in (widget.monthly, widget.aging))
