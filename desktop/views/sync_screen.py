"""同步状态: what this desk has queued for the marketplace, and whether it went out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.queries import lists
from desktop.queries.lookups import pending_changes
from desktop.views.context import Context
from desktop.views.list_screen import ListScreen

if TYPE_CHECKING:
    from desktop.services.uow import Changes


class SyncScreen(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = ListScreen(ctx, lists.SYNC)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        ctx.changed.connect(self._ledger_changed)
        self.update_summary()

    def _ledger_changed(self, changes: Changes) -> None:
        if changes.touches(lists.SYNC.tables):  # a write that queued an intent
            self.update_summary()

    def update_summary(self) -> None:
        pending = pending_changes(self.ctx.conn)
        self.summary.setText(
            self.tr(
                "未登录市场账号：本机离线工作，所有修改都已保存在本地。"
                "待同步的修改：{n} 条，联网登录后会自动发送。"
            ).format(n=pending)
        )
