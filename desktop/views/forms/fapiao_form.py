"""发票: record a fapiao issued through the tax system, cancel it (作废) or offset it (红字).

The form lists the party's bills that are not fully invoiced yet, each
prefilled with its un-invoiced amount; ticked rows are linked to the fapiao.
Every check speaks through ``DomainError.message`` under the field it concerns.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import FapiaoDirection, FapiaoKind
from desktop.editing.catalog import Catalog, PartyInfo
from desktop.errors import DomainError
from desktop.money import fmt_money
from desktop.queries.lookups import fapiao_number
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.forms.amount_edit import AmountEdit
from desktop.views.forms.common import FormDialog
from desktop.views.i18n import language
from desktop.views.lookup import LookupEdit
from desktop.views.qdates import ledger_date_edit, py_date
from desktop.views.screen_fit import sized
from desktop.views.theme import mark
from desktop.views.worker import run_in_thread

#: where a service error about a field belongs on the form
ERROR_FIELDS = {
    "Fapiao number": "number",
    "Net amount": "amount",
    "Tax": "tax",
    "duplicate_fapiao": "number",
    "bad_kind": "kind",
    "over_invoiced": "links",
    "other_party": "links",
    "not_a_bill": "links",
}
CHECK, NUMBER, DATE, TOTAL, LEFT, AMOUNT = range(6)


def _date_edit(value: date | None = None) -> QDateEdit:
    return ledger_date_edit(value)


class FapiaoForm(FormDialog):
    """Record one fapiao (销项 for customers, 进项 from suppliers) and link it to bills."""

    bills_loaded = Signal(int)

    def __init__(
        self,
        ctx: Context,
        direction: str = FapiaoDirection.OUT,
        party: PartyInfo | None = None,
        bill_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.catalog = Catalog(ctx.ledger)
        self.bill_id = bill_id
        self.saved_id: uuid.UUID | None = None
        self._generation = 0
        self.setObjectName("fapiao_form")
        self.setWindowTitle(self.tr("登记发票"))
        self.direction = QComboBox()
        self.direction.addItem(
            labels.code_text(FapiaoDirection.OUT) + self.tr("（开给客户）"), FapiaoDirection.OUT
        )
        self.direction.addItem(
            labels.code_text(FapiaoDirection.IN) + self.tr("（供应商开来）"), FapiaoDirection.IN
        )
        self.direction.setCurrentIndex(max(0, self.direction.findData(direction)))
        self.party_edit = LookupEdit(self._find_parties)
        self.number = QLineEdit()
        self.code = QLineEdit()
        self.issue_date = _date_edit()
        self.kind = QComboBox()
        for code in FapiaoKind:
            self.kind.addItem(labels.code_text(code), code)
        self.amount = AmountEdit()
        self.amount.setPlaceholderText("0.00")
        self.tax = AmountEdit()
        self.tax.setPlaceholderText("0.00")
        self.total = QLabel("0.00")
        self.total.setObjectName("fapiao_total")
        self.notes = QLineEdit()
        self.add("direction", self.tr("方向"), self.direction)
        self.add("party", self.tr("往来单位"), self.party_edit)
        self.add("number", self.tr("发票号码"), self.number)
        self.add("code", self.tr("发票代码"), self.code)
        self.add("issue_date", self.tr("开票日期"), self.issue_date)
        self.add("kind", self.tr("发票类型"), self.kind)
        self.add("amount", self.tr("金额（不含税）"), self.amount)
        self.add("tax", self.tr("税额"), self.tax)
        self.add("total", self.tr("价税合计"), self.total)
        self.add("notes", self.tr("备注"), self.notes)

        self.bills = QTableWidget(0, 6)
        self.bills.setObjectName("fapiao_bills")
        self.bills.setHorizontalHeaderLabels(
            [
                self.tr("关联"),
                self.tr("单号"),
                self.tr("日期"),
                self.tr("价税合计"),
                self.tr("未开票"),
                self.tr("本次开票"),
            ]
        )
        self.bills.verticalHeader().hide()
        header = self.bills.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AMOUNT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AMOUNT, self.fontMetrics().horizontalAdvance("0") * 16)
        self.bills_title = QLabel(self.tr("未开完票的单据（勾选要关联的，可改本次开票金额）"))
        self.links_error = QLabel()
        self.links_error.setObjectName("error_links")
        mark(self.links_error, "error")
        self.links_error.setWordWrap(True)
        self.errors["links"] = self.links_error
        self.links_error.hide()
        self.linked = QLabel()
        self.linked.setObjectName("fapiao_linked")
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        for i, widget in enumerate(
            (self.bills_title, self.bills, self.linked, self.links_error), start=1
        ):
            outer.insertWidget(i, widget, 1 if widget is self.bills else 0)

        self.direction.currentIndexChanged.connect(self._direction_changed)
        self.party_edit.chosen.connect(lambda _p: self.load_bills())
        self.amount.textChanged.connect(self._update_total)
        self.tax.textChanged.connect(self._update_total)
        self.bills.itemChanged.connect(lambda _item: self._update_total())
        if party is not None:
            self.set_party(party)
        char = self.fontMetrics().horizontalAdvance("0")
        sized(self, char * 90, self.fontMetrics().height() * 40)

    # ---------------------------------------------------------------- party and bills
    def _find_parties(self, text: str) -> list[tuple[str, Any]]:
        role = "customer" if self.direction.currentData() == FapiaoDirection.OUT else "supplier"
        return self.catalog.find_parties(text, role)

    def set_party(self, party: PartyInfo) -> None:
        self.party_edit.payload = party
        self.party_edit.setText(f"{party.code}  {party.name}")
        self.load_bills()

    def _direction_changed(self, *_args: object) -> None:
        self.party_edit.payload = None
        self.party_edit.clear()
        self.bills.setRowCount(0)
        self._update_total()

    def load_bills(self) -> None:
        """The party's un-invoiced bills, read off the GUI thread."""
        party = self.party_edit.payload
        self._generation += 1
        if not isinstance(party, PartyInfo):
            self.bills.setRowCount(0)
            return
        generation, ledger, direction = (
            self._generation,
            self.ctx.ledger,
            self.direction.currentData(),
        )

        def read(_progress: Any) -> list[tuple[uuid.UUID, str, date, Decimal, Decimal]]:
            from desktop.services.fapiao import uninvoiced_bills

            with ledger.read() as session:
                return [
                    (u.bill.id, u.bill.number, u.bill.doc_date, u.bill.total, u.amount)
                    for u in uninvoiced_bills(session, party.id, direction)
                ]

        def show(rows: object) -> None:
            try:
                if generation == self._generation:
                    assert isinstance(rows, list)
                    self._fill(rows)
            except RuntimeError:  # closed meanwhile
                pass

        run_in_thread(read, show, lambda exc: show_error(self, exc))

    def _fill(self, rows: list[tuple[uuid.UUID, str, date, Decimal, Decimal]]) -> None:
        self.bills.blockSignals(True)
        self.bills.setRowCount(len(rows))
        for r, (ident, number, on, total, left) in enumerate(rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            wanted = self.bill_id is None or ident == self.bill_id
            check.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, ident)
            self.bills.setItem(r, CHECK, check)
            for column, text in (
                (NUMBER, number),
                (DATE, on.isoformat()),
                (TOTAL, fmt_money(total)),
                (LEFT, fmt_money(left)),
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column in (TOTAL, LEFT):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.bills.setItem(r, column, item)
            amount = QTableWidgetItem(f"{left:.2f}")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.bills.setItem(r, AMOUNT, amount)
        self.bills.blockSignals(False)
        if not rows:
            self.bills_title.setText(self.tr("这家往来单位没有未开票的单据。"))
        else:
            self.bills_title.setText(self.tr("未开完票的单据（勾选要关联的，可改本次开票金额）"))
        if rows and not self.amount.text().strip():
            self._prefill_amounts()
        self._update_total()
        self.bills_loaded.emit(len(rows))

    def _prefill_amounts(self) -> None:
        """No amount typed yet: take the ticked bills' total, split by the firm's tax rate."""
        total = sum((amount for _ident, amount, _r in self._ticked_raw() if amount), Decimal(0))
        if not total:
            return
        rate = self.catalog.firm().default_tax_rate
        net = (total / (1 + rate)).quantize(Decimal("0.01"))
        self.amount.set_value(net)
        self.tax.set_value(total - net)

    def _ticked_raw(self) -> list[tuple[uuid.UUID, Decimal | None, int]]:
        out = []
        for r in range(self.bills.rowCount()):
            check = self.bills.item(r, CHECK)
            if check is None or check.checkState() != Qt.CheckState.Checked:
                continue
            cell = self.bills.item(r, AMOUNT)
            text = (cell.text() if cell else "").strip()
            try:
                amount: Decimal | None = Decimal(text.replace(",", "") or "0")
            except ArithmeticError:
                amount = None
            out.append((check.data(Qt.ItemDataRole.UserRole), amount, r))
        return out

    def _update_total(self) -> None:
        net, tax = self._number(self.amount.text()), self._number(self.tax.text())
        total = (net or Decimal(0)) + (tax or Decimal(0))
        self.total.setText(fmt_money(total))
        linked = sum((a for _i, a, _r in self._ticked_raw() if a is not None), Decimal(0))
        text = self.tr("关联合计 {linked}").format(linked=fmt_money(linked))
        if self._ticked_raw() and linked != total:
            text += self.tr("（与发票价税合计 {total} 不一致）").format(total=fmt_money(total))
        self.linked.setText(text)

    @staticmethod
    def _number(text: str) -> Decimal | None:
        try:
            return Decimal(text.strip().replace(",", "") or "0")
        except ArithmeticError:
            return None

    # ---------------------------------------------------------------- save
    def _check(self, key: str, fn: Any) -> Any:
        try:
            return fn()
        except DomainError as exc:
            self.set_error(key, exc.message(language()))
            return None

    def submit(self) -> None:
        from desktop.services import validate as v

        self.clear_errors()
        party = self.party_edit.payload
        if not isinstance(party, PartyInfo):
            self.set_error("party", self.tr("请选择往来单位（输入编码、名称或拼音首字母）。"))
        number = self._check(
            "number", lambda: v.required_text(self.number.text(), "发票号码", "Fapiao number", 40)
        )
        net = self._check(
            "amount",
            lambda: v.money_value(self.amount.plain_text(), "金额", "Net amount", minimum=None),
        )
        tax = self._check(
            "tax", lambda: v.money_value(self.tax.plain_text(), "税额", "Tax", minimum=None)
        )
        links = []
        for ident, amount, r in self._ticked_raw():
            number_cell = self.bills.item(r, NUMBER)
            bill_number = number_cell.text() if number_cell else ""
            got = self._check(
                "links",
                lambda a=amount, n=bill_number: v.money_value(
                    "x" if a is None else a, f"{n} 开票金额", f"Amount on {n}", minimum=None
                ),
            )
            if got:
                links.append((ident, got))
        if self.has_errors() or self.general.text():
            return
        assert isinstance(party, PartyInfo)
        values = {
            "number": number,
            "code": self.code.text().strip(),
            "party": party.id,
            "issue_date": py_date(self.issue_date.date()),
            "net_amount": net,
            "tax_amount": tax,
            "kind": self.kind.currentData(),
            "direction": self.direction.currentData(),
            "links": links,
            "notes": self.notes.text().strip(),
        }

        def write(uow: Any) -> uuid.UUID:
            from desktop.services.fapiao import record_fapiao

            return record_fapiao(uow, **values).id

        def done(ident: object) -> None:
            assert isinstance(ident, uuid.UUID)
            self.saved_id = ident
            QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                key = ERROR_FIELDS.get(str(exc.details.get("field", "")), "") or ERROR_FIELDS.get(
                    exc.code, ""
                )
                self.set_error(key, exc.message(language()))
                return
            show_error(self, exc)

        self.ctx.write(write, done, failed)


class RedFapiaoDialog(QDialog):
    """红字发票: the number and date of the red-letter fapiao that offsets the original."""

    def __init__(self, original: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("red_fapiao_dialog")
        self.setWindowTitle(self.tr("开红字发票"))
        message = QLabel(
            self.tr("红字发票将全额冲销原发票 {number}，原发票保留。").format(number=original)
        )
        message.setWordWrap(True)
        self.number = QLineEdit()
        self.number.setObjectName("red_number")
        self.code = QLineEdit()
        self.issue_date = _date_edit()
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("红字发票号码"), self.number)
        form.addRow(self.tr("发票代码"), self.code)
        form.addRow(self.tr("开票日期"), self.issue_date)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 60)

    def accept(self) -> None:
        from desktop.services import validate as v

        try:
            v.required_text(self.number.text(), "红字发票号码", "Red-letter fapiao number", 40)
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return {
            "number": self.number.text().strip(),
            "code": self.code.text().strip(),
            "issue_date": py_date(self.issue_date.date()),
        }


# ---------------------------------------------------------------- the fapiao list's actions
def ask_cancel_reason(parent: QWidget, number: str) -> str | None:
    """Tests replace this to answer without a dialog."""
    from desktop.views.editor.dialogs import ReasonDialog

    dialog = ReasonDialog(
        QCoreApplication.translate("FapiaoForm", "作废发票"),
        QCoreApplication.translate(
            "FapiaoForm", "作废发票 {number}：作废后不再计入开票金额。"
        ).format(number=number),
        False,
        parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip()


def ask_red(parent: QWidget, number: str) -> dict[str, Any] | None:
    """Tests replace this to answer without a dialog."""
    dialog = RedFapiaoDialog(number, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def cancel_fapiao(parent: QWidget, ctx: Context, fapiao_id: uuid.UUID, then: Any = None) -> None:
    reason = ask_cancel_reason(parent, fapiao_number(ctx.conn, fapiao_id))
    if reason is None:
        return

    def write(uow: Any) -> str:
        from desktop.services.fapiao import cancel_fapiao as cancel

        return str(cancel(uow, fapiao_id, reason).number)

    ctx.write(write, then, lambda exc: show_error(parent, exc))


def red_fapiao(parent: QWidget, ctx: Context, fapiao_id: uuid.UUID, then: Any = None) -> None:
    values = ask_red(parent, fapiao_number(ctx.conn, fapiao_id))
    if values is None:
        return

    def write(uow: Any) -> str:
        from desktop.services.fapiao import red_fapiao as red

        return str(red(uow, fapiao_id, **values).number)

    ctx.write(write, then, lambda exc: show_error(parent, exc))
