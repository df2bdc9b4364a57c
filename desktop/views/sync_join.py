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
from PySide6.QtWidgets import QProgressDialog

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
