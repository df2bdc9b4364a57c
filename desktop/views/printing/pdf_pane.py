"""A QPdfView that owns the document it shows and swaps it without racing Qt's render thread.

QPdfView draws pages on a thread of its own (QPdfPageRenderer in multi-threaded mode). That
thread checks the document and then renders it, and nothing stops the GUI thread closing,
reloading or deleting the document in between: with the document made before the view (so
deleted first when the window goes) the thread could read a document already freed. Qt's
``setDocument`` takes the render thread's lock, so it returns only once no page of the old
document is being drawn. So here a new file always goes into a new document, the view is
moved to it first, and the old one is closed and deleted only after; on close the view lets
go of its document before anything else happens to it.

A loaded document is never the view's own child either: a view being deleted has already
deleted its renderer when it deletes its children, and a loaded document going then tells
the half-gone view its status changed (a crash every time). Documents are children of the
window, made after the view, so the window deletes the view first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget


class PdfPane(QPdfView):
    """The preview's page view: ``show_file`` to show a PDF, ``release`` when closing."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # never loaded, so it has nothing to tell a view being deleted; shown before the first
        # file and after ``release`` (Qt warns of a view given no document at all)
        self._blank = QPdfDocument(self)
        self._document = self._blank
        self.setDocument(self._blank)

    @property
    def pdf(self) -> QPdfDocument:
        """The document shown now (a new one after each ``show_file``)."""
        return self._document

    def show_file(self, path: Path | str) -> QPdfDocument:
        """Load ``path`` into a fresh document and show it; the old one is closed after the
        view has moved off it."""
        fresh = QPdfDocument(self.window())
        fresh.load(str(path))
        old, self._document = self._document, fresh
        self.setDocument(fresh)  # waits for a page of ``old`` being drawn on the thread
        if old is not self._blank:
            old.close()
            old.deleteLater()
        return fresh

    def release(self) -> None:
        """Let go of the document (the window is closing; its files are about to go)."""
        shown, self._document = self._document, self._blank
        self.setDocument(self._blank)  # waits for a page of ``shown`` being drawn
        shown.close()
