"""导出 Excel: a list (as filtered, with its visible columns) or a report, to .xlsx or CSV.

The file is written by :mod:`desktop.exporting` (title row with the firm and period, frozen
header, number formats, totals row) on a worker thread behind a progress dialog with Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.exporting.table import Column, Sheet
from desktop.views.importer.texts import problem_text
from desktop.views.prefs import documents_dir
from desktop.views.theme import mark
from desktop.views.worker import Progress, run_task

FORMATS = ("xlsx", "csv-utf8", "csv-gbk")
_KINDS = {
    "money": "money",
    "price": "price",
    "cost": "price",
    "qty": "qty",
    "rate": "rate",
    "int": "int",
    "date": "date",
}
_NO_TOTAL = {"credit_limit"}
PAGE = 2000


def suffix(fmt: str) -> str:
    return ".xlsx" if fmt == "xlsx" else ".csv"


def write_sheet(sheet: Sheet, path: Path, fmt: str) -> int:
    """Write ``sheet`` as .xlsx or CSV (UTF-8 with BOM, or GBK); nothing is left behind
    when it fails or is cancelled."""
    from desktop.exporting.csv_out import write_csv
    from desktop.exporting.xlsx import write_xlsx

    try:
        if fmt == "xlsx":
            return write_xlsx(sheet, path)
        return write_csv(sheet, path, "gbk" if fmt == "csv-gbk" else "utf-8")
    finally:
        part = path.with_name(path.name + ".part")
        if part.exists():
            part.unlink()


def list_sheet_builder(screen: Any) -> Callable[[Progress], Sheet]:
    """What to write for a list screen: its rows as filtered and sorted now, and the columns
    it shows, in the order it shows them. The rows are read on the worker thread."""
    from desktop.queries import db, lists
    from desktop.queries.lookups import firm_name
    from desktop.views import labels, nav
    from desktop.views.list_model import display

    spec, model = screen.spec, screen.model
    header = screen.table.horizontalHeader()
    order = [header.logicalIndex(v) for v in range(header.count())]
    shown = [i for i in order if not header.isSectionHidden(i)]
    text, sort, desc, ids = model.text, model.sort_key, model.sort_desc, model.ids
    path, title = screen.ctx.path, nav.title(spec.name)
    columns = []
    for i in shown:
        col = spec.columns[i]
        kind = _KINDS.get(col.kind, "text")
        columns.append(
            Column(labels.column(col.key), kind, total=kind == "money" and col.key not in _NO_TOTAL)
        )
    texts = {i: spec.columns[i] for i in shown if spec.columns[i].kind not in _KINDS}
    # the overdue days are worked out as shown (lists.overdue_days), not read from SQL
    keys = [c.key for c in spec.columns]
    overdue = keys.index("overdue") if "overdue" in keys else -1
    today = date.today()

    def build(progress: Progress) -> Sheet:
        conn = db.connect(path)
        total = max(1, lists.count_rows(conn, spec, text, ids))

        def rows() -> Iterator[list[Any]]:
            try:
                offset = 0
                while True:
                    page = lists.fetch_page(conn, spec, text, sort, desc, offset, PAGE, ids)
                    for row in page:
                        yield [
                            (lists.overdue_days(spec, row.values, today) or None)
                            if i == overdue
                            else display(texts[i], row.values[i])
                            if i in texts
                            else row.values[i]
                            for i in shown
                        ]
                    offset += len(page)
                    progress(min(99, int(100 * offset / total)), "")
                    if len(page) < PAGE:
                        break
            finally:
                conn.close()

        return Sheet(title, columns, rows(), firm_name(conn), sheet_name=title)

    return build


class ExportDialog(QDialog):
    """Where to and in which format; then writes off the GUI thread."""

    exported = Signal(object)  # the path written

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Any,
        build: Callable[[Progress], Sheet],
        stem: str,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.ctx = ctx
        self.build = build
        self.setWindowTitle(self.tr("导出 Excel"))
        self.buttons_group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        texts = {
            "xlsx": self.tr("Excel 工作簿（.xlsx）"),
            "csv-utf8": self.tr("CSV，UTF-8 编码（新版 Excel 和 WPS）"),
            "csv-gbk": self.tr("CSV，GBK 编码（旧软件）"),
        }
        box = QVBoxLayout()
        for fmt in FORMATS:
            radio = QRadioButton(texts[fmt])
            radio.setObjectName(f"export_{fmt}")
            radio.toggled.connect(lambda on, f=fmt: self._format_toggled(on, f))
            self.buttons_group.addButton(radio)
            self.choices[fmt] = radio
            box.addWidget(radio)
        self.path = QLineEdit(str(documents_dir() / f"{stem}-{date.today().isoformat()}.xlsx"))
        self.path.setObjectName("export_path")
        browse = QPushButton(self.tr("浏览…"))
        browse.setObjectName("export_browse")
        browse.clicked.connect(self.pick)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("格式"), box)
        form.addRow(self.tr("保存到"), row)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("export_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.choices["xlsx"].setChecked(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 80)
        self.running = False

    def fmt(self) -> str:
        return next(f for f, r in self.choices.items() if r.isChecked())

    def _format_toggled(self, on: bool, fmt: str) -> None:
        if on:
            self._format_changed(fmt)

    def _format_changed(self, fmt: str) -> None:
        current = Path(self.path.text())
        self.path.setText(str(current.with_suffix(suffix(fmt))))

    def pick(self) -> None:
        fmt = self.fmt()
        pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出到"), self.path.text(), pattern)
        if name:
            path = Path(name)
            if path.suffix.lower() != suffix(fmt):
                path = path.with_suffix(suffix(fmt))
            self.path.setText(str(path))

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.error.setText(self.tr("请选择保存位置。"))
            return
        path, fmt, build = Path(text).expanduser(), self.fmt(), self.build
        if path.suffix.lower() != suffix(fmt):
            path = path.with_suffix(suffix(fmt))
        self.error.clear()
        self.running = True

        def work(progress: Progress) -> tuple[Path, int]:
            return path, write_sheet(build(progress), path, fmt)

        def done(result: object) -> None:
            self.running = False
            assert isinstance(result, tuple)
            written, count = result
            self.exported.emit(written)
            self.accept()
            QMessageBox.information(
                self.parentWidget(),
                self.tr("已导出"),
                self.tr("已导出 {n} 行到：{path}").format(n=count, path=written),
            )

        def failed(exc: BaseException) -> None:
            self.running = False
            self.error.setText(problem_text(exc))

        dialog = run_task(self, self.tr("正在导出…"), work, done, failed)
        dialog.canceled.connect(lambda: setattr(self, "running", False))


def open_export(
    parent: QWidget, ctx: Any, build: Callable[[Progress], Sheet], stem: str, note: str = ""
) -> ExportDialog:
    dialog = ExportDialog(parent, ctx, build, stem, note)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def export_list(screen: Any) -> ExportDialog:
    """The 导出 Excel button of a list screen."""
    from desktop.views import nav

    note = (
        QCoreApplication.translate("Export", "只导出当前筛选出的行；列和顺序与列表中显示的一致。")
        if screen.model.text.strip()
        else QCoreApplication.translate("Export", "导出全部行；列和顺序与列表中显示的一致。")
    )
    dialog = open_export(
        screen, screen.ctx, list_sheet_builder(screen), nav.title(screen.spec.name), note
    )
    screen.export_dialog = dialog
    return dialog
