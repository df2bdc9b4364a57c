"""The dashboard's 网店询价与订单 (marketplace inbox): drafts from buyers and buyers to accept.

Opening a draft opens it in the ordinary document editor (credit panel and all); a draft
or a buyer is declined with a reason the buyer sees; a buyer is accepted as a new customer
or as one the firm already has. Shown only when the ledger has a listing or a buyer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import KIND, name
from desktop.money import fmt_money
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.i18n import language
from desktop.views.table_fill import fill_table
from desktop.views.theme import mark

if TYPE_CHECKING:
    import uuid

#: the tables the inbox reads: it reloads when a change touched one of them
TABLES = frozenset({"document", "buyer", "listing", "party"})


class MarketInbox(QWidget):
    """Two tables with their buttons; :meth:`load` reads the ledger again."""

    open_requested = Signal(str, str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("market_inbox")
        self.draft_ids: list[uuid.UUID] = []
        self.buyer_ids: list[uuid.UUID] = []
        title = QLabel(self.tr("网店询价与订单"))
        mark(title, "title")
        self.drafts = self._table(
            [
                self.tr("类型"),
                self.tr("单号"),
                self.tr("买家"),
                self.tr("客户"),
                self.tr("行数"),
                self.tr("金额"),
                self.tr("收到时间"),
            ]
        )
        self.drafts.setObjectName("market_drafts")
        self.drafts.cellDoubleClicked.connect(lambda _r, _c: self.open_selected())
        self.buyers = self._table(
            [
                self.tr("买家"),
                self.tr("公司"),
                self.tr("电话"),
                self.tr("待处理单据"),
                self.tr("邮箱"),
            ]
        )
        self.buyers.setObjectName("market_buyers")
        self.open_button = self._button(self.tr("打开"), self.open_selected)
        self.decline_button = self._button(self.tr("婉拒…"), self.decline_selected)
        self.accept_new = self._button(self.tr("接受为新客户"), lambda: self.accept_selected(False))
        self.accept_known = self._button(
            self.tr("接受为已有客户…"), lambda: self.accept_selected(True)
        )
        self.decline_buyer_button = self._button(self.tr("拒绝买家…"), self.decline_buyer)
        self.pages = QTabWidget()
        self.pages.setObjectName("market_pages")
        for table, buttons in (
            (self.drafts, (self.open_button, self.decline_button)),
            (self.buyers, (self.accept_new, self.accept_known, self.decline_buyer_button)),
        ):
            page = QWidget()
            box = QVBoxLayout(page)
            box.setContentsMargins(4, 4, 4, 4)
            box.addWidget(table)
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            box.addLayout(row)
            self.pages.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.pages)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        table.setMaximumHeight(self.fontMetrics().height() * 7)
        return table

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ reading
    def load(self) -> bool:
        """Read the inbox; returns whether the firm uses the marketplace (show it at all).
        A firm that does not is told by the window's own connection, without the ORM."""
        from desktop.queries.lookups import uses_market

        if not uses_market(self.ctx.conn):
            return False
        from desktop.services.market_inbox import inbox_drafts, local_time, pending_buyers

        with self.ctx.ledger.read() as session:
            drafts = inbox_drafts(session)
            buyers = pending_buyers(session)
        lang = language()
        waiting = self.tr("（待接受）")
        self.draft_ids = [d.id for d in drafts]
        self._fill(
            self.drafts,
            [
                (
                    name(KIND, d.kind, lang),
                    d.number,
                    d.buyer,
                    d.customer or waiting,
                    str(d.lines),
                    fmt_money(d.total),
                    local_time(d.received_at),
                )
                for d in drafts
            ],
            numeric={4, 5},
        )
        self.buyer_ids = [b.id for b in buyers]
        self._fill(
            self.buyers,
            [(b.name, b.company, b.phone, str(b.drafts), b.email) for b in buyers],
            numeric={3},
        )
        self.pages.setTabText(0, self.tr("询价与订单（{n}）").format(n=len(drafts)))
        self.pages.setTabText(1, self.tr("待审核买家（{n}）").format(n=len(buyers)))
        for button in (self.open_button, self.decline_button):
            button.setEnabled(bool(drafts))
        for button in (self.accept_new, self.accept_known, self.decline_buyer_button):
            button.setEnabled(bool(buyers))
        return True

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]], numeric: set[int]) -> None:
        fill_table(table, rows, numeric)
        if rows:
            table.selectRow(0)
        table.resizeColumnsToContents()

    def _selected(self, table: QTableWidget, ids: list[uuid.UUID]) -> uuid.UUID | None:
        row = table.currentRow()
        return ids[row] if 0 <= row < len(ids) else None

    # ------------------------------------------------------------------ acting
    def open_selected(self) -> None:
        ident = self._selected(self.drafts, self.draft_ids)
        if ident is not None:
            self.open_requested.emit("document", str(ident))

    def _reason(self, title: str, message: str) -> str | None:
        from desktop.views.editor.dialogs import ReasonDialog

        dialog = ReasonDialog(title, message, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip()

    def decline_selected(self) -> None:
        ident = self._selected(self.drafts, self.draft_ids)
        if ident is None:
            return
        reason = self._reason(self.tr("婉拒"), self.tr("婉拒这条询价或订单。原因会显示给买家。"))
        if reason is not None:
            self.decline_draft(ident, reason)

    def decline_draft(self, ident: uuid.UUID, reason: str) -> None:
        from desktop.services import market

        self.ctx.write(
            lambda uow: market.decline(uow, ident, reason),
            lambda _r: None,
            lambda exc: show_error(self, exc),
        )

    def accept_selected(self, existing: bool) -> None:
        ident = self._selected(self.buyers, self.buyer_ids)
        if ident is None:
            return
        customer = None
        if existing:
            from PySide6.QtWidgets import QInputDialog  # its types: not before the first paint

            text, ok = QInputDialog.getText(
                self, self.tr("接受买家"), self.tr("已有客户的编码或名称：")
            )
            if not ok or not text.strip():
                return
            customer = text.strip()
        self.accept_buyer(ident, customer)

    def accept_buyer(self, ident: uuid.UUID, customer: str | None) -> None:
        from desktop.services import market
        from desktop.services.parties import get_party

        def write(uow: Any) -> object:
            party = get_party(uow.session, customer).id if customer else None
            return market.accept_buyer(uow, ident, party)

        self.ctx.write(write, lambda _r: None, lambda exc: show_error(self, exc))

    def decline_buyer(self) -> None:
        ident = self._selected(self.buyers, self.buyer_ids)
        if ident is None:
            return
        reason = self._reason(
            self.tr("拒绝买家"),
            self.tr("拒绝这个买家：他的询价和订单一并婉拒，原因会显示给买家。"),
        )
        if reason is None:
            return
        from desktop.services import market

        self.ctx.write(
            lambda uow: market.decline_buyer(uow, ident, reason),
            lambda _r: None,
            lambda exc: show_error(self, exc),
        )
