"""One line of a document being edited: what was typed, the figures it makes, and how a
product, a quantity or a new party sets its price.

The editor's table model holds a list of these and only turns them into cells; the rules
(which numbers are accepted, where a price comes from) live here, where they are typed and
tested without Qt."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from desktop.editing.catalog import Catalog, ProductInfo
from desktop.money import PRICE, QTY, ZERO, LineAmounts, line_amounts
from desktop.services import validate

if TYPE_CHECKING:
    from desktop.services.documents import LineInput

HUNDRED = Decimal(100)


@dataclass
class LineItem:
    """A line as typed; discount and tax are percent (what the user sees), not rates."""

    product: ProductInfo | None = None
    unit: str = ""
    qty: Decimal | None = None
    price: Decimal | None = None  # per ``unit``
    price_source: str = ""
    manual_price: bool = False
    discount: Decimal = ZERO  # percent
    tax: Decimal = ZERO  # percent
    last: Decimal | None = None  # last price to this party, per base unit
    source_line_id: uuid.UUID | None = None

    @property
    def factor(self) -> Decimal:
        return self.product.factor(self.unit) if self.product else Decimal(1)

    def amounts(self, prices_include_tax: bool) -> LineAmounts | None:
        if self.product is None or self.qty is None or self.price is None:
            return None
        return line_amounts(
            self.qty, self.price, self.tax / HUNDRED, self.discount / HUNDRED, prices_include_tax
        )


def parse_number(text: str) -> Decimal | None:
    """A number as people type it (thousands commas, full-width comma, a trailing %); None
    when empty; ValueError when it is not a finite number."""
    text = text.strip().replace(",", "").replace("，", "").rstrip("%")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def parse_qty(text: str) -> Decimal:
    """A quantity: any number but zero (negative lines are returns) that a quantity column
    holds (``validate.fits`` raises ValidationError with its words)."""
    number = parse_number(text)
    if number is None or number == 0:
        raise ValueError(text)
    return validate.fits(number, QTY, "数量", "Quantity")


def parse_price(text: str) -> Decimal:
    """A unit price: zero (a free line) or more, that a price column holds."""
    number = parse_number(text)
    if number is None or number < 0:
        raise ValueError(text)
    return validate.fits(number, PRICE, "单价", "Unit price")


def parse_percent(text: str) -> Decimal:
    """A discount or tax percent: empty is 0; from 0 up to, not including, 100."""
    number = parse_number(text) or ZERO
    if not ZERO <= number < HUNDRED:
        raise ValueError(text)
    return number


def totals(items: Iterable[LineItem], prices_include_tax: bool) -> tuple[Decimal, Decimal, Decimal]:
    """(net, tax, total) of the lines that are complete enough to have figures."""
    net = tax = total = ZERO
    for item in items:
        got = item.amounts(prices_include_tax)
        if got:
            net, tax, total = net + got.net, tax + got.tax, total + got.total
    return net, tax, total


def reprice(item: LineItem, catalog: Catalog, party_id: uuid.UUID | None, kind: str) -> None:
    """Ask the catalog for this line's price; a price typed by hand is kept, the last price
    to the party is refreshed either way."""
    assert item.product is not None
    base_qty = (item.qty or Decimal(1)) * item.factor
    price, source, last = catalog.suggest(item.product.id, party_id, abs(base_qty), kind)
    item.last = last
    if not item.manual_price:
        item.price = (price * item.factor).normalize()
        item.price_source = source


def take_product(item: LineItem, info: ProductInfo, default_tax: Decimal) -> None:
    """A product chosen for the line: its base unit, and its own tax percent or the firm's
    (``default_tax``, percent); the price is left to :func:`reprice`."""
    item.product = info
    item.unit = info.base_unit
    item.manual_price = False
    item.tax = info.tax_rate * HUNDRED if info.tax_rate is not None else default_tax


def incomplete(items: Iterable[LineItem]) -> tuple[int, str] | None:
    """The first line with a product but no "qty" or no "price", numbered from 1 among the
    lines with a product (as the editor counts them); None when every such line is whole."""
    filled = (i for i in items if i.product is not None)
    for n, item in enumerate(filled, start=1):
        if item.qty is None:
            return n, "qty"
        if item.price is None:
            return n, "price"
    return None


def line_inputs(items: Iterable[LineItem]) -> list[LineInput]:
    """The lines as the documents service takes them (percent back to rates); lines without
    a product or a quantity are left out."""
    from desktop.services.documents import LineInput

    return [
        LineInput(
            product=i.product.id,
            qty=i.qty,
            unit=i.unit,
            unit_price=i.price,
            discount_rate=i.discount / 100,
            tax_rate=i.tax / 100,
            source_line_id=i.source_line_id,
        )
        for i in items
        if i.product is not None and i.qty is not None
    ]
