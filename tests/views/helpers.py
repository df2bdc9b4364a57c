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


class Keystrokes:
    """Counts the keys a test types through qtbot (a chord such as Ctrl+S is one keystroke)
    and the mouse buttons pressed anywhere, from :meth:`start` on."""

    def __init__(self, qtbot: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.keys = 0
        self.clicks = 0
        self.on = False
        original = qtbot.keyClick

        def click(*args: Any, **kwargs: Any) -> None:
            if self.on:
                self.keys += 1
            original(*args, **kwargs)

        qtbot.keyClick = click
        counter = self

        class Mice(QObject):
            def eventFilter(self, _watched: Any, event: Any) -> bool:
                if counter.on and event.type() == QEvent.Type.MouseButtonPress:
                    counter.clicks += 1
                return False

        self._mice = Mice()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self._mice)

    def start(self) -> None:
        self.keys, self.clicks, self.on = 0, 0, True

    def stop(self) -> int:
        self.on = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._mice)
        return self.keys


class Clock:
    """Milliseconds that move ``step`` on every reading (one reading per key): a scanner's
    burst with a small step, a person's typing with a large one."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 1000.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now
