"""Settings: language, text size, high contrast, this desk's code, credit policy, owner
password, backups."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import CreditPolicy
from desktop.views import i18n, labels
from desktop.views.backups import backup_now
from desktop.views.context import Context
from desktop.views.errors import show_inline
from desktop.views.owner_dialog import with_owner
from desktop.views.prefs import TEXT_SCALES
from desktop.views.printing.offsets import settings_group as printer_settings_group
from desktop.views.screen_fit import sized
from desktop.views.theme import mark


def apply_ui_prefs(ctx: Context) -> None:
    """Language, text size and theme from the prefs, then tell every window to rebuild."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.theme import apply_appearance

    i18n.set_language(ctx.prefs.language)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_appearance(app, ctx.prefs.text_scale, ctx.prefs.high_contrast)
    ctx.appearance_changed.emit()


class SettingsDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("设置"))
        prefs = ctx.prefs
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.text_scale = QComboBox()
        for scale in TEXT_SCALES:
            self.text_scale.addItem(f"{scale}%", scale)
        self.text_scale.setCurrentIndex(max(0, self.text_scale.findData(prefs.text_scale)))
        self.contrast = QCheckBox(self.tr("高对比度（黑底白字）"))
        self.contrast.setChecked(prefs.high_contrast)
        look = QGroupBox(self.tr("显示"))
        form = QFormLayout(look)
        form.addRow(self.tr("语言"), self.language)
        form.addRow(self.tr("文字大小"), self.text_scale)
        form.addRow("", self.contrast)

        # this desk's code (until sync enrolment assigns it): new numbers carry it
        self.desk = QLineEdit(str(ctx.ledger.desk))
        self.desk.setObjectName("settings_desk")
        self.desk.setMaxLength(4)
        desk_note = QLabel(
            self.tr("改动只影响以后新开的单据编号和新编码，已有的编号不变。每台电脑的代码要不同。")
        )
        desk_note.setWordWrap(True)
        # who works here: documents say who made them (制单) and receipts who took the money;
        # one of the firm's people (a name typed while the firm has none)
        self.operator = QComboBox()
        self.operator.setEditable(True)
        self.operator.setObjectName("settings_operator")
        typing = self.operator.lineEdit()
        assert typing is not None  # an editable combo box has one
        typing.setMaxLength(20)
        self.operator_before = ctx.prefs.operator or str(ctx.ledger.actor)
        self.operator_known = True  # whether the operator is a person (or the firm has none)
        self._fill_operators()
        self.operator_password = QLineEdit()
        self.operator_password.setObjectName("settings_operator_password")
        self.operator_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.operator_password.setPlaceholderText(self.tr("换人时，有密码的人员输入密码"))
        people_button = QPushButton(self.tr("人员…"))
        people_button.clicked.connect(self._people)
        operator_row = QHBoxLayout()
        operator_row.addWidget(self.operator, 1)
        operator_row.addWidget(people_button)
        desk = QGroupBox(self.tr("本机"))
        dform = QFormLayout(desk)
        dform.addRow(self.tr("操作员"), operator_row)
        dform.addRow(self.tr("操作员密码"), self.operator_password)
        dform.addRow(self.tr("工作站代码"), self.desk)
        dform.addRow(desk_note)
        # a barcode scanner's keys come faster than this; slower keys are typing
        self.scan_gap = QSpinBox()
        self.scan_gap.setObjectName("settings_scan_gap")
        self.scan_gap.setRange(5, 200)
        self.scan_gap.setSuffix(self.tr(" 毫秒"))
        self.scan_gap.setValue(prefs.scan_gap_ms)
        self.scan_gap.setToolTip(self.tr("按键间隔比它短、且至少 6 个字再回车的，当作扫码枪扫码"))
        dform.addRow(self.tr("扫码枪按键间隔"), self.scan_gap)

        firm = self._firm()
        self.policy = QComboBox()
        for code in CreditPolicy:
            self.policy.addItem(labels.code_text(code), code)
        self.policy.setCurrentIndex(max(0, self.policy.findData(firm.get("credit_policy"))))
        self.overdue = QSpinBox()
        self.overdue.setRange(0, 365)
        self.overdue.setValue(int(firm.get("credit_overdue_days", 30)))
        self.current_password = QLineEdit()
        self.new_password = QLineEdit()
        for edit in (self.current_password, self.new_password):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        credit = QGroupBox(self.tr("信用控制"))
        cform = QFormLayout(credit)
        cform.addRow(self.tr("超额度时"), self.policy)
        cform.addRow(self.tr("允许逾期天数"), self.overdue)
        if firm.get("has_password"):
            cform.addRow(self.tr("原老板密码"), self.current_password)
        cform.addRow(self.tr("新老板密码"), self.new_password)

        self.backup_folder = QLineEdit(prefs.backup_folder)
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(browse)
        self.backup_every = QComboBox()
        for hours, text in (
            (0, self.tr("不自动备份")),
            (4, self.tr("每 4 小时")),
            (24, self.tr("每天")),
            (168, self.tr("每周")),
        ):
            self.backup_every.addItem(text, hours)
        self.backup_every.setCurrentIndex(max(0, self.backup_every.findData(prefs.backup_hours)))
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 365)
        self.backup_keep.setValue(prefs.backup_keep)
        backup_button = QPushButton(self.tr("立即备份"))
        backup_button.clicked.connect(lambda: backup_now(self, self.ctx))
        backups = QGroupBox(self.tr("备份"))
        bform = QFormLayout(backups)
        bform.addRow(self.tr("备份文件夹"), folder_row)
        bform.addRow(self.tr("自动备份"), self.backup_every)
        bform.addRow(self.tr("保留份数"), self.backup_keep)
        bform.addRow("", backup_button)

        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        # the groups scroll (at large text they are taller than a laptop's screen); the
        # error line and the buttons stay in view below them
        content = QWidget()
        groups = QVBoxLayout(content)
        for group in (look, desk, credit, backups, printer_settings_group(ctx, self)):
            groups.addWidget(group)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(box)
        want = content.sizeHint()
        bar = scroll.verticalScrollBar().sizeHint().width()
        sized(self, want.width() + bar + 24, want.height() + box.sizeHint().height() * 3)

    def _firm(self) -> dict[str, Any]:
        try:
            row = self.ctx.conn.execute(
                "SELECT credit_policy, credit_overdue_days, owner_password_hash FROM firm"
            ).fetchone()
        except Exception:
            row = None
        if row is None:
            return {}
        return {
            "credit_policy": row[0],
            "credit_overdue_days": row[1],
            "has_password": bool(row[2]),
        }

    def _fill_operators(self) -> None:
        """The active people to choose from; the operator as they are now stays shown."""
        from desktop.queries.lookups import people

        typed = self.operator.currentText() or self.operator_before
        rows = people(self.ctx.conn)
        names = [p.name for p in rows if p.active]
        self.operator.clear()
        self.operator.addItems(names)
        self.operator.setCurrentText(typed)
        self.operator_known = not rows or self.operator_before in names

    def _people(self) -> None:
        from desktop.views.people_dialog import PeopleDialog

        PeopleDialog(self.ctx, self).exec()
        self._fill_operators()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("备份文件夹"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def save(self) -> None:
        from desktop.errors import DomainError
        from desktop.services.desks import set_desk, validate_desk_code

        try:
            desk = validate_desk_code(self.desk.text())
        except DomainError as exc:  # nothing is saved until the code is one that is allowed
            self.error.setText(exc.message(i18n.language()))
            self.desk.setFocus()
            return
        prefs = self.ctx.prefs
        typed, password = self.operator.currentText(), self.operator_password.text()
        switching = (
            " ".join(typed.split()) != " ".join(self.operator_before.split())
            or not self.operator_known  # the login kept before the firm had people: choose
        )
        prefs.backup_folder = self.backup_folder.text().strip()
        prefs.backup_hours = int(self.backup_every.currentData())
        prefs.backup_keep = self.backup_keep.value()
        prefs.scan_gap_ms = self.scan_gap.value()
        policy, days = self.policy.currentData(), self.overdue.value()
        new_pw, old_pw = self.new_password.text(), self.current_password.text()
        look_changed = (
            self.language.currentData(),
            self.text_scale.currentData(),
            self.contrast.isChecked(),
        ) != (prefs.language, prefs.text_scale, prefs.high_contrast)

        def start(approval: Any, on_failure: Any) -> None:
            def write(ledger: Any, _progress: object) -> str | None:
                from desktop.services import firm, people

                operator = None
                if switching:  # checked first: a person refused changes nothing
                    with ledger.read() as session:
                        operator = people.sign_in(session, typed, password)
                with ledger.unit() as uow:
                    uow.owner = approval  # the credit policy and overdue days: the owner's
                    firm.update_firm(uow, credit_policy=policy, credit_overdue_days=days)
                    if new_pw:
                        firm.set_owner_password(uow, new_pw, old_pw or None)
                if desk != ledger.desk:  # after the firm: a refused password changes nothing
                    set_desk(ledger, desk)
                return operator

            self.ctx.writer.job(write, done, on_failure)

        def done(operator: object) -> None:
            if isinstance(operator, str):
                self.ctx.set_operator(operator)
            prefs.language = self.language.currentData()
            prefs.text_scale = int(self.text_scale.currentData())
            prefs.high_contrast = self.contrast.isChecked()
            self.accept()
            if look_changed:
                apply_ui_prefs(self.ctx)

        def failed(exc: BaseException) -> None:
            show_inline(self.error, exc)

        self.ctx.start_writer()
        with_owner(self, start, failed)
