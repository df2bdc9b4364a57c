"""The list screens' count and totals while filtering: known without counting (every row
fetched, or found by the index), "100+" past a page rather than reading the whole table
for a one-letter word at each key; the totals past a page once the typing rests, and the
same figures as adding up every match."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.queries import db, lists
from desktop.views.list_model import PAGE
from desktop.views.list_screen import ListScreen
from tests.views.helpers import activate, type_text

pytestmark = pytest.mark.gui

MANY = 230  # more than a page (list_model.PAGE = 100)


@pytest.fixture
def many(ctx: Any) -> Any:
    from desktop.services import products

    with ctx.ledger.unit() as uow:
        for i in range(MANY):
            products.create_product(
                uow, code=f"LS{i:04d}", name=f"六角螺栓{i}", base_unit="个", retail_price="1.00"
            )
    return ctx


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``lists.count_rows`` was asked to count (each reads every match)."""
    calls: list[str] = []
    real = lists.count_rows

    def count_rows(conn: Any, spec: Any, text: str = "", ids: Any = None) -> int:
        calls.append(text)
        return real(conn, spec, text, ids)

    monkeypatch.setattr(lists, "count_rows", count_rows)
    return calls


def _screen(qtbot: Any, window: Any, key: str) -> ListScreen:
    activate(qtbot, window)
    screen = window.show_screen(key)
    assert isinstance(screen, ListScreen)
    screen.filter.setFocus()
    return screen


def test_counts_are_known_or_capped_without_counting(
    qtbot: Any, window: Any, many: Any, counted: list[str]
) -> None:
    screen = _screen(qtbot, window, "products")
    type_text(qtbot, "l")  # every 螺栓 (luoshuan, ljls), and more: past a page
    assert screen.model.text == "l" and screen.model.rowCount() == PAGE
    assert screen.count_label.text() == f"共 {PAGE}+ 条"
    screen.filter.clear()
    type_text(qtbot, "zz")  # two letters, no match: all (none) fetched, so the count is exact
    assert screen.count_label.text() == "共 0 条"
    screen.filter.clear()
    type_text(qtbot, "ljls12")  # 六角螺栓12, 120–129: through the trigram index
    # six keys as fast as a scanner's: the last one filters once the burst stops
    qtbot.waitUntil(lambda: screen.model.text == "ljls12", timeout=3000)
    assert screen.count_label.text() == "共 11 条"
    assert screen.model.rowCount() == 11
    assert set(counted) <= {""}  # not one count of a filter's matches, only the whole list's
    qtbot.waitUntil(lambda: bool(counted), timeout=5000)  # the whole list, when it opened
    qtbot.waitUntil(lambda: screen._whole is not None, timeout=5000)
    before = len(counted)
    conn = db.connect(window.ctx.path)
    try:
        whole = f"共 {lists.count_rows(conn, screen.spec)} 条"
    finally:
        conn.close()
    counted.pop()  # (the count just above, not the screen's)
    screen.filter.clear()  # the whole list's count is kept: shown at once, not read again
    assert screen.count_label.text() == whole
    qtbot.wait(300)  # time for a count in a thread, were one started
    assert len(counted) == before


def test_whole_count_read_again_after_a_change(
    qtbot: Any, window: Any, many: Any, counted: list[str]
) -> None:
    from desktop.services import products

    screen = _screen(qtbot, window, "products")
    qtbot.waitUntil(lambda: screen.count_label.text() != "", timeout=5000)
    first = screen.count_label.text()
    type_text(qtbot, "zz")
    screen.filter.clear()
    assert screen.count_label.text() == first
    qtbot.wait(300)
    assert len(counted) == 1
    with window.ctx.ledger.unit() as uow:  # a new product: the kept count is stale
        products.create_product(uow, code="NEW1", name="新品", base_unit="个", retail_price="1")
    from desktop.services.uow import Changes

    changes = Changes()
    changes.add("product")
    window.ctx.changed.emit(changes)  # as the writer thread reports a commit
    qtbot.waitUntil(lambda: len(counted) >= 2, timeout=5000)
    n = int(first.removeprefix("共 ").removesuffix(" 条"))
    qtbot.waitUntil(lambda: screen.count_label.text() == f"共 {n + 1} 条", timeout=5000)
    qtbot.waitUntil(lambda: screen._whole is not None, timeout=5000)
    after = len(counted)
    type_text(qtbot, "zz")
    screen.filter.clear()
    assert screen.count_label.text() == f"共 {n + 1} 条"
    qtbot.wait(300)
    assert len(counted) == after


def test_totals_past_a_page_wait_for_the_typing_to_rest(
    qtbot: Any, window: Any, many: Any, counted: list[str]
) -> None:
    screen = _screen(qtbot, window, "stock")  # 库存: the stock value is added up
    type_text(qtbot, "ls")
    assert screen.count_label.text() == f"共 {PAGE}+ 条"
    assert screen.totals_label.text() == ""  # not yet: that reads every match
    conn = db.connect(window.ctx.path)
    try:
        expected = screen.totals_text(lists.totals(conn, screen.spec, "ls"))
        few = screen.totals_text(lists.totals(conn, screen.spec, "ls001"))
    finally:
        conn.close()
    qtbot.waitUntil(lambda: screen.totals_label.text() == expected, timeout=5000)
    screen.filter.clear()
    type_text(qtbot, "ls001")  # LS0010–LS0019: every row fetched
    assert screen.count_label.text() == "共 10 条"
    assert screen.totals_label.text() == few  # every row fetched: added up at once, by key
    assert set(counted) <= {""}


def test_count_capped_rule() -> None:
    rows = [lists.Row(str(i), ()) for i in range(3)]
    assert lists.count_capped(rows, True, None) == 3
    assert lists.count_capped(rows, False, None) is None
    assert lists.count_capped(rows, False, [7, 8, 9, 10]) == 4
