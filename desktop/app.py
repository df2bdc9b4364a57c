"""GUI entry point: ``python -m desktop.app [--ledger PATH]``.

Opens the default ledger (or ``--ledger``); on the very first start, the
first-run wizard creates it. Logs go to the user's data directory.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop import __version__
from desktop.paths import default_ledger_path, log_file
from desktop.resources import icon_path

log = logging.getLogger("zhangfang")


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_HANDLER = "zhangfang-log-file"  # the name of the log file's handler on the root logger


def setup_logging(rotating: bool = True) -> Path:
    """Log to the user's log file (2 MB, three older ones kept). ``rotating=False``: with
    logging's plain file handler until :func:`rotate_logs` swaps in the rotating one, as
    the window's start does once its dashboard is filled (``logging.handlers`` loads
    socket, pickle and queue: ~10 ms the first frame and the figures do without)."""
    path = log_file()
    root = logging.getLogger()
    if not any(h.get_name() == LOG_HANDLER for h in root.handlers):
        handler = _rotating(path) if rotating else logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.set_name(LOG_HANDLER)
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def _rotating(path: Path) -> logging.FileHandler:
    from logging.handlers import RotatingFileHandler

    return RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")


def rotate_logs() -> None:
    """The plain file handler of ``setup_logging(rotating=False)`` becomes the rotating one
    (added before the plain one goes, so no line is lost)."""
    root = logging.getLogger()
    for plain in [h for h in root.handlers if h.get_name() == LOG_HANDLER]:
        if type(plain) is not logging.FileHandler:
            continue  # already the rotating one
        handler = _rotating(Path(plain.baseFilename))
        handler.setFormatter(plain.formatter)
        handler.set_name(LOG_HANDLER)
        root.addHandler(handler)
        root.removeHandler(plain)
        plain.close()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error nobody caught: log it, tell the user in plain words, keep running."""
    log.error("uncaught", exc_info=(kind, exc, tb))
    exc._zf_logged = True  # type: ignore[attr-defined]
    try:
        from desktop.views.errors import show_error

        show_error(None, exc)
    except Exception:  # the dialog itself failed; the log has it
        pass


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="zhangfang-gui")
    parser.add_argument("--ledger", help="ledger file to open (default: the user's ledger)")
    # close the window after this many milliseconds: a smoke test of an installed program
    parser.add_argument("--quit-after", type=int, default=None, help=argparse.SUPPRESS)
    # ... and save what the window shows, just before, as a PNG (the README's screenshot)
    parser.add_argument("--screenshot", default=None, help=argparse.SUPPRESS)
    args, _qt = parser.parse_known_args(argv[1:])
    return args


def start(path: Path, app: Any = None) -> Any:
    """Open ``path`` (or run the first-run wizard when it does not exist) → the main window."""
    from PySide6.QtWidgets import QApplication

    from desktop.views import i18n
    from desktop.views.context import Context
    from desktop.views.main_window import MainWindow
    from desktop.views.opening import open_ledger
    from desktop.views.prefs import Prefs
    from desktop.views.theme import apply_appearance

    app = app or QApplication.instance()
    prefs = Prefs()
    i18n.set_language(prefs.language)
    apply_appearance(app, prefs.text_scale, prefs.high_contrast)
    opening = open_ledger(path, prefs, eager=False)
    if opening is None:
        return None
    ctx = Context(opening.path, prefs, opening.ledger, writer_delay_ms=None)
    ctx.hold()  # what the window puts off waits for its first paint (startup.watch)
    window = MainWindow(ctx)
    from desktop.views import startup
    from desktop.views.screen_fit import sized

    sized(window, window.sizeHint().width(), window.sizeHint().height())
    window.show()
    # the first paint, the dashboard filled; then the ORM ledger and the log's rotation
    startup.watch(window, then=rotate_logs)
    window.opened()  # "window open on PATH" in the log, the recent list
    if opening.wants_import:  # first run, "import from Excel": the firm exists, now the old ledger
        window.import_excel()
    return window


def _set_icon(app: Any) -> None:
    """The 账 seal on every window and in the task bar, in each size drawn for it."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = icon_path(size)
        if path.is_file():
            icon.addFile(str(path))
    app.setWindowIcon(icon)


def main(argv: list[str] | None = None) -> int:
    """``argv`` as ``sys.argv`` has it: the program's name first, then its arguments."""
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    os.umask(0o077)  # the books, backups, exports and logs are the user's alone
    setup_logging(rotating=False)  # the rotating one once the window is filled (start)
    from desktop.views.startup import skip_feature_scan

    skip_feature_scan()  # before the window's modules load: ~30 ms of the first paint
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    from desktop.views import gc_guard

    gc_guard.install(app)  # Qt objects freed by the collector: on this thread only
    app.setApplicationName("Zhangfang")
    app.setOrganizationName("Zhangfang")
    app.setApplicationVersion(__version__)
    _set_icon(app)
    sys.excepthook = _excepthook
    path = Path(args.ledger) if args.ledger else default_ledger_path()
    try:
        window = start(path, app)
    except Exception as exc:
        _excepthook(type(exc), exc, exc.__traceback__)
        return 1
    if window is None:
        return 0
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        def finish() -> None:
            if args.screenshot:
                window.grab().save(args.screenshot)
            window.close()

        QTimer.singleShot(args.quit_after, finish)
    code = app.exec()
    window.ctx.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
