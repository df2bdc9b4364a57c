"""Joining the firm's ledger from the window without freezing it.

The download (the long part: the firm's whole ledger) runs on a worker thread behind a
progress bar with Cancel; the ledger stays open and untouched meanwhile, so a cancel
leaves it exactly as it was (the bytes fetched so far wait beside it, and signing in
again goes on from them). Once the file is here, the window lets go of its ledger, the
firm's replaces it (``first_state.settle`` finds the download complete: checked, this
desk's settings kept) and the window opens it again, as after a restore.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from desktop.views.worker import Cancelled, Progress, run_task

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("SyncJoin", text)


def join(window: MainWindow, client: Any, then: Callable[[], None]) -> QProgressDialog:
    """Download the firm's ledger with a progress bar, then join it; ``then()`` once the
    window holds the firm's ledger (not after a cancel or a failure, which are said)."""
    from desktop.sync import first_state
    from desktop.views.errors import show_error

    path = window.ctx.path
    title = tr("正在下载商号的账本…")

    def fetch(progress: Progress) -> bool:
        def moved(done: int, total: int) -> None:
            text = title + "\n" + figures(done, total)
            progress(done * 100 // total if total else 100, text)

        try:
            first_state.download(path, client, moved)
        except Cancelled:
            return False
        return True

    def downloaded(complete: Any) -> None:
        if not shiboken6.isValid(window):
            return
        if complete is not True:
            window.statusBar().showMessage(
                tr("已取消加入商号：本机账本保持原样；再次登录可以接着下载。"), 15000
            )
            return
        if settle_here(window, client):
            then()

    def failed(exc: BaseException) -> None:
        if shiboken6.isValid(window):
            show_error(window, exc)

    return run_task(window, title, fetch, downloaded, failed)


def figures(done: int, total: int) -> str:
    """How much of the firm's ledger has arrived, in MB."""
    return tr("已下载 {done:.1f} / {total:.1f} MB").format(done=done / 1e6, total=total / 1e6)


def start_over(window: MainWindow) -> QProgressDialog:
    """The server no longer has the history this desk needs (``resync_required``): the
    engine stops, the firm's ledger is downloaded behind a progress bar with Cancel, and it
    replaces this one keeping the unsent changes (``desktop.sync.resync``); the window's
    session then starts syncing again, as with any ledger it opens. Cancel leaves the ledger as it was, and syncing stopped until the next sign-in."""
    from desktop.sync import first_state
    from desktop.views.errors import show_error

    client = window.sync.take_client()
    path = window.ctx.path
    title = tr("服务器已清理本机需要的历史记录：正在重新下载商号的账本…")

    def fetch(progress: Progress) -> bool:
        def moved(done: int, total: int) -> None:
            progress(done * 100 // total if total else 100, title + "\n" + figures(done, total))

        try:
            first_state.download(path, client, moved)
        except Cancelled:
            return False
        return True

    def downloaded(complete: Any) -> None:
        if not shiboken6.isValid(window):
            client.close()
            return
        if complete is not True:
            client.close()
            window.statusBar().showMessage(
                tr("已取消：本机账本保持原样，同步已暂停；要再试，请选 文件 → 联网同步…"), 15000
            )
            return
        done = _resync_here(window, client)
        client.close()  # the window's session starts again with the ledger (its token kept)
        if done is None:
            return
        text = tr(
            "已从商号的账本重新开始：保留了 {carried} 条未发送的改动；原来的账本保存在 {kept}。"
        ).format(carried=done.carried, kept=done.kept)
        if done.refused:
            text += "\n" + tr(
                "有 {n} 条未发送的改动已无法应用到商号的账本，没有发送，请在同步状态中查看。"
            ).format(n=done.refused)
        QMessageBox.information(window, tr("联网同步"), text)

    def failed(exc: BaseException) -> None:
        client.close()
        if shiboken6.isValid(window):
            show_error(window, exc)

    return run_task(window, title, fetch, downloaded, failed)


def _resync_here(window: MainWindow, client: Any) -> Any:
    """``resync`` with the window's ledger let go of and opened again after; its outcome,
    or None (said why; the ledger as it was)."""
    from desktop.services.ledger import Ledger
    from desktop.sync.resync import resync
    from desktop.views.context import Context
    from desktop.views.errors import show_error
    from desktop.views.opening import waiting
    from desktop.views.worker import wait_for_threads

    path, prefs = window.ctx.path, window.ctx.prefs
    if not window.close_windows():
        return None
    window.leave_ledger()
    wait_for_threads()
    try:
        with waiting():
            ledger, done = resync(Ledger.open(path, actor=prefs.operator or None), client)
    except Exception as exc:
        window.use_ledger(Context(path, prefs))
        window.opened()
        show_error(window, exc)
        return None
    window.use_ledger(Context(path, prefs, ledger))
    window.opened()
    return done


def settle_here(window: MainWindow, client: Any) -> bool:
    """Settle the first state with the window's ledger let go of (a join replaces the file;
    an upload reads it) and opened again after; whether it settled."""
    from desktop.services.ledger import Ledger
    from desktop.sync import first_state
    from desktop.views.context import Context
    from desktop.views.errors import show_error
    from desktop.views.opening import waiting
    from desktop.views.worker import wait_for_threads

    ctx = window.ctx
    path, prefs = ctx.path, ctx.prefs
    if not window.close_windows():
        return False
    window.leave_ledger()
    wait_for_threads()  # a list's reader still on the file would keep it from being replaced
    try:
        with waiting():
            ledger, _outcome = first_state.settle(
                Ledger.open(path, actor=prefs.operator or None), client
            )
    except Exception as exc:
        window.use_ledger(Context(path, prefs))  # the ledger as it was
        window.opened()
        show_error(window, exc)
        return False
    window.use_ledger(Context(path, prefs, ledger))
    window.opened()
    return True
