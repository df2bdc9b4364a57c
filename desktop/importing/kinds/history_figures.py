"""A streamed history line's figures on integers: quantity, price and rate scaled as the
ledger stores them, and the line's net, tax and total in fen (``money.line_cents``).

Lines repeat their quantities, prices and rates, so each distinct value is scaled once and
each (quantity, price, rate) worked out once. A value with more decimals than stored, or a
line beyond the stored columns' limits, gets None: the row path decides it, in the
services' words (``validate.line_fits``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.importing.values import DiscountCell
from desktop.money import MONEY, PRICE, QTY, line_cents

# the stored columns' limits as scaled integers
MAX_FEN = int(MONEY.limit.scaleb(MONEY.scale))
MAX_PRICE6 = int(PRICE.limit.scaleb(PRICE.scale))
MAX_BASE8 = int(QTY.limit.scaleb(2 * QTY.scale))

#: distinct values (and lines) kept at most before a cache starts again
CACHE_LIMIT = 200_000
NOT_YET: Any = object()


class Scaled:
    """The caches of one import: ``lines`` maps (qty, price, rate) to (qty×10⁴, price×10⁶,
    rate×10⁶, net, tax, total in fen) or None; look it up, and call :meth:`line` when it
    is not there yet (a line's lookup stays inline in the importer's loop)."""

    def __init__(self) -> None:
        self._by4: dict[Decimal, int | None] = {}
        self._by6: dict[Decimal, int | None] = {}
        self.lines: dict[tuple[Decimal, Decimal, Decimal], tuple[int, ...] | None] = {}

    def scale4(self, value: Decimal | None) -> int | None:
        return _scale(self._by4, value, 4)

    def scale6(self, value: Decimal | None) -> int | None:
        return _scale(self._by6, value, 6)

    def line(self, qty: Decimal, price: Decimal, rate: Decimal) -> tuple[int, ...] | None:
        """The line's figures, worked out and kept (see the class)."""
        q4, p6, r6 = self.scale4(qty), self.scale6(price), self.scale6(rate)
        found: tuple[int, ...] | None = None
        if q4 is not None and p6 is not None and r6 is not None and r6 > -1_000_000:
            net, tax, total = line_cents(q4, p6, r6)
            if -MAX_FEN < total < MAX_FEN and -MAX_PRICE6 < p6 < MAX_PRICE6:
                found = (q4, p6, r6, net, tax, total)
        if len(self.lines) >= CACHE_LIMIT:
            self.lines.clear()
        self.lines[(qty, price, rate)] = found
        return found


def _scale(cache: dict[Decimal, int | None], value: Decimal | None, places: int) -> int | None:
    """``value`` × 10^places as an int, None when it has more decimals (the row path decides)."""
    if value is None:
        return None
    hit = cache.get(value, NOT_YET)
    if hit is NOT_YET:
        scaled = value.scaleb(places)
        hit = int(scaled) if scaled == scaled.to_integral_value() else None
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[value] = hit
    return hit


def no_discount(cell: DiscountCell) -> bool:
    """A 折扣 cell that takes nothing off whichever way it is read (1 paid, or 0 off)."""
    return (cell.ratio == 1 and cell.paid is not False) or (cell.ratio == 0 and not cell.paid)
