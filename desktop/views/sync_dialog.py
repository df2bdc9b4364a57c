"""联网同步…: sign this desk in to the firm's sync server (enrolling it the first time), and
the small password dialog of a session when the computer has no usable keyring.

The password goes from the field to the sign-in call on a worker thread and nowhere else
(the field is emptied as soon as the call has it); the refresh token goes to the keyring
through the client. Refusals are the client's typed errors, said in plain words in the
dialog's own error line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.views.context import Context
from desktop.views.errors import show_inline
from desktop.views.sync_session import SIGNIN_ATTEMPTS
from desktop.views.worker import run_in_thread

#: the address offered when the ledger never signed in (the server's default port)
DEFAULT_SERVER = "http://127.0.0.1:8750"


def _normal_address(text: str) -> str:
    text = text.strip().rstrip("/")
    if text and "://" not in text:
        text = "http://" + text
    return text


class _Busy:
    """The dialog's busy line and its buttons, while a call runs off the GUI thread."""

    def __init__(self, dialog: QDialog, layout: QVBoxLayout, buttons: QDialogButtonBox) -> None:
        self.bar = QProgressBar(dialog)
        self.bar.setRange(0, 0)  # busy, no percentage
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.error = QLabel(dialog)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(self.bar)
        self.buttons = buttons
        self.running = False

    def on(self) -> None:
        self.running = True
        self.error.hide()
        self.bar.show()
        self.buttons.setEnabled(False)

    def off(self) -> None:
        self.running = False
        self.bar.hide()
        self.buttons.setEnabled(True)

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class SignInDialog(QDialog):
    """Server address, firm code, user name, password and this desk's name → signed in.

    :attr:`signed` holds the ``desktop.sync.account.SignedIn`` once accepted.
    """

    def __init__(self, ctx: Context, parent: QWidget | None = None, **options: Any) -> None:
        super().__init__(parent)
        from desktop.sync.account import default_desk_name
        from desktop.sync.settings import read_settings

        self.ctx = ctx
        self.options = {"attempts": SIGNIN_ATTEMPTS, **options}
        self.signed: Any = None
        self.runner: Any = None
        self.setWindowTitle(self.tr("联网同步"))
        known = read_settings(ctx.ledger)
        self.server = QLineEdit(known.server or DEFAULT_SERVER)
        self.firm = QLineEdit(known.firm)
        self.user = QLineEdit(known.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.desk_name = QLineEdit(default_desk_name())
        for name, field in (
            ("server", self.server),
            ("firm", self.firm),
            ("user", self.user),
            ("password", self.password),
            ("desk_name", self.desk_name),
        ):
            field.setObjectName(name)
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("M") * 26)
        intro = QLabel(
            self.tr(
                "登录商号的同步服务器后，几台电脑共用一本账，离线时照常开单，"
                "联网后自动同步。密码不会保存在本机。"
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("商号代码"), self.firm)
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("本机名称"), self.desk_name)
        # buttons of our own: a standard box names its buttons anew on a style change
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)  # Enter in the password field signs in
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.busy = _Busy(self, layout, buttons)
        layout.addWidget(buttons)
        first_empty = next(
            (f for f in (self.server, self.firm, self.user, self.password) if not f.text()),
            self.password,
        )
        first_empty.setFocus()

    def reject(self) -> None:
        if not self.busy.running:  # a sign-in under way finishes (or fails) first
            super().reject()

    def sign_in(self) -> None:
        from desktop.sync.account import login

        server = _normal_address(self.server.text())
        firm, user = self.firm.text().strip(), self.user.text().strip()
        password, desk_name = self.password.text(), self.desk_name.text().strip()
        missing = [
            label
            for label, value in (
                (self.tr("服务器地址"), server),
                (self.tr("商号代码"), firm),
                (self.tr("用户名"), user),
                (self.tr("密码"), password),
            )
            if not value
        ]
        if missing:
            self.busy.say(self.tr("请填写：{fields}").format(fields=self.tr("、").join(missing)))
            return
        self.password.clear()  # the call has it; the window keeps no copy
        self.busy.on()
        ledger, options = self.ctx.ledger, self.options
        self.runner = run_in_thread(
            lambda _progress: login(ledger, server, firm, user, password, desk_name, **options),
            self._signed_in,
            self._failed,
        )

    def _signed_in(self, signed: Any) -> None:
        self.busy.off()
        self.signed = signed
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.off()
        self.password.setFocus()
        show_inline(self.busy.error, exc)


class PasswordDialog(QDialog):
    """The sync password for this session only (no usable keyring: nothing is kept).

    Cancel works offline; :attr:`client` is signed in once accepted.
    """

    def __init__(self, ctx: Context, client: Any, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.sync.settings import read_settings

        self.ctx = ctx
        self.client = client
        self.runner: Any = None
        self.setWindowTitle(self.tr("同步密码"))
        known = read_settings(ctx.ledger)
        reason = QLabel(why)
        reason.setObjectName("why")
        reason.setWordWrap(True)
        who = QLabel(
            self.tr("请输入 {user}（商号 {firm}）的同步密码；取消则本次离线工作。").format(
                user=known.user, firm=known.firm
            )
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)  # Enter in the password field signs in
        buttons.addButton(self.tr("离线工作"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(reason)
        layout.addWidget(who)
        layout.addWidget(self.password)
        self.busy = _Busy(self, layout, buttons)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if not self.busy.running:  # a sign-in under way finishes (or fails) first
            super().reject()

    def sign_in(self) -> None:
        from desktop.sync.account import session_signin

        password = self.password.text()
        if not password:
            self.busy.say(self.tr("请填写：{fields}").format(fields=self.tr("密码")))
            return
        self.password.clear()
        self.busy.on()
        ledger, client = self.ctx.ledger, self.client
        self.runner = run_in_thread(
            lambda _progress: session_signin(ledger, client, password),
            lambda _result: self._done(),
            self._failed,
        )

    def _done(self) -> None:
        self.busy.off()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.off()
        self.password.setFocus()
        show_inline(self.busy.error, exc)
