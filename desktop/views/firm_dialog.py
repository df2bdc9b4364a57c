"""公司资料: the firm's profile (name, 开票 details, bank, logo), changed after the first run.

The fields and their names come from ``services.firm_profile.PROFILE``; saving goes
through ``firm_profile.update_profile`` (one validation, one intent), so the printouts,
``zhangfang firm`` and this dialog always agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.firm_fields import PROFILE
from desktop.queries.lookups import firm_profile
from desktop.views import i18n
from desktop.views.context import Context
from desktop.views.editor.dialogs import _buttons
from desktop.views.errors import show_inline
from desktop.views.theme import mark


class FirmDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("firm_dialog")
        self.setWindowTitle(self.tr("公司资料"))
        self.before = self._profile()
        zh = i18n.language() == "zh"
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for field in PROFILE:
            if field.key == "logo_path":
                continue
            edit = QLineEdit(self.before.get(field.key, ""))
            edit.setObjectName(f"firm_{field.key}")
            self.edits[field.key] = edit
            form.addRow(field.zh if zh else field.en, edit)
        self.logo_path = self.before.get("logo_path", "")
        self.logo = QLabel()
        self.logo.setFixedSize(96, 96)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pick = QPushButton(self.tr("选择图片…"))
        pick.clicked.connect(self._pick_logo)
        clear = QPushButton(self.tr("不用标志"))
        clear.clicked.connect(lambda: self._show_logo(""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(pick)
        logo_row.addWidget(clear)
        logo_row.addStretch(1)
        form.addRow(self.tr("标志（Logo）"), logo_row)
        self._show_logo(self.logo_path)
        note = QLabel(self.tr("打印在单据和对账单的抬头上；改动后新打印的单据就用新资料。"))
        note.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        box = _buttons(self)  # OK saves (accept), and closes once the change is written
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def _profile(self) -> dict[str, str]:
        return firm_profile(self.ctx.conn)

    def _pick_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择标志图片"), "", "Images (*.png *.jpg *.jpeg *.bmp *.gif)"
        )
        if name:
            self._show_logo(name)

    def _show_logo(self, path: str) -> None:
        self.logo_path = path
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText(self.tr("无") if not path else self.tr("无法读取"))
            return
        self.logo.setPixmap(
            pixmap.scaled(
                96,
                96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def changes(self) -> dict[str, str]:
        """The fields the user changed (only those are written)."""
        now = {key: edit.text() for key, edit in self.edits.items()}
        now["logo_path"] = self.logo_path
        return {k: v for k, v in now.items() if v.strip() != self.before.get(k, "").strip()}

    def accept(self) -> None:
        self.save()

    def save(self) -> None:

        values = self.changes()
        if not values:
            super().accept()
            return

        def write(ledger: Any, _progress: object) -> None:
            from desktop.services.firm_profile import update_profile

            with ledger.unit() as uow:
                update_profile(uow, values)

        def failed(exc: BaseException) -> None:
            show_inline(self.error, exc)

        self.ctx.start_writer()
        self.ctx.writer.job(write, lambda _r: super(FirmDialog, self).accept(), failed)
