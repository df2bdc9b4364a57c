"""A line edit with a type-ahead result list (customers, suppliers, products).

The list is an overlay child of the window, not a separate popup window, so the
keyboard stays in the edit: ↑/↓ move, Enter picks, Esc closes. Works the same
on a real display, under Xvfb and offscreen.

Typing delay: ``views.typing_pace`` (at once for a person's keys, once after a scanner's
burst, or at the Enter that ends it). The list's rows are reused from key to key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from desktop.editing.scan import monotonic_ms
from desktop.views.typing_pace import TypingPace

#: search(text) → [(label, payload)]
Search = Callable[[str], list[tuple[str, Any]]]
PAYLOAD = Qt.ItemDataRole.UserRole + 2


class LookupEdit(QLineEdit):
    chosen = Signal(object)
    #: Enter pressed with nothing to pick (e.g. already chosen): move on
    enter_pressed = Signal()

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search
        self.payload: Any = None
        self._list: QListWidget | None = None
        self._pace = TypingPace(self, lambda: self.refresh_results(), lambda: monotonic_ms())
        self.textEdited.connect(self._edited)

    # ------------------------------------------------------------ the result list
    def popup(self) -> QListWidget:
        window = self.window()
        if self._list is None or self._list.parent() is not window:
            self._list = QListWidget(window)
            self._list.setObjectName("lookup_popup")
            self._list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._list.setUniformItemSizes(True)  # one line each: no per-row layout
            self._list.itemClicked.connect(lambda item: self._pick(item))
            self._list.hide()
            window.installEventFilter(self)
        return self._list

    def popup_visible(self) -> bool:
        return self._list is not None and self._list.isVisible()

    def _edited(self, text: str) -> None:
        self.payload = None
        self._pace.key(text)

    def pending(self) -> bool:
        """A burst's search is still due (the list shows an earlier text)."""
        return self._pace.pending()

    def refresh_results(self, text: str | None = None) -> int:
        self._pace.cancel()
        text = self.text() if text is None else text
        if not text.strip():
            self.hide_popup()
            return 0
        results = self.search(text.strip())
        if not results:
            self.hide_popup()
            return 0
        popup = self.popup()
        popup.setUpdatesEnabled(False)
        for row, (label, payload) in enumerate(results):
            item = popup.item(row)
            if item is None:
                item = QListWidgetItem(label)
                popup.addItem(item)
            else:
                item.setText(label)
            item.setData(PAYLOAD, payload)
        while popup.count() > len(results):
            popup.takeItem(popup.count() - 1)
        popup.setCurrentRow(0)
        popup.setUpdatesEnabled(True)
        self._widest = max(popup.fontMetrics().horizontalAdvance(label) for label, _ in results)
        self._place()
        popup.show()
        popup.raise_()
        return len(results)

    _widest = 0

    def _place(self) -> None:
        popup = self.popup()
        window = self.window()
        pos = self.mapTo(window, QPoint(0, self.height()))
        rows = min(popup.count(), 8)
        height = popup.sizeHintForRow(0) * rows + 2 * popup.frameWidth() + 4
        width = max(self.width(), self._widest + 40)
        width = min(width, max(200, window.width() - pos.x() - 4))
        if pos.y() + height > window.height():
            pos = self.mapTo(window, QPoint(0, -height))
        popup.setGeometry(pos.x(), pos.y(), width, height)

    def hide_popup(self) -> None:
        if self._list is not None:
            self._list.hide()

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.payload = item.data(PAYLOAD)
        self.setText(item.text())
        self.hide_popup()
        self.chosen.emit(self.payload)

    def accept_current(self) -> bool:
        """Pick the highlighted result, or the only/first match of the typed text."""
        if not self.popup_visible():
            if self.payload is not None or not self.text().strip():
                return False
            if not self.refresh_results():
                return False
        self._pick(self.popup().currentItem() or self.popup().item(0))
        return True

    # ------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.popup_visible() and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            popup = self.popup()
            step = 1 if key == Qt.Key.Key_Down else -1
            popup.setCurrentRow(max(0, min(popup.count() - 1, popup.currentRow() + step)))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pending():  # a scanner's Enter: the list first shows the whole code
                self.refresh_results()
            if not self.accept_current():
                self.enter_pressed.emit()
            return
        if key == Qt.Key.Key_Escape and self.popup_visible():
            self.hide_popup()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.hide_popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.popup_visible():
            self._place()
        return False

    def hideEvent(self, event: Any) -> None:
        self.hide_popup()
        super().hideEvent(event)
