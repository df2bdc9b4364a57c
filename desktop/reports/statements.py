"""Statements not confirmed: each party whose last statement sent is waiting for an answer
or disputed (``services.statement_tracking.pending``), as a report."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.codes import DocKind
from desktop.models import Account
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.statement_tracking import DISPUTED, pending

#: the status as the ledger's other words (region 未知, bucket 未到期) are: Chinese
_STATUS = {"sent": "未确认", DISPUTED: "有异议"}
#: what a customer's statement lists
_KINDS = (DocKind.SALES_BILL, DocKind.SALES_RETURN, DocKind.RECEIPT)


def statements(session: Session, params: ReportParams) -> ReportTable:
    """Disputed first, then the longest waiting; the drill lists the statement's period."""
    day = params.day()
    columns = [
        ReportColumn("code", "客户编码", "Code", "code"),
        ReportColumn("name", "客户", "Customer"),
        ReportColumn("period_to", "对账截至", "Statement to", "date"),
        ReportColumn("closing", "对账余额", "Closing", "money", total=True),
        ReportColumn("sent_on", "寄出日期", "Sent", "date"),
        ReportColumn("via", "方式", "How"),
        ReportColumn("status", "状态", "Status"),
        ReportColumn("waiting_days", "等待天数", "Days waiting", "int"),
        ReportColumn("note", "异议", "Disputed"),
    ]
    out = []
    for p in pending(session, day, Account.AR):
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
                    "waiting_days": p.waiting_days,
                    "note": " ".join([r.note, *r.disputed_lines]).strip(),
                },
                Drill(_KINDS, r.period_from, r.period_to, party_id=r.party_id),
                flags=("disputed",) if r.status == DISPUTED else (),
            )
        )
    return ReportTable(
        "statements",
        "对账单未确认",
        "Statements not confirmed",
        columns,
        out,
        {"as_of": day},
    )
