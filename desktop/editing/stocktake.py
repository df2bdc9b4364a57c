"""A stocktake sheet (盘点表): the products in scope with their book stock today, the
counts (scanned one unit at a time, or typed), and the differences and counts to post.

Partial counts are the default: only the products counted are adjusted, the rest left
alone; ``uncounted_zero`` makes every product in scope that was not counted count as none.
Posting is ``services.stock.stocktake``'s (one adjustment per product that differs).
Plain Python: the stocktake window only shows it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.editing.counting import Difference, ScanCount
from desktop.editing.scan import ScanFound
from desktop.models import Product

#: the scope that takes every product
ALL = ""


@dataclass(frozen=True)
class SheetRow:
    """One product on the sheet; ``book`` is its stock today, in base units."""

    product_id: uuid.UUID
    code: str
    name: str
    unit: str
    book: Decimal
    #: False for a product scanned that the chosen scope does not hold (counted all the same)
    in_scope: bool = True


@dataclass
class StocktakeSheet:
    rows: list[SheetRow] = field(default_factory=list)
    count: ScanCount = field(default_factory=ScanCount)

    def __post_init__(self) -> None:
        self._at = {row.product_id: i for i, row in enumerate(self.rows)}

    def row_of(self, product_id: uuid.UUID) -> int | None:
        return self._at.get(product_id)

    def add_row(self, row: SheetRow) -> int:
        """A product outside the scope, scanned or chosen: on the sheet from now on."""
        at = self._at.get(row.product_id)
        if at is None:
            self.rows.append(row)
            at = self._at[row.product_id] = len(self.rows) - 1
        return at

    def scan(self, found: ScanFound, factor: Decimal) -> Decimal:
        """One scanned unit (``factor`` base units) of a product on the sheet: its count."""
        return self.count.add(found, factor)

    def type_count(self, product_id: uuid.UUID, qty: Decimal | None) -> None:
        """A count typed over what was scanned; None takes the product's count back."""
        if qty is None:
            self.count.counted.pop(product_id, None)
        else:
            self.count.counted[product_id] = qty

    def counted(self, product_id: uuid.UUID) -> Decimal | None:
        return self.count.counted.get(product_id)

    def _expected(self, uncounted_zero: bool) -> dict[uuid.UUID, Decimal]:
        return {
            r.product_id: r.book
            for r in self.rows
            if r.product_id in self.count.counted or (uncounted_zero and r.in_scope)
        }

    def differences(self, uncounted_zero: bool = False) -> list[Difference]:
        """Each product whose count differs from its book stock (base units), short ones
        first: of the counted products, or of every product in scope."""
        return self.count.differences(self._expected(uncounted_zero))

    def to_post(self, uncounted_zero: bool = False) -> dict[uuid.UUID | str, Decimal | str]:
        """The counts ``services.stock.stocktake`` takes: those counted, and a zero for
        each product in scope not counted when ``uncounted_zero``."""
        counts: dict[uuid.UUID | str, Decimal | str] = dict(self.count.stocktake_counts())
        if uncounted_zero:
            for r in self.rows:
                if r.in_scope and r.product_id not in self.count.counted:
                    counts[r.product_id] = Decimal(0)
        return counts


def categories(session: Session) -> list[str]:
    """The categories the active products are filed under, for choosing a scope."""
    query = (
        select(Product.category)
        .where(Product.archived.is_(False), Product.category != "")
        .distinct()
        .order_by(Product.category)
    )
    return list(session.scalars(query))


def load_sheet(session: Session, category: str = ALL) -> StocktakeSheet:
    """The active products of ``category`` (every one for ``ALL``) with their book stock."""
    from desktop.services.stock import stock_list

    rows = [
        SheetRow(r.product.id, r.product.code, r.product.name, r.product.base_unit, r.qty)
        for r in stock_list(session)
        if category == ALL or r.product.category == category
    ]
    return StocktakeSheet(rows)


def outside_row(session: Session, product_id: uuid.UUID) -> SheetRow:
    """The sheet row of a product the scope does not hold, with its book stock."""
    from desktop.services.stock import on_hand

    product = session.get(Product, product_id)
    assert product is not None
    return SheetRow(
        product.id,
        product.code,
        product.name,
        product.base_unit,
        on_hand(session, product.id),
        in_scope=False,
    )


def scan_factor(session: Session, found: ScanFound) -> Decimal:
    """Base units in one of the unit a scanned code belongs to (a carton: 24)."""
    from desktop.services.products import unit_factor

    product = session.get(Product, found.product_id)
    assert product is not None
    return unit_factor(product, found.unit)[1]
