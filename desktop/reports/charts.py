"""The dashboard's charts as plain figures: sales and gross margin for each of the last 12
months, and receivables by aging bucket — read from the margin and aging reports, so the
charts show what those reports show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from sqlalchemy.orm import Session

from desktop.money import ZERO
from desktop.reports.aging import aging
from desktop.reports.margin import margin
from desktop.reports.table import ReportParams


@dataclass(frozen=True)
class Month:
    #: 2026-03
    key: str
    sales: Decimal  # net of tax
    margin: Decimal


@dataclass(frozen=True)
class Bucket:
    zh: str
    en: str
    amount: Decimal


@dataclass(frozen=True)
class Charts:
    months: list[Month]
    buckets: list[Bucket]


def first_of_month_before(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s."""
    n = day.year * 12 + day.month - 1 - months
    return date(n // 12, n % 12 + 1, 1)


def dashboard_charts(session: Session, today: date, months: int = 12) -> Charts:
    """This month and the ``months - 1`` before it (every month present, none sold: 0),
    and the receivables as of today by bucket."""
    start = first_of_month_before(today, months - 1)
    table = margin(session, ReportParams(date_from=start, date_to=today, by="none",
                                         period="month"))  # fmt: skip
    found = {r.cells["period"]: r.cells for r in table.rows}
    keys = [f"{d:%Y-%m}" for d in (first_of_month_before(today, k) for k in range(months))]
    out = [
        Month(k, found.get(k, {}).get("net_ex_tax", ZERO), found.get(k, {}).get("margin", ZERO))
        for k in reversed(keys)
    ]
    ages = aging(session, ReportParams(as_of=today))
    totals = ages.totals
    buckets = [
        Bucket(c.zh, c.en, Decimal(totals.get(c.key, ZERO)))
        for c in ages.columns
        if c.key.startswith("b") and c.key[1:].isdigit()
    ]
    return Charts(out, buckets)


#: a money axis's units by language, largest first: a unit is used once the biggest figure
#: reaches it (1.2万 reads better than 12,000; 3,500 元 better than 0.35万)
UNITS = {
    "zh": ((Decimal(10) ** 8, "亿元"), (Decimal(10000), "万元"), (Decimal(1), "元")),
    "en": ((Decimal(10) ** 6, "million ¥"), (Decimal(1000), "thousand ¥"), (Decimal(1), "¥")),
}
#: a negative figure smaller than this share of the axis's top is drawn on the zero line
#: rather than opening a whole step below it (a margin of −3 元 beside sales of 50万)
NEGLIGIBLE = Decimal("0.05")


@dataclass(frozen=True)
class Axis:
    """A value axis for the figures a chart is given, in ``unit``: it starts at 0 (below
    only for a real negative), ends on a tick, and its ``ticks`` are ``step`` apart."""

    divisor: Decimal
    unit: str
    low: Decimal
    high: Decimal
    step: Decimal

    @property
    def ticks(self) -> int:
        return int((self.high - self.low) / self.step) + 1

    @property
    def decimals(self) -> int:
        """Places the tick labels need (0 for 0, 50, 100; 1 for 0, 0.5, 1)."""
        return max(0, -self.step.normalize().as_tuple().exponent)  # type: ignore[operator]


def _nice_step(span: Decimal, most: int) -> Decimal:
    """The smallest 1, 2 or 5 × 10ⁿ that covers ``span`` in at most ``most`` steps."""
    raw = span / most
    power = Decimal(10) ** raw.adjusted()
    for k in (1, 2, 5, 10):
        if k * power >= raw:
            return k * power
    return 10 * power  # pragma: no cover - 10 × power always covers raw


def money_axis(values: list[Decimal], lang: str = "zh", most_steps: int = 4) -> Axis:
    """The axis for these money figures: 0 to a round top in 元, 万元 or 亿元 by their size
    (¥, thousand, million in English); nothing (or all zero) gives 0 to 1 元."""
    top = max((v for v in values if v > 0), default=Decimal(0))
    bottom = min((v for v in values if v < 0), default=Decimal(0))
    biggest = max(top, -bottom)
    units = UNITS["zh" if lang == "zh" else "en"]
    divisor, unit = next((u for u in units if biggest >= u[0]), units[-1])
    top, bottom = top / divisor, bottom / divisor
    if -bottom < NEGLIGIBLE * top:
        bottom = Decimal(0)
    step = _nice_step(top - bottom, most_steps) if top > bottom else Decimal(1)
    high = (top / step).to_integral_value(ROUND_CEILING) * step
    if high == 0 and bottom == 0:
        high = step
    low = (bottom / step).to_integral_value(ROUND_FLOOR) * step
    return Axis(divisor, unit, low.normalize() + 0, high.normalize() + 0, step.normalize())
