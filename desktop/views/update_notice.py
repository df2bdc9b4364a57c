"""The status bar's "a newer version is out" link: asked of the sync server once signed in,
at most daily, on a worker thread; silent when there is nothing newer or no answer."""

from __future__ import annotations

import html
import threading
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop import updates
from desktop.paths import data_dir

STAMP_FILE = "update-check.txt"


class UpdateNotice(QObject):
    """Owns the link in ``bar``; ``check(server)`` may be called as often as one likes."""

    found = Signal(object)  # an updates.Update, from the worker thread

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.label = QLabel()
        self.label.setOpenExternalLinks(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.hide()
        bar.addPermanentWidget(self.label)
        self.found.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.worker: threading.Thread | None = None

    def check(self, server: str) -> bool:
        """Ask ``server`` in the background when a day has passed; True when it asked."""
        stamp = data_dir() / STAMP_FILE
        now = datetime.now(UTC)
        if self.worker is not None or not server or not updates.due(stamp, now):
            return False
        updates.mark(stamp, now)
        self.worker = threading.Thread(
            target=lambda: self._ask(server), name="zhangfang-update-check", daemon=True
        )
        self.worker.start()
        return True

    def _ask(self, server: str) -> None:
        update = updates.check(server)
        if update is not None:
            self.found.emit(update)

    def _show(self, update: updates.Update) -> None:
        text = self.tr("有新版本 {version}：下载").format(version=update.version)
        self.label.setText(f'<a href="{html.escape(update.url)}">{html.escape(text)}</a>')
        self.label.setToolTip(update.url)
        self.label.show()
