"""The dashboard's charts as plain figures: sales and gross margin for each of the last 12
months, and receivables by aging bucket — read from the margin and aging reports, so the
charts show what those reports show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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
