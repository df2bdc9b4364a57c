"""Print preview: the real PDF (QtPdf), paper and price choice, pages, zoom; print or save.

The preview renders off the GUI thread and records nothing. 打印… and
另存为 PDF… write the copy through ``jobs`` on the writer thread, which counts
the print; the preview then re-renders, so the next copy shows 补打.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.sources import DocumentSource, Rendered, Saved, Source
from desktop.views.alive import alive
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.icons import icon
from desktop.views.prefs import documents_dir
from desktop.views.printing.papers import PAPER_KEYS, paper_label
from desktop.views.printing.pdf_pane import PdfPane
from desktop.views.printing.printer import paint_pdf, printer_for
from desktop.views.screen_fit import sized
from desktop.views.worker import run_in_thread, run_task

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PAPER_MM = {"a4": (210, 297), "a5": (210, 148), "241x140": (241, 140), "241x93": (241, 93)}


class PrintPreview(QWidget):
    """One document (or statement, or finished PDF) as it will come out of the printer."""

    #: a real copy was printed or saved (the ``Saved`` result)
    printed = Signal(object)
    #: a preview render finished (page count known)
    rendered = Signal(int)

    def __init__(
        self,
        ctx: Context,
        source: Source,
        paper: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("print_preview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.source = source
        self.busy = False
        self.last: Rendered | None = None
        self._generation = 0
        self._tmp = Path(tempfile.mkdtemp(prefix="zf-preview-"))
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=source.title))

        self.paper = QComboBox()
        self.paper.setObjectName("preview_paper")
        for key in PAPER_KEYS:
            self.paper.addItem(paper_label(key), key)
        wanted = paper or str(ctx.prefs.get(self._paper_pref(), "a4") or "a4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(wanted)))
        self.prices = QCheckBox(self.tr("显示单价和金额"))
        self.prices.setObjectName("preview_prices")
        self.prices.setChecked(True)
        self.prices.setVisible(bool(getattr(source, "prices_optional", False)))
        self.prev_button = QPushButton(icon("previous"), self.tr("上一页"))
        self.next_button = QPushButton(icon("next"), self.tr("下一页"))
        self.page = QSpinBox()
        self.page.setObjectName("preview_page")
        self.page.setRange(1, 1)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("preview_pages")
        self.zoom = QComboBox()
        self.zoom.setObjectName("preview_zoom")
        self.zoom.addItem(self.tr("适合宽度"), "width")
        self.zoom.addItem(self.tr("整页"), "page")
        for factor in ZOOMS:
            self.zoom.addItem(f"{round(factor * 100)}%", factor)

        self.view = PdfPane(self)
        self.view.setObjectName("preview_view")
        self.view.setPageSpacing(12)

        self.notes = QLabel()
        self.notes.setObjectName("preview_notes")
        self.notes.setWordWrap(True)
        self.info = QLabel()
        self.info.setObjectName("preview_info")
        self.info.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("preview_print")
        self.save_button = QPushButton(icon("save"), self.tr("另存为 PDF…"))
        self.save_button.setObjectName("preview_save")
        close = QPushButton(self.tr("关闭"))
        close.setObjectName("preview_close")

        top = QHBoxLayout()
        paper_label_widget = QLabel(self.tr("纸张"))
        paper_label_widget.setBuddy(self.paper)
        top.addWidget(paper_label_widget)
        top.addWidget(self.paper)
        top.addWidget(self.prices)
        top.addStretch(1)
        top.addWidget(self.prev_button)
        top.addWidget(self.page)
        top.addWidget(self.pages_label)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("缩放")))
        top.addWidget(self.zoom)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.info)
        layout.addLayout(bottom)
        if source.fixed:
            self.paper.setEnabled(False)
            self.paper.setToolTip(self.tr("已生成的文件，纸张不能再改"))

        self.paper.currentIndexChanged.connect(self._paper_changed)
        self.prices.toggled.connect(lambda _on: self.refresh())
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.page.valueChanged.connect(self._jump)
        self.prev_button.clicked.connect(lambda: self.page.setValue(self.page.value() - 1))
        self.next_button.clicked.connect(lambda: self.page.setValue(self.page.value() + 1))
        self.view.pageNavigator().currentPageChanged.connect(self._page_shown)
        self.print_button.clicked.connect(self.print_copy)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_copy)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_as)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.step_zoom(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.step_zoom(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.prev_button.click)
        char = self.fontMetrics().horizontalAdvance("0")
        sized(self, char * 120, self.fontMetrics().height() * 46)
        self.refresh()

    # ---------------------------------------------------------------- state
    def _paper_pref(self) -> str:
        kind = getattr(self.source, "kind", "statement")
        return f"print/paper/{kind}"

    @property
    def document(self) -> Any:
        """The QPdfDocument on show (a new one after each render)."""
        return self.view.pdf

    def paper_key(self) -> str:
        return str(self.paper.currentData())

    def with_prices(self) -> bool:
        return self.prices.isChecked() or not self.prices.isVisibleTo(self)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.print_button, self.save_button, self.prices):
            widget.setEnabled(not busy)
        self.paper.setEnabled(not busy and not self.source.fixed)

    def say(self, text: str) -> None:
        self.info.setText(text)

    # ---------------------------------------------------------------- rendering
    def refresh(self) -> None:
        """Render the preview again (paper, prices or the print count changed)."""
        self._generation += 1
        generation, source, ledger = self._generation, self.source, self.ctx.ledger
        paper, prices, folder = self.paper_key(), self.with_prices(), self._tmp
        self.notes.setText(self.tr("正在生成预览…"))

        def render(_progress: Any) -> tuple[int, Path, Rendered]:
            got = source.render(ledger, paper, prices)
            path = folder / f"preview-{generation}.pdf"
            path.write_bytes(got.data)
            return generation, path, got

        def failed(exc: BaseException) -> None:
            if alive(self) and generation == self._generation:
                self.notes.setText("")
                show_error(self, exc)

        run_in_thread(render, self._loaded, failed)

    def _loaded(self, result: object) -> None:
        if not alive(self):
            return
        assert isinstance(result, tuple)
        generation, path, got = cast("tuple[int, Path, Rendered]", result)
        if generation != self._generation:
            return
        pages = self.view.show_file(path).pageCount()
        got.pages = pages
        self.last = got
        self.page.blockSignals(True)
        self.page.setRange(1, max(1, pages))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.pages_label.setText(self.tr("/ 共 {n} 页").format(n=pages))
        self._nav_buttons(0)
        self._zoom_changed()
        notes = []
        if got.print_count:
            notes.append(
                self.tr("已打印过 {n} 次，再打印的副本将标注“补打”。").format(n=got.print_count)
            )
        elif self.source.counts:
            notes.append(self.tr("预览不计入打印次数；打印或另存为 PDF 才计入。"))
        notes.extend(got.warnings)
        self.notes.setText("\n".join(notes))
        self.rendered.emit(pages)

    # ---------------------------------------------------------------- pages and zoom
    def _jump(self, value: int) -> None:
        page = value - 1
        if 0 <= page < self.document.pageCount():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
            self._nav_buttons(page)

    def _page_shown(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self._nav_buttons(page)

    def _nav_buttons(self, page: int) -> None:
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page + 1 < self.document.pageCount())

    def _zoom_changed(self, *_args: object) -> None:
        mode = self.zoom.currentData()
        if mode == "width":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif mode == "page":
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(mode))

    def step_zoom(self, step: int) -> None:
        current = self.zoom.currentData()
        factor = current if isinstance(current, float) else self.view.zoomFactor()
        if step > 0:
            bigger = [z for z in ZOOMS if z > factor + 0.01]
            target = bigger[0] if bigger else ZOOMS[-1]
        else:
            smaller = [z for z in ZOOMS if z < factor - 0.01]
            target = smaller[-1] if smaller else ZOOMS[0]
        self.zoom.setCurrentIndex(self.zoom.findData(target))

    def _paper_changed(self, *_args: object) -> None:
        self.ctx.prefs.set(self._paper_pref(), self.paper_key())
        self.refresh()

    # ---------------------------------------------------------------- save and print
    def save_as(self) -> None:
        if self.busy:
            return
        start = documents_dir() / self.source.default_name()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), str(start), self.tr("PDF 文件 (*.pdf)")
        )
        if name:
            path = Path(name)
            self.save_to(path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf"))

    def save_to(self, path: Path, then: Any = None, printed: bool = False) -> None:
        """Write the real copy on the writer thread; ``printed``: it goes to the printer
        (a document counts the print; a PDF saved to keep or send does not)."""
        source, paper, prices = self.source, self.paper_key(), self.with_prices()

        def write(ledger: Any, _progress: Any) -> Saved:
            return source.save(ledger, paper, prices, path, printed)

        def done(result: object) -> None:
            self.set_busy(False)
            assert isinstance(result, Saved)
            if then is not None:
                then(result)
            else:
                self.say(self._saved_text(result))
            self._after_copy(result)

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            show_error(self, exc)

        self.set_busy(True)
        run_task(self, self.tr("正在生成 PDF…"), write, done, failed, writer=self.ctx.writer)

    def _saved_text(self, saved: Saved) -> str:
        text = self.tr("已保存到：{path}").format(path=saved.path)
        if saved.reprint:  # a saved PDF counts no print: it only carries the mark
            text += self.tr("（已打印过，副本标注“补打”）")
        return "\n".join([text, *saved.warnings])

    def _after_copy(self, saved: Saved) -> None:
        self.printed.emit(saved)
        if self.source.counts:
            self.refresh()  # the next copy is a 补打

    def print_copy(self) -> None:
        if self.busy or self.last is None:
            return
        width, height = PAPER_MM.get(self.paper_key(), (210, 297))
        printer = printer_for(width, height, paper_label(self.paper_key()))
        printer.setDocName(self.source.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target = self._tmp / f"print-{uuid.uuid4().hex}.pdf"
        self.save_to(target, then=lambda saved: self._send(saved, printer), printed=True)

    def _send(self, saved: Saved, printer: Any) -> None:
        progress = QProgressDialog(self.tr("正在发送到打印机…"), self.tr("取消"), 0, 100, self)
        progress.setWindowTitle(self.tr("打印"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            progress.setValue(int(100 * done / max(1, total)))
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            sent = paint_pdf(saved.path, printer, step)
        except OSError:
            progress.close()
            self.say(self.tr("打印机无法启动，请检查打印机后重试。"))
            return
        progress.close()
        text = self.tr("已发送 {n} 页到打印机：{printer}").format(
            n=sent, printer=printer.printerName() or printer.outputFileName()
        )
        if saved.reprint:
            text += self.tr("（补打，第 {n} 次打印）").format(n=saved.print_count)
        self.say(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        self._generation += 1  # a render still under way is dropped
        self.view.release()
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().closeEvent(event)


def open_document(
    parent: QWidget | None, ctx: Context, doc_id: uuid.UUID | str, paper: str | None = None
) -> PrintPreview:
    """The preview of a ledger document (editor Ctrl+P, list context menus)."""
    from desktop.services.documents import get_document
    from desktop.views import labels

    if isinstance(doc_id, str):  # a list's row id (hex) or a document number
        with contextlib.suppress(ValueError):
            doc_id = uuid.UUID(doc_id)
    with ctx.ledger.read() as session:
        doc = get_document(session, doc_id)
        ident, number, kind = doc.id, doc.number, str(doc.kind)
    title = f"{labels.kind(kind)} {number}"
    return show_preview(parent, ctx, DocumentSource(ident, number, kind, title), paper)


def show_preview(
    parent: QWidget | None, ctx: Context, source: Source, paper: str | None = None
) -> PrintPreview:
    preview = PrintPreview(ctx, source, paper, parent)
    keep = getattr(parent.window() if parent else None, "keep", None)
    if keep is not None:
        keep(preview)
    preview.show()
    preview.raise_()
    return preview
