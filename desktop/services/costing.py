"""The moving-average cost rules, in one place.

Every writer of stock (the posting service, the bulk importer, the demo generator, the
import undo and, later, the server) values a move and moves the stock position with these
functions, and every reader (the stock screen, ``zhangfang stock``, reports) reads the
average the posting module stored next to the position (``stock_balance.avg_cost``) — no
reader computes it again.

The rules:

* The average of a position is its value divided by its quantity, to 6 decimals, when that
  is positive. While stock is negative both are negative, so the last average holds. A
  position with no quantity, or whose value says nothing sensible, has no average; the
  product's own cost price stands in (:func:`moving_average`, ``AVG_COST_SQL``).
* An outgoing move (or an incoming one without a cost: a return of sold goods, a stocktake
  gain) is valued at the average; an incoming move with a cost (a purchase) at that cost.
* The position's value moves by quantity × cost, kept to 1/10,000 yuan; at zero stock it
  is zero (what is left is rounding, not goods).
* A move taken back (a reversal negates a document's moves at their own costs) walks the
  value back to what it was before the move, not a rounding unit off (:func:`take_back`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from desktop.money import PRICE_SCALE, ZERO, Column, quantize, round_money
from desktop.services import validate

#: decimals of the stored stock value
VALUE_SCALE = 4

#: a stock position's value, the one column a sum of moves fills rather than a typed value:
#: below 10¹³ yuan, so it and the totals of it stay far inside SQLite's integers
STOCK_VALUE = Column("stock_value", VALUE_SCALE, Decimal(10) ** 13)

#: the average cost as the list screens read it: the stored average, or the product's cost
#: price when the position has none (``sb``: stock_balance, ``pr``: product)
AVG_COST_SQL = "COALESCE(sb.avg_cost, pr.cost_price)"


def position_average(qty: Decimal, value: Decimal) -> Decimal | None:
    """The average cost a position defines, or None when it defines none."""
    if qty == 0:
        return None
    avg = value / qty
    return quantize(avg, PRICE_SCALE) if avg > 0 else None


def moving_average(qty: Decimal, value: Decimal, fallback: Decimal) -> Decimal:
    """The cost an outgoing move is valued at: the position's average, else ``fallback``
    (the product's cost price)."""
    avg = position_average(qty, value)
    return fallback if avg is None else avg


def net_unit_cost(net_amount: Decimal, base_qty: Decimal) -> Decimal:
    """What goods bought cost per base unit: the line's amount net of tax and discount."""
    return quantize(net_amount / base_qty, PRICE_SCALE) if base_qty else ZERO


def stored_average(avg_cost: Decimal | None, cost_price: Decimal) -> Decimal:
    """The average cost as read from a stored position (``AVG_COST_SQL`` in Python)."""
    return cost_price if avg_cost is None else avg_cost


def stock_value(value: Decimal) -> Decimal:
    """A position's value as shown and totalled: in yuan to the fen (stored to 1/10,000)."""
    return round_money(value)


def move_cost(
    qty: Decimal, value: Decimal, fallback: Decimal, unit_cost: Decimal | None
) -> Decimal:
    """The unit cost a move is valued at: its own cost when it brings one, else the average."""
    return unit_cost if unit_cost is not None else moving_average(qty, value, fallback)


def apply_move(
    qty: Decimal, value: Decimal, move_qty: Decimal, cost: Decimal
) -> tuple[Decimal, Decimal]:
    """The position (quantity, value) after a move of ``move_qty`` valued at ``cost``."""
    new_qty = qty + move_qty
    if new_qty == 0:
        return new_qty, ZERO
    return new_qty, quantize(value + move_qty * cost, VALUE_SCALE)


class Position(Protocol):
    """A product's stock position: the cached row (``StockBalance``) or a simulated one."""

    qty: Decimal
    value: Decimal
    avg_cost: Decimal | None


def post_move(
    position: Position, move_qty: Decimal, unit_cost: Decimal | None, fallback: Decimal
) -> Decimal:
    """Move ``position`` by one stock move and return the unit cost the move is valued at."""
    cost = move_cost(position.qty, position.value, fallback, unit_cost)
    qty, value = apply_move(position.qty, position.value, move_qty, cost)
    if not -STOCK_VALUE.limit < value < STOCK_VALUE.limit:
        validate.fits(value, STOCK_VALUE, "库存金额", "The stock value")
    position.qty, position.value = qty, value
    position.avg_cost = position_average(position.qty, position.value)
    return cost


STEP = Decimal(1).scaleb(-VALUE_SCALE)  # the stored stock value's unit


def value_before(qty: Decimal, value: Decimal, move_qty: Decimal, cost: Decimal) -> Decimal:
    """The stock value before a move of ``move_qty`` at ``cost`` that left (``qty``,
    ``value``): what :func:`apply_move` gives for the negated move, unless that is a unit
    off the value the move started from. Rounding half away from zero is not its own
    inverse: a sale of 2 at 1.333325 takes 9.3333 to 6.6667, and 6.6667 + 2.66665 rounds to
    9.3334. Then the neighbour the move really came from is taken, so moves taken back
    newest first give back the value exactly (unless later documents moved the product
    since, or the stock passed through zero, where the rule drops the value's last
    fraction)."""
    before_qty = qty - move_qty
    if before_qty == 0:
        return ZERO
    _, guess = apply_move(qty, value, -move_qty, cost)
    if qty == 0:
        return guess  # the move ended at zero, where the value is set to zero: no trace left
    for candidate in (guess, guess - STEP, guess + STEP):
        if apply_move(before_qty, candidate, move_qty, cost) == (qty, value):
            return candidate
    return guess


def take_back(position: Position, move_qty: Decimal, cost: Decimal) -> None:
    """Move ``position`` back by an earlier move of ``move_qty`` valued at ``cost`` (its
    reversal: a move of −``move_qty`` at the same cost), to the value it came from."""
    value = value_before(position.qty, position.value, move_qty, cost)
    position.qty, position.value = position.qty - move_qty, value
    position.avg_cost = position_average(position.qty, position.value)
