"""Receivables and payables aging as of any date, by customer/supplier, salesperson or
region, or as the list of overdue documents — all through the rules the statements use:
``receivables.aging_rows_sql`` (``receivables.aging``'s figures as one query of plain rows,
thousands of parties without an object each), ``receivables.aging`` and
``receivables.open_items``."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop.codes import Account
from desktop.money import MONEY_SCALE, ZERO
from desktop.reports.common import bad_choice, id_of, rows
from desktop.reports.region import region_of
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services import receivables
from desktop.services.flow_kinds import PURCHASE, SALES


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
    flow = SALES if ar else PURCHASE
    kinds = (flow.bill, flow.ret, flow.pay)
    who_zh, who_en = ("客户", "Customer") if ar else ("供应商", "Supplier")
    title = ("应收账龄", "Receivables aging") if ar else ("应付账龄", "Payables aging")
    name = "aging" if ar else "payables-aging"
    params_out = {"as_of": day, "by": by, "buckets": [label for _l, label in buckets]}
    if by == "document":
        aged = receivables.aging(session, account, day, buckets)
        return _overdue_list(session, aged, account, day, kinds, name, title, params_out)
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
    found = rows(
        session, receivables.aging_rows_sql(buckets), account=account, as_of=day.isoformat()
    )
    drills = _AgingDrills(kinds, day, by)
    if by == "customer":
        table_rows = [_party_row(r, drills) for r in found]
    else:
        table_rows = _grouped(found, by, len(buckets), drills)
    table_rows.sort(key=_biggest_first)
    return ReportTable(name, *title, columns, table_rows, params_out)


def _party_row(found: tuple[Any, ...], drills: _AgingDrills) -> ReportRow:
    """One party's row from its aging query row (``receivables.aging_rows_sql``)."""
    pid, code, name, _sp, _bill_to, _ship_to, balance, unapplied, worst, *amounts = found
    cells = {
        "code": code,
        "name": name,
        "balance": _money(balance),
        "unapplied": _money(unapplied),
        "overdue_days": worst or 0,
    }
    for i, amount in enumerate(amounts):
        cells[f"b{i}"] = _money(amount)
    return ReportRow.lazy(cells, drills, pid, ("overdue",) if worst else ())


def _grouped(
    found: list[tuple[Any, ...]], by: str, n_buckets: int, drills: _AgingDrills
) -> list[ReportRow]:
    """The parties' figures summed per salesperson or region."""
    groups: dict[str, dict[str, Any]] = {}
    for _pid, _code, _name, sp, bill_to, ship_to, balance, unapplied, worst, *amounts in found:
        key = sp if by == "salesperson" else region_of(bill_to, ship_to)
        c = groups.get(key)
        if c is None:
            c = groups[key] = {"name": key, "balance": ZERO, "unapplied": ZERO, "overdue_days": 0}
            c.update({f"b{i}": ZERO for i in range(n_buckets)})
        c["balance"] += _money(balance)
        c["unapplied"] += _money(unapplied)
        c["overdue_days"] = max(c["overdue_days"], worst or 0)
        for i, amount in enumerate(amounts):
            c[f"b{i}"] += _money(amount)
    return [
        ReportRow.lazy(c, drills, key, ("overdue",) if c["overdue_days"] > 0 else ())
        for key, c in groups.items()
    ]


def _money(fen: int | None) -> Decimal:
    """A sum in fen as yuan; none is 0 (``common.money``, without its checks: a report
    converts a dozen a party)."""
    return Decimal(fen).scaleb(-MONEY_SCALE) if fen is not None else ZERO


def _biggest_first(row: ReportRow) -> tuple[Decimal, str]:
    return -row.cells["balance"], row.cells["name"]


class _AgingDrills:
    """The documents still open behind an aging row, made from its party's id (as stored),
    salesperson or region when asked for."""

    def __init__(self, kinds: tuple[str, ...], day: date, by: str) -> None:
        self.kinds, self.day, self.by = kinds, day, by

    def drills_of(self, key: str) -> tuple[Drill | None, dict[str, Drill]]:
        if self.by == "customer":
            found = Drill(self.kinds, None, self.day, party_id=id_of(key), open_only=True)
        elif self.by == "salesperson":
            found = Drill(self.kinds, None, self.day, salesperson=key, open_only=True)
        else:
            found = Drill(self.kinds, None, self.day, region=key, open_only=True)
        return found, {}


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
