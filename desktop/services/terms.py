"""Payment terms: when a bill falls due (N days, or 月结 month-end + N days)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop.codes import TermsKind
from desktop.labels import terms_words

if TYPE_CHECKING:
    from desktop.models import Party


def due_date(party: Party, bill_date: date) -> date:
    if party.terms_kind == TermsKind.MONTH_END:
        last = calendar.monthrange(bill_date.year, bill_date.month)[1]
        return bill_date.replace(day=last) + timedelta(days=party.terms_days)
    return bill_date + timedelta(days=party.terms_days)


def describe(party: Party) -> str:
    """Terms in words for documents: 月结30天, 月结, 30天, 现结 (``labels.terms_words``)."""
    return terms_words(str(party.terms_kind), party.terms_days or 0)
