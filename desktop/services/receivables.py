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

from sqlalchemy import bindparam, column, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from desktop.models import Account, DocKind, Party, PartyBalance, PartyEntry
from desktop.money import MONEY_SCALE, ZERO, from_scaled
from desktop.queries.db import uid
from desktop.services.open_amounts import (
    days_past_due,
    days_past_due_sql,
    maybe_open_ids_sql,
    maybe_open_sql,
    open_amount_sql,
)


def balance(
    session: Session, party_id: uuid.UUID, account: str = Account.AR, as_of: date | None = None
) -> Decimal:
    """What the party owes us (AR) or we owe it (AP), as of the end of ``as_of``."""
    if as_of is None:
        held = session.identity_map.get(identity_key(PartyBalance, (party_id, account)))
        if held is not None:
            return held.balance
        if session.autoflush:  # what is pending goes first, as the ORM's query would flush it
            session.flush()
        kept = session.connection().execute(_KEPT, {"party": party_id, "account": account})
        value = kept.scalar()  # the value alone: no object made for it
        return value if value is not None else ZERO
    total = session.scalar(
        select(func.coalesce(func.sum(PartyEntry.amount), 0)).where(
            PartyEntry.party_id == party_id,
            PartyEntry.account == account,
            PartyEntry.entry_date <= as_of,
        )
    )
    return Decimal(total or 0)


#: a party's kept balance (built once: the credit check asks it on every order confirmed)
_KEPT = select(PartyBalance.balance).where(
    PartyBalance.party_id == bindparam("party"), PartyBalance.account == bindparam("account")
)


def balances(
    session: Session,
    account: str = Account.AR,
    as_of: date | None = None,
    include_zero: bool = False,
) -> list[tuple[Party, Decimal]]:
    """Every party's balance in one query: the aggregate joined to its parties, by code.

    Zero balances are dropped in SQL (HAVING) and the parties come back in the same
    round trip, so the cost stays close to the bare aggregate (benchmarks/bench_balance.py).
    Without zeros, it is the kept balance (``party_balance``, which ``zhangfang check``
    holds equal to Σ entries) less the entries after ``as_of``: a report as of a recent day
    reads a few entries, not the ledger's history (benchmarks/bench_reports.py).
    """
    if not include_zero:
        return _kept_balances(session, account, as_of)
    total = func.sum(PartyEntry.amount)
    sums = (
        select(PartyEntry.party_id, total.label("total"))
        .where(PartyEntry.account == account)
        .group_by(PartyEntry.party_id)
    )
    if as_of is not None:
        sums = sums.where(PartyEntry.entry_date <= as_of)
    sub = sums.subquery()
    rows = session.execute(
        select(Party, sub.c.total).join(sub, sub.c.party_id == Party.id).order_by(Party.code)
    )
    return [(party, amount) for party, amount in rows]


def total(session: Session, account: str = Account.AR, as_of: date | None = None) -> Decimal:
    """Σ every party's balance as of the end of ``as_of`` (the aging total, the KPI set's
    receivables): the kept balances (``party_balance``) less the entries after the day."""
    kept = select(func.coalesce(func.sum(PartyBalance.balance), 0)).where(
        PartyBalance.account == account
    )
    amount = Decimal(session.scalar(kept) or 0)
    if as_of is not None:
        later = select(func.coalesce(func.sum(PartyEntry.amount), 0)).where(
            PartyEntry.account == account, PartyEntry.entry_date > as_of
        )
        amount -= Decimal(session.scalar(later) or 0)
    return amount


def kept_balances_sql(as_of: bool = True) -> str:
    """Every party's balance on ``:account`` as (party_id, total in fen): the kept balance
    (``party_balance``, which ``zhangfang check`` holds equal to Σ entries) less, with
    ``as_of``, the entries dated after ``:as_of``, sought on each party's (party, date)
    index: a report as of a recent day reads a few entries, not the ledger's history. The one form :func:`balances` and :func:`aging_rows`
    read."""
    if not as_of:
        return (
            "SELECT pb.party_id AS party_id, pb.balance AS total FROM party_balance pb"
            " WHERE pb.account = :account"
        )
    return (
        "SELECT pb.party_id AS party_id, pb.balance - COALESCE((SELECT SUM(le.amount)"
        " FROM party_entry le WHERE le.party_id = pb.party_id AND le.entry_date > :as_of"
        " AND le.account = :account), 0) AS total"
        " FROM party_balance pb WHERE pb.account = :account"
    )


def _kept_balances(
    session: Session, account: str, as_of: date | None
) -> list[tuple[Party, Decimal]]:
    """The non-zero balances as of the end of ``as_of`` (:func:`kept_balances_sql`)."""
    kept = (
        text(kept_balances_sql(as_of is not None))
        .columns(column("party_id"), column("total", PartyBalance.balance.type))
        .subquery("kept")
    )
    rows = session.execute(
        select(Party, kept.c.total)
        .join(kept, kept.c.party_id == Party.id)
        .where(kept.c.total != 0)
        .order_by(Party.code),
        {"account": account, "as_of": as_of.isoformat() if as_of else None},
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
        return days_past_due(self.open, self.due_date, as_of)


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

    One query: the most days past due (:func:`days_past_due_sql`) among the party's
    documents still open (the one definition, :func:`open_amount_sql`). Only bills carry a
    due date, and those paid by ``as_of`` are skipped on the ``(party_id, kind, settled_on)``
    index (:func:`maybe_open_ids_sql`; ``posting.settle`` marks them): the credit check
    reads what is open, not the customer's history (benchmarks/bench_flow.py). A bill not
    due yet is 0 days past due whatever is open of it, so the open amount is summed only
    for those past their due date."""
    bills = maybe_open_ids_sql("party_id = :party AND kind IN (:sales, :purchase)", ":as_of")
    days = session.execute(
        text(
            f"SELECT MAX({days_past_due_sql('open', 'due', ':as_of')})"
            f" FROM (SELECT due, {open_amount_sql('b', ':as_of')} AS open"
            " FROM (SELECT d.id, (SELECT MAX(e.due_date) FROM party_entry e"
            "  WHERE e.document_id = d.id AND e.account = :account"
            "  AND e.entry_date <= :as_of) AS due"
            f"  FROM document d WHERE d.id IN ({bills})) AS b"
            " WHERE b.due < :as_of)"
        ),
        {
            "party": uid(party_id),
            "account": account,
            "as_of": as_of.isoformat(),
            "sales": DocKind.SALES_BILL,
            "purchase": DocKind.SUPPLIER_BILL,
        },
    ).scalar()
    return int(days or 0)


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
    figures = _aging_figures(session, account, on, buckets)
    rows = []
    for party, bal in balances(session, account, on):
        amounts, unapplied, worst = figures.get(uid(party.id), _no_figures(buckets))
        rows.append(Aging(party, bal, amounts, unapplied, worst))
    return rows


AgingFigures = tuple[dict[str, Decimal], Decimal, int]
"""A party's aging: amount per bucket label, unapplied credits, most days past due."""


def party_aging(
    session: Session,
    party_id: uuid.UUID,
    account: str = Account.AR,
    as_of: date | None = None,
    buckets: Sequence[tuple[int | None, str]] = BUCKETS,
) -> AgingFigures:
    """One party's aging as of a date: the same query as :func:`aging`, for one party
    (a statement's aging box)."""
    on = as_of or date.today()
    figures = _aging_figures(session, account, on, buckets, party_id)
    return figures.get(uid(party_id), _no_figures(buckets))


def _no_figures(buckets: Sequence[tuple[int | None, str]]) -> AgingFigures:
    return {label: ZERO for _, label in buckets}, ZERO, 0


def _aging_figures(
    session: Session,
    account: str,
    on: date,
    buckets: Sequence[tuple[int | None, str]],
    party_id: uuid.UUID | None = None,
) -> dict[str, AgingFigures]:
    """Every party's (or one party's) aging figures, keyed by the party's id as stored."""
    figures: dict[str, AgingFigures] = {}
    params = {"account": account, "as_of": on.isoformat()}
    if party_id is not None:
        params["party"] = uid(party_id)
    for party, bucket, amount, days in session.execute(
        text(_aging_sql(buckets, one_party=party_id is not None)), params
    ):
        amounts, unapplied, worst = figures.get(party, _no_figures(buckets))
        value = from_scaled(amount, MONEY_SCALE)
        if bucket < 0:
            unapplied -= value
        else:
            amounts[buckets[bucket][1]] += value
            worst = max(worst, days or 0)
        figures[party] = (amounts, unapplied, worst)
    return figures


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


def _aging_ctes(one_party: bool = False) -> str:
    """The open items as of ``:as_of`` (``item``: party, most days past due's date, open
    amount) and their days past due (``aged``), for every party or (``one_party``) for
    ``:party``.

    Only documents that may be open then are read (:func:`maybe_open_sql`: not settled by
    ``:as_of``), not the ledger's whole history; for every party the scan starts from the
    documents (``CROSS JOIN`` keeps SQLite from walking every entry first), for one party
    from its entries."""
    source = (
        "party_entry e JOIN document d ON d.id = e.document_id"
        if one_party
        else "document d CROSS JOIN party_entry e ON e.document_id = d.id"
    )
    return (
        "item AS MATERIALIZED ("  # materialized: each open amount is worked out once
        " SELECT e.party_id AS party, MAX(e.due_date) AS due, "
        f"{open_amount_sql('d', ':as_of')} AS open"
        f" FROM {source}"
        f" WHERE {maybe_open_sql('d', ':as_of')}"
        " AND e.account = :account AND e.entry_date <= :as_of"
        f"{' AND e.party_id = :party' if one_party else ''}"
        " GROUP BY e.party_id, d.id),"
        " aged AS MATERIALIZED (SELECT party, open,"
        f"  {days_past_due_sql('open', 'due', ':as_of')} AS days"
        "  FROM item WHERE open != 0)"
    )


def _aging_sql(buckets: Sequence[tuple[int | None, str]], one_party: bool = False) -> str:
    """Every party's (``one_party``: ``:party``'s) open items as of ``:as_of``, summed per
    bucket (−1: unapplied credits), with the most days past due of each bucket."""
    return (
        f"WITH {_aging_ctes(one_party)}"
        f" SELECT party, CASE WHEN open < 0 THEN -1 ELSE {_bucket_sql('days', buckets)} END"
        "  AS bucket, SUM(open), MAX(days) FROM aged GROUP BY party, bucket"
    )


def aging_rows_sql(buckets: Sequence[tuple[int | None, str]]) -> str:
    """:func:`aging` as one query of plain rows, for a report of thousands of parties: the
    parties with a balance on ``:account`` as of ``:as_of`` (:func:`kept_balances_sql`), by
    code, as (id as stored, code, name, salesperson, bill_to, ship_to, balance, unapplied
    credits, most days past due, then each bucket's amount), amounts in fen, None for
    none — the figures :func:`aging` gives, with no object made per party."""
    per_bucket = "".join(
        f", SUM(CASE WHEN open > 0 AND bucket = {i} THEN open END) AS b{i}"
        for i in range(len(buckets))
    )
    return (
        f"WITH {_aging_ctes()},"
        " fig AS (SELECT party, -SUM(CASE WHEN open < 0 THEN open END) AS unapplied,"
        f"  MAX(CASE WHEN open > 0 THEN days END) AS worst{per_bucket}"
        f"  FROM (SELECT party, open, days, {_bucket_sql('days', buckets)} AS bucket FROM aged)"
        "  GROUP BY party),"
        f" kept AS ({kept_balances_sql()})"
        " SELECT p.id, p.code, p.name, p.salesperson, p.bill_to, p.ship_to, kept.total,"
        "  fig.unapplied, fig.worst"
        + "".join(f", fig.b{i}" for i in range(len(buckets)))
        + " FROM kept JOIN party p ON p.id = kept.party_id"
        "  LEFT JOIN fig ON fig.party = kept.party_id"
        " WHERE kept.total != 0 ORDER BY p.code"
    )
