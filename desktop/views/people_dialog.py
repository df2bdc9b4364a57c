"""人员: the firm's people, their roles and passwords (文件 → 人员…, and from Settings).

Every change goes through ``services.people`` on the writer thread; the changes that are the
owner's ask for the owner's password through :func:`~desktop.views.owner_dialog.with_owner`,
as every other owner's change does. The list is read with the window's fast connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import Role
from desktop.queries.lookups import PersonRow, people
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.editor.dialogs import _buttons
from desktop.views.errors import show_inline
from desktop.views.owner_dialog import with_owner
from desktop.views.screen_fit import sized
from desktop.views.theme import mark

Change = Callable[[Any], object]  # given the unit of work


def role_box(current: str = Role.CLERK) -> QComboBox:
    """The roles to choose from, named in the window's language."""
    box = QComboBox()
    for code in Role:
        box.addItem(labels.code_text(code), code)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class PersonForm(QDialog):
    """A person's name and role, to add them or to change them."""

    def __init__(self, name: str = "", role: str = Role.CLERK, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("人员"))
        self.name = QLineEdit(name)
        self.name.setMaxLength(20)
        self.role = role_box(role)
        form = QFormLayout(self)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(_buttons(self))


class PasswordForm(QDialog):
    """A person's new password (twice), or none; their current one lets them change it
    without the owner."""

    def __init__(self, who: str, has_password: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置密码：{name}").format(name=who))
        self.current, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.current, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear = QCheckBox(self.tr("不用密码"))
        self.error = QLabel()
        mark(self.error, "error")
        form = QFormLayout(self)
        if has_password:
            form.addRow(self.tr("原密码（本人修改时填）"), self.current)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再输一次"), self.again)
        form.addRow("", self.clear)
        form.addRow(self.error)
        form.addRow(_buttons(self))

    def accept(self) -> None:
        if not self.clear.isChecked() and self.new.text() != self.again.text():
            self.error.setText(self.tr("两次输入的密码不一样。"))
            return
        super().accept()


class PeopleDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("people_dialog")
        self.setWindowTitle(self.tr("人员"))
        self.rows: list[PersonRow] = []
        note = QLabel(
            self.tr(
                "人员的名字印在单据的制单、经办处。添加、改名、停用人员和更改角色、密码需要"
                "老板密码（已设置时）；老板用老板密码登录。"
            )
        )
        note.setWordWrap(True)
        self.offer = QLabel()
        self.offer.setWordWrap(True)
        self.offer_button = QPushButton(self.tr("加为人员…"))
        self.offer_button.clicked.connect(self._add_operator)
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer, 1)
        offer_row.addWidget(self.offer_button)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("people_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("角色"), self.tr("状态"), self.tr("密码")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _i: self._edit())
        self.add_button = QPushButton(self.tr("添加…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.archive_button = QPushButton(self.tr("停用"))
        self.password_button = QPushButton(self.tr("设置密码…"))
        close = QPushButton(self.tr("关闭"))
        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.archive_button.clicked.connect(self._toggle_archive)
        self.password_button.clicked.connect(self._password)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addWidget(self.password_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(offer_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()
        width = self.fontMetrics().horizontalAdvance("0") * 70
        sized(self, width, self.fontMetrics().height() * 24)

    # ------------------------------------------------------------------ the list
    def reload(self) -> None:
        from desktop.services.people import name_key

        self.rows = people(self.ctx.conn)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            password = (
                self.tr("老板密码")
                if row.role == Role.OWNER
                else (self.tr("有") if row.has_password else self.tr("无"))
            )
            state = self.tr("在职") if row.active else self.tr("已停用")
            for j, text in enumerate((row.name, labels.code_text(row.role), state, password)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        operator = self.ctx.prefs.operator
        missing = bool(operator) and name_key(operator) not in {name_key(r.name) for r in self.rows}
        self.offer.setText(
            self.tr("本机操作员“{name}”还不是公司人员。").format(name=operator) if missing else ""
        )
        self.offer.setVisible(missing)
        self.offer_button.setVisible(missing)
        self._selected()

    def current(self) -> PersonRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _selected(self) -> None:
        row = self.current()
        for button in (self.edit_button, self.archive_button, self.password_button):
            button.setEnabled(row is not None)
        if row is not None:
            self.archive_button.setText(self.tr("停用") if row.active else self.tr("恢复"))
            self.password_button.setEnabled(row.role != Role.OWNER)

    # ------------------------------------------------------------------ the changes
    def add(self, name: str, role: str, done: Callable[[], None] | None = None) -> None:
        from desktop.services import people as service

        self.run(lambda uow: service.add_person(uow, name, role), done)

    def change_person(self, person: uuid.UUID, **values: Any) -> None:
        from desktop.services import people as service

        self.run(lambda uow: service.update_person(uow, person, **values))

    def set_password(self, person: uuid.UUID, new: str, current: str = "") -> None:
        from desktop.services import people as service

        self.run(lambda uow: service.set_password(uow, person, new, current or None))

    def run(self, change: Change, done: Callable[[], None] | None = None) -> None:
        """Make ``change`` on the writer thread, asking for the owner when the core says
        so; the list reloads after it, a refusal shows below the list."""

        self.error.clear()

        def start(approval: Any, on_failure: Any) -> None:
            def write(ledger: Any, _progress: object) -> None:
                with ledger.unit() as uow:
                    uow.owner = approval
                    change(uow)

            def written(_result: object) -> None:
                self.reload()
                if done is not None:
                    done()

            self.ctx.writer.job(write, written, on_failure)

        def failed(exc: BaseException) -> None:
            show_inline(self.error, exc)

        self.ctx.start_writer()
        with_owner(self, start, failed)

    # ------------------------------------------------------------------ the buttons
    def _add(self, name: str = "") -> None:
        form = PersonForm(name, Role.CLERK, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.add(form.name.text(), str(form.role.currentData()))

    def _add_operator(self) -> None:
        self._add(self.ctx.prefs.operator)

    def _edit(self) -> None:
        row = self.current()
        if row is None:
            return
        form = PersonForm(row.name, row.role, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.change_person(row.id, name=form.name.text(), role=str(form.role.currentData()))

    def _toggle_archive(self) -> None:
        row = self.current()
        if row is not None:
            self.change_person(row.id, active=not row.active)

    def _password(self) -> None:
        row = self.current()
        if row is None:
            return
        form = PasswordForm(row.name, row.has_password, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            new = "" if form.clear.isChecked() else form.new.text()
            self.set_password(row.id, new, form.current.text())
