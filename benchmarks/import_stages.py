"""Where a big history import's time goes: a timeline of both processes, stage by stage.

Run: ``.venv/bin/python benchmarks/import_stages.py FILE [--kind sales_history]`` (a fresh
ledger is made in a temporary folder). The import runs as ``zhangfang import FILE --kind KIND
--create-missing --json`` does, reader process included (started early, as the command line
starts it); each stage's start and end are marked with the wall clock (seconds since the
command started) and the process's CPU time, in the importing process and in the reader.

What it shows that a whole-run figure cannot: how long the importer waits for the reader
(the read phase's wall clock against the CPU both processes spent in it) and how long the
serial tail after the last row is (grouping, new records, bills and lines, commit). The
marks cost nothing measurable (a few dozen calls). Sessions before this one timed the same
stages by hand (benchmarks/README.md, bench_import_real.py's sections).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_T0 = float(os.environ.get("ZHANGFANG_STAGES_T0", time.time()))
_OUT = os.environ.get("ZHANGFANG_STAGES_DIR")
_MARKS: list[tuple[str, float, float]] = []


def mark(what: str) -> None:
    _MARKS.append((what, time.time() - _T0, time.process_time()))


def _dump(tag: str) -> None:
    if _OUT:
        with open(Path(_OUT) / f"{tag}-{os.getpid()}.json", "w") as fh:
            json.dump(_MARKS, fh)


def _wrap(owner: Any, name: str, label: str) -> None:
    inner = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        mark(f"{label} >")
        try:
            return inner(*args, **kwargs)
        finally:
            mark(f"{label} <")

    setattr(owner, name, timed)


def _reader_marks() -> None:
    """In the reader process (this file imported again by spawn as ``__mp_main__``)."""
    from desktop.importing import load_ahead, parsed_stream

    mark("reader imported")
    _wrap(load_ahead.LoadAhead, "_load", "calamine load")
    _wrap(parsed_stream, "stream_workbook", "open the sheet")
    _wrap(parsed_stream, "enter_reader_process", "enter reader")
    scan = parsed_stream.scan_chunks

    def scan_chunks(*args: Any, **kwargs: Any) -> Any:
        mark("scan >")
        try:
            return scan(*args, **kwargs)
        finally:
            mark("scan <")
            _dump("reader")

    parsed_stream.scan_chunks = scan_chunks


def _importer_marks() -> None:
    from desktop.importing import streamed
    from desktop.importing.kinds import bulk, history, history_stream
    from desktop.importing.parsed_stream import ProcessParsedStream

    stream = history_stream.HistoryStream
    add = stream.add_parsed
    seen = [False]

    def add_parsed(self: Any, parsed: Any) -> Any:
        if not seen[0]:
            seen[0] = True
            mark("first chunk in")
        return add(self, parsed)

    stream.add_parsed = add_parsed  # type: ignore[method-assign]
    _wrap(streamed, "guess_history", "guess the kind")
    _wrap(streamed, "stream_import", "stream import")
    _wrap(ProcessParsedStream, "run", "read phase")
    _wrap(stream, "finish", "finish")
    _wrap(stream, "apply", "apply")
    _wrap(history.HistoryHandler, "_create_used", "create records")
    _wrap(bulk, "write_documents", "write bills")
    _wrap(bulk, "rebuild_indexes", "rebuild indexes")
    from desktop.services import ledger, new_row_refs

    _wrap(new_row_refs.NewRowReferences, "check", "check new rows' references")
    _wrap(ProcessParsedStream, "close", "stop the reader")
    _wrap(ledger.Ledger, "close", "close the ledger")


def _run(argv: list[str]) -> int:
    """The import command, reader first (as ``desktop.cli.main`` starts it)."""
    mark("start")
    from desktop import read_ahead

    read_ahead.start(Path(argv[1]))
    _importer_marks()
    from desktop.cli.main import main

    atexit.register(_dump, "importer")
    try:
        return main(argv)
    finally:
        mark("end")


def _report(out: Path) -> None:
    for path in sorted(out.glob("*.json")):
        marks = json.loads(path.read_text())
        print(f"{path.stem.split('-')[0]}:")
        for what, wall, cpu in marks:
            print(f"  {wall:7.2f} s wall  {cpu:7.2f} s CPU  {what}")
    importer = next(out.glob("importer-*.json"), None)
    if importer is None:
        return
    at = {what: (wall, cpu) for what, wall, cpu in json.loads(importer.read_text())}
    if "read phase >" in at and "read phase <" in at and "end" in at:
        (w0, c0), (w1, c1) = at["read phase >"], at["read phase <"]
        print(
            f"read phase {w1 - w0:.2f} s wall, importer CPU in it {c1 - c0:.2f} s; "
            f"tail after the last row {at['end'][0] - w1:.2f} s wall, "
            f"{at['end'][1] - c1:.2f} s CPU; load average {os.getloadavg()[0]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--kind", default="sales_history", help="'guess': give no --kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            PYTHONPATH=str(ROOT),
            ZHANGFANG_LANG="en",
            ZHANGFANG_HOME=tmp,
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"),
            ZHANGFANG_STAGES_DIR=tmp,
        )
        ledger = str(Path(tmp) / "stages.zhangfang")
        cli = [sys.executable, "-m", "desktop.cli.main"]
        subprocess.run(
            [*cli, "init", "--firm", "基准测试", "--ledger", ledger], env=env, check=True
        )
        subprocess.run(  # compiled once, as an installed copy is
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], env=env, check=True
        )
        env["ZHANGFANG_STAGES_T0"] = repr(time.time())
        cmd = [sys.executable, __file__, "--run", "import", args.file]
        cmd += [] if args.kind == "guess" else ["--kind", args.kind]
        cmd += ["--create-missing", "--ledger", ledger, "--json"]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        exited = time.time() - float(env["ZHANGFANG_STAGES_T0"])
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr[-2000:])
        _report(Path(tmp))
        print(f"the command exited at {exited:.2f} s (its reader included)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        sys.exit(_run(sys.argv[2:]))
    main()
elif __name__ == "__mp_main__" and _OUT:
    _reader_marks()
