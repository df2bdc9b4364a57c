"""The order of day, month and year in a date column, settled from the whole column.

A text date such as 04-30-22 reads one way only (30 cannot be a month, nor 2004-30-22 a
date), but on its own 04-05-22 could be any of three. So the order is decided once per
column, from every value that needs one: the orders under which all of them are real dates.
One order left: it is used for the whole column, 04-05-22 included. Several: the file
cannot tell — the window asks, the command line takes ``--date-order dmy|mdy|ymd`` and says
so in one line. None: the column is not dates in any one order, and each bad value is
reported on its own row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.importing.date_names import CLI_NAMES
from desktop.importing.errors import ImportFileError
from desktop.importing.header import DataRow
from desktop.importing.mapping import Mapping
from desktop.importing.rows import FieldSpec
from desktop.importing.values import DateOrder, ValueProblem, detect_date_order, parse_date

#: how many rows of a column are looked at (a streamed file: the rows read so far)
SAMPLE_ROWS = 20_000


def needing_order(values: Iterable[Any]) -> list[str]:
    """The distinct text values that read as a date only once an order is chosen."""
    out = []
    for value in {v for v in values if isinstance(v, str)}:
        try:
            parse_date(value)
        except ValueProblem:
            if detect_date_order([value]):
                out.append(value)
    return out


def orders_fitting(values: Iterable[Any]) -> list[DateOrder]:
    """The orders under which every value of the column that needs one is a date (empty
    when no value needs one)."""
    needing = needing_order(values)
    return detect_date_order(needing) if needing else []


def date_columns(mapping: Mapping, fields: tuple[FieldSpec, ...]) -> list[tuple[str, int]]:
    return [
        (f.name, mapping.fields[f.name])
        for f in fields
        if f.type == "date" and f.name in mapping.fields
    ]


def settle(
    rows: Sequence[DataRow],
    mapping: Mapping,
    fields: tuple[FieldSpec, ...],
    chosen: str | None = None,
    *,
    refuse: bool = True,
) -> str | None:
    """The order to read the date columns in: ``chosen`` when the user gave one, else the
    one order the columns allow (None when none or no value needs one). When several fit,
    raise a plain ImportFileError naming ``--date-order`` (``refuse``), or return None (the
    window, which asks the user, leaves the rows to say it)."""
    if chosen:
        return chosen
    sample = rows[:SAMPLE_ROWS]
    for _name, col in date_columns(mapping, fields):
        fitting = orders_fitting(r.get(col) for r in sample)
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1 and refuse:
            header = mapping.headers[col] if col < len(mapping.headers) else ""
            example = sorted(needing_order(r.get(col) for r in sample))[0]
            names = [CLI_NAMES[order] for order in fitting]
            zh = "或".join(f"--date-order {code}（{z}）" for code, z, _e in names)
            en = " or ".join(f"--date-order {code} ({e})" for code, _z, e in names)
            raise ImportFileError(
                "date_order",
                f"日期列“{header}”的年、月、日顺序无法从数据判断（如 {example}）。请用 {zh} 指定。",
                f"The order of day, month and year in the date column '{header}' cannot be "
                f"told from the data (e.g. {example}); give it with {en}.",
            )
    return None
