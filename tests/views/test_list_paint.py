"""The list screens' own cell painter (``views/list_delegate.py``) draws the same pixels as
Qt's delegate — selected and plain rows, red and blue figures, right-aligned numbers, text
too long for its column — at 100 % and 175 % text, while asking the model for no cell's
text through ``data()``."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyledItemDelegate

from desktop.views.list_delegate import ListDelegate
from desktop.views.list_model import LazyListModel
from desktop.views.list_screen import ListScreen
from desktop.views.theme import apply_appearance
from tests.views.helpers import activate

pytestmark = pytest.mark.gui

SCREENS = ["products", "customers", "stock", "sales_bills", "sales_orders", "purchase_orders"]


@pytest.fixture
def long_name(ctx: Any) -> Any:
    """A product whose name is longer than its column (Qt elides it: so must we)."""
    from desktop.services import products

    with ctx.ledger.unit() as uow:
        products.create_product(
            uow,
            code="00001",
            name="加长型不锈钢内六角圆柱头螺栓全牙镀锌防锈适用于各种机械设备安装维修工程使用",
            base_unit="个",
            retail_price="1234567.5",
        )
    return ctx


def _grab(screen: ListScreen, delegate: QStyledItemDelegate) -> QImage:
    screen.table.setItemDelegate(delegate)
    return screen.table.viewport().grab().toImage()


def _same_pixels(qtbot: Any, window: Any, key: str) -> None:
    activate(qtbot, window)
    screen = window.show_screen(key)
    assert isinstance(screen, ListScreen)
    assert isinstance(screen.table.itemDelegate(), ListDelegate)
    assert screen.model.rowCount() >= 1, key
    screen.table.selectRow(min(1, screen.model.rowCount() - 1))
    ours = screen.table.itemDelegate()
    qts = QStyledItemDelegate(screen.table)
    fast = _grab(screen, ours)
    assert fast == _grab(screen, qts), f"{key}: the cells differ from Qt's delegate"
    screen.table.setFocus()  # the current cell's focus frame, and an active selection
    assert _grab(screen, ours) == _grab(screen, qts), f"{key}: differ with focus"
    screen.table.setItemDelegate(ours)


@pytest.mark.parametrize("percent", [100, 175])
def test_same_pixels_as_qts_delegate(
    qtbot: Any, window: Any, long_name: Any, qapp: Any, percent: int
) -> None:
    apply_appearance(qapp, percent, False)
    for key in SCREENS:
        _same_pixels(qtbot, window, key)


def test_high_contrast_same_pixels(qtbot: Any, window: Any, long_name: Any, qapp: Any) -> None:
    apply_appearance(qapp, 100, True)  # a style sheet: Qt's delegate draws every cell
    _same_pixels(qtbot, window, "customers")


def test_cells_drawn_without_asking_data_for_their_text(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    real = LazyListModel.data

    def data(self: LazyListModel, index: Any, role: int = 0) -> Any:
        asked.append(role)
        return real(self, index, role)

    activate(qtbot, window)
    screen = window.show_screen("customers")
    assert isinstance(screen, ListScreen)
    monkeypatch.setattr(LazyListModel, "data", data)
    screen.table.viewport().repaint()
    ours = len(asked)
    screen.table.setItemDelegate(QStyledItemDelegate(screen.table))
    asked.clear()
    screen.table.viewport().repaint()
    rows = screen.model.rowCount()
    assert len(asked) >= 5 * rows  # Qt's delegate: several roles per cell
    assert ours < len(asked) / 5  # ours: only the focused cell's, if any


def test_same_pixels_after_the_look_changes(
    qtbot: Any, window: Any, long_name: Any, qapp: Any
) -> None:
    """Text size, high contrast and back, with the screen already painted: the painter takes
    the new font, margins and colours (and a style sheet's look)."""
    _same_pixels(qtbot, window, "products")
    for percent, contrast in ((175, False), (175, True), (100, False)):
        apply_appearance(qapp, percent, contrast)
        qapp.processEvents()
        _same_pixels(qtbot, window, "products")
