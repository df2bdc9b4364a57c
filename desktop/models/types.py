"""Column types that keep money and quantities exact in SQLite.

SQLAlchemy's ``Numeric`` goes through float on SQLite, so amounts are stored as
scaled integers: ``12.34`` yuan at scale 2 is the integer ``1234``. A value with
more decimals than its column holds is rejected, never silently rounded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from desktop.money import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, RATE_SCALE, from_scaled, to_scaled


class ScaledDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` stored as an integer count of ``10**-scale`` units."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value)) if not isinstance(value, int) else Decimal(value)
        return to_scaled(value, self.scale)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return from_scaled(value, self.scale)


def Money() -> ScaledDecimal:
    return ScaledDecimal(MONEY_SCALE)


def Price() -> ScaledDecimal:
    return ScaledDecimal(PRICE_SCALE)


def Qty() -> ScaledDecimal:
    return ScaledDecimal(QTY_SCALE)


def Rate() -> ScaledDecimal:
    return ScaledDecimal(RATE_SCALE)
