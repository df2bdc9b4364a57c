"""What the reports share: the period asked for, the statuses that count, the dimensions
a report is cut by, and reading scaled integers back as exact amounts."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.codes import DocStatus
from desktop.errors import ValidationError
from desktop.money import MONEY_SCALE, from_scaled
from desktop.reports.table import ReportColumn, ReportParams
from desktop.services.flow_kinds import COUNTED

#: documents whose lines are business done: posted (a reversed original and its red
#: reversal net out) and history bills imported as closed (no balance effect, still sales)
DONE_STATUSES = (*COUNTED, DocStatus.CLOSED)
DONE_SQL = "(" + ", ".join(f"'{s}'" for s in DONE_STATUSES) + ")"

PERIODS = ("day", "month", "quarter", "year")


def money(value: int | None) -> Decimal:
    """A sum of a money column (fen) as yuan."""
    return from_scaled(int(value or 0), MONEY_SCALE)


def scaled(value: int | None, scale: int) -> Decimal:
    return from_scaled(int(value or 0), scale)


def rows(session: Session, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of a report's query as plain tuples, straight from the driver's cursor on
    the session's connection (its transaction and snapshot): a report reads tens of
    thousands of rows, and building a result object per row cost as much as the query."""
    bound = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    raw = session.connection().connection.driver_connection
    if raw is None:  # pragma: no cover - a pooled connection always has its driver's
        return [tuple(r) for r in session.execute(text(sql), bound)]
    return raw.execute(sql, bound).fetchall()


def period_of(params: ReportParams, default_days: int = 30) -> tuple[date, date]:
    """The period asked for: --from/--to, else the month of --as-of (or today)."""
    end = params.date_to or params.as_of or date.today()
    start = params.date_from or end.replace(day=1)
    if params.date_from and not params.date_to:
        end = max(start, params.as_of or date.today())
    if start > end:
        raise ValidationError(
            "bad_period",
            f"开始日期 {start} 晚于结束日期 {end}。",
            f"The start date {start} is after the end date {end}.",
        )
    return start, end


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The same number of days just before; a whole month before a whole month."""
    if (
        start.day == 1
        and end == _month_end(end)
        and (start.year, start.month)
        <= (
            end.year,
            end.month,
        )
    ):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        prev_end = start - timedelta(days=1)
        y, m = prev_end.year, prev_end.month - months + 1
        while m < 1:
            y, m = y - 1, m + 12
        return date(y, m, 1), prev_end
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def last_year(day: date) -> date:
    """The same day a year earlier (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_sql(period: str | None, column: str) -> str:
    """SQL giving the period a stored ISO date falls in: 2026-03-05, 2026-03, 2026-Q1, 2026."""
    if period is None:
        return "''"
    if period == "day":
        return column
    if period == "month":
        return f"substr({column}, 1, 7)"
    if period == "quarter":
        return (
            f"substr({column}, 1, 4) || '-Q' || ((CAST(substr({column}, 6, 2) AS INTEGER) + 2) / 3)"
        )
    if period == "year":
        return f"substr({column}, 1, 4)"
    raise bad_choice("period", period, PERIODS)


def period_key(day: date, period: str | None) -> str:
    """The period key of a day, as :func:`period_sql` gives it."""
    if period is None:
        return ""
    iso = day.isoformat()
    if period == "day":
        return iso
    if period == "month":
        return iso[:7]
    if period == "quarter":
        return f"{iso[:4]}-Q{(day.month + 2) // 3}"
    return iso[:4]


def period_a_year_later(key: str) -> str:
    """The period key a year after ``key`` (last year's row lands beside this year's)."""
    if not key:
        return key
    return str(int(key[:4]) + 1) + key[4:]


def period_bounds(key: str, start: date, end: date) -> tuple[date, date]:
    """The dates a period key covers, cut to the report's period (for drilling down)."""
    if not key:
        return start, end
    year = int(key[:4])
    if len(key) == 4:
        lo, hi = date(year, 1, 1), date(year, 12, 31)
    elif "Q" in key:
        q = int(key[-1])
        lo = date(year, 3 * q - 2, 1)
        hi = _month_end(date(year, 3 * q, 1))
    elif len(key) == 7:
        lo = date(year, int(key[5:7]), 1)
        hi = _month_end(lo)
    else:
        lo = hi = date.fromisoformat(key)
    return max(lo, start), min(hi, end)


def bad_choice(what: str, value: object, choices: tuple[str, ...]) -> ValidationError:
    listed = ", ".join(choices)
    return ValidationError(
        f"bad_{what}",
        f"不认识的{_WHAT_ZH.get(what, what)}：{value}（可选：{listed}）。",
        f"Unknown {what}: {value} (one of: {listed}).",
    )


_WHAT_ZH = {"by": "分组方式", "period": "期间", "report": "报表"}


@dataclass(frozen=True)
class Dimension:
    """A way to cut a report: the SQL key per line and the code/name it shows."""

    name: str
    zh: str
    en: str
    #: SQL over aliases d (document), l (document_line), pa (party), pr (product)
    key_sql: str
    code_sql: str
    name_sql: str


DIMENSIONS = {
    "customer": Dimension("customer", "客户", "Customer", "d.party_id", "pa.code", "pa.name"),
    "supplier": Dimension("supplier", "供应商", "Supplier", "d.party_id", "pa.code", "pa.name"),
    "product": Dimension("product", "商品", "Product", "l.product_id", "pr.code", "pr.name"),
    "category": Dimension("category", "类别", "Category", "pr.category", "''", "pr.category"),
    "salesperson": Dimension(
        "salesperson",
        "业务员",
        "Salesperson",
        "COALESCE(NULLIF(d.salesperson, ''), pa.salesperson, '')",
        "''",
        "COALESCE(NULLIF(d.salesperson, ''), pa.salesperson, '')",
    ),
    #: the region is read from the party's address (``reports.region``), grouped in Python
    "region": Dimension("region", "地区", "Region", "d.party_id", "pa.code", "pa.name"),
}


def dimension(by: str | None, allowed: tuple[str, ...]) -> Dimension | None:
    if by is None or by == "none":
        return None
    if by not in allowed:
        raise bad_choice("by", by, allowed)
    return DIMENSIONS[by]


def key_columns(dim: Dimension | None, period: str | None) -> list[ReportColumn]:
    """The leading columns naming a row: period, then the dimension's code and name."""
    cols = []
    if period:
        cols.append(ReportColumn("period", "期间", "Period", "code"))
    if dim is not None:
        if dim.code_sql != "''" and dim.name != "region":
            cols.append(ReportColumn("code", "编码", "Code", "code"))
        cols.append(ReportColumn("name", dim.zh, dim.en))
    return cols


def id_of(stored: str) -> uuid.UUID:
    """A stored id (32 hex digits, as the ledger keeps them) as a UUID, made without the
    checks ``uuid.UUID(text)`` runs on typed input: a report makes one per row."""
    made = object.__new__(uuid.UUID)
    object.__setattr__(made, "int", int(stored, 16))
    object.__setattr__(made, "is_safe", uuid.SafeUUID.unknown)
    return made


def as_uuid(value: object) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole to four decimals (a rate: 0.1234 is 12.34 %), None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))
