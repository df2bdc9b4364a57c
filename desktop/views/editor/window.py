"""The document editor window: header, lines, totals + credit, and the allowed actions."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import DocKind, DocStatus
from desktop.editing.catalog import Catalog, PartyInfo
from desktop.editing.document import DocState, load
from desktop.editing.lines import incomplete, line_inputs
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.editor import actions
from desktop.views.editor.enter_bar import EnterStopsBar
from desktop.views.editor.header import HeaderPanel
from desktop.views.editor.lines import PRODUCT, LinesModel, LinesView
from desktop.views.editor.panels import CreditPanel, TotalsPanel
from desktop.views.errors import show_error
from desktop.views.screen_fit import sized

#: kinds whose editor shows the customer's credit beside the totals
CREDIT_KINDS = {DocKind.QUOTE, DocKind.SALES_ORDER, DocKind.SALES_BILL}


class DocumentEditor(QWidget):
    """Create or open one document. Saved drafts stay editable; the rest are read-only."""

    saved = Signal(object)  # document id

    def __init__(
        self,
        ctx: Context,
        kind: str = "",
        doc_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("document_editor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.catalog = Catalog(ctx.ledger)
        self.firm = self.catalog.firm()
        self.state: DocState | None = None
        self.busy = False
        self.dirty = False
        if doc_id is not None:
            self.state = load(ctx.ledger, self.catalog, doc_id)
            kind = self.state.kind
        self.kind = kind
        self.header = HeaderPanel(self.catalog, kind)
        self.model = LinesModel(
            self.catalog, kind, self.firm.default_tax_rate, self.firm.prices_include_tax
        )
        self.view = LinesView()
        self.view.setModel(self.model)
        self.view.size_columns()
        self.view.stops = ctx.prefs.enter_stops
        self.enter_bar = EnterStopsBar(self.model.headers, self.view.stops)
        self.enter_bar.changed.connect(self._stops_changed)
        self.totals = TotalsPanel()
        self.credit = CreditPanel()
        self.credit.setVisible(kind in CREDIT_KINDS)
        self.view.setVisible(kind not in (DocKind.RECEIPT, DocKind.PAYMENT))
        self.message = QLabel()
        self.message.setObjectName("editor_message")
        self.message.setWordWrap(True)
        self.buttons_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        bottom = QHBoxLayout()
        bottom.addWidget(self.credit, 1)
        bottom.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.enter_bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons_row)

        self.header.party_changed.connect(self._party_changed)
        self.header.done.connect(self.focus_lines)
        self.model.totals_changed.connect(self._totals_changed)
        self.model.dataChanged.connect(lambda *_: self._mark_dirty())
        for edit in (self.header.ship_to, self.header.notes):
            edit.textEdited.connect(lambda _t: self._mark_dirty())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: actions.print_doc(self))
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: actions.confirm(self))
        self._fill()
        sized(
            self, self.fontMetrics().horizontalAdvance("0") * 130, self.fontMetrics().height() * 40
        )
        if self.state is None:
            self.header.party_edit.setFocus()

    # ---------------------------------------------------------------- state
    def doc_id(self) -> uuid.UUID | None:
        return self.state.id if self.state else None

    def saved_id(self) -> uuid.UUID:
        """The document's id once saved: the actions that need one run after ``save``."""
        assert self.state is not None, "not saved yet"
        return self.state.id

    def editable(self) -> bool:
        return self.state is None or "edit" in self.state.actions

    def _buyer_text(self, doc_id: uuid.UUID) -> str:
        """Who sent a marketplace draft, and whether a clerk accepted them yet."""
        from desktop.labels import BUYER_STATUS, name
        from desktop.services.market_inbox import buyer_of
        from desktop.views.i18n import language

        with self.ctx.ledger.read() as session:
            found = buyer_of(session, doc_id)
        if found is None:
            return ""
        label, status = found
        return f"{label} · {name(BUYER_STATUS, status, language())}"

    def _fill(self) -> None:
        st = self.state
        title = labels.kind(self.kind)
        if st is not None:
            self.header.number.setText(st.number)
            self.header.status.setText(labels.status(st.status))
            self.header.doc_date.setDate(
                QDate(st.doc_date.year, st.doc_date.month, st.doc_date.day)
            )
            self.header.ship_to.setText(st.ship_to)
            self.header.notes.setText(st.notes)
            self.header.set_party(st.party)
            self.header.show_buyer(self._buyer_text(st.id))
            self.model.party_id = st.party.id if st.party else None
            self.model.set_items(list(st.items), self.editable())
            title = f"{title} {st.number} [{labels.status(st.status)}]"
        else:
            self.header.number.setText(self.tr("（保存后生成）"))
            self.header.status.setText(labels.status(DocStatus.DRAFT))
        self.setWindowTitle(title)
        self.header.set_editable(self.editable())
        self.enter_bar.setVisible(
            self.kind not in (DocKind.RECEIPT, DocKind.PAYMENT) and self.editable()
        )
        self.dirty = False
        self._make_buttons()
        self._totals_changed()

    def reload(self, doc_id: uuid.UUID | None = None) -> None:
        ident = doc_id or self.doc_id()
        if ident is not None:
            focused = QApplication.focusWidget()
            in_lines = focused is not None and (
                focused is self.view or self.view.isAncestorOf(focused)
            )
            self.state = load(self.ctx.ledger, self.catalog, ident)
            self._fill()
            if in_lines:  # the table was rebuilt: keep the keyboard in it (Ctrl+S, typing on)
                self.focus_lines()

    def _make_buttons(self) -> None:
        while self.buttons_row.count():
            item = self.buttons_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        for key, text in actions.available(self):
            button = QPushButton(text)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(lambda _c=False, k=key: actions.run(self, k))
            self.buttons[key] = button
            self.buttons_row.addWidget(button)
        self.buttons_row.addStretch(1)
        close = QPushButton(self.tr("关闭窗口"))
        close.clicked.connect(self.close)
        self.buttons_row.addWidget(close)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def say(self, text: str) -> None:
        self.message.setText(text)

    # ---------------------------------------------------------------- live updates
    def _mark_dirty(self) -> None:
        if self.editable():
            self.dirty = True

    def _party_changed(self, party: PartyInfo | None) -> None:
        if party is not None and self.model.party_id != party.id:
            self.model.set_party(party.id)
            self._mark_dirty()
        self._update_credit()

    def _stops_changed(self, chosen: tuple[str, ...]) -> None:
        """The clerk chose where Enter stops: from now on, here and in editors opened later."""
        self.view.stops = chosen
        self.ctx.prefs.enter_stops = chosen

    def focus_lines(self) -> None:
        row = max(0, len(self.model.items) - 1)
        index = self.model.index(row, PRODUCT)
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        if self.editable() and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.view.edit(index)

    def _totals_changed(self) -> None:
        net, tax, total = self.model.totals()
        if self.state is not None and not self.model.filled():  # receipts, payments
            net, tax, total = self.state.net, self.state.tax, self.state.total
        self.totals.show_totals(net, tax, total)
        if self.credit.status is not None:
            self._show_credit(self.credit.status)

    def _update_credit(self) -> None:
        party = self.header.party
        if not self.credit.isVisibleTo(self) or party is None:
            self.credit.show_status(None, self.model.totals()[2], 0, False)
            return
        try:
            status = self.catalog.credit(party.id, None)
        except Exception as exc:  # a read failed: say so, keep typing possible
            show_error(self, exc)
            return
        self._show_credit(status)

    def _show_credit(self, status: Any) -> None:
        counted = self.state is not None and self.state.status not in (
            DocStatus.DRAFT,
            DocStatus.CANCELLED,
        )
        self.credit.show_status(
            status, self.model.totals()[2], self.firm.credit_overdue_days, counted
        )

    # ---------------------------------------------------------------- save
    def save(self, then: Any = None) -> None:
        """Save the draft (Ctrl+S); ``then(doc_id)`` runs after a successful save."""
        if self.busy:
            return
        if not self.editable():
            if then is not None and self.state is not None:
                then(self.state.id)
            return
        self.view.commit_open_cell()  # a quantity typed and Ctrl+S at once is kept
        problem = self._check()
        if problem:
            self.say(problem)
            QMessageBox.warning(self, self.tr("不能保存"), problem)
            return
        party_id = self.header.party_id()
        lines = line_inputs(self.model.filled())
        header = {"ship_to": self.header.ship_to.text(), "notes": self.header.notes.text()}
        on = self.header.date()
        kind, current = self.kind, self.doc_id()

        def write(uow: Any) -> uuid.UUID:
            from desktop.services import documents

            if current is None:
                return documents.create_draft(uow, kind, party_id, lines, on, **header).id
            return documents.update_draft(
                uow, current, lines, party=party_id, doc_date=on, **header
            ).id

        def done(doc_id: object) -> None:
            self.set_busy(False)
            assert isinstance(doc_id, uuid.UUID)
            self.reload(doc_id)
            self.say(
                self.tr("已保存：{number}").format(number=self.state.number if self.state else "")
            )
            self.saved.emit(doc_id)
            if then is not None:
                then(doc_id)

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            show_error(self, exc)

        self.set_busy(True)
        self.ctx.write(write, done, failed)

    def _check(self) -> str:
        if self.header.party is None:
            return self.tr("请先选择客户或供应商。")
        if self.model.errors:
            return self.tr("明细中有无效的数字（红色），请改正。")
        filled = self.model.filled()
        if not filled:
            return self.tr("请至少录入一行商品。")
        gap = incomplete(filled)
        if gap is not None and gap[1] == "qty":
            return self.tr("第 {n} 行没有数量。").format(n=gap[0])
        if gap is not None:
            return self.tr("第 {n} 行没有单价。").format(n=gap[0])
        return ""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.model.filled():
            answer = QMessageBox.question(
                self, self.tr("未保存"), self.tr("单据有未保存的修改，确定关闭吗？")
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.header.party_edit.hide_popup()
        super().closeEvent(event)
