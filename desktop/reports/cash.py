"""Cash expected: what customers owe falling due week by week, and what we owe suppliers.

Each open document's open amount is ``open_amounts.open_amount_sql`` (the one definition
the lists, statements and aging read), as of the day; it falls in the week of its due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.codes import Account
from desktop.money import ZERO
from desktop.reports.common import money, rows
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.flow_kinds import PURCHASE, SALES
from desktop.services.open_amounts import maybe_open_sql, open_amount_sql


@dataclass(frozen=True)
class OpenDebit:
    """A bill still (partly) unpaid as of a day."""

    account: str
    party_id: str
    due: date | None
    open: Decimal


def open_debits(
    session: Session, day: date, parties: Sequence[str] | None = None
) -> list[OpenDebit]:
    """Every bill still open as of the day, in one query over the documents not settled
    by then (``open_amounts.maybe_open_sql``; ``CROSS JOIN``: the documents first, not
    every entry of the ledger). ``parties``: only theirs (ids as stored), read from their
    entries."""
    source = "document d CROSS JOIN party_entry e ON e.document_id = d.id"
    where, params = "", {}
    if parties is not None:
        if not parties:
            return []
        source = "party_entry e JOIN document d ON d.id = e.document_id"
        params = {f"p{i}": party for i, party in enumerate(parties)}
        where = f" AND e.party_id IN ({', '.join(':' + key for key in params)})"
    found = rows(
        session,
        "SELECT e.account, MAX(e.party_id), MAX(e.due_date),"
        f" {open_amount_sql('d', ':day')} AS open"
        f" FROM {source}"
        f" WHERE {maybe_open_sql('d', ':day')} AND e.entry_date <= :day{where}"
        " GROUP BY d.id, e.account",
        day=day,
        **params,
    )
    return [
        OpenDebit(account, str(party), date.fromisoformat(due) if due else None, money(open_))
        for account, party, due, open_ in found
        if open_ and open_ > 0
    ]


def cash(session: Session, params: ReportParams) -> ReportTable:
    day = params.day()
    weeks = max(1, params.weeks)
    monday = day - timedelta(days=day.weekday())
    slots: list[tuple[str, str, date | None, date | None]] = [
        ("已逾期", "Overdue", None, day - timedelta(days=1))
    ]
    for i in range(weeks):
        lo = max(day, monday + timedelta(weeks=i))
        hi = monday + timedelta(weeks=i, days=6)
        slots.append((f"{lo:%m-%d}～{hi:%m-%d}", f"{lo:%m-%d} to {hi:%m-%d}", lo, hi))
    end = monday + timedelta(weeks=weeks, days=-1)
    slots.append(("以后", "Later", end + timedelta(days=1), None))
    sums: dict[tuple[int, str], Decimal] = {
        (i, str(acc)): ZERO for i in range(len(slots) + 1) for acc in (Account.AR, Account.AP)
    }
    for debit in open_debits(session, day):
        sums[(_slot(debit.due, day, end, monday), debit.account)] += debit.open
    columns = [
        ReportColumn("week", "到期周", "Falls due"),
        ReportColumn("receivable", "应收到期", "Receivable due", "money", total=True),
        ReportColumn("payable", "应付到期", "Payable due", "money", total=True),
        ReportColumn("net", "净流入", "Net in", "money", total=True),
    ]
    out = []
    labelled: list[tuple[str, str, date | None, date | None]] = [
        *slots,
        ("未定到期日", "No due date", None, None),
    ]
    for i, (zh, en, since, until) in enumerate(labelled):
        ar, ap = sums[(i, str(Account.AR))], sums[(i, str(Account.AP))]
        if i == len(slots) and not ar and not ap:
            continue
        row = ReportRow(
            {"week": zh, "week_en": en, "receivable": ar, "payable": ap, "net": ar - ap},
            Drill((SALES.bill,), since, until, open_only=True),
            {"payable": Drill((PURCHASE.bill,), since, until, open_only=True)},
        )
        out.append(row)
    return ReportTable(
        "cash",
        "资金预测（按到期周）",
        "Cash expected by week",
        columns,
        out,
        {"as_of": day, "weeks": weeks},
        [("到期日按单据到期日（账期）计。", "Due dates are the documents' own (their terms).")],
    )


def _slot(due: date | None, day: date, end: date, monday: date) -> int:
    """0 overdue, 1..weeks the week it falls in, weeks+1 later, weeks+2 no due date."""
    weeks = ((end - monday).days + 1) // 7
    if due is None:
        return weeks + 2
    if due < day:
        return 0
    if due > end:
        return weeks + 1
    return 1 + (due - monday).days // 7
