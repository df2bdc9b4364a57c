"""A scanner's keystrokes in a table, the Qt side of ``editing.scan.ScanDetector``: the
document editor's lines and the stocktake sheet both feed every key to the detector first,
and a burst that lands in an open cell is taken back out of it as a scan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QWidget

from desktop.editing.scan import ScanDetector


def scanner_key(scanner: ScanDetector, event: QKeyEvent) -> str | None:
    """Feed a key to the scan detector: the scanned code on the Enter ending a scan."""
    if event.isAutoRepeat():  # a key held down repeats fast, but is no scan
        return scanner.key("")
    return scanner.key(event.text(), event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))


def scan_in_cell(
    delegate: QAbstractItemDelegate,
    editor: QObject,
    event: QEvent,
    key: Callable[[QKeyEvent], str | None],
    on_scan: Callable[[str], None],
) -> bool:
    """A delegate's event filter, first part: a key that ends a scan closes the open cell
    without what the scanner typed into it, and ``on_scan(code)`` takes the scan. True
    when the key was that (the event is then eaten)."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    code = key(event)
    if code is None:
        return False
    assert isinstance(editor, QWidget)
    delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
    on_scan(code)
    return True
