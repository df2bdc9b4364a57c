"""The preview pane: documents swapped and let go of in an order Qt's render thread survives.

A loaded document that was the view's own child crashed the process every time its window
was deleted without being closed first (the first test, run on such a pane, dies with a
segmentation fault)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QVBoxLayout, QWidget
from reportlab.pdfgen import canvas
from shiboken6 import isValid

from desktop.views.printing.pdf_pane import PdfPane

pytestmark = pytest.mark.gui


def pdf(path: Path, pages: int) -> Path:
    sheet = canvas.Canvas(str(path))
    for page in range(pages):
        for line in range(50):
            sheet.drawString(40, 800 - line * 14, f"page {page + 1} line {line} " + "x" * 50)
        sheet.showPage()
    sheet.save()
    return path


def window_with_pane(qtbot: Any) -> tuple[QWidget, PdfPane]:
    window = QWidget()
    pane = PdfPane(window)
    QVBoxLayout(window).addWidget(pane)
    window.resize(700, 900)
    window.show()
    qtbot.waitExposed(window)
    return window, pane


def painted(qtbot: Any, pane: PdfPane) -> None:
    """Let the view ask its render thread for the visible pages."""
    pane.viewport().repaint()
    qtbot.wait(30)


def test_a_window_deleted_without_closing_takes_its_pane_down_cleanly(
    qtbot: Any, tmp_path: Path
) -> None:
    window, pane = window_with_pane(qtbot)
    shown = pane.show_file(pdf(tmp_path / "a.pdf", 3))
    assert shown.status() == QPdfDocument.Status.Ready and shown.pageCount() == 3
    painted(qtbot, pane)
    window.deleteLater()  # no close(): the parent going takes it down
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(pane) and not isValid(shown)


def test_each_file_gets_a_new_document_and_the_old_one_goes(qtbot: Any, tmp_path: Path) -> None:
    window, pane = window_with_pane(qtbot)
    qtbot.addWidget(window)
    first = pane.show_file(pdf(tmp_path / "a.pdf", 2))
    painted(qtbot, pane)
    second = pane.show_file(pdf(tmp_path / "b.pdf", 4))
    assert pane.document() is second is pane.pdf and second.pageCount() == 4
    assert second.parent() is window  # the window's, made after the view: deleted after it
    qtbot.waitUntil(lambda: not isValid(first), timeout=5000)
    for round_ in range(20):  # reloads while pages are being drawn
        pane.show_file(tmp_path / ("a.pdf" if round_ % 2 else "b.pdf"))
        painted(qtbot, pane)
    assert pane.pdf.status() == QPdfDocument.Status.Ready


def test_release_lets_go_before_the_files_go(qtbot: Any, tmp_path: Path) -> None:
    window, pane = window_with_pane(qtbot)
    qtbot.addWidget(window)
    shown = pane.show_file(pdf(tmp_path / "a.pdf", 2))
    painted(qtbot, pane)
    pane.release()
    assert pane.document() is not shown and pane.document().pageCount() == 0
    assert shown.status() == QPdfDocument.Status.Null
    (tmp_path / "a.pdf").unlink()
    painted(qtbot, pane)
    again = pane.show_file(pdf(tmp_path / "b.pdf", 1))  # the blank one is still there
    assert again.pageCount() == 1
    pane.release()
