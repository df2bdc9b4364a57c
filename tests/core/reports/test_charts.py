"""The dashboard's chart figures on the golden ledger: March 2026 sales net of tax
200 + 200 + 90 − 50 = 440.00, cost 30×2 + 2×100 + 1×100 = 360.00 → margin 80.00; receivables
as of 03-31 386.00 (甲 296.00 not yet due, 乙 90.00 eleven days over)."""

from __future__ import annotations

from datetime import date

from desktop.reports import ReportParams, run
from desktop.reports.charts import dashboard_charts, first_of_month_before
from tests.helpers import D


def test_twelve_months_and_the_aging_buckets(books) -> None:
    with books.read() as s:
        charts = dashboard_charts(s, date(2026, 3, 31))
        margin = run(s, "margin", ReportParams(date_from=date(2026, 3, 1),
                                               date_to=date(2026, 3, 31), by="none"))  # fmt: skip
        aging = run(s, "aging", ReportParams(as_of=date(2026, 3, 31)))
    assert [m.key for m in charts.months][:2] == ["2025-04", "2025-05"]
    assert len(charts.months) == 12 and charts.months[-1].key == "2026-03"
    march = charts.months[-1]
    assert (march.sales, march.margin) == (margin.totals["net_ex_tax"], margin.totals["margin"])
    assert (march.sales, march.margin) == (D("440.00"), D("80.00"))
    assert all(m.sales == 0 for m in charts.months[:-1])  # the 2025-03 bill is 13 months back
    assert sum(b.amount for b in charts.buckets) == aging.totals["balance"] == D("386.00")
    assert [b.amount for b in charts.buckets if b.amount] == [D("296.00"), D("90.00")]


def test_month_arithmetic() -> None:
    assert first_of_month_before(date(2026, 1, 31), 1) == date(2025, 12, 1)
    assert first_of_month_before(date(2026, 3, 15), 11) == date(2025, 4, 1)
    assert first_of_month_before(date(2026, 3, 15), 0) == date(2026, 3, 1)
