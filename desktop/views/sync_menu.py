"""The window's sync entries: 联网同步… (sign in), 立即同步, 退出同步登录, the status line.

A desk that never signed in sees one menu entry (联网同步…) and nothing else: no status
text, no sync screen. Signing in keeps ``Prefs.market_account`` and starts the engine;
signing out stops it and forgets the token, keeping the ledger and its outbox.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMenu

from desktop.views.i18n import language
from desktop.views.sync_session import ASK_PASSWORD, STARTED, prepare
from desktop.views.worker import run_in_thread

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow
    from desktop.views.sync_dialog import PasswordDialog, SignInDialog

log = logging.getLogger("zhangfang.gui")


def tr(text: str) -> str:
    return QCoreApplication.translate("SyncMenu", text)


def install(menu: QMenu, window: MainWindow) -> None:
    """Add the entries to ``menu`` (the window's 文件 menu): only 联网同步… until signed in."""
    window._act(menu, tr("联网同步…"), lambda: open_sign_in(window))
    if window.ctx.prefs.market_account:
        window._act(menu, tr("立即同步"), window.sync.sync_now)
        window._act(menu, tr("退出同步登录"), lambda: sign_out(window))


def status_label(window: MainWindow) -> QLabel | None:
    """The status bar's sync text, for a desk signed in (None otherwise)."""
    if not window.ctx.prefs.market_account:
        return None
    label = QLabel()
    label.setObjectName("sync_status")
    window.statusBar().addPermanentWidget(label)
    return label


def when(iso: str) -> str:
    """A sync time for a person: the time today, the date and time before."""
    try:
        at = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return f"{at:%H:%M}" if at.date() == datetime.now().date() else f"{at:%Y-%m-%d %H:%M}"


def state_text(status: Any, running: bool) -> str:
    """Online, offline, upgrade required … in a word or two."""
    if status.upgrade_required:
        return tr("需要升级")
    if not running and status.state not in ("signin_required", "desk_revoked"):
        return tr("离线（未登录）")
    return {
        "online": tr("在线"),
        "offline": tr("离线"),
        "never": tr("尚未同步"),
        "signin_required": tr("需要重新登录"),
        "desk_revoked": tr("需要重新登录"),
        "diverged_desk": tr("同步已暂停"),
        "resync_required": tr("同步已暂停"),
    }.get(status.state, tr("同步出错"))


def status_text(status: Any, running: bool) -> str:
    """The status line: state, last sync time, changes waiting to be sent."""
    parts = [state_text(status, running)]
    if status.last_sync:
        parts.append(tr("上次同步 {time}").format(time=when(status.last_sync)))
    parts.append(tr("待同步 {n} 条").format(n=status.pending))
    return tr(" · ").join(parts)


def error_text(status: Any) -> str:
    """The last problem in the user's language ("" when the last sync went through)."""
    error = status.last_error or {}
    return str(error.get("zh" if language() == "zh" else "en") or "")


def heard(window: MainWindow, status: Any) -> None:
    """A status from the engine that asks the window to act: ``resync_required`` starts
    over from the firm's ledger (once: the engine is stopped for it). None: no status yet."""
    if getattr(status, "state", None) == "resync_required" and window.sync.running:
        from desktop.views import sync_join

        sync_join.start_over(window)


def show_status(label: QLabel | None, status: Any, running: bool) -> None:
    if label is None:
        return
    label.setText(status_text(status, running))
    label.setToolTip(error_text(status))


# ------------------------------------------------------------------ signing in and out
def open_sign_in(window: MainWindow, **options: Any) -> SignInDialog:
    """The sign-in dialog (window-modal); signed in, the engine starts."""
    from desktop.views.sync_dialog import SignInDialog  # with the dialog, not at the start

    dialog = SignInDialog(window.ctx, window, **options)
    dialog.accepted.connect(lambda: signed_in(window, dialog.signed))
    dialog.open()
    return dialog


def signed_in(window: MainWindow, signed: Any) -> None:
    from desktop.sync import first_state, snapshot
    from desktop.views import sync_join

    ledger = window.ctx.ledger
    if first_state.unsettled(ledger):
        if not snapshot.has_business(ledger.path):  # it joins: a download, with progress
            sync_join.join(window, signed.client, lambda: _started(window, signed))
            return
        if not sync_join.settle_here(window, signed.client):
            return  # said why; signing in again finishes it
    _started(window, signed)


def _started(window: MainWindow, signed: Any) -> None:
    s = signed.settings
    window.ctx.prefs.market_account = f"{s.user}@{s.firm}"
    window.sync.start(signed.client)
    window.rebuild()  # the sync screen, its menu entries and the status line appear
    if signed.enrolled:
        text = tr(
            "已登记这台电脑并登录 {server}（商号 {firm}）。\n本机的工作站代号是 {desk}，"
            "今后本机新开的单据编号都带这个代号。"
        )
    else:
        text = tr("已登录 {server}（商号 {firm}），本机的工作站代号是 {desk}。")
    text = text.format(server=s.server, firm=s.firm, desk=s.desk_code)
    if signed.renumbered:  # a copied ledger: its unsent records follow this desk's series
        text += "\n\n" + tr(
            "这个账本是另一台电脑账本的副本：它尚未发送的 {n} 个编号已改为本工作站的编号"
            "（{numbers}）。"
        ).format(
            n=len(signed.renumbered),
            numbers=tr("、").join(f"{a} → {b}" for a, b in signed.renumbered.items()),
        )
    store = signed.client.tokens
    if store is not None and store.problem is not None:  # said once, here
        text += "\n\n" + store.problem.message(language())
    from PySide6.QtWidgets import QMessageBox  # its types: not before the first paint

    QMessageBox.information(window, tr("联网同步"), text)


def sign_out(window: MainWindow) -> None:
    """Stop syncing and forget the token (the server revokes it when it can be reached);
    the ledger and its outbox stay."""
    from desktop.sync.account import logout
    from desktop.sync.settings import read_settings

    client = window.sync.take_client()
    window.ctx.prefs.market_account = ""
    window.rebuild()
    ledger = window.ctx.ledger
    if client is None and not read_settings(ledger).enrolled:
        return

    def out(_progress: Any) -> bool:
        try:
            return logout(ledger, client)
        finally:
            if client is not None:
                client.close()

    def said(told: Any = True) -> None:
        if not shiboken6.isValid(window):  # the window closed while the server was asked
            return
        text = tr("已退出同步登录；账本和未同步的改动都保留着。")
        if told is not True:
            text += tr("（服务器暂时连不上，没有通知到它；本机的登录已清除。）")
        window.statusBar().showMessage(text, 10000)

    def failed(exc: BaseException) -> None:
        log.info("sign-out: %s", exc)
        said(False)

    run_in_thread(out, said, failed)


def start_session(window: MainWindow) -> None:
    """At the start of a session: sync with the kept token, or ask for the password (no
    usable keyring); cancelled, the desk works offline."""
    ctx = window.ctx
    if not ctx.prefs.market_account:
        return
    ctx.start_writer()  # the ledger opens on its thread; the window shows meanwhile

    def ready(found: Any) -> None:
        what, client = found
        if window.ctx is not ctx:  # the window went on to another ledger meanwhile
            if client is not None:
                client.close()
            return
        if what == STARTED:
            window.sync.start(client)
        elif what == ASK_PASSWORD:
            ask_password(window, client)

    run_in_thread(lambda _progress: prepare(ctx.ledger), ready, lambda exc: log.warning("%s", exc))


def ask_password(window: MainWindow, client: Any) -> PasswordDialog:
    from desktop.views.sync_dialog import PasswordDialog

    why = client.tokens.problem.message(language())
    dialog = PasswordDialog(window.ctx, client, why, window)
    dialog.accepted.connect(lambda: window.sync.start(client))
    dialog.rejected.connect(client.close)
    dialog.open()
    return dialog
