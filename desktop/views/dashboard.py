"""工作台: today's sales, receivables, overdue customers, top products, and the
marketplace inbox when the firm uses the marketplace."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.money import fmt_money
from desktop.queries import dashboard as dq
from desktop.queries import db, lookups
from desktop.views.context import Context
from desktop.views.market_inbox import TABLES as INBOX_TABLES
from desktop.views.market_inbox import MarketInbox
from desktop.views.reloading import ReloadingScreen
from desktop.views.table_fill import fill_table
from desktop.views.theme import mark
from desktop.views.worker import run_in_thread

if TYPE_CHECKING:
    from desktop.views.dashboard_charts import DashboardCharts


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mark(self, "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel(title)
        self.value = QLabel("—")
        self.value.setObjectName("card_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        layout.addWidget(self.title)
        layout.addWidget(self.value)


class DashboardScreen(ReloadingScreen):
    #: a record to open (what, id): a draft from the marketplace inbox
    open_requested = Signal(str, str)
    #: every figure and list of the first tab shown (the start-up's end, ``startup``)
    filled = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cards = {
            "sales_today": Card(self.tr("今日销售")),
            "sales_month": Card(self.tr("本月销售")),
            "receivable": Card(self.tr("应收账款")),
            "payable": Card(self.tr("应付账款")),
            "open_orders": Card(self.tr("未完成销售订单")),
            "overdue_total": Card(self.tr("逾期应收")),
        }
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 3, i % 3)
        self.overdue = self._table(
            [self.tr("客户编码"), self.tr("客户"), self.tr("逾期金额"), self.tr("逾期天数")]
        )
        self.top = self._table([self.tr("商品编码"), self.tr("商品"), self.tr("近30天销售额")])
        lists_page = QWidget()
        lists = QHBoxLayout(lists_page)
        lists.setContentsMargins(0, 0, 0, 0)
        for title, table in (
            (self.tr("逾期客户"), self.overdue),
            (self.tr("近30天畅销商品"), self.top),
        ):
            box = QVBoxLayout()
            label = QLabel(title)
            mark(label, "title")
            box.addWidget(label)
            box.addWidget(table)
            lists.addLayout(box)
        layout = QVBoxLayout(self)
        self.demo_banner = self._demo_banner()
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        layout.addLayout(grid)
        self.inbox = MarketInbox(ctx)
        self.inbox.open_requested.connect(self.open_requested)
        layout.addWidget(self.inbox)
        # the lists as today, and the charts a click away: both fit a laptop screen at 175 %.
        # The charts (QtCharts, and the margin and aging reports over the whole ledger: 15 s
        # of CPU on a million lines) are made when their tab is first opened, not at the start
        self.charts: DashboardCharts | None = None
        self.charts_page = QWidget()
        QVBoxLayout(self.charts_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_lower")
        self.tabs.addTab(lists_page, self.tr("逾期与畅销"))
        self.tabs.addTab(self.charts_page, self.tr("销售与账龄图表"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        # the tables the figures and the inbox are read from
        self.watch_ledger(ctx, frozenset(dq.TABLES) | INBOX_TABLES)
        self._load_inbox()
        self._show(dq.quick(ctx.conn, date.today()))
        # the lists' figures are read now, beside the first paint; they are handed to the
        # window after it (the queued hand-over would make PySide build Qt's enums first)
        ahead = _read_ahead(ctx.path)
        ctx.after_first_paint(lambda: self.refresh(ahead))

    def _demo_banner(self) -> QLabel | None:
        """On a demo ledger: say so, and where the user's own books are."""
        if not lookups.is_demo(self.ctx.conn):
            return None
        from desktop.paths import default_ledger_path

        real = default_ledger_path()
        if real.exists() and real.resolve() != self.ctx.path.resolve():
            text = self.tr(
                "这是演示账本：公司、客户、商品和单据都是虚构的，可以随意试用，不影响您自己的账本。"
                "您自己的账本是 {path}：关闭账房后再次打开，即回到您自己的账本。"
            ).format(path=real)
        else:
            text = self.tr(
                "这是演示账本：公司、客户、商品和单据都是虚构的，可以随意试用，不影响您自己的账本。"
            )
        banner = QLabel(text)
        banner.setObjectName("demo_banner")
        mark(banner, "demo")
        banner.setWordWrap(True)
        return banner

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        return table

    def _load_inbox(self) -> None:
        self.inbox.setVisible(self.inbox.load())

    def refresh(self, ahead: Callable[[object], dq.Dashboard] | None = None) -> None:
        """Read the figures again (``ahead``: the read started by :func:`_read_ahead`)."""
        self._load_inbox()
        path = self.ctx.path

        def load(_progress: object) -> dq.Dashboard:
            return _full(path)

        def show(board: object) -> None:
            try:
                assert isinstance(board, dq.Dashboard)
                self._show(board)
                self.filled.emit()
            except RuntimeError:
                pass

        run_in_thread(ahead or load, show, lambda _e: None)
        if self.charts is not None:
            self._load_charts()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.charts_page and self.charts is None:
            from desktop.views.dashboard_charts import DashboardCharts

            self.charts = DashboardCharts()
            layout = self.charts_page.layout()
            assert layout is not None
            layout.addWidget(self.charts)
            self._load_charts()

    def _load_charts(self) -> None:
        """Read the charts' figures off the GUI thread, then draw them."""
        ledger = self.ctx.ledger

        def load_charts(_progress: object) -> object:
            from desktop.reports.charts import dashboard_charts

            with ledger.read() as session:
                return dashboard_charts(session, date.today())

        def show_charts(charts: object) -> None:
            from desktop.reports.charts import Charts

            try:
                assert isinstance(charts, Charts) and self.charts is not None
                self.charts.show_charts(charts)
            except RuntimeError:
                pass

        run_in_thread(load_charts, show_charts, lambda _e: None)

    def _show(self, board: dq.Dashboard) -> None:
        for key, card in self.cards.items():
            value = getattr(board, key)
            card.value.setText(str(value) if isinstance(value, int) else "¥ " + fmt_money(value))
        self._fill(
            self.overdue,
            [(c, n, fmt_money(a), str(d)) for c, n, a, d in board.overdue_customers],
            numeric={2, 3},
        )
        self._fill(self.top, [(c, n, fmt_money(a)) for c, n, a in board.top_products], numeric={2})

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]], numeric: set[int]) -> None:
        fill_table(table, rows, numeric)
        table.resizeColumnsToContents()


def _full(path: Path) -> dq.Dashboard:
    """Every figure of the first tab, on a connection of its own (off the GUI thread)."""
    conn = db.connect(path)
    try:
        return dq.full(conn, date.today())
    finally:
        conn.close()


def _read_ahead(path: Path) -> Callable[[object], dq.Dashboard]:
    """Start :func:`_full` on a plain thread now; the function returned waits for its
    figures (or raises what the read raised): a job for ``run_in_thread``."""
    box: dict[str, Any] = {}

    def read() -> None:
        try:
            box["board"] = _full(path)
        except BaseException as exc:  # handed to the job, which reports it
            box["error"] = exc

    thread = threading.Thread(target=read, name="zhangfang-dashboard-ahead", daemon=True)
    thread.start()

    def result(_progress: object) -> dq.Dashboard:
        thread.join()
        if "error" in box:
            raise box["error"]
        board: dq.Dashboard = box["board"]
        return board

    return result
