"""Barcode scanning in the lines table: telling a scanner from a typist, and what a scan
does to the lines.

A USB or Bluetooth scanner types the code's characters and Enter within a few milliseconds
each; people take 80 ms or more between keys. So a burst of at least ``min_len``
characters, each (and the Enter) no more than ``max_gap_ms`` after the one before, is a
scan; anything slower is typing and goes where it was typed."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from desktop.editing.catalog import ProductInfo
from desktop.editing.lines import LineItem

if TYPE_CHECKING:
    from desktop.services.ledger import Ledger

DEFAULT_GAP_MS = 30
MIN_LEN = 6


def monotonic_ms() -> float:
    return time.monotonic() * 1000


class ScanDetector:
    """Fed every key the lines table gets; :meth:`key` returns the code on the Enter that
    ends a scan, None otherwise. ``clock`` (milliseconds) is injectable for tests."""

    def __init__(
        self,
        max_gap_ms: float = DEFAULT_GAP_MS,
        min_len: int = MIN_LEN,
        clock: Callable[[], float] = monotonic_ms,
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_len = min_len
        self.clock = clock
        self._chars: list[str] = []
        self._last: float | None = None

    def key(self, text: str, enter: bool = False) -> str | None:
        now = self.clock()
        fast = self._last is not None and now - self._last <= self.max_gap_ms
        self._last = now
        if enter:
            code = "".join(self._chars)
            self._chars = []
            return code if fast and len(code) >= self.min_len else None
        if len(text) == 1 and text.isascii() and text.isprintable() and not text.isspace():
            if not fast:
                self._chars = []  # a pause: a new burst starts with this key
            self._chars.append(text)
        else:
            self._chars = []
        return None


@dataclass(frozen=True)
class ScanFound:
    """What a scanned code names for the editor: ``found`` (product and unit), ``archived``
    (the product's name to say so) or ``unknown``."""

    outcome: Literal["found", "archived", "unknown"]
    code: str
    product_id: uuid.UUID | None = None
    unit: str = ""
    name: str = ""


def look_up(ledger: Ledger, code: str) -> ScanFound:
    """The product and unit of ``code`` (``desktop.barcodes.by_barcode``), as plain data; a
    product's own code in its base unit when no barcode matches (a label printed for a
    product without a barcode carries its code)."""
    from sqlalchemy import select

    from desktop.barcodes import Scanned, by_barcode
    from desktop.models import Product

    with ledger.read() as s:
        hit = by_barcode(s, code)
        if hit is None:
            coded = s.scalar(select(Product).where(Product.code == code.strip()))
            if coded is None:
                return ScanFound("unknown", code)
            hit = Scanned(coded, coded.base_unit, coded.archived)
        outcome: Literal["found", "archived"] = "archived" if hit.archived else "found"
        return ScanFound(outcome, code, hit.product.id, hit.unit, hit.product.name)


def add_scanned(items: list[LineItem], info: ProductInfo, unit: str) -> tuple[int, bool]:
    """One more of ``info`` in ``unit``: 1 added to the last line of that product in that
    unit, else a new line with quantity 1 (in the trailing blank line when there is one).
    Returns (row, new line?); the caller takes the product's tax and price for a new one."""
    for row in range(len(items) - 1, -1, -1):
        item = items[row]
        if item.product is not None and item.product.id == info.id and item.unit == unit:
            item.qty = (item.qty or Decimal(0)) + 1
            return row, False
    if items and items[-1].product is None:
        row = len(items) - 1
    else:
        items.append(LineItem())
        row = len(items) - 1
    return row, True
