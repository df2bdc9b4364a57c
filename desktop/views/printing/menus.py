"""Right-click actions on the lists: print preview, 对账单, and the fapiao actions.

Installed by the main window on each list screen. The actions are added to
the table (``ActionsContextMenu``) so other features can add theirs the same
way; each acts on the row under the keyboard cursor.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.codes import Account, FapiaoDirection

BILL_LISTS = {"sales_bills": FapiaoDirection.OUT, "supplier_bills": FapiaoDirection.IN}
PARTY_LISTS = {"customers": Account.AR, "suppliers": Account.AP}


def install(screen: Any, main: QWidget) -> list[QAction]:
    """Add this list's actions to its table's context menu; returns them (for tests)."""
    spec = screen.spec
    ctx = screen.ctx
    actions: list[tuple[str, str, Callable[[], Any]]] = []
    if spec.opens == "document":
        actions.append(
            (
                "preview",
                QCoreApplication.translate("ListMenus", "打印预览…"),
                lambda: preview_document(screen, main, ctx),
            )
        )
    if spec.name == "goods_receipts":
        actions.append(
            (
                "receipt_labels",
                QCoreApplication.translate("ListMenus", "打印到货标签…"),
                lambda: receipt_labels(screen, main, ctx),
            )
        )
    if spec.name in BILL_LISTS:
        actions.append(
            (
                "fapiao",
                QCoreApplication.translate("ListMenus", "登记发票…"),
                lambda: fapiao_for_bill(screen, main, ctx),
            )
        )
    if spec.name in PARTY_LISTS:
        actions.append(
            (
                "statement",
                QCoreApplication.translate("ListMenus", "对账单…"),
                lambda: statement(screen, main, ctx),
            )
        )
        actions.append(
            (
                "statement_records",
                QCoreApplication.translate("ListMenus", "对账记录（寄出/确认/异议）…"),
                lambda: statement_records(screen, main, ctx),
            )
        )
    if spec.name == "fapiao":
        actions += [
            (
                "fapiao_new",
                QCoreApplication.translate("ListMenus", "登记发票…"),
                lambda: new_fapiao(screen, main, ctx),
            ),
            (
                "fapiao_cancel",
                QCoreApplication.translate("ListMenus", "作废…"),
                lambda: cancel_fapiao(screen, main, ctx),
            ),
            (
                "fapiao_red",
                QCoreApplication.translate("ListMenus", "开红字发票…"),
                lambda: red_fapiao(screen, main, ctx),
            ),
        ]
    made = []
    for key, text, slot in actions:
        action = QAction(text, screen.table)
        action.setObjectName(f"menu_{key}")
        action.triggered.connect(lambda _checked=False, s=slot: s())
        screen.table.addAction(action)
        made.append(action)
    if made:
        screen.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return made


def _current(screen: Any) -> uuid.UUID | None:
    ident = screen.current_id()
    return uuid.UUID(ident) if ident else None


def preview_document(screen: Any, main: QWidget, ctx: Any) -> Any:
    ident = _current(screen)
    if ident is None:
        return None
    from desktop.views.printing.preview import open_document

    return open_document(main, ctx, ident)


def receipt_labels(screen: Any, main: QWidget, ctx: Any) -> Any:
    """A label for each unit the goods receipt under the cursor brought in."""
    ident = _current(screen)
    if ident is None:
        return None
    from desktop.views.printing.labels_dialog import LabelsDialog

    number = screen.model.value(screen.table.currentIndex().row(), "number")
    dialog = LabelsDialog(ctx, [], main, receipt=str(number))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def statement(screen: Any, main: QWidget, ctx: Any) -> Any:
    ident = _current(screen)
    if ident is None:
        return None
    from desktop.views.printing.statements import open_statement

    return open_statement(main, ctx, ident.hex, PARTY_LISTS[screen.spec.name])


def statement_records(screen: Any, main: QWidget, ctx: Any) -> Any:
    """The statements sent to the party under the cursor and their answers."""
    ident = _current(screen)
    if ident is None:
        return None
    from desktop.views.statement_tracking import open_tracking

    return open_tracking(main, ctx, ident, PARTY_LISTS[screen.spec.name])


def fapiao_for_bill(screen: Any, main: QWidget, ctx: Any) -> Any:
    """登记发票 from a bill: the form opens with its party and only this bill ticked."""
    ident = _current(screen)
    if ident is None:
        return None
    from desktop.editing.catalog import Catalog

    party = Catalog(ctx.ledger).party_of(ident)
    return _open_form(main, ctx, BILL_LISTS[screen.spec.name], party, ident)


def new_fapiao(screen: Any, main: QWidget, ctx: Any) -> Any:
    return _open_form(main, ctx, FapiaoDirection.OUT, None, None)


def _open_form(main: QWidget, ctx: Any, direction: str, party: Any, bill: Any) -> Any:
    from desktop.views.forms.fapiao_form import FapiaoForm

    form = FapiaoForm(ctx, direction, party, bill, main)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    form.show()
    return form


def cancel_fapiao(screen: Any, main: QWidget, ctx: Any) -> None:
    ident = _current(screen)
    if ident is not None:
        from desktop.views.forms import fapiao_form

        fapiao_form.cancel_fapiao(main, ctx, ident)


def red_fapiao(screen: Any, main: QWidget, ctx: Any) -> None:
    ident = _current(screen)
    if ident is not None:
        from desktop.views.forms import fapiao_form

        fapiao_form.red_fapiao(main, ctx, ident)
