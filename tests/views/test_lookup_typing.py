"""The type-ahead's typing delay and its list (``views.lookup.LookupEdit``): a person's
keys each search at once; a scanner's burst searches once for the whole code, at its Enter
or when it stops; the list's rows follow the results, fewer or more."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.views import lookup

CATALOG = ["6901234567892  不锈钢螺丝", "6901234567908  不锈钢螺母", "A-100  公牛插座"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def typed(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, list[str], Clock]]:
    clock = Clock()
    monkeypatch.setattr(lookup, "monotonic_ms", clock)
    searched: list[str] = []

    def search(text: str) -> list[tuple[str, Any]]:
        searched.append(text)
        return [(label, label.split()[0]) for label in CATALOG if text.lower() in label.lower()]

    window = QWidget()
    window.resize(800, 600)
    qtbot.addWidget(window)
    edit = lookup.LookupEdit(search, window)
    edit.setGeometry(10, 10, 300, 28)
    window.show()
    edit.setFocus()
    yield edit, searched, clock
    window.close()


def _key(qtbot: Any, edit: Any, clock: Clock, ch: str, gap_ms: float) -> None:
    clock.now += gap_ms
    qtbot.keyClick(edit, ch)


def test_a_person_typing_searches_at_every_key(qtbot: Any, typed: Any) -> None:
    edit, searched, clock = typed
    for ch in "6901234":
        _key(qtbot, edit, clock, ch, 80)
    assert searched == ["6", "69", "690", "6901", "69012", "690123", "6901234"]
    assert not edit.pending()
    assert [edit.popup().item(i).text() for i in range(edit.popup().count())] == CATALOG[:2]


def test_a_scanner_burst_searches_once_for_the_whole_code(qtbot: Any, typed: Any) -> None:
    edit, searched, clock = typed
    picked: list[Any] = []
    edit.chosen.connect(picked.append)
    for ch in "6901234567908":
        _key(qtbot, edit, clock, ch, 5)
    # the first keys are too few for a scanned code and search at once; then none until
    # the burst ends, here by the scanner's Enter
    assert searched == ["6", "69", "690", "6901", "69012"]
    assert edit.pending()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert searched[-1] == "6901234567908" and len(searched) == 6
    assert picked == ["6901234567908"]


def test_a_burst_without_enter_searches_when_it_stops(qtbot: Any, typed: Any) -> None:
    edit, searched, clock = typed
    for ch in "6901234567892":
        _key(qtbot, edit, clock, ch, 3)
    assert edit.pending() and searched[-1] == "69012"
    qtbot.waitUntil(lambda: not edit.pending(), timeout=2000)
    assert searched[-1] == "6901234567892"
    assert edit.popup().count() == 1 and edit.popup().item(0).text() == CATALOG[0]


def test_the_list_rows_follow_fewer_and_more_results(qtbot: Any, typed: Any) -> None:
    edit, _searched, clock = typed
    _key(qtbot, edit, clock, "a", 100)  # A-100 only ("a" is in no other label)
    assert edit.popup().count() == 1
    edit.clear()
    _key(qtbot, edit, clock, "6", 100)
    assert [edit.popup().item(i).text() for i in range(edit.popup().count())] == CATALOG[:2]
    assert edit.popup().currentRow() == 0
    _key(qtbot, edit, clock, "z", 100)  # nothing: the list hides
    assert not edit.popup_visible()
