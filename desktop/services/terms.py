"""Payment terms: when a bill falls due (N days, or 月结 month-end + N days)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from desktop.models import Party, TermsKind


def due_date(party: Party, bill_date: date) -> date:
    if party.terms_kind == TermsKind.MONTH_END:
        last = calendar.monthrange(bill_date.year, bill_date.month)[1]
        return bill_date.replace(day=last) + timedelta(days=party.terms_days)
    return bill_date + timedelta(days=party.terms_days)


def describe(party: Party) -> str:
    """Terms in words for documents: 月结30天, 货到付款, 30天."""
    if party.terms_kind == TermsKind.MONTH_END:
        return f"月结{party.terms_days}天" if party.terms_days else "月结"
    return f"{party.terms_days}天" if party.terms_days else "现结"
