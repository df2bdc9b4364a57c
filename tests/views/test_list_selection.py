"""A list keeps the clerk's place: a write elsewhere (a refresh) leaves the selected rows
selected, the current row current and the scroll where it was; a filter keeps selected the
rows it still shows."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.views.list_screen import ListScreen
from tests.views.helpers import activate

pytestmark = pytest.mark.gui


@pytest.fixture
def many(ctx: Any) -> Any:
    from desktop.services import products

    with ctx.ledger.unit() as uow:
        for i in range(150):
            products.create_product(
                uow, code=f"LS{i:04d}", name=f"六角螺栓{i}", base_unit="个", retail_price="1.00"
            )
    return ctx


def _products(qtbot: Any, window: Any) -> ListScreen:
    activate(qtbot, window)
    screen = window.show_screen("products")
    assert isinstance(screen, ListScreen)
    return screen


def _written_elsewhere(window: Any) -> None:
    """A product saved in another window: the list refreshes, as after the writer's commit."""
    from desktop.services import products
    from desktop.services.uow import Changes

    with window.ctx.ledger.unit() as uow:
        products.create_product(uow, code="ZZ999", name="新品", base_unit="个", retail_price="1")
    changes = Changes()
    changes.add("product")
    window.ctx.changed.emit(changes)


def test_refresh_keeps_selection_current_row_and_scroll(qtbot: Any, window: Any, many: Any) -> None:
    screen = _products(qtbot, window)
    table, model = screen.table, screen.model
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 100, timeout=5000)  # the next page loaded
    rows = [model.rowCount() - 3, model.rowCount() - 1]
    for r in rows:
        table.selectionModel().select(
            model.index(r, 0),
            table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
        )
    table.setCurrentIndex(model.index(rows[1], 0))
    table.selectionModel().select(
        model.index(rows[0], 0),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
    )
    chosen = screen.selected_ids()
    current = screen.current_id()
    position = table.verticalScrollBar().value()
    assert len(chosen) == 2 and position > 0
    _written_elsewhere(window)
    qtbot.waitUntil(lambda: model.rowCount() > 100, timeout=5000)
    assert screen.selected_ids() == chosen
    assert screen.current_id() == current
    assert table.verticalScrollBar().value() == position


def test_filter_keeps_the_rows_it_still_shows_selected(qtbot: Any, window: Any, many: Any) -> None:
    screen = _products(qtbot, window)
    table, model = screen.table, screen.model
    shown = {model.value(r, "code"): r for r in range(model.rowCount())}
    table.selectRow(shown["LS0012"])
    screen.filter.setText("ls001")  # LS0010–LS0019: LS0012 is still shown
    screen.apply_filter()
    assert model.rowCount() == 10
    assert [model.value(i.row(), "code") for i in table.selectionModel().selectedRows()] == [
        "LS0012"
    ]
    assert screen.current_id() is not None
    assert model.value(table.currentIndex().row(), "code") == "LS0012"
    screen.filter.setText("ls002")  # LS0012 is not shown: nothing is selected
    screen.apply_filter()
    assert table.selectionModel().selectedRows() == []
