"""What a scan does in the document editor: the line (with a flash), an archived product
said so, an unknown code a small new-product form with the barcode filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.editing.scan import look_up

if TYPE_CHECKING:
    from desktop.views.editor.window import DocumentEditor
    from desktop.views.forms.product_form import ProductForm


class ScanHandler(QObject):
    """Connected to the lines view's ``scanned``; the rules are in ``editing.scan``."""

    def __init__(self, editor: DocumentEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.form: ProductForm | None = None
        editor.view.scanner.max_gap_ms = editor.ctx.prefs.scan_gap_ms
        editor.view.scanned.connect(self.scan)

    def scan(self, code: str) -> None:
        editor = self.editor
        if not editor.editable():
            editor.say(self.tr("此单据已不能修改，扫码未加入。"))
            return
        found = look_up(editor.ctx.ledger, code)
        if found.outcome == "found":
            assert found.product_id is not None
            row = editor.model.add_scan(found.product_id, found.unit)
            editor.view.flash(row)
            editor.say(
                self.tr("扫码 {code}：{name} +1 {unit}").format(
                    code=code, name=found.name, unit=found.unit
                )
            )
        elif found.outcome == "archived":
            editor.say(
                self.tr("条码 {code} 是已停用商品“{name}”的条码，不能开单。").format(
                    code=code, name=found.name
                )
            )
        else:
            self._new_product(code)

    def _new_product(self, code: str) -> None:
        from desktop.views.forms.product_form import ProductForm

        self.editor.say(self.tr("条码 {code} 还没有商品：请新建。").format(code=code))
        form = ProductForm(self.editor.ctx, None, parent=self.editor)
        form.setObjectName("scan_new_product")
        form.barcode.setText(code)
        form.accepted.connect(lambda: self.scan(code))
        self.form = form
        form.show()
        form.name.setFocus()
