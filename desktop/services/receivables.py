"""Receivables and payables, derived from entries and allocations as of any date.

Each document with an entry has an effect E on its party's balance (bills +,
receipts/payments/returns −, reversals the opposite of what they reverse).
Allocations apply a credit (E < 0) to a debit (E > 0). Then, as of any date:
balance = Σ E = Σ open debits − Σ unapplied credits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.models import Account, Party, PartyBalance, PartyEntry
from desktop.money import MONEY_SCALE, ZERO, from_scaled
from desktop.queries.db import uid
from desktop.services.open_amounts import open_amount_sql


def balance(
    session: Session, party_id: uuid.UUID, account: str = Account.AR, as_of: date | None = None
) -> Decimal:
    """What the party owes us (AR) or we owe it (AP), as of the end of ``as_of``."""
    if as_of is None:
        row = session.get(PartyBalance, (party_id, account))
        return row.balance if row else ZERO
    total = session.scalar(
        select(func.coalesce(func.sum(PartyEntry.amount), 0)).where(
            PartyEntry.party_id == party_id,
            PartyEntry.account == account,
            PartyEntry.entry_date <= as_of,
        )
    )
    return Decimal(total or 0)


def balances(
    session: Session,
    account: str = Account.AR,
    as_of: date | None = None,
    include_zero: bool = False,
) -> list[tuple[Party, Decimal]]:
    """Every party's balance in one query: the aggregate joined to its parties, by code.

    Zero balances are dropped in SQL (HAVING) and the parties come back in the same
    round trip, so the cost stays close to the bare aggregate (benchmarks/bench_balance.py).
    """
    total = func.sum(PartyEntry.amount)
    sums = (
        select(PartyEntry.party_id, total.label("total"))
        .where(PartyEntry.account == account)
        .group_by(PartyEntry.party_id)
    )
    if as_of is not None:
        sums = sums.where(PartyEntry.entry_date <= as_of)
    if not include_zero:
        sums = sums.having(total != 0)
    sub = sums.subquery()
    rows = session.execute(
        select(Party, sub.c.total).join(sub, sub.c.party_id == Party.id).order_by(Party.code)
    )
    return [(party, amount) for party, amount in rows]


def _parties(session: Session, ids: list[uuid.UUID]) -> list[Party]:
    out: list[Party] = []
    for start in range(0, len(ids), 500):
        out.extend(session.scalars(select(Party).where(Party.id.in_(ids[start : start + 500]))))
    return out


@dataclass(frozen=True)
class OpenItem:
    """An unpaid bill (amount > 0) or an unapplied credit (amount < 0)."""

    document_id: uuid.UUID
    number: str
    kind: str
    doc_date: date
    due_date: date | None
    total: Decimal
    open: Decimal

    def overdue_days(self, as_of: date) -> int:
        if self.open <= 0 or self.due_date is None:
            return 0
        return max(0, (as_of - self.due_date).days)


def open_amount(session: Session, doc_id: uuid.UUID, as_of: date | None = None) -> Decimal:
    """One document's open amount (see :func:`open_amount_sql`)."""
    until = ":as_of" if as_of is not None else None
    value = session.execute(
        text(f"SELECT {open_amount_sql('d', until)} FROM document d WHERE d.id = :id"),
        {"id": uid(doc_id), "as_of": as_of.isoformat() if as_of else None},
    ).scalar()
    return from_scaled(value or 0, MONEY_SCALE)


def open_items(
    session: Session, party_id: uuid.UUID, account: str = Account.AR, as_of: date | None = None
) -> list[OpenItem]:
    """Open debits and unapplied credits of one party, oldest first."""
    until = ":as_of" if as_of is not None else None
    dated = " AND entry_date <= :as_of" if as_of is not None else ""
    rows = session.execute(
        text(
            "SELECT d.id, d.number, d.kind, d.doc_date, e.due, e.effect,"
            f" {open_amount_sql('d', until)} AS open"
            " FROM (SELECT document_id, SUM(amount) AS effect, MAX(due_date) AS due"
            " FROM party_entry WHERE party_id = :party AND account = :account"
            f"{dated} GROUP BY document_id) e"
            " JOIN document d ON d.id = e.document_id"
        ),
        {
            "party": uid(party_id),
            "account": account,
            "as_of": as_of.isoformat() if as_of else None,
        },
    )
    items = [
        OpenItem(
            uuid.UUID(doc_id),
            number,
            kind,
            date.fromisoformat(doc_date),
            date.fromisoformat(due) if due else None,
            from_scaled(effect, MONEY_SCALE),
            from_scaled(open_, MONEY_SCALE),
        )
        for doc_id, number, kind, doc_date, due, effect, open_ in rows
        if open_
    ]
    return sorted(items, key=lambda i: (i.due_date or i.doc_date, i.number))


def overdue_days(
    session: Session, party_id: uuid.UUID, as_of: date, account: str = Account.AR
) -> int:
    """Days the oldest unpaid bill is past its due date (0 when nothing is overdue)."""
    return max(
        (i.overdue_days(as_of) for i in open_items(session, party_id, account, as_of)), default=0
    )


BUCKETS = ((0, "未到期"), (30, "1-30天"), (60, "31-60天"), (90, "61-90天"), (None, "90天以上"))


@dataclass
class Aging:
    party: Party
    balance: Decimal
    buckets: dict[str, Decimal]
    unapplied: Decimal
    max_overdue_days: int


def aging(
    session: Session,
    account: str = Account.AR,
    as_of: date | None = None,
    buckets: Sequence[tuple[int | None, str]] = BUCKETS,
) -> list[Aging]:
    """Receivables (or payables) aging by days past due, per party, as of a date.

    Unapplied credits (prepayments) are shown apart; bucket totals − unapplied = balance.
    ``buckets``: (most days past due, label) in order, the last without a limit
    (:func:`buckets_upto` makes them from limits such as 30, 60, 90).
    """
    on = as_of or date.today()
    rows = []
    for party, bal in balances(session, account, on):
        amounts = {label: ZERO for _, label in buckets}
        unapplied = ZERO
        worst = 0
        for item in open_items(session, party.id, account, on):
            if item.open < 0:
                unapplied -= item.open
                continue
            days = item.overdue_days(on)
            worst = max(worst, days)
            amounts[_bucket(days, buckets)] += item.open
        rows.append(Aging(party, bal, amounts, unapplied, worst))
    return rows


def buckets_upto(limits: Sequence[int]) -> tuple[tuple[int | None, str], ...]:
    """Buckets from the most days past due each holds: (30, 60, 90) gives 0-30天,
    31-60天, 61-90天 and 90天以上."""
    out: list[tuple[int | None, str]] = []
    low = 0
    for limit in sorted(set(limits)):
        out.append((limit, f"{low}-{limit}天"))
        low = limit + 1
    out.append((None, f"{low - 1}天以上" if out else "全部"))
    return tuple(out)


def _bucket(days: int, buckets: Sequence[tuple[int | None, str]] = BUCKETS) -> str:
    for limit, label in buckets:
        if limit is None or days <= limit:
            return label
    return buckets[-1][1]
