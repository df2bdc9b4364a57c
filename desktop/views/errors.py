"""Errors shown as plain messages: domain errors in the user's language, the rest logged."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from desktop.errors import DomainError, disk_full, is_disk_full
from desktop.paths import data_dir, log_dir
from desktop.views.i18n import language

log = logging.getLogger("zhangfang.gui")


def log_file() -> str:
    return str(log_dir() / "zhangfang.log")


def log_unexpected(exc: BaseException) -> None:
    log.error(
        "unexpected error: %s\n%s",
        exc,
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    )


def error_text(exc: BaseException) -> str:
    """What to tell the user: the domain message, or where the details were logged."""
    if isinstance(exc, DomainError):
        return exc.message(language())
    if is_disk_full(exc):
        return disk_full(_where(exc)).message(language())
    return QCoreApplication.translate(
        "Errors", "出现了意外错误，操作没有完成，数据未被改动。详细信息已记录在：{path}"
    ).format(path=log_file())


def _where(exc: BaseException) -> object:
    """The folder a full disk stopped: the file's, when the error names one."""
    name = getattr(exc, "filename", None) or getattr(getattr(exc, "orig", None), "filename", None)
    return Path(name).resolve().parent if isinstance(name, str) else data_dir()


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, DomainError) and not getattr(exc, "_zf_logged", False):
        log_unexpected(exc)
    from PySide6.QtWidgets import QMessageBox  # its types: not before the first paint

    title = QCoreApplication.translate("Errors", "无法完成")
    QMessageBox.warning(parent, title, error_text(exc))


def show_inline(label: QLabel, exc: BaseException) -> None:
    """A refusal (domain error) in the dialog's own error line, where the person is typing;
    anything unexpected in a box, logged."""
    if isinstance(exc, DomainError):
        label.setText(exc.message(language()))
        label.show()
    else:
        show_error(label.window(), exc)
