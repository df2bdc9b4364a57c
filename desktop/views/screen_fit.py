"""Every window fits the screen it opens on.

Windows size themselves from the text size (the editor asks for 130 characters by 40
lines): at 175 % text on a 1366 × 768 laptop that is larger than the screen, and the
bottom and right edges — the totals, the OK button — are out of reach. Each window that
sizes itself calls :func:`sized` instead of ``resize``: the size it wants, clamped to the
available screen area (less room for the title bar), and the window moved fully onto the
screen. (An application-wide event filter would do it for every window, at the cost of a
Python call for every event the application handles.)
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: room left for the window manager's title bar and borders (pixels)
FRAME_W, FRAME_H = 16, 48


def fit_window(widget: QWidget) -> None:
    """Shrink ``widget`` (a top-level window) to the available screen, then move it on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    max_w, max_h = area.width() - FRAME_W, area.height() - FRAME_H
    if widget.width() > max_w or widget.height() > max_h:
        widget.resize(min(widget.width(), max_w), min(widget.height(), max_h))
    x = min(max(widget.x(), area.left()), area.right() - widget.width() - FRAME_W + 1)
    y = min(max(widget.y(), area.top()), area.bottom() - widget.height() - FRAME_H + 1)
    if (x, y) != (widget.x(), widget.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


def sized(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, but never larger than the screen it is on."""
    widget.resize(width, height)
    fit_window(widget)
