"""工作台: today's sales, receivables, overdue customers, top products, and the
marketplace inbox when the firm uses the marketplace."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

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
from desktop.reports.charts import Charts, dashboard_charts
from desktop.views.context import Context
from desktop.views.dashboard_charts import DashboardCharts
from desktop.views.market_inbox import TABLES as INBOX_TABLES
from desktop.views.market_inbox import MarketInbox
from desktop.views.reloading import ReloadingScreen
from desktop.views.table_fill import fill_table
from desktop.views.worker import run_in_thread

if TYPE_CHECKING:
    pass


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
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
            label.setProperty("role", "title")
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
        # the lists as today, and the charts a click away: both fit a laptop screen at 175 %
        self.charts = DashboardCharts()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_lower")
        self.tabs.addTab(lists_page, self.tr("逾期与畅销"))
        self.tabs.addTab(self.charts, self.tr("销售与账龄图表"))
        layout.addWidget(self.tabs, 1)
        # the tables the figures and the inbox are read from
        self.watch_ledger(ctx, frozenset(dq.TABLES) | INBOX_TABLES)
        self._load_inbox()
        self._show(dq.quick(ctx.conn, date.today()))
        self.refresh()

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
        banner.setProperty("role", "demo")
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

    def refresh(self) -> None:
        self._load_inbox()
        path = self.ctx.path

        ledger = self.ctx.ledger

        def load(_progress: object) -> dq.Dashboard:
            conn = db.connect(path)
            try:
                return dq.full(conn, date.today())
            finally:
                conn.close()

        def show(board: object) -> None:
            try:
                assert isinstance(board, dq.Dashboard)
                self._show(board)
            except RuntimeError:
                pass

        def load_charts(_progress: object) -> Charts:
            with ledger.read() as session:
                return dashboard_charts(session, date.today())

        def show_charts(charts: object) -> None:
            try:
                assert isinstance(charts, Charts)
                self.charts.show_charts(charts)
            except RuntimeError:
                pass

        run_in_thread(load, show, lambda _e: None)
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
