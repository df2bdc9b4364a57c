"""Opening a ledger for the window, the one way for the start and for 打开账本….

A missing or empty file (or a ledger left without a firm) goes through the first-run
wizard; anything else through ``Ledger.open``, which refuses a file another program is
restoring or upgrading, one that is not a ledger or is damaged, and one from a newer
version, and backs up an older ledger before upgrading it. At the start a current ledger
is opened later, on the writer thread, so the window shows at once (``eager=False``); a
switch opens it here (``eager=True``) so a refusal comes while the current ledger is
still open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.queries.lookups import needs_setup


@dataclass(frozen=True)
class Opening:
    """The file the window shows, and its ORM ledger when opened here (None: the context
    opens it on its writer thread)."""

    path: Path
    ledger: Any = None
    wants_import: bool = False


def open_ledger(path: Path, prefs: Any, *, eager: bool) -> Opening | None:
    """``path`` ready for a window (None: the first-run wizard was cancelled)."""
    from desktop.queries.db import schema_is_current

    if needs_setup(path):
        ledger = first_run(prefs, path)
        if ledger is None:
            return None
        wants_import = getattr(ledger, "_zf_start_with_import", False)
        # the demo, when the user chose to try it first
        return Opening(Path(ledger.path), ledger, wants_import)
    if eager or not schema_is_current(path):
        from desktop.services.ledger import Ledger

        # every check of a ledger file; an older ledger is backed up, then upgraded
        with waiting():
            return Opening(path, Ledger.open(path, actor=prefs.operator or None))
    return Opening(path)


@contextmanager
def waiting() -> Iterator[None]:
    """The busy cursor while the GUI thread itself waits (an upgrade, a lock, a restore)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def first_run(prefs: Any, path: Path) -> Any:
    from PySide6.QtWidgets import QWizard

    from desktop.views.wizard import FirstRunWizard

    wizard = FirstRunWizard(prefs, path)
    if wizard.exec() != QWizard.DialogCode.Accepted:
        return None
    ledger = wizard.create_ledger()
    if wizard.start.choice() == "demo":
        # the real ledger (with the firm just typed) stays the default one; the demo is a
        # second file, opened now for trying, marked 演示 in the title and on the dashboard
        real = ledger
        ledger, fresh = wizard.demo_ledger()
        if fresh and not make_demo(ledger):
            demo_path = Path(ledger.path)
            ledger.close()
            for suffix in ("", "-wal", "-shm"):  # cancelled or failed: no half demo left
                Path(str(demo_path) + suffix).unlink(missing_ok=True)
            return real
        real.close()
    elif wizard.start.choice() == "excel":
        ledger._zf_start_with_import = True
    return ledger


def make_demo(ledger: Any) -> bool:
    """Generate the demo into the (empty) ``ledger`` with a progress dialog; whether it was."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from desktop.views.worker import run_task

    loop = QEventLoop()
    made: list[bool] = []

    def generate(progress: Any) -> None:
        from desktop.services.demo import generate_demo

        generate_demo(
            ledger,
            customers=60,
            products=300,
            months=12,
            seed=1,
            progress=lambda done, total: progress(int(100 * done / max(1, total)), ""),
            cancel=lambda: progress.cancelled,
        )

    def finished(_result: object) -> None:
        made.append(True)
        loop.quit()

    def failed(exc: BaseException) -> None:
        from desktop.views.errors import show_error

        loop.quit()
        show_error(None, exc)

    run_task(
        None,
        QCoreApplication.translate("App", "正在生成演示账本…"),
        generate,
        finished,
        failed,
    )
    loop.exec()
    return bool(made)
