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

from desktop.models import Account, DocKind, Party, PartyBalance, PartyEntry
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
    """Days the oldest unpaid bill is past its due date (0 when nothing is overdue).

    One query: the earliest due date before ``as_of`` among the party's documents still
    open (the one definition, :func:`open_amount_sql`), as :meth:`OpenItem.overdue_days`
    counts it. Only bills carry a due date, and those paid by ``as_of`` are skipped on the
    ``(party_id, kind, settled_on)`` index (``posting.settle`` marks them): the credit check
    reads what is open, not the customer's history (benchmarks/bench_flow.py)."""
    oldest = session.execute(
        text(
            "SELECT MIN(due) FROM (SELECT (SELECT MAX(e.due_date) FROM party_entry e"
            "  WHERE e.document_id = d.id AND e.account = :account"
            "  AND e.entry_date <= :as_of) AS due,"
            f" {open_amount_sql('d', ':as_of')} AS open"
            " FROM document d WHERE d.id IN (SELECT id FROM document WHERE party_id = :party"
            "  AND kind IN (:sales, :purchase) AND settled_on IS NULL"
            "  UNION ALL SELECT id FROM document WHERE party_id = :party"
            "  AND kind IN (:sales, :purchase) AND settled_on > :as_of))"
            " WHERE due < :as_of AND open > 0"
        ),
        {
            "party": uid(party_id),
            "account": account,
            "as_of": as_of.isoformat(),
            "sales": DocKind.SALES_BILL,
            "purchase": DocKind.SUPPLIER_BILL,
        },
    ).scalar()
    return (as_of - date.fromisoformat(oldest)).days if oldest else 0


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
    Set-based: one query sums every party's open items into its buckets (the open amount's
    one definition, :func:`open_amount_sql`; days past due as :meth:`OpenItem.overdue_days`
    counts them), one more gives the balances and parties — not four queries a party
    (benchmarks/bench_aging.py).
    """
    on = as_of or date.today()
    figures: dict[str, tuple[dict[str, Decimal], Decimal, int]] = {}
    for party_id, bucket, amount, days in session.execute(
        text(_aging_sql(buckets)), {"account": account, "as_of": on.isoformat()}
    ):
        amounts, unapplied, worst = figures.get(
            party_id, ({label: ZERO for _, label in buckets}, ZERO, 0)
        )
        value = from_scaled(amount, MONEY_SCALE)
        if bucket < 0:
            unapplied -= value
        else:
            amounts[buckets[bucket][1]] += value
            worst = max(worst, days or 0)
        figures[party_id] = (amounts, unapplied, worst)
    rows = []
    for party, bal in balances(session, account, on):
        amounts, unapplied, worst = figures.get(
            uid(party.id), ({label: ZERO for _, label in buckets}, ZERO, 0)
        )
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


def _bucket_sql(days: str, buckets: Sequence[tuple[int | None, str]]) -> str:
    """The index in ``buckets`` of ``days`` past due: the first whose limit holds it, else
    the last (the one without a limit)."""
    whens = " ".join(
        f"WHEN {days} <= {int(limit)} THEN {i}"
        for i, (limit, _label) in enumerate(buckets)
        if limit is not None
    )
    return f"CASE {whens} ELSE {len(buckets) - 1} END" if whens else "0"


def _aging_sql(buckets: Sequence[tuple[int | None, str]]) -> str:
    """Every party's open items as of ``:as_of``, summed per bucket (−1: unapplied
    credits), with the most days past due of each bucket."""
    return (
        "WITH item AS MATERIALIZED ("  # materialized: each open amount is worked out once
        " SELECT e.party_id AS party, e.due AS due, "
        f"{open_amount_sql('d', ':as_of')} AS open"
        " FROM (SELECT party_id, document_id, MAX(due_date) AS due FROM party_entry"
        "  WHERE account = :account AND entry_date <= :as_of GROUP BY party_id, document_id) e"
        " JOIN document d ON d.id = e.document_id),"
        " aged AS MATERIALIZED (SELECT party, open,"
        "  CASE WHEN open > 0 AND due IS NOT NULL"
        "   THEN MAX(0, CAST(julianday(:as_of) - julianday(due) AS INTEGER)) ELSE 0 END AS days"
        "  FROM item WHERE open != 0)"
        f" SELECT party, CASE WHEN open < 0 THEN -1 ELSE {_bucket_sql('days', buckets)} END"
        "  AS bucket, SUM(open), MAX(days) FROM aged GROUP BY party, bucket"
    )
