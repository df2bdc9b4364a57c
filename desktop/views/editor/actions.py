"""The editor's actions: only those the document's state allows, each one unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.codes import DocKind, FlowName
from desktop.editing.document import available_actions
from desktop.errors import CreditError
from desktop.services.flow_kinds import FLOW_OF_KIND
from desktop.views import labels
from desktop.views.alive import alive
from desktop.views.editor import dialogs
from desktop.views.errors import show_error
from desktop.views.i18n import language
from desktop.views.owner_dialog import with_owner

if TYPE_CHECKING:
    from desktop.views.editor.window import DocumentEditor


def _purchase(kind: str) -> bool:
    """Whether ``kind`` belongs to the purchase flow (goods are received, bills paid)."""
    flow = FLOW_OF_KIND.get(kind)
    return flow is not None and flow.name == FlowName.PURCHASE


def available(ed: DocumentEditor) -> list[tuple[str, str]]:
    """The buttons: the core's action keys (``available_actions``) with their labels."""
    purchase = _purchase(ed.kind)
    names = {
        "save": QCoreApplication.translate("Editor", "保存 (Ctrl+S)"),
        "deliver": labels.action("receive" if purchase else "deliver"),
        "collect": labels.action("pay" if ed.kind == DocKind.SUPPLIER_BILL else "collect"),
        "accept": QCoreApplication.translate("Editor", "转为订单"),
        "post_paid": (
            QCoreApplication.translate("Editor", "过账并付款…")
            if ed.kind == DocKind.SUPPLIER_BILL
            else QCoreApplication.translate("Editor", "过账并收款…")
        ),
        "print": QCoreApplication.translate("Editor", "打印 (Ctrl+P)"),
    }
    return [
        (key, names.get(key) or labels.action(key))
        for key in available_actions(ed.kind, ed.state, ed.editable())
    ]


def run(ed: DocumentEditor, key: str) -> None:
    handlers = {
        "save": lambda: ed.save(),
        "confirm": lambda: confirm(ed),
        "post": lambda: post(ed),
        "post_paid": lambda: post(ed, paying=True),
        "deliver": lambda: deliver(ed),
        "bill": lambda: bill(ed),
        "collect": lambda: collect(ed),
        "close": lambda: close_order(ed),
        "cancel": lambda: cancel(ed),
        "reverse": lambda: reverse(ed),
        "print": lambda: print_doc(ed),
        "send": lambda: send_quote(ed),
        "accept": lambda: accept_quote(ed),
        "reject": lambda: reject_quote(ed),
    }
    if key in dict(available(ed)):
        handlers[key]()


def _write(
    ed: DocumentEditor, fn: Any, message: str, then: Any = None, reason: str | None = None
) -> None:
    """Run ``fn(uow)`` on the writer; with ``reason`` (the action's own), a refusal for want
    of the owner's approval asks for the owner's password and runs it again."""
    if reason is not None:

        def start(approval: Any, on_failure: Any) -> None:
            def write(uow: Any) -> Any:
                uow.owner = approval
                return fn(uow)

            _write_once(ed, write, message, then, on_failure)

        with_owner(ed, start, lambda exc: show_error(ed, exc), reason)
        return
    _write_once(ed, fn, message, then, lambda exc: show_error(ed, exc))


def _write_once(ed: DocumentEditor, fn: Any, message: str, then: Any, on_failure: Any) -> None:
    def done(result: object) -> None:
        ed.set_busy(False)
        ed.reload()
        ed.say(
            message.format(
                number=getattr(result, "number", "") if not isinstance(result, str) else result
            )
        )
        if then is not None:
            then(result)

    def failed(exc: BaseException) -> None:
        ed.set_busy(False)
        on_failure(exc)

    ed.set_busy(True)
    ed.ctx.write(fn, done, failed)


# ---------------------------------------------------------------- confirm with credit control
def confirm(ed: DocumentEditor) -> None:
    if not any(k == "confirm" for k, _ in available(ed)):
        return
    ed.save(then=lambda doc_id: _confirm(ed, doc_id, "", None))


def _confirm(
    ed: DocumentEditor,
    doc_id: uuid.UUID,
    reason: str,
    password: str | None,
    figures: str = "",
) -> None:
    """Confirm; over credit, ask for the override (again after a wrong password, with the
    credit ``figures`` of the first refusal and the reason typed, the error shown inline)."""

    def write(uow: Any) -> Any:
        from desktop.services.credit import confirm_order

        return confirm_order(uow, doc_id, override_reason=reason, owner_password=password)

    def done(check: Any) -> None:
        ed.set_busy(False)
        ed.reload()
        if check is not None and not check.ok and not reason:
            ed.say(
                QCoreApplication.translate("Editor", "已确认，但信用超限：{reasons}").format(
                    reasons=credit_reasons(check)
                )
            )
            QMessageBox.warning(
                ed, QCoreApplication.translate("Editor", "信用提醒"), ed.message.text()
            )
        else:
            ed.say(QCoreApplication.translate("Editor", "订单已确认。"))

    def failed(exc: BaseException) -> None:
        ed.set_busy(False)
        if not over_credit(ed, exc, reason, figures, lambda r, p, f: _confirm(ed, doc_id, r, p, f)):
            show_error(ed, exc)

    ed.set_busy(True)
    ed.ctx.write(write, done, failed)


def credit_reasons(check: Any) -> str:
    """A credit check's reasons in the UI's language, for the message line."""
    return "；".join(check.reasons_zh) if language() == "zh" else "; ".join(check.reasons_en)


def over_credit(
    ed: DocumentEditor,
    exc: BaseException,
    reason: str,
    figures: str,
    again: Callable[[str, str, str], None],
) -> bool:
    """A refusal over credit (confirming an order, posting a bill on credit): ask for the
    override — again after a wrong password, with the first refusal's ``figures``, the
    reason kept and the error in the dialog — and ``again(reason, password, figures)``.
    False when ``exc`` is another error (the caller shows it)."""
    if not isinstance(exc, CreditError):
        ed.say("")
        return False
    if exc.code not in ("credit_override_required", "owner_password"):
        ed.say(exc.message(language()))
        return False
    wrong = exc.code == "owner_password"
    text = figures if wrong and figures else exc.message(language())
    got = ask_override(
        ed,
        text,
        ed.catalog.firm().has_owner_password,
        reason if wrong else "",
        exc.message(language()) if wrong else "",
    )
    if got is not None:
        again(got[0], got[1], text)
    return True


def ask_override(
    ed: DocumentEditor, text: str, password: bool, reason: str = "", error: str = ""
) -> tuple[str, str] | None:
    """Asks for the reason (and password); tests replace this to answer without a dialog."""
    return dialogs.ask_override(ed, text, password, reason, error)


# ---------------------------------------------------------------- the other actions
def post(ed: DocumentEditor, paying: bool = False) -> None:
    if ed.kind in (DocKind.SALES_BILL, DocKind.SUPPLIER_BILL):  # credit, and the counter
        from desktop.views.editor import counter

        ed.save(then=lambda doc_id: counter.post_bill(ed, doc_id, paying))
        return

    def write(uow: Any) -> str:
        from desktop.services.trade import post as post_doc

        return str(post_doc(uow, ed.saved_id()).number)

    ed.save(
        then=lambda _id: _write(ed, write, QCoreApplication.translate("Editor", "已过账：{number}"))
    )


def deliver(ed: DocumentEditor, quantities: dict[uuid.UUID, Decimal] | None = None) -> None:
    """Deliver (receive) what the dialog says; ``quantities`` (in each line's unit) skips it."""
    st = ed.state
    assert st is not None
    if quantities is None:
        title = labels.action("receive" if _purchase(ed.kind) else "deliver")
        dialog = open_deliver_dialog(ed, title, [p for p in st.progress if p["left"] > 0])
        if dialog is None:
            return
        quantities = dialog
    doc_id, chosen = st.id, quantities

    def write(uow: Any) -> str:
        from desktop.services.trade import fulfil

        return str(fulfil(uow, doc_id, chosen).number)

    _write(ed, write, QCoreApplication.translate("Editor", "已生成并过账：{number}"))


def open_deliver_dialog(
    ed: DocumentEditor, title: str, rows: list[dict[str, Any]]
) -> dict[uuid.UUID, Decimal] | None:
    dialog = dialogs.DeliverDialog(title, rows, ed)
    if _purchase(ed.kind):  # goods arriving: 扫码清点
        from desktop.editing.scan import look_up
        from desktop.views.editor.receipt_scan import ReceiptCounting

        ReceiptCounting(dialog, lambda code: look_up(ed.ctx.ledger, code))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.quantities()


def bill(ed: DocumentEditor) -> None:
    doc_id = ed.saved_id()

    def write(uow: Any) -> str:
        from desktop.services.trade import bill_order

        return str(bill_order(uow, doc_id).number)

    _write(ed, write, QCoreApplication.translate("Editor", "已开单：{number}"))


def collect(ed: DocumentEditor) -> None:
    st = ed.state
    assert st is not None
    flow = FlowName.PURCHASE if ed.kind == DocKind.SUPPLIER_BILL else FlowName.SALES
    dialog = dialogs.PaymentDialog(ed.ctx, flow, st.party, (st.id, st.number, st.open_amount), ed)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        ed.reload()


def _reason(ed: DocumentEditor, title: str, text: str) -> str | None:
    dialog = dialogs.ReasonDialog(title, text, False, ed)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip()


def ask_reason(ed: DocumentEditor, title: str, text: str) -> str | None:
    """Tests replace this to answer without a dialog."""
    return _reason(ed, title, text)


def _act_with_reason(
    ed: DocumentEditor,
    action: str,
    hint: str,
    service: Callable[[Any, Any, str], Any],
    done: str,
    owners: bool = False,
) -> None:
    """Ask a reason for ``action``, then run ``service(uow, doc_id, reason)`` on the writer;
    ``owners``: the action may need the owner's approval (a reversal)."""
    reason = ask_reason(ed, labels.action(action), hint)
    if reason is None:
        return
    doc_id = ed.doc_id()

    def write(uow: Any) -> str:
        return str(service(uow, doc_id, reason).number)

    _write(ed, write, done, reason=reason if owners else None)


def close_order(ed: DocumentEditor) -> None:
    from desktop.services.trade import close_order as close

    _act_with_reason(
        ed,
        "close",
        QCoreApplication.translate("Editor", "关闭后，未发货的部分不再发货。"),
        close,
        QCoreApplication.translate("Editor", "订单已关闭：{number}"),
    )


def cancel(ed: DocumentEditor) -> None:
    from desktop.services.documents import cancel as cancel_doc

    _act_with_reason(
        ed,
        "cancel",
        QCoreApplication.translate("Editor", "作废后单据保留，但不再生效。"),
        cancel_doc,
        QCoreApplication.translate("Editor", "已作废：{number}"),
    )


def reverse(ed: DocumentEditor) -> None:
    from desktop.services.reversal import reverse as red

    _act_with_reason(
        ed,
        "reverse",
        QCoreApplication.translate("Editor", "红冲会生成一张金额相反的单据，原单保留。"),
        red,
        QCoreApplication.translate("Editor", "已红冲，红字单据：{number}"),
        owners=True,
    )


def print_doc(ed: DocumentEditor) -> None:
    """Ctrl+P: the print preview (printing or saving from there counts the print)."""
    from desktop.views.editor.printout import open_preview

    open_preview(ed)


# ---------------------------------------------------------------- quotes
def send_quote(ed: DocumentEditor) -> None:
    def write(uow: Any) -> str:
        from desktop.services.quotes import send_quote as send

        return str(send(uow, ed.saved_id()).number)

    ed.save(
        then=lambda _id: _write(
            ed, write, QCoreApplication.translate("Editor", "报价单已发送：{number}")
        )
    )


def accept_quote(ed: DocumentEditor) -> None:
    """转为订单: the quote is accepted and its lines become a draft sales order, opened at once."""

    def write(uow: Any) -> tuple[uuid.UUID, str]:
        from desktop.services.quotes import order_from_quote

        order = order_from_quote(uow, ed.saved_id())
        return order.id, str(order.number)

    def done(result: Any) -> None:
        ed.set_busy(False)
        ed.reload()
        order_id, number = result
        ed.say(
            QCoreApplication.translate("Editor", "已转为销售订单：{number}").format(number=number)
        )
        open_order(ed, order_id)

    def failed(exc: BaseException) -> None:
        ed.set_busy(False)
        show_error(ed, exc)

    def start(_id: object) -> None:
        ed.set_busy(True)
        ed.ctx.write(write, done, failed)

    ed.save(then=start)


_spawned: list[Any] = []


def open_order(ed: DocumentEditor, order_id: uuid.UUID) -> DocumentEditor:
    """The new draft order in its own editor, kept open by the main window when there is one."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.editor.window import DocumentEditor

    editor = DocumentEditor(ed.ctx, doc_id=order_id)
    main = next(
        (w for w in QApplication.topLevelWidgets() if hasattr(w, "keep") and w is not ed), None
    )
    if main is not None:
        main.keep(editor)
    else:
        _spawned[:] = [w for w in _spawned if alive(w)] + [editor]
    editor.show()
    editor.raise_()
    return editor


def reject_quote(ed: DocumentEditor) -> None:
    from desktop.services.quotes import reject_quote as reject

    _act_with_reason(
        ed,
        "reject",
        QCoreApplication.translate("Editor", "客户没有接受这份报价。请写下原因（如价格、交期）。"),
        reject,
        QCoreApplication.translate("Editor", "报价单已拒绝：{number}"),
    )
