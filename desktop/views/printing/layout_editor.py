"""The print layout editor: the owner chooses columns, wording, logo and seal, copies,
rows and font for a kind of document on a paper, and sees a real bill of his ledger
printed that way as he changes it.

Thin: the layout is ``printing.layouts.Layout``; the preview is rendered by
``printing.layout_preview`` off the GUI thread (debounced, the newest wins); saving, reset,
export and import go through ``services.print_layouts`` on the writer thread.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError
from desktop.printing import layouts as L
from desktop.printing.layout_catalog import KINDS, STATEMENT, catalog
from desktop.printing.paper import PAPERS
from desktop.views import labels
from desktop.views.alive import alive
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.i18n import language
from desktop.views.prefs import documents_dir
from desktop.views.printing.layout_parts import ColumnsTable, CopiesTable
from desktop.views.printing.papers import PAPER_KEYS, paper_label
from desktop.views.printing.pdf_pane import PdfPane
from desktop.views.screen_fit import sized
from desktop.views.worker import run_in_thread

#: the window's short paper names → the layouts' paper keys
PAPER_OF = {"a4": "a4", "a5": "a5l", "241x140": "c241x140", "241x93": "c241x93"}
FONT_DEFAULT = 7.5  # the spin box's "paper's own" value, below the readable minimum


class LayoutEditor(QWidget):
    """One window: choose kind, paper and layout name; edit; see the preview; save."""

    def __init__(self, ctx: Context, kind: str = "sales_bill", parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("layout_editor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("打印版式"))
        self.ctx = ctx
        self._generation = 0
        self._loading = False
        self._closed = False
        self._note = ""  # said with the next preview (what was saved or imported)
        self.seal = b""
        self._tmp = Path(tempfile.mkdtemp(prefix="zf-layout-"))

        self.kind = QComboBox()
        self.kind.setObjectName("layout_kind")
        for code in KINDS:
            self.kind.addItem(self.tr("对账单") if code == STATEMENT else labels.kind(code), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.paper = QComboBox()
        self.paper.setObjectName("layout_paper")
        for key in PAPER_KEYS:
            self.paper.addItem(paper_label(key), PAPER_OF[key])
        self.name = QComboBox()
        self.name.setObjectName("layout_name")
        self.name.setEditable(True)
        self.name.setMinimumContentsLength(8)

        self.columns = ColumnsTable()
        self.header = QPlainTextEdit()
        self.header.setObjectName("layout_header")
        self.header.setPlaceholderText(self.tr("例如：温馨提示：货物当面点清，过后概不负责"))
        self.footer = QPlainTextEdit()
        self.footer.setObjectName("layout_footer")
        self.footer.setPlaceholderText(self.tr("例如：开户行、账号、付款说明"))
        for edit in (self.header, self.footer):
            edit.setMaximumHeight(self.fontMetrics().height() * 4)
        self.logo = QCheckBox(self.tr("打印公司标志"))
        self.logo.setObjectName("layout_logo")
        self.seal_label = QLabel()
        self.seal_label.setObjectName("layout_seal_state")
        self.seal_pick = QPushButton(self.tr("选择印章图片…"))
        self.seal_pick.setObjectName("layout_seal_pick")
        self.seal_clear = QPushButton(self.tr("去掉印章"))
        self.seal_clear.setObjectName("layout_seal_clear")
        tints = {code: self._tint_label(code) for code in L.TINT_ZH}
        self.copies = CopiesTable(tints, L.USUAL_CAPTIONS)
        self.rows = QSpinBox()
        self.rows.setObjectName("layout_rows")
        self.rows.setRange(0, 99)
        self.rows.setSpecialValueText(self.tr("放满为止"))
        self.font_size = QDoubleSpinBox()
        self.font_size.setObjectName("layout_font")
        self.font_size.setRange(FONT_DEFAULT, L.MAX_FONT)
        self.font_size.setSingleStep(0.5)
        self.font_size.setDecimals(1)
        self.font_size.setSpecialValueText(self.tr("纸张默认"))

        self.view = PdfPane(self)
        self.view.setObjectName("layout_preview")
        self.status = QLabel()
        self.status.setObjectName("layout_status")
        self.status.setWordWrap(True)

        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("layout_save")
        self.reset_button = QPushButton(self.tr("恢复默认"))
        self.reset_button.setObjectName("layout_reset")
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName("layout_export")
        self.import_button = QPushButton(self.tr("导入…"))
        self.import_button.setObjectName("layout_import")
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)

        self._build(close)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(350)
        self.timer.timeout.connect(self.refresh)
        self._connect()
        char = self.fontMetrics().horizontalAdvance("0")
        sized(self, char * 150, self.fontMetrics().height() * 46)
        self.load()

    @staticmethod
    def _tint_label(code: str) -> str:
        from PySide6.QtCore import QCoreApplication

        names = {"": "无", "pink": "粉红", "yellow": "黄", "blue": "蓝", "green": "绿"}
        return QCoreApplication.translate("LayoutEditor", names[code])

    def _build(self, close: QPushButton) -> None:
        choose = QHBoxLayout()
        for text, widget in (
            (self.tr("单据"), self.kind),
            (self.tr("纸张"), self.paper),
            (self.tr("版式名称"), self.name),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            choose.addWidget(label)
            choose.addWidget(widget)
        choose.addStretch(1)

        form = QWidget()
        box = QVBoxLayout(form)
        cols = QGroupBox(self.tr("列（勾选要打印的列，上移/下移调整顺序）"))
        QVBoxLayout(cols).addWidget(self.columns)
        box.addWidget(cols)
        words = QGroupBox(self.tr("页眉和页脚文字"))
        words_form = QFormLayout(words)
        words_form.addRow(self.tr("页眉"), self.header)
        words_form.addRow(self.tr("页脚"), self.footer)
        box.addWidget(words)
        marks = QGroupBox(self.tr("标志和印章"))
        marks_box = QVBoxLayout(marks)
        marks_box.addWidget(self.logo)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_pick)
        seal_row.addWidget(self.seal_clear)
        seal_row.addWidget(self.seal_label, 1)
        marks_box.addLayout(seal_row)
        box.addWidget(marks)
        copies = QGroupBox(self.tr("联数（多联纸每联打印一份）"))
        QVBoxLayout(copies).addWidget(self.copies)
        box.addWidget(copies)
        sizes = QGroupBox(self.tr("行数和字号"))
        text_form = QFormLayout(sizes)
        text_form.addRow(self.tr("连续纸每页行数"), self.rows)
        text_form.addRow(self.tr("字号"), self.font_size)
        box.addWidget(sizes)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(QLabel(self.tr("预览（账本中最近的一张单据）")))
        right_box.addWidget(self.view, 1)
        right_box.addWidget(self.status)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        buttons = QHBoxLayout()
        for b in (self.save_button, self.reset_button, self.export_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.paper.currentIndexChanged.connect(lambda _i: self.load())
        self.name.activated.connect(lambda _i: self.load(self.name.currentText()))
        self.columns.changed.connect(self.schedule)
        self.copies.changed.connect(self.schedule)
        self.header.textChanged.connect(self.schedule)
        self.footer.textChanged.connect(self.schedule)
        self.logo.toggled.connect(lambda _on: self.schedule())
        self.rows.valueChanged.connect(lambda _v: self.schedule())
        self.font_size.valueChanged.connect(lambda _v: self.schedule())
        self.seal_pick.clicked.connect(self.pick_seal)
        self.seal_clear.clicked.connect(lambda: self.set_seal(b""))
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(self.import_file)

    # ------------------------------------------------------------------ state
    @property
    def document(self) -> Any:
        """The QPdfDocument on show (a new one after each render)."""
        return self.view.pdf

    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def paper_key(self) -> str:
        return str(self.paper.currentData())

    def load(self, name: str | None = None) -> None:
        """Show the layout saved under ``name`` (默认 when not given), or the default."""
        from desktop.services.print_layouts import get_layout, list_layouts

        kind, paper = self.kind_code(), self.paper_key()
        wanted = (name or L.DEFAULT_NAME).strip() or L.DEFAULT_NAME
        with self.ctx.ledger.read() as session:
            names = [e.layout.name for e in list_layouts(session, kind, paper)]
            try:
                layout = get_layout(session, kind, paper, wanted)
            except DomainError:
                layout = L.default_layout(kind, paper).with_(name=wanted)
        self.show_layout(layout, names)

    def show_layout(self, layout: L.Layout, names: list[str] | None = None) -> None:
        self._loading = True
        try:
            if names is not None:
                self.name.clear()
                self.name.addItems(list(dict.fromkeys([L.DEFAULT_NAME, *names])))
            self.name.setCurrentText(layout.name)
            paper = PAPERS[layout.paper]
            self.columns.fill(catalog(layout.kind), layout.columns, L.printable_mm(paper))
            self.header.setPlainText(layout.header_text)
            self.footer.setPlainText(layout.footer_text)
            self.logo.setChecked(layout.logo)
            self.set_seal(layout.seal, schedule=False)
            self.copies.fill([(c.caption, c.tint) for c in layout.copies])
            self.rows.setEnabled(paper.continuous)
            self.rows.setMaximum(paper.rows_per_page or 99)
            self.rows.setValue(layout.rows_per_page or 0)
            self.font_size.setValue(layout.font_size or FONT_DEFAULT)
        finally:
            self._loading = False
        self.refresh()

    def current(self) -> L.Layout:
        """The layout as the window shows it now (not validated yet)."""
        font = self.font_size.value()
        return L.Layout(
            kind=self.kind_code(),
            paper=self.paper_key(),
            name=self.name.currentText().strip(),
            columns=tuple(L.LayoutColumn(k, w, c) for k, w, c in self.columns.columns()),
            header_text=self.header.toPlainText().strip(),
            footer_text=self.footer.toPlainText().strip(),
            logo=self.logo.isChecked(),
            seal=self.seal,
            copies=tuple(L.CopySpec(c, t) for c, t in self.copies.copies()),
            rows_per_page=self.rows.value() or None if self.rows.isEnabled() else None,
            font_size=None if font <= FONT_DEFAULT else font,
        )

    def set_seal(self, data: bytes, schedule: bool = True) -> None:
        self.seal = data
        self.seal_clear.setEnabled(bool(data))
        self.seal_label.setText(
            self.tr("已有印章（{kb} KB）").format(kb=max(1, len(data) // 1024))
            if data
            else self.tr("未设印章")
        )
        if schedule:
            self.schedule()

    def pick_seal(self) -> None:
        from desktop.printing.seal import MAX_BYTES, check_seal

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择印章图片"), str(documents_dir()), self.tr("PNG 图片 (*.png)")
        )
        if not name:
            return
        try:
            with open(name, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
            check_seal(data)
        except DomainError as exc:
            self.refuse(exc)
            return
        except OSError as exc:
            show_error(self, exc)
            return
        self.set_seal(data)

    def say(self, text: str, refused: bool = False) -> None:
        """A line under the preview; a refusal in red (the preview keeps the last layout
        that could print)."""
        self.status.setStyleSheet("color: #b00020;" if refused else "")
        self.status.setText(text)

    def refuse(self, exc: DomainError) -> None:
        self.say(exc.message(language()), refused=True)

    # ------------------------------------------------------------------ preview
    def schedule(self) -> None:
        if not self._loading and not self._closed:
            self.timer.start()

    def refresh(self) -> None:
        """Render the preview of what the window shows (off the GUI thread; the newest
        render wins, an older one finishing late is dropped)."""
        from desktop.printing.layout_preview import render_layout

        self.timer.stop()
        self._generation += 1
        generation, ledger, folder = self._generation, self.ctx.ledger, self._tmp
        layout = self.current()
        self.say(self.tr("正在生成预览…"))

        def render(_progress: Any) -> tuple[int, Path, Any]:
            got = render_layout(ledger, layout)
            folder.mkdir(exist_ok=True)
            path = folder / f"layout-{generation}.pdf"
            path.write_bytes(got.data)
            return generation, path, got

        def failed(exc: BaseException) -> None:
            if alive(self) and not self._closed and generation == self._generation:
                if isinstance(exc, DomainError):
                    self.refuse(exc)
                else:
                    show_error(self, exc)

        run_in_thread(render, self._loaded, failed)

    def _loaded(self, result: object) -> None:
        if not alive(self) or self._closed:
            return
        generation, path, got = cast("tuple[int, Path, Any]", result)
        if generation != self._generation:
            return
        shown = self.view.show_file(path)
        shown.setProperty("generation", generation)
        notes = [self.tr("共 {n} 页").format(n=shown.pageCount()), *got.warnings]
        self.say("　".join([self._note, *notes] if self._note else notes))
        self._note = ""

    # ------------------------------------------------------------------ save, reset, files
    def _write(self, job: Any, then: Any) -> None:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                self.refuse(exc)
            else:
                show_error(self, exc)

        self.ctx.start_writer()
        self.ctx.writer.job(job, then, failed)

    def save(self) -> None:
        from desktop.services.print_layouts import save_layout

        layout = self.current()

        def write(ledger: Any, _progress: object) -> int:
            with ledger.unit() as uow:
                return save_layout(uow, layout).version

        self._write(
            write,
            lambda v: self._after(
                self.tr("已保存版式“{name}”（第 {v} 版）").format(name=layout.name, v=v),
                layout.name,
            ),
        )

    def reset(self) -> None:
        from desktop.services.print_layouts import reset_layout

        kind, paper, name = self.kind_code(), self.paper_key(), self.name.currentText().strip()

        def write(ledger: Any, _progress: object) -> bool:
            with ledger.unit() as uow:
                return reset_layout(uow, kind, paper, name or L.DEFAULT_NAME)

        self._write(write, lambda _r: self._after(self.tr("已恢复默认版式"), None))

    def _after(self, message: str, name: str | None) -> None:
        if alive(self):
            self._note = message
            self.load(name)
            self.say(message)

    def export(self) -> None:
        layout = self.current()
        try:
            L.validate(layout)
        except DomainError as exc:
            self.refuse(exc)
            return
        start = documents_dir() / f"版式_{layout.kind}_{layout.paper}_{layout.name}.json"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出版式"), str(start), self.tr("版式文件 (*.json)")
        )
        if not name:
            return
        try:
            Path(name).write_text(L.to_file(layout), encoding="utf-8")
        except OSError as exc:
            show_error(self, exc)
            return
        self.say(self.tr("已导出到：{path}").format(path=name))

    def import_file(self) -> None:
        from desktop.services.print_layouts import import_layout

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入版式"), str(documents_dir()), self.tr("版式文件 (*.json)")
        )
        if not name:
            return
        try:
            raw = Path(name).read_bytes()[: L.MAX_FILE_BYTES + 1]
            layout = L.from_file(raw)  # refused here, plainly, before anything is written
        except DomainError as exc:
            self.refuse(exc)
            return
        except OSError as exc:
            show_error(self, exc)
            return

        def write(ledger: Any, _progress: object) -> str:
            with ledger.unit() as uow:
                return import_layout(uow, raw).name

        def shown(saved: object) -> None:
            if not alive(self):
                return
            self.kind.blockSignals(True)
            self.paper.blockSignals(True)
            self.kind.setCurrentIndex(max(0, self.kind.findData(layout.kind)))
            self.paper.setCurrentIndex(max(0, self.paper.findData(layout.paper)))
            self.kind.blockSignals(False)
            self.paper.blockSignals(False)
            self._after(self.tr("已导入版式“{name}”").format(name=saved), str(saved))

        self._write(write, shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        import shutil

        self._closed = True
        self._generation += 1
        self.timer.stop()
        self.view.release()
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().closeEvent(event)


def open_editor(parent: QWidget | None, ctx: Context, kind: str = "sales_bill") -> LayoutEditor:
    editor = LayoutEditor(ctx, kind, parent)
    keep = getattr(parent.window() if parent else None, "keep", None)
    if keep is not None:
        keep(editor)
    editor.show()
    editor.raise_()
    return editor
