"""The dashboard's chart figures on the golden ledger: March 2026 sales net of tax
200 + 200 + 90 − 50 = 440.00, cost 30×2 + 2×100 + 1×100 = 360.00 → margin 80.00; receivables
as of 03-31 386.00 (甲 296.00 not yet due, 乙 90.00 eleven days over)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.reports import ReportParams, run
from desktop.reports.charts import dashboard_charts, first_of_month_before, money_axis
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


def _axis(*figures: str, lang: str = "zh") -> tuple[str, Decimal, Decimal, Decimal, int]:
    a = money_axis([Decimal(x) for x in figures], lang)
    return a.unit, a.low, a.high, a.step, a.ticks


def test_the_axis_starts_at_zero_and_ends_on_a_round_tick() -> None:
    # nothing, or all zero: 0 to 1 元 — never −1
    assert _axis() == _axis("0", "0") == ("元", 0, 1, 1, 2)
    # the golden March: sales 440, margin 80 → 0..600 元 in steps of 200
    assert _axis("440.00", "80.00") == ("元", 0, 600, 200, 4)
    # a few yuan: decimals on the ticks, not 0, 0, 1
    a = money_axis([Decimal("0.50")])
    assert (a.low, a.high, a.step, a.decimals) == (0, Decimal("0.6"), Decimal("0.2"), 1)
    # large figures in 万 (亿 when larger still); English in thousands / millions
    assert _axis("123456.78") == ("万元", 0, 15, 5, 4)
    assert _axis("2500000000") == ("亿元", 0, 30, 10, 4)
    assert _axis("123456.78", lang="en") == ("thousand ¥", 0, 150, 50, 4)
    assert _axis("9999") == ("元", 0, 10000, 5000, 3)


def test_a_negative_figure_goes_below_zero_only_when_it_shows() -> None:
    # −3 元 of margin beside 50万 of sales: drawn on the zero line, not a step below it
    assert _axis("500000", "-3") == ("万元", 0, 60, 20, 4)
    # a real loss: whole steps below zero, zero itself a tick
    unit, low, high, step, ticks = _axis("12000", "-20000")
    assert (unit, low, high, step) == ("万元", -2, 2, 1) and ticks == 5
    assert (0 - low) % step == 0
    # only losses: the axis ends at 0
    assert _axis("-80") == ("元", -80, 0, 20, 5)


def test_every_figure_fits_and_the_ticks_are_few() -> None:
    for figures in (["1"], ["7", "3"], ["99.99"], ["101"], ["31415.9", "-2718"], ["0.01"]):
        a = money_axis([Decimal(x) for x in figures])
        scaled = [Decimal(x) / a.divisor for x in figures]
        assert a.low <= 0 <= a.high and 2 <= a.ticks <= 6
        assert all(v <= a.high for v in scaled)
        assert all(v >= a.low for v in scaled if v / a.high < -Decimal("0.05"))
