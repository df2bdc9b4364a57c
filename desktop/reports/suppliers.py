"""Supplier evaluation over a period: on-time delivery (each goods receipt's date against
the date its purchase order promised, the order's due date), quality (purchase returns,
their share and their reasons, from the return's notes) and the price trend (what the
same products cost from the supplier against the period before)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.codes import DocKind, DocStatus
from desktop.money import QTY_SCALE, ZERO
from desktop.reports.common import (
    DIMENSIONS,
    DONE_SQL,
    as_uuid,
    money,
    period_of,
    previous_period,
    ratio,
    rows,
    scaled,
)
from desktop.reports.flows import flow_figures
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.flow_kinds import PURCHASE


def _receipts(session: Session, start: date, end: date) -> dict[str, tuple[int, int, int, int]]:
    """Per supplier: receipts, receipts whose order promised a date, on time, days late."""
    found = rows(
        session,
        "SELECT r.party_id, COUNT(*),"
        " SUM(CASE WHEN o.due_date IS NOT NULL THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.due_date IS NOT NULL AND r.doc_date <= o.due_date THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.due_date IS NOT NULL AND r.doc_date > o.due_date"
        "  THEN CAST(julianday(r.doc_date) - julianday(o.due_date) AS INTEGER) ELSE 0 END)"
        " FROM document r LEFT JOIN document o ON o.id = r.source_id AND o.kind = :order"
        " WHERE r.kind = :receipt AND r.status = :posted AND r.reverses_id IS NULL"
        " AND r.doc_date >= :start AND r.doc_date <= :end GROUP BY r.party_id",
        order=DocKind.PURCHASE_ORDER,
        receipt=DocKind.GOODS_RECEIPT,
        posted=DocStatus.POSTED,
        start=start,
        end=end,
    )
    return {
        str(p): (int(n), int(pr or 0), int(ok or 0), int(late or 0)) for p, n, pr, ok, late in found
    }


def _returns(session: Session, start: date, end: date) -> dict[str, tuple[int, str]]:
    """Per supplier: purchase returns (not reversed) and their reasons."""
    found = rows(
        session,
        "SELECT party_id, COUNT(*), GROUP_CONCAT(DISTINCT NULLIF(TRIM(notes), ''))"
        " FROM document WHERE kind = :ret AND status = :posted AND reverses_id IS NULL"
        " AND doc_date >= :start AND doc_date <= :end GROUP BY party_id",
        ret=DocKind.PURCHASE_RETURN,
        posted=DocStatus.POSTED,
        start=start,
        end=end,
    )
    return {str(p): (int(n), (reasons or "").replace(",", "；")) for p, n, reasons in found}


def _unit_costs(
    session: Session, start: date, end: date
) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """Per (supplier, product): base quantity bought and its net amount, returns netted."""
    found = rows(
        session,
        "SELECT d.party_id, l.product_id,"
        " SUM(CASE WHEN d.kind = :bill THEN 1 ELSE -1 END * l.qty * l.unit_factor),"
        " SUM(CASE WHEN d.kind = :bill THEN l.net_amount ELSE -l.net_amount END)"
        " FROM document d JOIN document_line l ON l.document_id = d.id"
        f" WHERE d.kind IN (:bill, :ret) AND d.status IN {DONE_SQL}"
        " AND d.doc_date >= :start AND d.doc_date <= :end GROUP BY d.party_id, l.product_id",
        bill=DocKind.SUPPLIER_BILL,
        ret=DocKind.PURCHASE_RETURN,
        start=start,
        end=end,
    )
    return {
        (str(p), str(pr)): (scaled(q, 2 * QTY_SCALE), money(net))
        for p, pr, q, net in found
        if q and q > 0
    }


def price_trend(
    now: dict[tuple[str, str], tuple[Decimal, Decimal]],
    before: dict[tuple[str, str], tuple[Decimal, Decimal]],
) -> dict[str, Decimal | None]:
    """Per supplier: how much more (+) or less (−) this period's quantities cost than at
    the period before's average prices, over the products bought in both."""
    diff: dict[str, Decimal] = {}
    base: dict[str, Decimal] = {}
    for (party, product), (qty, net) in now.items():
        old = before.get((party, product))
        if old is None:
            continue
        old_avg = old[1] / old[0]
        at_old = qty * old_avg
        diff[party] = diff.get(party, ZERO) + net - at_old
        base[party] = base.get(party, ZERO) + at_old
    return {p: ratio(diff[p], base[p]) for p in diff}


def suppliers(session: Session, params: ReportParams) -> ReportTable:
    start, end = period_of(params)
    prev_start, prev_end = previous_period(start, end)
    bought = flow_figures(session, PURCHASE, DIMENSIONS["supplier"], None, start, end)
    receipts = _receipts(session, start, end)
    returns = _returns(session, start, end)
    trend = price_trend(
        _unit_costs(session, start, end), _unit_costs(session, prev_start, prev_end)
    )
    names = {
        str(pid): (code, name)
        for pid, code, name in rows(session, "SELECT id, code, name FROM party WHERE is_supplier")
    }
    columns = [
        ReportColumn("code", "编码", "Code", "code"),
        ReportColumn("name", "供应商", "Supplier"),
        ReportColumn("purchases", "采购额", "Purchases", "money", total=True),
        ReportColumn("receipts", "到货次数", "Receipts", "int", total=True),
        ReportColumn("on_time_rate", "准时率", "On time", "rate"),
        ReportColumn("days_late", "平均迟到天数", "Average days late", "int"),
        ReportColumn("returns", "退货额", "Returns", "money", total=True),
        ReportColumn("return_count", "退货次数", "Return count", "int", total=True),
        ReportColumn("return_rate", "退货率", "Return rate", "rate"),
        ReportColumn("reasons", "退货原因", "Return reasons"),
        ReportColumn("price_trend", "价格变动", "Price change", "rate"),
    ]
    ids = {k for _per, k in bought} | set(receipts) | set(returns)
    out = []
    for pid in ids:
        f = bought.get(("", pid))
        n, promised, on_time, late = receipts.get(pid, (0, 0, 0, 0))
        count, reasons = returns.get(pid, (0, ""))
        code, name = names.get(pid, (f.code if f else "", f.name if f else ""))
        gross = f.gross if f else ZERO
        ret = f.returns if f else ZERO
        late_count = promised - on_time
        out.append(
            ReportRow(
                {
                    "code": code,
                    "name": name,
                    "purchases": gross,
                    "receipts": n,
                    "on_time_rate": ratio(Decimal(on_time), Decimal(promised)),
                    "days_late": late // late_count if late_count else 0,
                    "returns": ret,
                    "return_count": count,
                    "return_rate": ratio(ret, gross),
                    "reasons": reasons,
                    "price_trend": trend.get(pid),
                },
                Drill(
                    (DocKind.GOODS_RECEIPT, DocKind.SUPPLIER_BILL, DocKind.PURCHASE_RETURN),
                    start,
                    end,
                    party_id=as_uuid(pid),
                ),
                {"returns": Drill((DocKind.PURCHASE_RETURN,), start, end, party_id=as_uuid(pid))},
            )
        )
    out.sort(key=lambda r: (-r.cells["purchases"], r.cells["code"]))
    return ReportTable(
        "suppliers",
        "供应商评估",
        "Supplier evaluation",
        columns,
        out,
        {"from": start, "to": end, "previous_from": prev_start, "previous_to": prev_end},
        [
            (
                "准时：到货日不晚于采购订单的到期日（承诺日）；价格变动：本期数量按上期均价比较。",
                "On time: received no later than the order's due (promised) date; price "
                "change: this period's quantities at the previous period's average prices.",
            )
        ],
    )
