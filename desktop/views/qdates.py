"""QDate to datetime.date, typed: PySide6's stubs give ``QDate.toPython()`` as ``object``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from desktop.services.validate import FIRST_DATE, LAST_DATE


def py_date(value: QDate) -> date:
    """The same day as a plain date (what the services take)."""
    return date(value.year(), value.month(), value.day())


def q_date(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def ledger_date_edit(value: date | None = None) -> QDateEdit:
    """A date field for a date the ledger stores: a calendar popup, ISO display, and only the
    dates the services accept (``validate.FIRST_DATE`` to ``LAST_DATE``)."""
    edit = QDateEdit(q_date(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDateRange(q_date(FIRST_DATE), q_date(LAST_DATE))
    return edit
