"""Exact money, quantities and the one rounding policy.

Policy (written down once, used everywhere):

* Money is ``Decimal``; never ``float``. Amounts are kept to the fen (0.01).
* Unit prices keep up to 6 decimals, quantities up to 4, rates (tax, discount)
  up to 6.
* Rounding is commercial half-up (四舍五入) to the fen, applied **per line**:
  ``amount = round(qty × price × (1 − discount))``. When prices include tax
  (the default in Chinese B2B quoting) ``net = round(amount / (1 + rate))`` and
  ``tax = amount − net``; otherwise ``tax = round(net × rate)`` and
  ``total = net + tax``. Document totals are sums of line figures, so a
  document always reconciles to the fen with its lines.
* Storage is exact: scaled integers (see ``desktop.models.types``).
* Each stored column kind has one limit (:data:`QTY`, :data:`PRICE`, :data:`MONEY`): a value
  with more decimals or a larger magnitude is refused (``validate.fits``), never rounded or
  overflowed. The limits keep every stored integer, and the sums the reports take of them,
  far inside SQLite's 64-bit range: a quantity below 10⁹, a unit price or cost below 10⁹
  yuan, an amount (a line, a payment, a credit limit, an opening balance) below 10¹² yuan.
  A line's quantity in base units and its amount are checked too (``validate.line_fits``),
  and a stock position's value, a sum of moves, stays below 10¹³ (``costing.STOCK_VALUE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0")
MONEY_SCALE = 2
PRICE_SCALE = 6
QTY_SCALE = 4
RATE_SCALE = 6


@dataclass(frozen=True)
class Column:
    """A stored column kind: its decimals and the magnitude its values stay below."""

    name: str
    scale: int
    limit: Decimal


QTY = Column("qty", QTY_SCALE, Decimal(10) ** 9)
PRICE = Column("price", PRICE_SCALE, Decimal(10) ** 9)
MONEY = Column("money", MONEY_SCALE, Decimal(10) ** 12)
RATE = Column("rate", RATE_SCALE, Decimal(1))


def to_decimal(value: object) -> Decimal:
    """Convert text, int or Decimal to Decimal; floats only through their text form."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    raise TypeError(f"cannot use {type(value).__name__} as a number")


def from_scaled(value: int, scale: int) -> Decimal:
    """A stored scaled integer as a Decimal (money ×10², quantities ×10⁴, prices ×10⁶)."""
    return Decimal(int(value)).scaleb(-scale)


def to_scaled(value: Decimal, scale: int) -> int:
    """A Decimal as the scaled integer it is stored as; refuses what would need rounding."""
    scaled = value.scaleb(scale)
    integral = scaled.to_integral_value()
    if scaled != integral:
        raise ValueError(f"{value} has more than {scale} decimals")
    return int(integral)


def round_money(value: Decimal) -> Decimal:
    """Half-up to the fen."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def quantize(value: Decimal, scale: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)


def fmt_money(value: Decimal) -> str:
    """Two decimals with thousands separators: 12,345.60."""
    return f"{round_money(value):,.2f}"


def fmt_qty(value: Decimal) -> str:
    """A quantity without trailing zeros: 24, 1.5."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class LineAmounts:
    """The exact figures of one document line."""

    net: Decimal
    tax: Decimal
    total: Decimal
    discount: Decimal


def line_amounts(
    qty: Decimal,
    unit_price: Decimal,
    tax_rate: Decimal,
    discount_rate: Decimal = ZERO,
    prices_include_tax: bool = True,
) -> LineAmounts:
    """Apply the rounding policy to one line (see module docstring)."""
    gross = qty * unit_price
    amount = round_money(gross * (1 - discount_rate))
    discount = round_money(gross) - amount
    if prices_include_tax:
        net = round_money(amount / (1 + tax_rate))
        return LineAmounts(net=net, tax=amount - net, total=amount, discount=discount)
    tax = round_money(amount * tax_rate)
    return LineAmounts(net=amount, tax=tax, total=amount + tax, discount=discount)


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (denominator > 0) rounded half away from zero, as ROUND_HALF_UP."""
    q = (2 * abs(numerator) + denominator) // (2 * denominator)
    return q if numerator >= 0 else -q


def line_cents(qty4: int, price6: int, rate6: int) -> tuple[int, int, int]:
    """:func:`line_amounts` (prices including tax, no discount) on scaled integers.

    ``qty4`` is the quantity × 10⁴, ``price6`` the unit price × 10⁶, ``rate6`` the tax rate
    × 10⁶; returns (net, tax, total) in fen. Integer arithmetic is exact, so the figures are
    the Decimal ones (a property test compares them); bulk imports use this to avoid
    Decimal arithmetic on every line.
    """
    total = _half_up(qty4 * price6, 10**8)
    net = _half_up(total * 10**6, 10**6 + rate6)
    return net, total - net, total
