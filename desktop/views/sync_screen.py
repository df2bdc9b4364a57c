"""同步状态: this desk's sync at a glance, 立即同步, and the problems inbox.

The inbox (``desktop.sync.inbox``) lists what sync left for a person — conflicts, stock
below zero, over credit, same names, changes the server refused — each with its kind, the
message in the window's language, when and at which desk. A conflict is settled by taking
the other desk's value or keeping this one; anything else is marked settled. Settling is
a write like any other (the writer thread, a unit of work), so it is recorded and synced.
The outbox itself stays one tab away (全部改动).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import labels as core_labels
from desktop.queries import lists
from desktop.queries.lookups import pending_changes
from desktop.views import sync_menu
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.i18n import language
from desktop.views.list_screen import ListScreen

if TYPE_CHECKING:
    from desktop.services.uow import Changes
    from desktop.sync.inbox import InboxItem
    from desktop.views.sync_session import SyncSession

#: tables whose writes can change the inbox
INBOX_TABLES = ("sync_problem", "outbox", "party", "product")


def _local(at: datetime) -> str:
    """A stored UTC time as the person's local time."""
    stamp = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return f"{stamp.astimezone():%Y-%m-%d %H:%M}"


class SyncScreen(QWidget):
    def __init__(
        self, ctx: Context, session: SyncSession | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.items: list[InboxItem] = []
        self.summary = QLabel()
        self.summary.setObjectName("sync_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_line = QLabel()
        self.problem_line.setObjectName("sync_error")
        self.problem_line.setWordWrap(True)
        self.problem_line.setStyleSheet("color: #b00020;")
        self.problem_line.hide()
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._inbox_page(), "")
        self.list = ListScreen(ctx, lists.SYNC)
        self.tabs.addTab(self.list, self.tr("全部改动"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem_line)
        layout.addWidget(self.tabs, 1)
        ctx.changed.connect(self._ledger_changed)
        if session is not None:
            session.status_changed.connect(self.show_status)
        self.update_summary()
        self.reload()

    def _inbox_page(self) -> QWidget:
        page = QWidget()
        self.show_settled = QCheckBox(self.tr("显示已处理的问题"))
        self.show_settled.setObjectName("show_settled")
        self.show_settled.toggled.connect(self.reload)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("problems")
        self.table.setHorizontalHeaderLabels(
            [self.tr("类型"), self.tr("说明"), self.tr("时间"), self.tr("工作站"), self.tr("处理")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # wrapped messages: row heights follow the message column's width as it changes
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.viewport().installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(self.tr("没有待处理的同步问题。"))
        self.empty.setObjectName("no_problems")
        self.take_button = QPushButton(self.tr("采用对方的值"))
        self.take_button.setObjectName("take_offered")
        self.take_button.clicked.connect(lambda: self.settle(take_offered=True))
        self.keep_button = QPushButton(self.tr("保留现值"))
        self.keep_button.setObjectName("keep_value")
        self.keep_button.clicked.connect(lambda: self.settle(take_offered=False))
        self.settle_button = QPushButton(self.tr("已处理"))
        self.settle_button.setObjectName("mark_settled")
        self.settle_button.clicked.connect(lambda: self.settle(take_offered=False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_settled)
        buttons.addStretch(1)
        for button in (self.take_button, self.keep_button, self.settle_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_rows.start()  # once the header has stretched the message column
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ status
    def _ledger_changed(self, changes: Changes) -> None:
        if changes.touches(lists.SYNC.tables):  # a write that queued an intent
            self.update_summary()
        if changes.touches(INBOX_TABLES):
            self.reload()

    def update_summary(self) -> None:
        if self.session is not None and self.ctx.prefs.market_account:
            self.show_status(self.session.status())
        else:
            self._not_signed_in()

    def _not_signed_in(self) -> None:
        pending = pending_changes(self.ctx.conn)
        self.summary.setText(
            self.tr(
                "未登录市场账号：本机离线工作，所有修改都已保存在本地。"
                "待同步的修改：{n} 条，联网登录后会自动发送。"
            ).format(n=pending)
        )
        self.sync_button.setEnabled(False)

    def show_status(self, status: Any) -> None:
        """The engine's latest status (on the GUI thread)."""
        from desktop.sync.settings import read_settings

        settings = read_settings(self.ctx.ledger)
        if not settings.enrolled:  # signed in with another ledger on this computer
            self._not_signed_in()
            return
        running = self.session is not None and self.session.running
        lines = [
            self.tr("服务器 {server} · 商号 {firm} · 用户 {user} · 本机工作站 {desk}").format(
                server=settings.server or "-",
                firm=settings.firm or "-",
                user=settings.user or "-",
                desk=settings.desk_code,
            ),
            sync_menu.status_text(status, running),
        ]
        if status.rejected:
            lines[-1] += self.tr(" · 被拒 {n} 条").format(n=status.rejected)
        self.summary.setText("\n".join(lines))
        error = sync_menu.error_text(status)
        self.problem_line.setText(error)
        self.problem_line.setVisible(bool(error))
        self.sync_button.setEnabled(running)

    def sync_now(self) -> None:
        if self.session is not None:
            self.session.sync_now()

    # ------------------------------------------------------------------ the inbox
    def reload(self) -> None:
        from desktop.sync.inbox import inbox

        ledger = self.ctx.ledger
        with ledger.read() as session:
            self.items = inbox(session, ledger.desk, everything=self.show_settled.isChecked())
        lang = language()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            settled = (
                self.tr("{who}：{how}").format(who=item.settled_by, how=item.resolution)
                if item.settled
                else ""
            )
            cells = (
                core_labels.name(core_labels.SYNC_PROBLEM, item.kind, lang),
                item.message(lang),
                _local(item.at),
                item.desk,
                settled,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        open_count = sum(not item.settled for item in self.items)
        self.tabs.setTabText(0, self.tr("待处理的问题（{n}）").format(n=open_count))
        self.empty.setVisible(not self.items)
        self._selected()

    def current(self) -> InboxItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selected(self) -> None:
        item = self.current()
        open_item = item is not None and not item.settled
        conflict = open_item and item is not None and item.can_take
        self.take_button.setVisible(item is None or item.can_take)
        self.keep_button.setVisible(item is None or item.can_take)
        self.settle_button.setVisible(item is None or not item.can_take)
        self.take_button.setEnabled(conflict)
        self.keep_button.setEnabled(conflict)
        self.settle_button.setEnabled(open_item and not conflict)

    def settle(self, take_offered: bool) -> None:
        """Settle the selected line, with an optional note, through the writer thread."""
        from desktop.sync.inbox import settle

        item = self.current()
        if item is None or item.settled:
            return
        note, ok = QInputDialog.getText(self, self.tr("处理同步问题"), self.tr("备注（可不填）："))
        if not ok:
            return
        key = item.key
        self.ctx.write(
            lambda uow: settle(uow, key, note, take_offered=take_offered),
            lambda _result: self.reload(),
            lambda exc: show_error(self, exc),
        )
