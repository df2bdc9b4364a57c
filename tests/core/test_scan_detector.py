"""Telling a barcode scanner's burst from typing, and what a scan does to the lines."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from desktop.editing.catalog import ProductInfo
from desktop.editing.lines import LineItem
from desktop.editing.scan import ScanDetector, add_scanned, look_up
from tests.helpers import product


def feed(detector: ScanDetector, clock: list[float], keys: str, gaps: list[float]) -> list[Any]:
    """Type ``keys`` ("\\n" is Enter) with ``gaps`` ms before each key."""
    out = []
    for ch, gap in zip(keys, gaps, strict=True):
        clock[0] += gap
        out.append(detector.key("" if ch == "\n" else ch, ch == "\n"))
    return out


def _detector() -> tuple[ScanDetector, list[float]]:
    clock = [0.0]
    return ScanDetector(30, 6, lambda: clock[0]), clock


def test_fast_burst_is_a_scan_and_slow_typing_is_not() -> None:
    d, clock = _detector()
    got = feed(d, clock, "6901234567892\n", [500] + [4] * 13)
    assert got[-1] == "6901234567892" and set(got[:-1]) == {None}
    d, clock = _detector()
    assert feed(d, clock, "6901234567892\n", [500] + [120] * 13)[-1] is None


def test_a_pause_starts_over_and_short_or_slow_enter_is_typing() -> None:
    d, clock = _detector()
    # a typist's "12" then, after a pause, a scanner's code: only the burst counts
    assert feed(d, clock, "12" + "96385074\n", [0, 150, 400] + [5] * 8)[-1] == "96385074"
    d, clock = _detector()
    assert feed(d, clock, "12345\n", [0] + [5] * 5)[-1] is None  # shorter than 6
    d, clock = _detector()
    assert feed(d, clock, "123456\n", [0] + [5] * 5 + [200])[-1] is None  # slow Enter
    d, clock = _detector()
    assert feed(d, clock, "1234\t56\n", [0] + [5] * 7)[-1] is None  # Tab breaks the burst


def test_add_scanned_counts_the_last_line_of_the_product_in_that_unit() -> None:
    info = ProductInfo(uuid.uuid4(), "T1", "糖", "", "个", (("个", Decimal(1)),), None)
    items = [LineItem()]
    assert add_scanned(items, info, "个") == (0, True)
    items[0].product, items[0].unit, items[0].qty = info, "个", Decimal(1)
    items.append(LineItem())
    assert add_scanned(items, info, "个") == (0, False) and items[0].qty == 2
    assert add_scanned(items, info, "箱") == (1, True)  # another unit, the blank line


def test_look_up_by_barcode_then_by_code(ledger: Any) -> None:
    pid = product(ledger, "LB-001", barcode="6901234567892")
    found = look_up(ledger, "6901234567892")
    assert (found.outcome, found.product_id, found.unit) == ("found", pid, "个")
    by_code = look_up(ledger, "LB-001")  # a label printed without a barcode carries the code
    assert (by_code.outcome, by_code.product_id) == ("found", pid)
    assert look_up(ledger, "NOPE-999").outcome == "unknown"
