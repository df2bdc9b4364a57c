"""The owner's KPIs for a period, each with the period before beside it: GMV, orders,
average order value (客单价), gross margin %, repeat-customer rate (留存率), days sales
outstanding (DSO) and the customers most overdue.

Every figure is read through the other reports' definitions (``flows.flow_figures``,
``margin.cost_of_sales``, ``receivables``): the KPI set never counts differently.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop.codes import Account, DocKind, DocStatus
from desktop.money import ZERO, round_money
from desktop.queries.db import uid
from desktop.reports.cash import open_debits
from desktop.reports.common import period_of, previous_period, ratio, rows
from desktop.reports.flows import flow_figures
from desktop.reports.margin import cost_of_sales
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services import receivables
from desktop.services.flow_kinds import SALES


def _bills(session: Session, start: date, end: date) -> dict[str, int]:
    """Per customer: sales bills standing (not reversed, not a reversal) in the period."""
    found = rows(
        session,
        "SELECT party_id, COUNT(*) FROM document WHERE kind = :bill"
        " AND status IN (:posted, :closed) AND reverses_id IS NULL"
        " AND doc_date >= :start AND doc_date <= :end GROUP BY party_id",
        bill=DocKind.SALES_BILL,
        posted=DocStatus.POSTED,
        closed=DocStatus.CLOSED,
        start=start,
        end=end,
    )
    return {str(p): int(n) for p, n in found}


def figures(session: Session, start: date, end: date) -> dict[str, Any]:
    """The KPI figures of one period, by key."""
    sold = flow_figures(session, SALES, None, None, start, end).get(("", ""))
    gmv = sold.gross if sold else ZERO
    net = sold.net if sold else ZERO
    net_ex_tax = sold.net_ex_tax if sold else ZERO
    cost = round_money(cost_of_sales(session, None, None, start, end).get(("", ""), ZERO))
    bills = _bills(session, start, end)
    orders = sum(bills.values())
    before = _bills(session, *previous_period(start, end))
    kept = len(set(before) & set(bills))
    receivable = receivables.total(session, Account.AR, end)
    days = (end - start).days + 1
    return {
        "gmv": gmv,
        "net_sales": net,
        "orders": orders,
        "aov": round_money(gmv / orders) if orders else None,
        "margin": net_ex_tax - cost,
        "margin_rate": ratio(net_ex_tax - cost, net_ex_tax),
        "customers": len(bills),
        "repeat_rate": ratio(Decimal(kept), Decimal(len(before))),
        "receivable": receivable,
        "dso": int(receivable * days / net) if net > 0 else None,
    }


KPIS: tuple[tuple[str, str, str, str], ...] = (
    ("gmv", "销售额（GMV）", "Sales (GMV)", "money"),
    ("net_sales", "净销售额（扣退货）", "Net sales (less returns)", "money"),
    ("orders", "单数", "Orders", "int"),
    ("aov", "客单价", "Average order value", "money"),
    ("margin", "毛利", "Gross margin", "money"),
    ("margin_rate", "毛利率", "Gross margin %", "rate"),
    ("customers", "成交客户数", "Customers who bought", "int"),
    ("repeat_rate", "留存率（上期客户本期再购）", "Repeat-customer rate", "rate"),
    ("receivable", "期末应收", "Receivables at the end", "money"),
    ("dso", "应收周转天数（DSO）", "Days sales outstanding", "int"),
)


def _overdue(
    session: Session, day: date, parties: list[str] | None = None
) -> dict[str, tuple[str, Decimal, int, Any]]:
    """Per customer code: name, amount of bills past due, most days overdue, id — from
    the open bills as of the day (``cash.open_debits``: the one open-amount definition);
    ``parties``: of these only (ids as stored)."""
    past: dict[str, tuple[Decimal, int]] = {}
    for debit in open_debits(session, day, parties):
        if debit.account != Account.AR or debit.due is None or debit.due >= day:
            continue
        amount, days = past.get(debit.party_id, (ZERO, 0))
        past[debit.party_id] = (amount + debit.open, max(days, (day - debit.due).days))
    if not past:
        return {}
    names = {
        str(pid): (code, name)
        for pid, code, name in rows(session, "SELECT id, code, name FROM party WHERE is_customer")
    }
    return {
        names[pid][0]: (names[pid][1], amount, days, uuid.UUID(pid))
        for pid, (amount, days) in past.items()
        if pid in names
    }


def kpi(session: Session, params: ReportParams) -> ReportTable:
    start, end = period_of(params)
    prev_start, prev_end = previous_period(start, end)
    now = figures(session, start, end)
    before = figures(session, prev_start, prev_end)
    columns = [
        ReportColumn("key", "指标代码", "Key", "code"),
        ReportColumn("name", "指标", "Figure"),
        ReportColumn("value", "本期", "This period", "money"),
        ReportColumn("previous", "上期", "Previous period", "money"),
        ReportColumn("change", "变动", "Change", "rate"),
    ]
    sales = Drill((DocKind.SALES_BILL, DocKind.SALES_RETURN), start, end)
    out = []
    for key, zh, en, kind in KPIS:
        value, prev = now[key], before[key]
        change = ratio(value - prev, prev) if value is not None and prev else None
        row = ReportRow(
            {"key": key, "name": zh, "name_en": en, "value": value, "previous": prev,
             "change": change},
            sales if key not in ("receivable", "dso") else None,
            {"previous": sales.with_dates(prev_start, prev_end)},
            kinds={"value": kind, "previous": kind},
        )  # fmt: skip
        out.append(row)
    overdue_now = _overdue(session, end)
    top = sorted(overdue_now.items(), key=lambda kv: (-kv[1][1], kv[0]))[: params.top]
    # the previous period's overdue of the top customers only: nobody else's is shown
    overdue_before = _overdue(session, prev_end, [uid(pid) for _c, (*_f, pid) in top])
    for rank, (code, (name, amount, days, pid)) in enumerate(top, 1):
        prev_amount = overdue_before.get(code, ("", ZERO, 0, None))[1]
        out.append(
            ReportRow(
                {"key": f"overdue_{rank}", "name": f"逾期客户{rank}：{name}（{days}天）",
                 "name_en": f"Overdue customer {rank}: {name} ({days} days)",
                 "value": amount, "previous": prev_amount,
                 "change": ratio(amount - prev_amount, prev_amount)},
                Drill((DocKind.SALES_BILL,), None, end, party_id=pid, open_only=True),
                kinds={"value": "money", "previous": "money"},
                flags=("overdue",),
            )
        )  # fmt: skip
    return ReportTable(
        "kpi",
        "经营指标",
        "Key figures",
        columns,
        out,
        {"from": start, "to": end, "previous_from": prev_start, "previous_to": prev_end},
        [
            (
                "留存率：上期成交的客户中本期再次成交的比例；DSO：期末应收 ÷ 本期净销售额 × 天数。",
                "Repeat-customer rate: the share of the previous period's customers who bought "
                "again; DSO: receivables at the end ÷ net sales × days.",
            )
        ],
    )
