"""The stocktake sheet's rules: partial counts adjust only what was counted; uncounted as
zero takes every product in scope; a typed count overrides the scans; a product outside
the scope counts all the same."""

from __future__ import annotations

import uuid
from decimal import Decimal

from desktop.editing.scan import ScanFound
from desktop.editing.stocktake import SheetRow, StocktakeSheet

A, B, C = (uuid.uuid4() for _ in range(3))


def _sheet() -> StocktakeSheet:
    return StocktakeSheet(
        [SheetRow(A, "A", "甲", "个", Decimal(50)), SheetRow(B, "B", "乙", "个", Decimal(10))]
    )


def _found(pid: uuid.UUID, unit: str = "个") -> ScanFound:
    return ScanFound("found", "x", pid, unit, "名")


def test_partial_counts_touch_only_what_was_counted() -> None:
    sheet = _sheet()
    sheet.scan(_found(A, "箱"), Decimal(24))
    sheet.scan(_found(A, "箱"), Decimal(24))
    assert sheet.scan(_found(A), Decimal(1)) == 49
    assert sheet.to_post() == {A: Decimal(49)}
    assert [(d.product_id, d.diff) for d in sheet.differences()] == [(A, Decimal(-1))]


def test_uncounted_means_zero_only_in_scope() -> None:
    sheet = _sheet()
    sheet.add_row(SheetRow(C, "C", "丙", "个", Decimal(5), in_scope=False))
    sheet.type_count(A, Decimal(50))
    assert sheet.to_post(uncounted_zero=True) == {A: Decimal(50), B: Decimal(0)}
    assert [(d.product_id, d.diff) for d in sheet.differences(True)] == [(B, Decimal(-10))]


def test_a_typed_count_replaces_the_scans_and_can_be_taken_back() -> None:
    sheet = _sheet()
    sheet.scan(_found(B), Decimal(1))
    sheet.type_count(B, Decimal(12))
    assert sheet.counted(B) == 12
    sheet.scan(_found(B), Decimal(1))  # scanning goes on from the typed count
    assert sheet.counted(B) == 13
    sheet.type_count(B, None)
    assert sheet.counted(B) is None and sheet.to_post() == {}
    assert sheet.add_row(SheetRow(B, "B", "乙", "个", Decimal(10))) == 1  # already there
