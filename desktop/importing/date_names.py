"""The date orders by the names a user gives them: kept apart (no imports) so the command
line can build ``--date-order`` without loading the importer."""

from __future__ import annotations

#: each order (``values.DateOrder``): its ``--date-order`` name, and how it reads out
CLI_NAMES: dict[str, tuple[str, str, str]] = {
    "day_first": ("dmy", "日-月-年", "day-month-year"),
    "month_first": ("mdy", "月-日-年", "month-day-year"),
    "year_first": ("ymd", "年-月-日", "year-month-day"),
}
