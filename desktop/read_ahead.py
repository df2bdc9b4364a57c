"""The import's reader process started before the command knows it needs it.

``zhangfang import BIG.xlsx`` spends about a second importing its modules and opening the
ledger before it asks for the reader process (``importing.parsed_stream``), which then
needs most of a second of its own to start before it can load the sheet. The command line
starts the reader for the file named on it at once (:func:`start`), so both start-ups run
side by side; the import takes that reader over when it asks for the same file and sheet
(:func:`take`), else it is stopped and a reader is started as before. Only a head start:
what is read, and how, is the same either way.

Kept out of ``desktop.importing`` (whose package imports the whole importer): this module
must be cheap to import before everything else.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

#: Files smaller than this are read in the importing process: starting a reader costs
#: about 0.3 s (``parsed_stream`` decides with it).
READER_PROCESS_BYTES = 4 * 1024 * 1024

_started: tuple[tuple[Path, Any], Any, Any] | None = None


def worth_a_process(path: Path, at_least: int | None = None) -> bool:
    """A file big enough for a reader process (``at_least`` bytes, by default
    :data:`READER_PROCESS_BYTES`), on a machine with more than one core."""
    try:
        big = path.stat().st_size >= (READER_PROCESS_BYTES if at_least is None else at_least)
    except OSError:  # the reader words that problem
        return False
    return big and (os.cpu_count() or 1) >= 2


def start(path: Path, sheet: str | int | None = None) -> None:
    """Start a reader process for ``path`` (whole-file limits) if the file is worth one."""
    global _started
    if _started is not None or not worth_a_process(path):
        return
    mp = multiprocessing.get_context("spawn")  # as parsed_stream starts its readers
    conn, child_end = mp.Pipe()
    process = mp.Process(
        target=_reader,
        args=(child_end, str(path), sheet, None),
        name="zhangfang-reader",
        daemon=True,  # ended with this process if nobody takes it
    )
    try:
        process.start()
    except OSError:
        conn.close()
        return
    finally:
        child_end.close()
    _started = ((_key(path), sheet), process, conn)


def take(path: Path, sheet: str | int | None, limits: Any) -> tuple[Any, Any] | None:
    """The reader started for this file and sheet (default limits), as (process, pipe
    end), or None; a reader started for anything else is stopped."""
    global _started
    if _started is None:
        return None
    (key, process, conn), _started = _started, None
    if key == (_key(path), sheet) and limits is None:
        return process, conn
    stop(process, conn)
    return None


def stop(process: Any, conn: Any) -> None:
    if process.is_alive():
        process.terminate()
    process.join(5)
    conn.close()


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _reader(conn: Any, path: str, sheet: str | int | None, limits: Any) -> None:
    from desktop.importing.parsed_stream import _reader_main

    _reader_main(conn, path, sheet, limits)
