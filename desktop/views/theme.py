"""Text size (100–200 %, for older eyes) and the high-contrast theme, applied app-wide."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

_base: dict[str, float] = {}


def base_point_size(app: QApplication) -> float:
    if "pt" not in _base:
        size = app.font().pointSizeF()
        _base["pt"] = size if size > 0 else 10.0
    return _base["pt"]


def apply_appearance(app: QApplication, scale_percent: int, high_contrast: bool) -> None:
    """Scale the application font and set the palette; layouts grow with the font."""
    base = base_point_size(app)
    font = QFont(app.font())
    font.setFamilies(
        ["WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", font.family()]
    )
    font.setPointSizeF(base * max(100, min(200, scale_percent)) / 100.0)
    app.setFont(font)
    if "style" not in _base:  # once: replacing a style that widgets still use can crash
        _base["style"] = 1.0
        style = QStyleFactory.create("Fusion")
        if style is not None:
            app.setStyle(style)
    app.setPalette(contrast_palette() if high_contrast else app.style().standardPalette())
    app.setStyleSheet(CONTRAST_SHEET if high_contrast else "")
    _base["contrast"] = 1.0 if high_contrast else 0.0
    for widget in app.allWidgets():  # the marked widgets already made take the new look
        _restyle(widget, high_contrast)


def contrast_palette() -> QPalette:
    pal = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role, color in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#1a1a1a")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, black),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0")),
        (QPalette.ColorRole.Link, QColor("#00ffff")),
    ):
        pal.setColor(role, color)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9a9a9a"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9a9a9a"))
    return pal


def is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Base).lightness() < 128


def current_colors() -> dict[str, QColor]:
    """:func:`colors` of the running application (models and panels ask while painting)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "a QApplication is running"
    return colors(app)


def colors(app: QApplication) -> dict[str, QColor]:
    """Semantic colours readable on the current background."""
    if is_dark(app):
        return {
            "bad": QColor("#ff6b6b"),
            "good": QColor("#7CFC00"),
            "muted": QColor("#bbbbbb"),
            "info": QColor("#66ccff"),
            "warn": QColor("#ffd700"),
        }
    return {
        "bad": QColor("#c62828"),
        "good": QColor("#2e7d32"),
        "muted": QColor("#757575"),
        "info": QColor("#1565c0"),
        "warn": QColor("#b26a00"),
    }


#: each marked widget's own style sheet (normal, high contrast), keyed by its role. A
#: style sheet set on the application makes Qt draw every widget through its style-sheet
#: style, ~20 % more time painting each table; set on the few marked widgets, it costs
#: nothing elsewhere.
ROLE_SHEETS: dict[str, tuple[str, str]] = {
    "error": (
        'QLabel[role="error"] { color: #c62828; }',
        'QLabel[role="error"] { color: #ff6b6b; }',
    ),
    "title": ('QLabel[role="title"] { font-weight: bold; }',) * 2,
    "card": (
        'QFrame[role="card"] { border: 1px solid #c8c8c8; border-radius: 4px; }',
        'QFrame[role="card"] { border: 2px solid #ffffff; }',
    ),
    "demo": (
        'QLabel[role="demo"] { background: #fff4d6; color: #4a3600;'
        " border: 1px solid #d9a400; border-radius: 4px; padding: 6px 10px; }",
        'QLabel[role="demo"] { color: #ffff00; border: 2px solid #ffff00; padding: 6px 10px; }',
    ),
}
#: the application's own sheet in high contrast only: a visible focus ring on every widget
CONTRAST_SHEET = """
*:focus { outline: 2px solid #ffff00; }
QLineEdit:focus, QComboBox:focus, QTableView:focus { border: 2px solid #ffff00; }
"""


def mark(widget: QWidget, role: str) -> None:
    """Give ``widget`` a role (error, title, card, demo, hint) and that role's look."""
    widget.setProperty("role", role)
    _restyle(widget, bool(_base.get("contrast")))


def _restyle(widget: QWidget, contrast: bool) -> None:
    sheets = ROLE_SHEETS.get(str(widget.property("role") or ""))
    if sheets is not None:
        widget.setStyleSheet(sheets[1] if contrast else sheets[0])
