"""Sending a finished PDF to a real printer: each page rendered at the printer's resolution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

#: above this the page images get huge (A4 at 1200 dpi is 400 MB) without looking better
MAX_DPI = 600


def printer_for(width_mm: float, height_mm: float, name: str) -> QPrinter:
    """A printer set to our paper, full page (the PDF already carries margins and offsets)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    landscape = width_mm > height_mm
    size = QSizeF(min(width_mm, height_mm), max(width_mm, height_mm))
    page_size = QPageSize(
        size, QPageSize.Unit.Millimeter, name, QPageSize.SizeMatchPolicy.ExactMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(
        QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    )
    printer.setFullPage(True)
    return printer


def paint_pdf(
    path: Path, printer: QPrinter, progress: Callable[[int, int], bool] | None = None
) -> int:
    """Paint every page of ``path`` onto ``printer``; returns the pages sent.

    ``progress(done, total)`` returning False stops after the current page.
    """
    document = QPdfDocument()
    document.load(str(path))
    total = document.pageCount()
    if total <= 0:
        return 0
    dpi = min(printer.resolution(), MAX_DPI)
    scale = printer.resolution() / dpi
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError("the printer could not be started")
    sent = 0
    try:
        for page in range(total):
            if page and not printer.newPage():
                break
            points = document.pagePointSize(page)
            pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, pixels)
            target = QRect(0, 0, round(pixels.width() * scale), round(pixels.height() * scale))
            painter.drawImage(target, image)
            sent += 1
            if progress is not None and not progress(sent, total):
                break
    finally:
        painter.end()
        document.close()
    return sent
