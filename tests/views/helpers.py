"""Keyboard helpers: type into whatever has focus, as a person at the keyboard would."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def focus() -> Any:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def type_text(qtbot: Any, text: str) -> None:
    """ASCII only (pinyin initials, codes, numbers): qtbot cannot type Chinese."""
    for ch in text:
        qtbot.keyClick(focus(), ch)


def press(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focus(), key, modifier)


def enter(qtbot: Any, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Return)


def activate(qtbot: Any, widget: Any) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)
