"""The first two pages of the import wizard: the file and sheet, then kind and columns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.importing import wizard as pipeline
from desktop.importing.mapping import KINDS, Mapping
from desktop.importing.plan import handler_for
from desktop.importing.values import cell_to_text
from desktop.views.importer.texts import date_order_name, field_label, kind_name
from desktop.views.theme import mark

if TYPE_CHECKING:
    from desktop.views.importer.wizard import ImportWizard

FILE_FILTER = "*.xlsx *.xlsm *.xls *.ods *.csv *.xlsb *.et *.txt *.tsv"


def _error_label() -> QLabel:
    label = QLabel()
    mark(label, "error")
    label.setWordWrap(True)
    label.setObjectName("import_error")
    return label


class FilePage(QWizardPage):
    """(a) Which file and sheet; a blank template for any kind."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("选择文件"))
        self.setSubTitle(
            self.tr("支持 .xlsx、.xlsm、.xls、.ods 和 .csv。也可以把文件直接拖到主窗口上。")
        )
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setReadOnly(True)
        self.browse = QPushButton(self.tr("浏览…"))
        self.browse.setObjectName("import_browse")
        self.browse.clicked.connect(self.pick)
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.sheet.activated.connect(self._sheet_chosen)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.guess = QLabel()
        self.guess.setObjectName("import_guess")
        self.guess.setWordWrap(True)
        self.error = _error_label()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("文件"), row)
        form.addRow(self.tr("工作表"), self.sheet)
        self.template_kind = QComboBox()
        self.template_kind.setObjectName("template_kind")
        for kind in KINDS:
            self.template_kind.addItem(kind_name(kind), kind)
        self.template_button = QPushButton(self.tr("下载空白模板…"))
        self.template_button.setObjectName("template_button")
        self.template_button.clicked.connect(self.save_template)
        box = QGroupBox(self.tr("还没有表格？先下载一个空白模板，填好后再导入"))
        trow = QHBoxLayout(box)
        trow.addWidget(self.template_kind, 1)
        trow.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.guess)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(box)

    def pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要导入的文件"),
            str(Path(self.path.text()).parent if self.path.text() else Path.home()),
            self.tr("表格文件") + f" ({FILE_FILTER});;" + self.tr("所有文件") + " (*)",
        )
        if name:
            self.w.load(Path(name))

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet.currentText()
        path = self.w.path
        if self.w.book is not None and path is not None and name and name != self.w.book.sheet:
            self.w.load(path, name)

    def show_book(self) -> None:
        book = self.w.book
        self.error.clear()
        self.path.setText(str(self.w.path or ""))
        self.sheet.clear()
        self.guess.setText(self._guess_text())
        if book is None:
            self.info.clear()
            self.completeChanged.emit()
            return
        hidden = {s.name for s in book.sheets if not s.visible}
        for name in book.sheet_names:
            self.sheet.addItem(name + (self.tr("（隐藏）") if name in hidden else ""), name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(book.sheet)))
        self.sheet.setEnabled(len(book.sheets) > 1)
        self.info.setText(
            self.tr("工作表“{sheet}”共 {rows} 行、{cols} 列。").format(
                sheet=book.sheet, rows=book.row_count, cols=book.width
            )
        )
        self.completeChanged.emit()

    def _guess_text(self) -> str:
        """看起来是 销售历史（次选：商品）: the guessed kind and the runner-up, if guessed."""
        a = self.w.analysis
        if a is None or a.kind is None:
            return ""
        if a.runner_up is None:
            return self.tr("看起来是{kind}。").format(kind=kind_name(a.kind))
        return self.tr("看起来是{kind}（次选：{other}）。").format(
            kind=kind_name(a.kind), other=kind_name(a.runner_up)
        )

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.book is not None and not self.w.busy

    def save_template(self) -> None:
        kind = self.template_kind.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("保存空白模板"),
            str(Path.home() / (kind_name(kind) + self.tr("导入模板") + ".xlsx")),
            "Excel (*.xlsx)",
        )
        if name:
            self.w.write_template(kind, Path(name))


class MappingPage(QWizardPage):
    """(b) What the file holds and which column feeds which field."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("类型和列对应"))
        self.setSubTitle(self.tr("检查每个字段取自哪一列。带 * 的字段必须有对应的列。"))
        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        self.kind.activated.connect(self._kind_chosen)
        self.header_row = QSpinBox()
        self.header_row.setObjectName("import_header_row")
        self.header_row.setMinimum(1)
        self.header_row.editingFinished.connect(self._header_chosen)
        self.header_text = QLabel()
        self.header_text.setObjectName("import_header_text")
        self.header_text.setWordWrap(True)
        self.date_order = QComboBox()
        self.date_order.setObjectName("import_date_order")
        self.date_order.currentIndexChanged.connect(lambda _i: self._check())
        self.date_label = QLabel(self.tr("日期顺序"))
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.error = _error_label()
        top = QFormLayout()
        top.addRow(self.tr("文件内容是"), self.kind)
        hrow = QHBoxLayout()
        hrow.addWidget(self.header_row)
        hrow.addWidget(self.header_text, 1)
        top.addRow(self.tr("表头在第几行"), hrow)
        top.addRow(self.date_label, self.date_order)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        self.combos: dict[str, QComboBox] = {}
        self.touched = False
        self.ambiguous = False

    # ---------------------------------------------------------------- filling
    def initializePage(self) -> None:
        self.show_analysis()

    def show_analysis(self) -> None:
        a = self.w.analysis
        self.error.clear()
        self._clear_fields()
        if a is None:
            return
        self.kind.clear()
        for kind in self.w.kind_order:
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(a.kind) if a.kind else -1)
        self.header_row.setMaximum(max(1, len(a.book.rows)))
        self.header_row.setValue(a.table.header_row)
        cells = [cell_to_text(v) for v in a.book.rows[a.table.header_index]] if a.book.rows else []
        self.header_text.setText("  |  ".join(c for c in cells if c))
        ambiguous = self.ambiguous = bool(a.ambiguous_dates)
        self.date_label.setVisible(ambiguous)
        self.date_order.setVisible(ambiguous)
        self.date_order.blockSignals(True)
        self.date_order.clear()
        if ambiguous:  # only the orders the file's dates read under, and no guess
            self.date_order.addItem(self.tr("请选择"), None)
            for order in a.date_orders:
                self.date_order.addItem(date_order_name(order), order)
        self.date_order.blockSignals(False)
        self.touched = False
        if a.kind is None or a.mapping is None:
            from desktop.views.importer.texts import problem_text

            self.source.clear()
            self.error.setText(problem_text(pipeline.unrecognised(a.book)))
            self.completeChanged.emit()
            return
        self.source.setText(
            self.tr("已按上次导入同样表头时的列对应填好。")
            if a.source == "saved"
            else self.tr("已按表头文字自动对应，请检查。")
        )
        headers = a.table.headers
        for spec in handler_for(a.kind).fields:
            combo = QComboBox()
            combo.setObjectName(f"map_{spec.name}")
            combo.addItem(self.tr("（不导入）"), None)
            for col, text in enumerate(headers):
                if text:
                    combo.addItem(f"{get_column_letter(col + 1)}  {text}", col)
            where = a.mapping.fields.get(spec.name)
            combo.setCurrentIndex(max(0, combo.findData(where)) if where is not None else 0)
            combo.activated.connect(lambda _i, name=spec.name: self._field_chosen(name))
            label = QLabel(field_label(spec) + (" *" if spec.required else ""))
            if spec.required:
                mark(label, "title")
            self.fields_form.addRow(label, combo)
            self.combos[spec.name] = combo
        self._check()

    def _clear_fields(self) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.combos = {}

    # ---------------------------------------------------------------- changes
    def _kind_chosen(self, _index: int) -> None:
        kind = self.kind.currentData()
        a = self.w.analysis
        if a is not None and kind and kind != a.kind:
            self.w.analyse(kind, self._header_index())

    def _header_index(self) -> int | None:
        a = self.w.analysis
        index = self.header_row.value() - 1
        return None if a is None or index == a.detected_header else index

    def _header_chosen(self) -> None:
        a = self.w.analysis
        if a is not None and self.header_row.value() - 1 != a.table.header_index:
            self.w.analyse(a.kind, self._header_index())

    def set_field(self, name: str, column: int | None) -> None:
        """Point a field at a column (None: leave it out), as the combo box does."""
        combo = self.combos[name]
        combo.setCurrentIndex(max(0, combo.findData(column)) if column is not None else 0)
        self._field_chosen(name)

    def _field_chosen(self, name: str) -> None:
        self.touched = True
        col = self.combos[name].currentData()
        if col is not None:
            for other, combo in self.combos.items():
                if other != name and combo.currentData() == col:
                    combo.setCurrentIndex(0)  # one column feeds one field
        self._check()

    def mapping(self) -> Mapping | None:
        a = self.w.analysis
        if a is None or a.kind is None:
            return None
        fields = {
            n: int(c.currentData()) for n, c in self.combos.items() if c.currentData() is not None
        }
        return pipeline.chosen_mapping(a, fields)

    def date_order_value(self) -> str | None:
        return self.date_order.currentData() if self.ambiguous else None

    def _check(self) -> None:
        a, mapping = self.w.analysis, self.mapping()
        self.error.clear()
        if a is not None and a.kind and mapping is not None:
            missing = pipeline.missing_required(a, mapping)
            if missing:
                self.error.setText(
                    self.tr("还缺少必需的列：{names}。请在上面选择它们取自哪一列。").format(
                        names=self.tr("、").join(field_label(f) for f in missing)
                    )
                )
            elif self.ambiguous and self.date_order.currentData() is None:
                self.error.setText(
                    self.tr(
                        "文件里的日期看不出哪个是月、哪个是日（例如 {example}）。"
                        "请在上面的“日期顺序”中选择。"
                    ).format(example=a.date_example)
                )
        self.completeChanged.emit()

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        a = self.w.analysis
        return (
            not self.w.busy
            and a is not None
            and a.kind is not None
            and bool(self.combos)
            and not self.error.text()
        )

    def wanted_size(self) -> Any:
        return self.fields_box.sizeHint()
