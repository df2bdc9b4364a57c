"""What double-click and "new" open: party and product forms, the document editor, payments."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from desktop.codes import DocKind, FlowName
from desktop.views.context import Context

DOC_KINDS = {
    DocKind.QUOTE,
    DocKind.SALES_ORDER,
    DocKind.PURCHASE_ORDER,
    DocKind.SALES_BILL,  # a counter sale, without an order
    DocKind.SUPPLIER_BILL,
}


def open_record(main: QWidget, ctx: Context, what: str, ident: str) -> QWidget | None:
    if what == "party":
        from desktop.views.forms.party_form import PartyForm

        form = PartyForm(ctx, uuid.UUID(ident), parent=main)
        form.show()
        return form
    if what == "product":
        from desktop.views.forms.product_form import ProductForm

        product_form = ProductForm(ctx, uuid.UUID(ident), parent=main)
        product_form.show()
        return product_form
    if what == "document":
        from desktop.views.editor.window import DocumentEditor

        editor = DocumentEditor(ctx, doc_id=uuid.UUID(ident))
        _keep(main, editor)
        editor.show()
        return editor
    return None


def new_record(main: QWidget, ctx: Context, what: str) -> QWidget | None:
    if what in ("customer", "supplier"):
        from desktop.views.forms.party_form import PartyForm

        form = PartyForm(ctx, None, role=what, parent=main)
        form.show()
        return form
    if what == "product":
        from desktop.views.forms.product_form import ProductForm

        product_form = ProductForm(ctx, None, parent=main)
        product_form.show()
        return product_form
    if what in DOC_KINDS:
        from desktop.views.editor.window import DocumentEditor

        editor = DocumentEditor(ctx, kind=what)
        _keep(main, editor)
        editor.show()
        return editor
    if what in (DocKind.RECEIPT, DocKind.PAYMENT):
        from desktop.views.editor.dialogs import PaymentDialog

        dialog = PaymentDialog(
            ctx, flow=FlowName.SALES if what == DocKind.RECEIPT else FlowName.PURCHASE, parent=main
        )
        dialog.show()
        return dialog
    return None


def _keep(main: QWidget, window: QWidget) -> None:
    keep = getattr(main, "keep", None)
    if keep is not None:
        keep(window)
