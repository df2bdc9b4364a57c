"""Scan-to-count (扫码清点) for a goods receipt or a stocktake: each scan adds one of the
unit its barcode belongs to; the running count per product is kept in base units, and the
differences against what was expected (the order's quantities, the book stock) are listed
before anything is posted. Plain Python: the window only shows it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop.editing.scan import ScanFound


@dataclass(frozen=True)
class Difference:
    """One product whose count is not what was expected (base units)."""

    product_id: uuid.UUID
    expected: Decimal
    counted: Decimal

    @property
    def diff(self) -> Decimal:
        return self.counted - self.expected


@dataclass
class ScanCount:
    """Counts per product in base units; ``factors`` are each scanned unit's base units."""

    counted: dict[uuid.UUID, Decimal] = field(default_factory=dict)
    names: dict[uuid.UUID, str] = field(default_factory=dict)

    def add(self, found: ScanFound, factor: Decimal) -> Decimal:
        """One scan of a found product (``factor`` base units per scanned unit): the
        product's running count. An archived or unknown code is the caller's to say."""
        if found.outcome != "found" or found.product_id is None:
            raise ValueError(f"not a product to count: {found.code}")
        total = self.counted.get(found.product_id, Decimal(0)) + factor
        self.counted[found.product_id] = total
        self.names[found.product_id] = found.name
        return total

    def differences(self, expected: Mapping[uuid.UUID, Decimal]) -> list[Difference]:
        """Every product counted or expected whose count differs, short ones first."""
        out = [
            Difference(pid, expected.get(pid, Decimal(0)), self.counted.get(pid, Decimal(0)))
            for pid in {*expected, *self.counted}
        ]
        return sorted((d for d in out if d.diff), key=lambda d: (d.diff, str(d.product_id)))

    def stocktake_counts(self) -> dict[uuid.UUID | str, Decimal | str]:
        """The counts as ``services.stock.stocktake`` takes them."""
        return dict(self.counted.items())


def receipt_row(rows: Sequence[Mapping[str, Any]], found: ScanFound) -> int | None:
    """The order line (a receive dialog's row) a scan counts for: the same product in the
    same unit, the first with some left to receive, else the first at all; None when the
    order has no such line."""
    same = [
        i
        for i, row in enumerate(rows)
        if found.outcome == "found"
        and row.get("product_id") == found.product_id
        and row["unit"] == found.unit
    ]
    open_rows = [i for i in same if rows[i]["left"] > 0]
    chosen = open_rows or same
    return chosen[0] if chosen else None


def receipt_differences(
    rows: Sequence[Mapping[str, Any]], counted: Mapping[int, Decimal]
) -> list[tuple[str, str, Decimal]]:
    """(name, unit, counted - left) of each line whose count is not what is left to
    receive: negative is short, positive more than ordered."""
    out = []
    for i, row in enumerate(rows):
        diff = counted.get(i, Decimal(0)) - row["left"]
        if diff:
            out.append((row["name"], row["unit"], diff))
    return out
