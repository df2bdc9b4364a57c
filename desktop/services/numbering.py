"""Human document numbers, unique per firm and safe to assign offline.

Format ``{prefix}-{desk}-{yymm}-{n:04d}``, e.g. ``XS-A-2611-0001``: the desk code
makes numbers from different desks distinct without asking a server; gaps are
allowed (a cancelled draft keeps its number).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import DocKind, NumberSeries

PREFIX: dict[str, str] = {
    DocKind.QUOTE: "BJ",
    DocKind.SALES_ORDER: "XD",
    DocKind.DELIVERY: "FH",
    DocKind.SALES_BILL: "XS",
    DocKind.SALES_RETURN: "XT",
    DocKind.PURCHASE_ORDER: "CD",
    DocKind.GOODS_RECEIPT: "RK",
    DocKind.SUPPLIER_BILL: "CG",
    DocKind.PURCHASE_RETURN: "CT",
    DocKind.RECEIPT: "SK",
    DocKind.PAYMENT: "FK",
    DocKind.STOCKTAKE: "PD",
}

DESK_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,3}$")


def validate_desk_code(code: str) -> str:
    code = code.strip().upper()
    if not DESK_CODE.match(code):
        raise ValidationError(
            "bad_desk_code",
            "工作站代码须为 1–4 位大写字母或数字，且以字母开头（如 A、B2）。",
            "A desk code is 1-4 capital letters or digits starting with a letter (A, B2).",
        )
    return code


def next_number(session: Session, kind: str, desk: str, on: date) -> str:
    """Take the next number of ``kind`` for ``desk`` in the month of ``on``."""
    prefix = PREFIX[kind]
    period = on.strftime("%y%m")
    series = session.scalar(
        select(NumberSeries).where(
            NumberSeries.prefix == prefix,
            NumberSeries.desk == desk,
            NumberSeries.period == period,
        )
    )
    if series is None:
        series = NumberSeries(prefix=prefix, desk=desk, period=period, last=0)
        session.add(series)
    series.last += 1
    return f"{prefix}-{desk}-{period}-{series.last:04d}"


_NUMBER = re.compile(r"^([A-Z]+)-([A-Z][A-Z0-9]{0,3})-(\d{4})-(\d+)$")


def observe(session: Session, number: str) -> None:
    """A number made elsewhere (an intent applied again): its series moves past it, so this
    copy of the ledger never hands it out a second time."""
    match = _NUMBER.match(number)
    if match is None:
        return
    prefix, desk, period, n = match.group(1), match.group(2), match.group(3), int(match.group(4))
    series = session.scalar(
        select(NumberSeries).where(
            NumberSeries.prefix == prefix,
            NumberSeries.desk == desk,
            NumberSeries.period == period,
        )
    )
    if series is None:
        session.add(NumberSeries(prefix=prefix, desk=desk, period=period, last=n))
    elif series.last < n:
        series.last = n
