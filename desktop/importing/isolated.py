"""Sheets the checks cannot vouch for are loaded in a reader process, never in the app's own.

calamine aborts the whole process when a sheet asks it for more memory than there is (a
stray cell at XFD1048576 makes it ask for 549 GB); Python cannot catch that. The checks in
``desktop.importing.extent`` vouch for the .xlsx sheets office programs write; the others
(.xls, .xlsb and .ods, whose extents are not checked, and .xlsx sheets too big or too odd
for the checks) are loaded only in a reader process, where such a crash ends that process
and the user reads a plain message.

The reader processes of the streamed import (``parsed_stream``) and of :func:`read_in_reader`
call :func:`enter_reader_process`; the reader raises :class:`NeedsReaderProcess` from
:func:`require_reader_process` elsewhere, and its callers move the read into a reader.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.importing.errors import ImportFileError

if TYPE_CHECKING:
    from desktop.importing.reader import Limits, Workbook

log = logging.getLogger(__name__)

_in_reader = False


class NeedsReaderProcess(Exception):
    """Raised before calamine loads a sheet the checks cannot vouch for, outside a reader
    process: the caller reads the file in one instead."""


def enter_reader_process() -> None:
    """Mark this process as a reader: from now on any sheet may be loaded here. What the
    process writes to stderr (calamine's panic and abort text) goes to ``reader.log`` in
    the log folder, not between the command line's plain messages."""
    global _in_reader
    _in_reader = True
    try:
        from desktop.paths import log_dir

        fd = os.open(log_dir() / "reader.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        fd = os.open(os.devnull, os.O_WRONLY)
    if sys.stderr is not None:  # None in a windowed app on Windows
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
    os.dup2(fd, 2)
    os.close(fd)


def require_reader_process() -> None:
    """Raise :class:`NeedsReaderProcess` unless this process is a reader."""
    if not _in_reader:
        raise NeedsReaderProcess


def reader_died_error() -> ImportFileError:
    """The error for a reader process that ended without an answer."""
    return ImportFileError(
        "reader_died",
        "读取文件时读取进程意外退出：文件可能已损坏，或在表格外很远的地方有多余的单元格，也可能是"
        "内存不足。请在 Excel/WPS 中打开文件，删除表格外多余的内容并另存为 .xlsx，或把文件拆成"
        "几个较小的文件后重试。",
        "The process reading the file stopped unexpectedly: the file may be damaged or have a "
        "stray value far outside the table, or memory ran out. Open it in Excel/WPS, delete "
        "anything outside the table and save it as .xlsx, or split it into smaller files, "
        "and try again.",
    )


def reader_unavailable_error(exc: OSError) -> ImportFileError:
    """The error for a file that needs a reader process when none can be started."""
    return ImportFileError(
        "reader_unavailable",
        f"无法启动读取文件的进程（{exc}），这个文件不能安全地读取。请在 Excel/WPS 中打开并另存为"
        " .xlsx 后再导入，或重启电脑后重试。",
        f"Cannot start the process that reads the file ({exc}); this file cannot be read "
        "safely. Open it in Excel/WPS, save it as .xlsx and import again, or restart the "
        "computer and try again.",
    )


def read_in_reader(path: Path, sheet: str | int | None, limits: Limits | None) -> Workbook:
    """``read_workbook`` in a reader process: its workbook, or its plain error; a reader
    that dies (calamine aborting) is :func:`reader_died_error`."""
    mp = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    receiver, sender = mp.Pipe(duplex=False)
    process = mp.Process(
        target=_read_main,
        args=(sender, str(path), sheet, limits),
        name="zhangfang-reader",
        daemon=True,
    )
    try:
        process.start()
    except OSError as exc:
        receiver.close()
        raise reader_unavailable_error(exc) from exc
    finally:
        sender.close()
    try:
        message = receiver.recv()
    except (EOFError, OSError) as exc:
        process.join(5)
        log.info("reader process of %s ended with exit code %s", path, process.exitcode)
        raise reader_died_error() from exc
    finally:
        receiver.close()
    process.join(5)
    if message[0] == "book":
        book: Workbook = message[1]
        return book
    if message[0] == "error":
        raise message[1]
    raise RuntimeError(f"the reader process failed:\n{message[1]}")


def _read_main(conn: Any, path: str, sheet: str | int | None, limits: Limits | None) -> None:
    enter_reader_process()
    from desktop.importing.reader import read_workbook

    try:
        message: tuple[str, Any] = ("book", read_workbook(path, sheet, limits))
    except ImportFileError as exc:
        message = ("error", exc)
    except BaseException:
        message = ("crash", traceback.format_exc())
    with contextlib.suppress(OSError):  # the app stopped listening: nobody to tell
        conn.send(message)
    conn.close()
