"""Print preview from the window: real PDFs through the core, counted only when printed or saved."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.views.editor import actions
from desktop.views.editor.window import DocumentEditor
from desktop.views.printing import preview as preview_module
from desktop.views.printing.preview import PrintPreview, open_document
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def doc_of(ctx: Any, kind: str) -> tuple[uuid.UUID, str]:
    row = ctx.conn.execute("SELECT id, number FROM document WHERE kind = ?", (kind,)).fetchone()
    return uuid.UUID(hex=str(row[0])), str(row[1])


def print_count(ctx: Any, number: str) -> int:
    row = ctx.conn.execute("SELECT print_count FROM document WHERE number = ?", (number,))
    return int(row.fetchone()[0])


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def shown(qtbot: Any, preview: PrintPreview) -> PrintPreview:
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.last is not None, timeout=30000)
    return preview


def preview_text(preview: PrintPreview) -> str:
    return "".join(
        preview.document.getAllText(p).text() for p in range(preview.document.pageCount())
    )


def test_preview_opens_the_bill_and_counts_nothing(qtbot: Any, ctx: Any) -> None:
    bill_id, number = doc_of(ctx, "sales_bill")
    preview = shown(qtbot, open_document(None, ctx, bill_id))
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() == 1
    assert preview.pages_label.text() == "/ 共 1 页"
    assert number in preview_text(preview)
    assert not preview.prices.isVisibleTo(preview)  # only delivery notes can hide prices
    assert print_count(ctx, number) == 0  # a preview is not a print


def test_paper_choice_changes_the_page(qtbot: Any, ctx: Any) -> None:
    bill_id, _number = doc_of(ctx, "sales_bill")
    preview = shown(qtbot, open_document(None, ctx, bill_id))
    assert round(preview.document.pagePointSize(0).height()) == 842  # A4
    with qtbot.waitSignal(preview.rendered, timeout=30000):
        preview.paper.setCurrentIndex(preview.paper.findData("241x93"))
    assert round(preview.document.pagePointSize(0).height() / 72 * 25.4) == 93
    assert ctx.prefs.get("print/paper/sales_bill") == "241x93"  # remembered per kind
    preview.zoom.setCurrentIndex(preview.zoom.findData(1.5))
    assert preview.view.zoomFactor() == pytest.approx(1.5)
    preview.step_zoom(1)
    assert preview.zoom.currentData() == 2.0


def test_delivery_note_without_prices(qtbot: Any, ctx: Any) -> None:
    doc_id, _number = doc_of(ctx, "delivery")
    preview = shown(qtbot, open_document(None, ctx, doc_id))
    assert preview.prices.isVisibleTo(preview)
    with_prices = preview_text(preview)
    with qtbot.waitSignal(preview.rendered, timeout=30000):
        preview.prices.setChecked(False)
    without = preview_text(preview)
    assert "单价" in with_prices and "单价" not in without


def test_save_as_pdf_is_no_print_and_no_reprint_follows(
    qtbot: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF saved to keep or send is no print: the first paper copy after it is not 补打."""
    bill_id, number = doc_of(ctx, "sales_bill")
    preview = shown(qtbot, open_document(None, ctx, bill_id))
    targets = iter([tmp_path / "first.pdf", tmp_path / "second"])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(next(targets)), ""))
    )
    for name in ("first.pdf", "second.pdf"):  # .pdf added to the second
        with qtbot.waitSignal(preview.printed, timeout=30000):
            preview.save_button.click()
        text = pdf_text(tmp_path / name)
        assert number in text and "补打" not in text
        assert print_count(ctx, number) == 0
        assert "已保存到" in preview.info.text() and "补打" not in preview.info.text()
    with qtbot.waitSignal(preview.printed, timeout=30000):  # now to paper: counted
        preview.save_to(tmp_path / "paper.pdf", printed=True)
    assert "补打" not in pdf_text(tmp_path / "paper.pdf") and print_count(ctx, number) == 1
    qtbot.waitUntil(lambda: preview.last is not None and preview.last.print_count == 1)
    assert "补打" in preview_text(preview)  # the next paper copy is a 补打
    with qtbot.waitSignal(preview.printed, timeout=30000):
        preview.save_to(tmp_path / "again.pdf", printed=True)
    assert "补打" in pdf_text(tmp_path / "again.pdf") and print_count(ctx, number) == 2


def test_print_renders_every_page_to_the_printer(
    qtbot: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "printer.pdf"
    chosen: list[Any] = []

    class FakePrintDialog:
        def __init__(self, printer: Any, _parent: Any) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            printer.setResolution(150)
            chosen.append(printer)

        def setWindowTitle(self, _t: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(preview_module, "QPrintDialog", FakePrintDialog)
    doc_id, number = doc_of(ctx, "delivery")
    preview = shown(qtbot, open_document(None, ctx, doc_id))
    with qtbot.waitSignal(preview.rendered, timeout=30000):
        preview.paper.setCurrentIndex(preview.paper.findData("241x93"))
    with qtbot.waitSignal(preview.printed, timeout=30000):
        preview.print_button.click()
    qtbot.waitUntil(lambda: "已发送" in preview.info.text(), timeout=30000)
    assert print_count(ctx, number) == 1
    size = chosen[0].pageLayout().fullRect().size()  # millimetres
    assert (round(size.width()), round(size.height())) == (241, 93)
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == preview.document.pageCount() >= 1
    printed.close()


def test_print_dialog_cancelled_counts_nothing(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoPrinter:
        def __init__(self, *_a: Any) -> None:
            pass

        def setWindowTitle(self, _t: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(preview_module, "QPrintDialog", NoPrinter)
    bill_id, number = doc_of(ctx, "sales_bill")
    preview = shown(qtbot, open_document(None, ctx, bill_id))
    preview.print_button.click()
    wait_idle(qtbot, ctx)
    assert print_count(ctx, number) == 0


def test_editor_ctrl_p_opens_the_preview_and_reloads_after_saving(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    bill_id, number = doc_of(ctx, "sales_bill")
    editor = DocumentEditor(ctx, doc_id=bill_id)
    qtbot.addWidget(editor)
    editor.show()
    assert "print" in editor.buttons
    actions.print_doc(editor)
    qtbot.waitUntil(lambda: editor.findChild(PrintPreview) is not None, timeout=10000)
    preview = shown(qtbot, editor.findChild(PrintPreview))
    with qtbot.waitSignal(preview.printed, timeout=30000):
        preview.save_to(tmp_path / "bill.pdf", printed=True)
    qtbot.waitUntil(lambda: editor.state is not None and editor.state.print_count == 1)
    assert number in pdf_text(tmp_path / "bill.pdf")


def test_list_context_menu_opens_the_preview(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("sales_bills")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    menu = {a.objectName(): a for a in screen.table.actions()}
    assert "menu_preview" in menu and "menu_fapiao" in menu
    menu["menu_preview"].trigger()
    qtbot.waitUntil(lambda: window.findChild(PrintPreview) is not None, timeout=10000)
    preview = shown(qtbot, window.findChild(PrintPreview))
    assert preview.document.pageCount() == 1
