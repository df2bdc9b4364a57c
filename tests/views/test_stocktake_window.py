"""盘点 at the desk: the stocktake window opened from the 库存 screen, a scanner's bursts
counting one of the scanned unit each (a carton 24 pieces), a slow typist's code choosing
the row to type a count into (not a scan), the differences against the book stock shown
before posting, and the stock after it: partial by default, or uncounted as zero.

The scan detector's clock is injected (5 ms a key for a scanner, 150 ms for a person), so
nothing depends on how fast the machine runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.editing.scan import ScanDetector
from desktop.views.stocktake import BOOK, CODE, COUNT, DIFF, StocktakeWindow
from tests.views.conftest import wait_idle
from tests.views.helpers import Clock, activate, focus, press

pytestmark = pytest.mark.gui

PIECE = "6901234567892"
CARTON = "6901234567809"
COLA = "96385074"


def _stock(qtbot: Any, ctx: Any) -> dict[str, Any]:
    """Three products with book stock: two sweets (one with a carton barcode), a drink."""
    from desktop.services import opening, products

    ids: dict[str, Any] = {}

    def write(uow: Any) -> None:
        t1 = products.create_product(
            uow,
            code="T1",
            name="大白兔奶糖",
            category="糖果",
            barcode=PIECE,
            units=[{"unit": "箱", "factor": 24, "barcode": CARTON}],
        )
        t2 = products.create_product(uow, code="T2", name="水果硬糖", category="糖果")
        t3 = products.create_product(uow, code="T3", name="可乐", category="饮料", barcode=COLA)
        ids.update(T1=t1.id, T2=t2.id, T3=t3.id)
        opening.opening_stock(
            uow,
            {t1.id: ("50", "1"), t2.id: ("10", "1"), t3.id: ("12", "2")},
            date(2026, 1, 1),
        )

    ctx.write(write)
    wait_idle(qtbot, ctx)
    return ids


def _on_hand(ctx: Any, pid: Any) -> Decimal:
    from desktop.services.stock import on_hand

    with ctx.ledger.read() as s:
        return on_hand(s, pid)


def _window(qtbot: Any, window: Any, step: float) -> StocktakeWindow:
    screen = window.show_screen("stock")
    screen.findChild(QPushButton, "stocktake_stock").click()
    found = [w for w in window.findChildren(StocktakeWindow) if w.isVisible()]
    assert len(found) == 1
    take = found[0]
    activate(qtbot, take)
    take.scanner = ScanDetector(30, 6, Clock(step))
    take.scan_edit.setFocus()
    return take


def _keys(qtbot: Any, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focus(), ch)
    press(qtbot, Qt.Key.Key_Return)


def _row(take: StocktakeWindow, code: str) -> int:
    return next(r for r in range(take.table.rowCount()) if take.table.item(r, CODE).text() == code)


def _cell(take: StocktakeWindow, code: str, col: int) -> str:
    return take.table.item(_row(take, code), col).text()


def test_scan_and_type_counts_then_post_partial(
    qtbot: Any, ctx: Any, window: Any, messages: list[tuple[str, str]]
) -> None:
    ids = _stock(qtbot, ctx)
    take = _window(qtbot, window, step=5)
    take.scope.setCurrentIndex(take.scope.findData("糖果"))  # the sweets only
    assert sorted(r.code for r in take.sheet.rows) == ["T1", "T2"]
    assert _cell(take, "T1", BOOK) == "50" and _cell(take, "T1", COUNT) == ""
    for code in (CARTON, CARTON, PIECE, PIECE, PIECE):  # 2 cartons and 3 pieces: 51
        _keys(qtbot, code)
    assert take.sheet.counted(ids["T1"]) == 51
    assert _cell(take, "T1", COUNT) == "51" and _cell(take, "T1", DIFF) == "+1"
    assert "大白兔奶糖" in take.message.text() and "51" in take.message.text()
    assert take.flash_row == _row(take, "T1")  # lit to confirm, then out
    qtbot.waitUntil(lambda: take.flash_row is None, timeout=3000)
    assert focus() is take.scan_edit and take.scan_edit.text() == ""
    # a product the scope does not hold, scanned all the same: on the sheet, counted
    _keys(qtbot, COLA)
    assert _cell(take, "T3", COUNT) == "1" and _cell(take, "T3", DIFF) == "-11"

    # a slow typist: the code chooses the row, the digits that follow are the count
    take.scanner = ScanDetector(30, 6, Clock(150))
    take.scan_edit.setFocus()
    _keys(qtbot, "T2")
    assert take.sheet.counted(ids["T2"]) is None  # no scan: nothing added
    assert take.table.currentRow() == _row(take, "T2") and take.table.currentColumn() == COUNT
    _keys(qtbot, "7")
    assert take.sheet.counted(ids["T2"]) == 7
    assert _cell(take, "T2", DIFF) == "-3"
    # a slow typist's barcode is no scan either: T1's count stays where it was
    take.scan_edit.setFocus()
    for ch in PIECE:
        qtbot.keyClick(focus(), ch)
    press(qtbot, Qt.Key.Key_Escape)  # the cell opened for a count is left alone
    assert take.sheet.counted(ids["T1"]) == 51
    assert "已盘 3 种" in take.summary.text() and "差异 3 种" in take.summary.text()

    take.post_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: take.posted is not None, timeout=10000)
    shown = messages[-1][1]  # the differences, shown before posting
    assert "大白兔奶糖" in shown and "+1" in shown and "水果硬糖" in shown and "-3" in shown
    assert "其余库存不变" in shown
    assert _on_hand(ctx, ids["T1"]) == 51
    assert _on_hand(ctx, ids["T2"]) == 7
    assert _on_hand(ctx, ids["T3"]) == 1
    assert take.posted in take.message.text()
    assert _cell(take, "T1", BOOK) == "51" and _cell(take, "T1", COUNT) == ""  # afresh


def test_uncounted_means_zero_when_chosen(
    qtbot: Any, ctx: Any, window: Any, messages: list[tuple[str, str]]
) -> None:
    ids = _stock(qtbot, ctx)
    take = _window(qtbot, window, step=5)
    take.scope.setCurrentIndex(take.scope.findData("糖果"))
    # the scanner's burst lands in the table, on T2's count cell: a scan, not a count for T2
    take.table.setFocus()
    take.table.setCurrentCell(_row(take, "T2"), COUNT)
    _keys(qtbot, CARTON)  # 24 of T1; T2 not counted
    assert take.sheet.counted(ids["T1"]) == 24 and take.sheet.counted(ids["T2"]) is None
    assert _cell(take, "T2", COUNT) == ""
    take.uncounted_zero.setChecked(True)
    assert _cell(take, "T2", DIFF) == "-10"
    assert "差异 2 种" in take.summary.text()
    take.post_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: take.posted is not None, timeout=10000)
    assert "按 0 计" in messages[-1][1]
    assert _on_hand(ctx, ids["T1"]) == 24
    assert _on_hand(ctx, ids["T2"]) == 0
    assert _on_hand(ctx, ids["T3"]) == 12  # another category: left alone


def test_the_stocktake_is_one_synced_change(qtbot: Any, ctx: Any, window: Any) -> None:
    """Posted through the unit of work: one stocktake intent in the outbox."""
    from sqlalchemy import select

    from desktop.models import OutboxEntry

    _stock(qtbot, ctx)
    take = _window(qtbot, window, step=5)
    _keys(qtbot, PIECE)
    take.post_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: take.posted is not None, timeout=10000)
    with ctx.ledger.read() as s:
        intents = [e.intent for e in s.scalars(select(OutboxEntry))]
    assert intents[-1] == "stocktake.post"


def test_changing_scope_with_counts_asks_first(
    qtbot: Any, ctx: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    ids = _stock(qtbot, ctx)
    take = _window(qtbot, window, step=5)
    _keys(qtbot, PIECE)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No)
    )
    take.scope.setCurrentIndex(take.scope.findData("饮料"))
    assert take.scope.currentData() == "" and take.sheet.counted(ids["T1"]) == 1  # kept
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    take.scope.setCurrentIndex(take.scope.findData("饮料"))
    assert [r.code for r in take.sheet.rows] == ["T3"] and not take.sheet.count.counted


def test_nothing_counted_posts_nothing(qtbot: Any, ctx: Any, window: Any) -> None:
    _stock(qtbot, ctx)
    take = _window(qtbot, window, step=5)
    take.post_button.click()
    assert "还没有盘点" in take.message.text() and take.posted is None
    _keys(qtbot, "6920000000005")  # no product has it
    assert "不是任何商品的条码" in take.message.text()


def test_the_file_menu_opens_it(qtbot: Any, ctx: Any, window: Any) -> None:
    take = window.open_stocktake()
    qtbot.addWidget(take)
    assert take.isVisible() and take.scope.itemData(0) == ""
