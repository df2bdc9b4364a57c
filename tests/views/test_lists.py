"""Main window lists: lazy pages, pinyin type-ahead, sorting, remembered columns, opening."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views import list_model, nav
from desktop.views.forms.party_form import PartyForm
from desktop.views.list_screen import ListScreen
from desktop.views.main_window import KEY_ROLE
from desktop.views.theme import colors
from tests.views.helpers import activate, enter, type_text

pytestmark = pytest.mark.gui


def names(screen: ListScreen) -> list[str]:
    return [screen.model.value(r, "name") for r in range(screen.model.rowCount())]


def test_every_screen_opens(window: Any) -> None:
    for item in nav.shown(signed_in=False):
        screen = window.show_screen(item.key)
        assert window.stack.currentWidget() is screen
        assert window.current_key() == item.key


def nav_keys(window: Any) -> list[str]:
    items = (window.nav.item(i) for i in range(window.nav.count()))
    return [item.data(KEY_ROLE) for item in items if item.data(KEY_ROLE)]


def test_sync_screen_only_once_signed_in(qtbot: Any, ctx: Any) -> None:
    """A desk that never signed in to the marketplace is not shown a sync screen that can
    only say "offline"; once signed in, the screen is in the navigation and opens."""
    from desktop.views.main_window import MainWindow

    offline = MainWindow(ctx)
    qtbot.addWidget(offline)
    assert "sync" not in nav_keys(offline) and "stock" in nav_keys(offline)
    go_menu = [a.text() for m in offline.menuBar().actions() for a in m.menu().actions()]
    assert nav.title("sync") not in go_menu
    ctx.prefs.market_account = "shop@example.com"
    online = MainWindow(ctx)
    qtbot.addWidget(online)
    assert nav_keys(online)[-1] == "sync"
    screen = online.show_screen("sync")
    assert online.stack.currentWidget() is screen and online.current_key() == "sync"


def test_pinyin_initials_filter(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    screen = window.show_screen("customers")
    assert screen.model.rowCount() == 39
    screen.filter.setFocus()
    type_text(qtbot, "zs")
    qtbot.waitUntil(lambda: names(screen) == ["张三五金"], timeout=3000)
    qtbot.waitUntil(lambda: screen.count_label.text() == "共 1 条", timeout=3000)
    # the totals line follows the filter: one customer's balance
    balance = list_model.display(screen.spec.col("balance"), screen.model.value(0, "balance"))
    qtbot.waitUntil(lambda: screen.totals_label.text() == f"合计\u3000欠款余额 {balance}")
    screen.filter.clear()
    type_text(qtbot, "13900")  # by phone
    qtbot.waitUntil(lambda: names(screen) == ["李四建材"], timeout=3000)
    screen.filter.clear()
    type_text(qtbot, "C003")  # by code
    qtbot.waitUntil(lambda: names(screen) == ["王五贸易"], timeout=3000)


def test_double_click_or_enter_opens_the_record(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    activate(qtbot, window)
    screen = window.show_screen("customers")
    screen.filter.setFocus()
    type_text(qtbot, "zs")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=3000)
    opened: list[Any] = []
    monkeypatch.setattr(PartyForm, "show", lambda self: opened.append(self))
    enter(qtbot)  # Enter in the filter jumps into the list
    enter(qtbot)  # Enter on the row opens it
    assert opened and opened[0].name.text() == "张三五金"
    assert opened[0].credit_limit.text() == "50,000.00"


def test_sorting_by_header(window: Any) -> None:
    screen = window.show_screen("customers")
    col = screen.spec.index("code")
    screen.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert screen.model.value(0, "code") == "S001" or screen.model.value(0, "code") == "C039"
    screen.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert screen.model.value(0, "code") == "C001"


def test_columns_hidden_and_widths_remembered(qtbot: Any, ctx: Any) -> None:
    from desktop.queries import lists

    first = ListScreen(ctx, lists.CUSTOMERS)
    qtbot.addWidget(first)
    phone = lists.CUSTOMERS.index("phone")
    salesperson = lists.CUSTOMERS.index("salesperson")
    assert first.table.horizontalHeader().isSectionHidden(salesperson)
    first.set_column_visible(phone, False)
    first.set_column_visible(salesperson, True)
    first.table.horizontalHeader().resizeSection(1, 333)
    second = ListScreen(ctx, lists.CUSTOMERS)
    qtbot.addWidget(second)
    header = second.table.horizontalHeader()
    assert header.isSectionHidden(phone) and not header.isSectionHidden(salesperson)
    assert header.sectionSize(1) == 333


def test_lazy_pages(qtbot: Any, ctx: Any, monkeypatch: Any) -> None:
    from desktop.queries import lists

    monkeypatch.setattr(list_model, "PAGE", 10)
    screen = ListScreen(ctx, lists.CUSTOMERS)
    qtbot.addWidget(screen)
    model = screen.model
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 39


def test_overdue_days_in_their_own_red_column(window: Any) -> None:
    """Red means one thing per screen: the overdue days, in their own column; the row and
    its status keep their own colours (whole rows once turned red)."""
    screen = window.show_screen("sales_bills")
    model = screen.model
    assert model.value(0, "open") > 0
    palette = colors(QApplication.instance())
    overdue = model.spec.index("overdue")
    days = model.data(model.index(0, overdue))
    assert days and int(days) > 0
    assert model.data(model.index(0, overdue), Qt.ItemDataRole.ForegroundRole) == palette["bad"]
    assert "逾期" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    for c in range(model.columnCount()):
        if c != overdue:
            assert model.data(model.index(0, c), Qt.ItemDataRole.ForegroundRole) != palette["bad"]
    legend = model.headerData(overdue, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "红色" in legend


def test_overdue_days_count_from_the_new_day_after_midnight(window: Any, monkeypatch: Any) -> None:
    """A window left open overnight: the next reload counts overdue days from the new day."""
    import datetime as dt

    screen = window.show_screen("sales_bills")
    model = screen.model
    overdue = model.spec.index("overdue")
    days = int(model.data(model.index(0, overdue)))
    tomorrow = model.today + dt.timedelta(days=1)

    class NextDay(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return tomorrow

    monkeypatch.setattr(list_model, "date", NextDay)
    model.refresh()
    assert model.today == tomorrow
    assert int(model.data(model.index(0, overdue))) == days + 1


def test_new_order_shows_in_list_after_save(qtbot: Any, window: Any, ctx: Any) -> None:
    screen = window.show_screen("sales_orders")
    before = screen.model.rowCount()
    from desktop.services import documents
    from desktop.services.documents import LineInput

    ctx.write(
        lambda u: documents.create_draft(u, "sales_order", "李四建材", [LineInput("00456", 3)]).id
    )
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=10000)
    assert screen.model.value(0, "status") == "draft"


def test_navigation_headings_do_not_look_disabled(window: Any) -> None:
    nav = window.nav
    heads = [nav.item(i) for i in range(nav.count()) if not nav.item(i).flags()]
    assert heads and all(h.font().bold() for h in heads)
    text = window.palette().windowText().color()
    assert all(h.foreground().color() == text for h in heads)


def test_lists_fill_the_window_width(window: Any) -> None:
    screen = window.show_screen("fapiao")
    assert screen.table.horizontalHeader().stretchLastSection()
    number = screen.spec.index("number")
    width = screen.table.horizontalHeader().sectionSize(number)
    assert width >= screen.table.fontMetrics().horizontalAdvance("0" * 20)  # a 数电票 number


def test_average_cost_shows_four_places_at_most(window: Any) -> None:
    from desktop.views.list_model import display

    col = next(c for c in window.show_screen("stock").spec.columns if c.key == "avg_cost")
    assert display(col, Decimal("8.333333")) == "8.3333" and display(col, Decimal("8.5")) == "8.50"


def test_files_go_to_the_documents_folder(qapp: Any) -> None:
    from PySide6.QtCore import QStandardPaths

    from desktop.views.prefs import documents_dir

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert documents_dir() == (Path(docs) if docs else Path.home())
