"""Automatic and manual backups, off the GUI thread, with rotation."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.views.context import Context
from desktop.views.worker import Progress, run_in_thread, run_task

CHECK_MS = 10 * 60 * 1000


def make_backup(ledger: Path, folder: Path, keep: int, progress: Progress | None = None) -> Path:
    """On a worker thread: ``services.backup.auto_backup`` (imported late: the main window
    starts without SQLAlchemy)."""
    from desktop.services.backup import auto_backup

    return auto_backup(ledger, folder, keep, progress)


class BackupScheduler(QObject):
    """Runs a backup when the last one is older than the chosen interval."""

    def __init__(self, ctx: Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(5000, self.check)

    def stop(self) -> None:
        """The window leaves this ledger: no more backups of it from here."""
        self.stopped = True
        self.timer.stop()

    def due(self) -> bool:
        hours = self.ctx.prefs.backup_hours
        return hours > 0 and time.time() - self.ctx.prefs.last_backup >= hours * 3600

    def check(self) -> None:
        if self.stopped or self.running or not self.due():
            return
        self.running = True
        path, folder, keep = (
            self.ctx.path,
            Path(self.ctx.prefs.backup_folder),
            self.ctx.prefs.backup_keep,
        )

        def done(_target: object) -> None:
            self.running = False
            self.ctx.prefs.last_backup = time.time()

        def failed(_exc: BaseException) -> None:
            self.running = False

        run_in_thread(lambda p: make_backup(path, folder, keep, p), done, failed)


def backup_now(parent: QWidget, ctx: Context, done: object = None) -> None:
    path, folder, keep = ctx.path, Path(ctx.prefs.backup_folder), ctx.prefs.backup_keep

    def finished(target: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        ctx.prefs.last_backup = time.time()
        QMessageBox.information(
            parent,
            QCoreApplication.translate("Backup", "备份完成"),
            QCoreApplication.translate("Backup", "账本已备份到：{path}").format(path=target),
        )

    run_task(
        parent,
        QCoreApplication.translate("Backup", "正在备份账本…"),
        lambda p: make_backup(path, folder, keep, p),
        finished,
    )
