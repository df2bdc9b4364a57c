"""Screenshots of statement tracking (the 报表 screen's 未确认对账单, a party's 对账记录 and
the dispute form) and of the dashboard's charts, on the demo ledger and on a small data set
(the axes from 0, no −1)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from shots_common import settle, shoot, wait_for


def send_statements(ctx: Any) -> None:
    """Three customers' statements of last month sent; one disputed, one confirmed (once)."""
    from sqlalchemy import func, select

    from desktop.models import PartyEntry, StatementRecord
    from desktop.services import statement_tracking as tracking

    end = date.today().replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    ledger = ctx.ledger
    with ledger.read() as s:
        if s.scalar(select(StatementRecord.id).limit(1)) is not None:
            return
        owing = (
            select(PartyEntry.party_id)
            .where(PartyEntry.account == "AR", PartyEntry.entry_date <= end)
            .group_by(PartyEntry.party_id)
            .having(func.sum(PartyEntry.amount) > 0)
            .limit(3)
        )
        ids = list(s.scalars(owing))
    with ledger.unit() as uow:
        sent = [tracking.track(uow, p, start, end, end + timedelta(days=2), via).id
                for p, via in zip(ids, ("微信", "邮件", "打印"), strict=False)]  # fmt: skip
    with ledger.unit() as uow:
        numbers = [x.number for x in tracking.lines_of(uow.session, sent[0])][:1]
        tracking.dispute(
            uow, sent[0], end + timedelta(days=4), "王会计", "上月退货 3 箱未扣", numbers
        )
        if len(sent) > 2:
            tracking.confirm(uow, sent[2], end + timedelta(days=3), "李老板")


def statement_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    send_statements(window.ctx)
    settle(app, 1.5)  # the screen runs its report again after the writes
    screen = window.show_screen("reports")
    screen.result = None
    screen.pending_button.click()
    wait_for(app, lambda: screen.result is not None)
    settle(app, 1.0)
    screen.table.selectRow(0)
    wait_for(app, screen.records_button.isEnabled, 5)
    shoot(window, out, f"{prefix}-46-statements-pending", app)
    dialog = screen.open_records()
    wait_for(app, lambda: dialog.loaded > 0)
    shoot(dialog, out, f"{prefix}-47-statement-records", app)
    form = dialog.answer(True)
    settle(app)
    if form is not None:
        form.by.setText("王会计")
        form.note.setPlainText("上月退货 3 箱未扣")
        shoot(form, out, f"{prefix}-48-statement-dispute-form", app)
        form.reject()
    dialog.close()


def chart_shots(window: Any, app: Any, out: Path, prefix: str) -> None:
    from desktop.reports.charts import Bucket, Charts, Month, first_of_month_before
    from desktop.views.dashboard_charts import DashboardCharts

    dashboard = window.show_screen("dashboard")
    dashboard.tabs.setCurrentIndex(1)
    wait_for(app, lambda: dashboard.charts.charts is not None)
    shoot(window, out, f"{prefix}-45-dashboard-charts", app)
    dashboard.tabs.setCurrentIndex(0)
    # a new ledger's first sale: 300 元 sold at a 3 元 loss, one bill not yet due
    today = date.today()
    months = [f"{first_of_month_before(today, k):%Y-%m}" for k in range(11, -1, -1)]
    small = Charts(
        [Month(k, Decimal(0), Decimal(0)) for k in months[:-1]]
        + [Month(months[-1], Decimal("300.00"), Decimal("-3.00"))],
        [Bucket("未到期", "Not due", Decimal("339.00")), Bucket("1-30天", "1-30 days", Decimal(0))],
    )
    widget = DashboardCharts()
    widget.resize(1100, 330)
    widget.show_charts(small)
    widget.show()
    shoot(widget, out, f"{prefix}-49-charts-small-ledger", app)
    widget.close()
