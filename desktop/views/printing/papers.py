"""The papers the print windows offer, and their names there (translated).

Not imported from ``desktop.printing``: that package loads reportlab, which the main
window must not wait for at start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: the papers offered, in menu order, by the short names of ``printing.jobs.PAPER_NAMES``
#: (which ``jobs.paper_named`` and the printer settings use)
PAPER_KEYS = ("a4", "a5", "241x140", "241x93")


def paper_label(key: str) -> str:
    names = {
        "a4": QCoreApplication.translate("Printing", "A4 纵向"),
        "a5": QCoreApplication.translate("Printing", "A5 横向"),
        "241x140": QCoreApplication.translate("Printing", "241×140 二等分连续纸"),
        "241x93": QCoreApplication.translate("Printing", "241×93 三等分连续纸"),
    }
    return names.get(key, key)
