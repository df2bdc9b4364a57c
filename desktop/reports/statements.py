"""Statements not confirmed: each customer (or supplier, ``by=supplier``) whose last
statement sent is waiting for an answer or disputed (``services.statement_tracking.pending``),
as a report. One code path for both: the party kind picks the account and the words."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.models import Account
from desktop.reports.common import bad_choice
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.flow_kinds import PURCHASE, SALES
from desktop.services.statement_tracking import DISPUTED, pending

#: the status as the ledger's other words (region 未知, bucket 未到期) are: Chinese
_STATUS = {"sent": "未确认", DISPUTED: "有异议"}
_STATUS_EN = {"sent": "Not confirmed", DISPUTED: "Disputed"}
#: party kind → (account, flow whose documents a statement lists, who in zh / en)
KINDS = {
    "customer": (Account.AR, SALES, "客户", "Customer"),
    "supplier": (Account.AP, PURCHASE, "供应商", "Supplier"),
}


def statements(session: Session, params: ReportParams) -> ReportTable:
    """Disputed first, then the longest waiting; the drill lists the statement's period."""
    by = params.by or "customer"
    if by not in KINDS:
        raise bad_choice("by", by, tuple(KINDS))
    account, flow, who_zh, who_en = KINDS[by]
    kinds = (flow.bill, flow.ret, flow.pay)
    day = params.day()
    columns = [
        ReportColumn("code", f"{who_zh}编码", "Code", "code"),
        ReportColumn("name", who_zh, who_en),
        ReportColumn("period_to", "对账截至", "Statement to", "date"),
        ReportColumn("closing", "对账余额", "Closing", "money", total=True),
        ReportColumn("sent_on", "寄出日期", "Sent", "date"),
        ReportColumn("via", "方式", "How"),
        ReportColumn("status", "状态", "Status"),
        ReportColumn("waiting_days", "等待天数", "Days waiting", "int"),
        ReportColumn("note", "异议", "Disputed"),
    ]
    out = []
    for p in pending(session, day, account):
        r = p.record
        out.append(
            ReportRow(
                {
                    "code": p.party_code,
                    "name": p.party_name,
                    "period_to": r.period_to,
                    "closing": r.closing,
                    "sent_on": r.sent_on,
                    "via": r.sent_via,
                    "status": _STATUS[r.status],
                    "status_en": _STATUS_EN[r.status],
                    "waiting_days": p.waiting_days,
                    "note": " ".join([r.note, *r.disputed_lines]).strip(),
                },
                Drill(kinds, r.period_from, r.period_to, party_id=r.party_id),
                flags=("disputed",) if r.status == DISPUTED else (),
            )
        )
    title = ("对账单未确认", "Statements not confirmed")
    if by == "supplier":
        title = ("供应商对账单未确认", "Supplier statements not confirmed")
    return ReportTable("statements", *title, columns, out, {"as_of": day, "by": by})
