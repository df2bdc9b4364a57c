"""Screens that reload only when a committed write touched a table they read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.services.uow import Changes
    from desktop.views.context import Context


class ReloadingScreen(QWidget):
    """Listens to the ledger's changes: reloads at once when shown, else when next shown;
    a write that touched none of its tables leaves it as it is."""

    stale = False
    reads: frozenset[str] = frozenset()

    def watch_ledger(self, ctx: Context, reads: frozenset[str]) -> None:
        self.reads = reads
        ctx.changed.connect(self._ledger_changed)

    def refresh(self) -> None:
        raise NotImplementedError

    def _ledger_changed(self, changes: Changes) -> None:
        if not changes.touches(self.reads):
            return
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.refresh()
