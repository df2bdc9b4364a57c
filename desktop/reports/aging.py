"""Receivables and payables aging as of any date, by customer/supplier, salesperson or
region, or as the list of overdue documents — all through ``receivables.aging`` and
``receivables.open_items``, the rules the statements use."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.codes import Account
from desktop.money import ZERO
from desktop.reports.common import bad_choice
from desktop.reports.region import region_of
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services import receivables
from desktop.services.trade import PURCHASE, SALES


def bucket_caption_en(label: str) -> str:
    if label == "未到期":
        return "Not due"
    if m := re.fullmatch(r"(\d+)-(\d+)天", label):
        return f"{m[1]}-{m[2]} days"
    if m := re.fullmatch(r"(\d+)天以上", label):
        return f"Over {m[1]} days"
    return label


_BY = ("customer", "salesperson", "region", "document")


def aging(session: Session, params: ReportParams, account: str = Account.AR) -> ReportTable:
    ar = account == Account.AR
    by = params.by or "customer"
    if by == "supplier" and not ar:
        by = "customer"
    if by not in _BY:
        raise bad_choice("by", by, _BY)
    day = params.day()
    buckets = receivables.buckets_upto(params.buckets) if params.buckets else receivables.BUCKETS
    found = receivables.aging(session, account, day, buckets)
    flow = SALES if ar else PURCHASE
    kinds = (flow.bill, flow.ret, flow.pay)
    who_zh, who_en = ("客户", "Customer") if ar else ("供应商", "Supplier")
    title = ("应收账龄", "Receivables aging") if ar else ("应付账龄", "Payables aging")
    name = "aging" if ar else "payables-aging"
    params_out = {"as_of": day, "by": by, "buckets": [label for _l, label in buckets]}
    if by == "document":
        return _overdue_list(session, found, account, day, kinds, name, title, params_out)
    bucket_cols = [
        ReportColumn(f"b{i}", label, bucket_caption_en(label), "money", total=True)
        for i, (_limit, label) in enumerate(buckets)
    ]
    key_cols = (
        [ReportColumn("code", "编码", "Code", "code"), ReportColumn("name", who_zh, who_en)]
        if by == "customer"
        else [ReportColumn("name", *(("业务员", "Salesperson") if by == "salesperson"
                                     else ("地区", "Region")))]
    )  # fmt: skip
    columns = [
        *key_cols,
        ReportColumn("balance", "余额", "Balance", "money", total=True),
        *bucket_cols,
        ReportColumn("unapplied", "未核销预收" if ar else "未核销预付", "Unapplied", "money",
                     total=True),
        ReportColumn("overdue_days", "最长逾期天数", "Most days overdue", "int"),
    ]  # fmt: skip
    groups: dict[str, ReportRow] = {}
    for a in found:
        if by == "customer":
            key = a.party.code
            drill = Drill(kinds, None, day, party_id=a.party.id, open_only=True)
            label = {"code": a.party.code, "name": a.party.name}
        elif by == "salesperson":
            key = a.party.salesperson
            drill = Drill(kinds, None, day, salesperson=key, open_only=True)
            label = {"name": key}
        else:
            key = region_of(a.party.bill_to, a.party.ship_to)
            drill = Drill(kinds, None, day, region=key, open_only=True)
            label = {"name": key}
        row = groups.get(key)
        if row is None:
            row = groups[key] = ReportRow(
                {**label, "balance": ZERO, "unapplied": ZERO, "overdue_days": 0}
                | {c.key: ZERO for c in bucket_cols},
                drill,
            )
        c = row.cells
        c["balance"] += a.balance
        c["unapplied"] += a.unapplied
        c["overdue_days"] = max(c["overdue_days"], a.max_overdue_days)
        for i, (_limit, label_) in enumerate(buckets):
            c[f"b{i}"] += a.buckets[label_]
    table_rows = sorted(groups.values(), key=lambda r: (-r.cells["balance"], r.cells["name"]))
    for row in table_rows:
        if row.cells["overdue_days"] > 0:
            row.flags = ("overdue",)
    return ReportTable(name, *title, columns, table_rows, params_out)


def _overdue_list(
    session: Session,
    found: list[receivables.Aging],
    account: str,
    day: object,
    kinds: tuple[str, ...],
    name: str,
    title: tuple[str, str],
    params_out: dict[str, object],
) -> ReportTable:
    """Every document past due as of the day, most days overdue first."""
    from datetime import date

    assert isinstance(day, date)
    columns = [
        ReportColumn("party", "往来单位", "Party"),
        ReportColumn("number", "单号", "Number", "code"),
        ReportColumn("doc_date", "日期", "Date", "date"),
        ReportColumn("due_date", "到期日", "Due", "date"),
        ReportColumn("days", "逾期天数", "Days overdue", "int"),
        ReportColumn("open", "未收/未付金额", "Open amount", "money", total=True),
    ]
    out: list[ReportRow] = []
    for a in found:
        if a.max_overdue_days <= 0:
            continue
        for item in receivables.open_items(session, a.party.id, account, day):
            days = item.overdue_days(day)
            if days <= 0:
                continue
            out.append(
                ReportRow(
                    {
                        "party": a.party.name,
                        "number": item.number,
                        "doc_date": item.doc_date,
                        "due_date": item.due_date,
                        "days": days,
                        "open": item.open,
                    },
                    Drill(kinds, item.doc_date, item.doc_date, document_number=item.number),
                    flags=("overdue",),
                )
            )
    out.sort(key=lambda r: (-r.cells["days"], -r.cells["open"]))
    return ReportTable(name, title[0] + "（逾期明细）", title[1] + " (overdue documents)",
                       columns, out, params_out)  # fmt: skip


def payables_aging(session: Session, params: ReportParams) -> ReportTable:
    return aging(session, params, Account.AP)


_ = Decimal
