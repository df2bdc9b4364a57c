"""First run: language and text size, the firm's profile (with logo), then how to start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.errors import ValidationError
from desktop.services.desks import DEFAULT_DESK, validate_desk_code
from desktop.views import i18n
from desktop.views.prefs import TEXT_SCALES, Prefs
from desktop.views.theme import apply_appearance, mark


class LookPage(QWizardPage):
    def __init__(self, prefs: Prefs) -> None:
        super().__init__()
        self.prefs = prefs
        self.language = QComboBox()
        self.language.setObjectName("wizard_language")
        for code, name in i18n.LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.scale = QComboBox()
        self.scale.setObjectName("wizard_scale")
        for scale in TEXT_SCALES:
            self.scale.addItem(f"{scale}%", scale)
        self.scale.setCurrentIndex(max(0, self.scale.findData(prefs.text_scale)))
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self.form = QFormLayout(self)
        self.lang_label, self.scale_label = QLabel(), QLabel()
        self.form.addRow(self.lang_label, self.language)
        self.form.addRow(self.scale_label, self.scale)
        self.form.addRow(self.sample)
        self.language.currentIndexChanged.connect(self._changed)
        self.scale.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def _changed(self) -> None:
        self.prefs.language = self.language.currentData()
        self.prefs.text_scale = int(self.scale.currentData())
        i18n.set_language(self.prefs.language)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_appearance(app, self.prefs.text_scale, self.prefs.high_contrast)
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            wizard.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("欢迎使用账房"))
        self.setSubTitle(self.tr("请选择语言和文字大小，以后可以在“设置”里更改。"))
        self.lang_label.setText(self.tr("语言"))
        self.scale_label.setText(self.tr("文字大小"))
        self.sample.setText(self.tr("示例：张三五金 销售订单 ¥ 12,345.60 壹万贰仟叁佰肆拾伍元陆角"))


class FirmPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setObjectName("wizard_firm_name")
        self.tax_id = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.bank = QLineEdit()
        self.account = QLineEdit()
        self.logo_path = ""
        self.logo = QLabel()
        self.logo.setFixedSize(96, 96)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_button = QPushButton()
        self.logo_button.clicked.connect(self._pick_logo)
        # this computer's desk code: part of every number and new code made here
        self.desk = QLineEdit(DEFAULT_DESK)
        self.desk.setObjectName("wizard_desk")
        self.desk.setMaxLength(4)
        self.desk_note = QLabel()
        self.desk_note.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        self.labels = [QLabel() for _ in range(8)]
        form = QFormLayout(self)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(self.logo_button)
        logo_row.addStretch(1)
        for label, widget in zip(
            self.labels,
            (self.name, self.tax_id, self.address, self.phone, self.bank, self.account),
            strict=False,
        ):
            form.addRow(label, widget)
        form.addRow(self.labels[6], logo_row)
        form.addRow(self.labels[7], self.desk)
        form.addRow(self.desk_note)
        form.addRow(self.error)
        self.registerField("firm_name*", self.name)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("公司资料"))
        self.setSubTitle(self.tr("打印在单据抬头上。只有公司名称必填。"))
        for label, text in zip(
            self.labels,
            (
                self.tr("公司名称"),
                self.tr("纳税人识别号"),
                self.tr("地址"),
                self.tr("电话"),
                self.tr("开户行"),
                self.tr("银行账号"),
                self.tr("标志（Logo）"),
                self.tr("工作站代码"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.logo_button.setText(self.tr("选择图片…"))
        self.desk_note.setText(
            self.tr(
                "几台电脑各自记账时，每台用不同的工作站代码（A、B、C…）。"
                "它会写进这台电脑开的单据编号和新编码里，如 XS-A-2611-0001、C-A-0001。"
            )
        )
        # a wizard page does not grow for a wrapped label: reserve its lines at this text
        # size, measured at a narrow width so large text and long translations still fit
        width = self.desk_note.fontMetrics().horizontalAdvance("中") * 22
        self.desk_note.setMinimumHeight(self.desk_note.heightForWidth(width))

    def validatePage(self) -> bool:
        """Next is refused, with the rule shown, while the desk code is not allowed."""
        try:
            self.desk_code()
        except ValidationError as exc:
            self.error.setText(exc.message(i18n.language()))
            return False
        self.error.clear()
        return True

    def desk_code(self) -> str:
        return validate_desk_code(self.desk.text())

    def _pick_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择标志图片"), str(Path.home()), "Images (*.png *.jpg *.jpeg *.bmp)"
        )
        if name:
            self.set_logo(name)

    def set_logo(self, path: str) -> None:
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.error.setText(self.tr("无法读取这张图片。"))
            return
        self.logo_path = path
        self.logo.setPixmap(
            pixmap.scaled(
                96,
                96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def firm_values(self) -> dict[str, Any]:
        return {
            "tax_id": self.tax_id.text().strip().upper(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "bank": self.bank.text(),
            "bank_account": self.account.text(),
        }


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.empty = QRadioButton()
        self.empty.setObjectName("start_empty")
        self.demo = QRadioButton()
        self.demo.setObjectName("start_demo")
        self.excel = QRadioButton()
        self.excel.setObjectName("start_excel")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.group = QButtonGroup(self)
        for button in (self.empty, self.demo, self.excel):
            self.group.addButton(button)
        self.empty.setChecked(True)
        layout = QVBoxLayout(self)
        for widget in (self.empty, self.demo, self.excel, self.note):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("开始"))
        self.setSubTitle(self.tr("怎样开始记账？"))
        self.empty.setText(self.tr("从空账本开始"))
        self.demo.setText(self.tr("先试用演示账本（虚构的公司、客户和单据，存在另一个文件里）"))
        self.excel.setText(self.tr("从 Excel 导入旧账（建好账本后打开导入向导）"))
        self.note.setText(
            self.tr("以后随时可以从“文件”菜单导入 Excel。")
            + "\n"
            + self.tr(
                "选演示账本时，您填的公司资料照样建成您自己的账本（空白），下次打开账房即回到它。"
            )
        )

    def choice(self) -> str:
        if self.excel.isChecked():
            return "excel"
        return "demo" if self.demo.isChecked() else "empty"


class FirstRunWizard(QWizard):
    """Creates the ledger file with the firm; ``choice`` says empty, demo or excel."""

    def __init__(self, prefs: Prefs, ledger_path: Path) -> None:
        super().__init__()
        self.setObjectName("first_run_wizard")
        self.prefs = prefs
        self.ledger_path = ledger_path
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.look = LookPage(prefs)
        self.firm = FirmPage()
        self.start = StartPage()
        for page in (self.look, self.firm, self.start):
            self.addPage(page)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("账房 — 首次使用"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        for page in (self.look, self.firm, self.start):
            page.retranslate()

    def create_ledger(self) -> Any:
        """Make the ledger file and its firm (called after Finish), whichever start was chosen:
        the firm typed on the firm page is the user's real ledger even when they then try the
        demo (which goes to a file of its own, see :meth:`demo_ledger`)."""
        from desktop.services import firm
        from desktop.services.desks import set_desk
        from desktop.services.ledger import Ledger

        values = self.firm.firm_values()
        if self.firm.logo_path:
            from desktop.services.firm_profile import keep_logo

            values["logo_path"] = keep_logo(self.firm.logo_path)
        ledger = Ledger.open(self.ledger_path, create=True)
        set_desk(ledger, self.firm.desk_code())
        with ledger.unit() as uow:
            firm.create_firm(uow, self.firm.name.text().strip(), **values)
        return ledger

    def demo_ledger(self) -> tuple[Any, bool]:
        """The demo's own ledger beside the real one (``demo.zhangfang``), never the real one:
        → (ledger, whether it still has to be generated). A demo left from before is reused;
        a file of that name that is not a demo is left alone (the next free name is used)."""
        import sqlite3

        from desktop.paths import demo_ledger_path
        from desktop.queries.lookups import is_demo
        from desktop.services.desks import set_desk
        from desktop.services.ledger import Ledger

        first = demo_ledger_path(self.ledger_path)
        path, n = first, 1
        while path.exists() and path.stat().st_size > 0:
            try:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    if is_demo(conn):
                        return Ledger.open(path), False
                finally:
                    conn.close()
            except sqlite3.Error:
                pass
            n += 1
            path = first.with_name(f"{first.stem}-{n}{first.suffix}")
        ledger = Ledger.open(path, create=True)
        set_desk(ledger, self.firm.desk_code())
        return ledger, True
