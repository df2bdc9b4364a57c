"""Scan-to-count: running counts per product in base units, differences before posting,
and a stocktake posted from the counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from desktop.editing.counting import ScanCount
from desktop.editing.scan import look_up
from desktop.services.stock import on_hand, stocktake
from tests.helpers import product

PIECE = "6901234567892"
CARTON = "6901234567809"


def test_scans_count_in_base_units_and_show_differences(ledger: Any) -> None:
    sweets = product(
        ledger,
        "S1",
        "奶糖",
        barcode=PIECE,
        units=[{"unit": "箱", "factor": 24, "barcode": CARTON}],
    )
    screws = product(ledger, "S2", "螺丝", barcode="96385074", units=[])
    count = ScanCount()
    for code in (PIECE, CARTON, PIECE):
        found = look_up(ledger, code)
        factor = Decimal(24) if found.unit == "箱" else Decimal(1)
        running = count.add(found, factor)
    assert running == 26 and count.counted == {sweets: Decimal(26)}
    diffs = count.differences({sweets: Decimal(24), screws: Decimal(10)})
    assert [(d.product_id, d.expected, d.counted, d.diff) for d in diffs] == [
        (screws, Decimal(10), Decimal(0), Decimal(-10)),
        (sweets, Decimal(24), Decimal(26), Decimal(2)),
    ]
    assert count.differences({sweets: Decimal(26)}) == []
    with pytest.raises(ValueError):
        count.add(look_up(ledger, "NOPE-0001"), Decimal(1))
    with ledger.unit() as uow:
        stocktake(uow, count.stocktake_counts())
    with ledger.read() as s:
        assert on_hand(s, sweets) == 26
