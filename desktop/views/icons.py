"""The program's icons: one set, the platform style's own standard icons.

Buttons and menus take their pictures from here only, so arrows, files, printers and
folders all come from the same family (no glyph arrows from one font beside pictures from
another), follow the system's theme and scale with the text size.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_SP = QStyle.StandardPixmap
#: what each action looks like, by meaning
STANDARD = {
    "previous": _SP.SP_ArrowLeft,
    "next": _SP.SP_ArrowRight,
    "save": _SP.SP_DialogSaveButton,
    "new": _SP.SP_FileIcon,
    "import": _SP.SP_ArrowDown,
    "export": _SP.SP_ArrowUp,
}


def icon(name: str) -> QIcon:
    """The icon for ``name`` (a key of :data:`STANDARD`) from the current style."""
    style = QApplication.style()
    return style.standardIcon(STANDARD[name])
