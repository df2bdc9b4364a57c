"""QDate to datetime.date, typed: PySide6's stubs give ``QDate.toPython()`` as ``object``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def py_date(value: QDate) -> date:
    """The same day as a plain date (what the services take)."""
    return date(value.year(), value.month(), value.day())
