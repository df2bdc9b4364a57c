"""Benchmark: the window's start on a ledger with a million document lines, as a user starts it.

Run: ``.venv/bin/python benchmarks/bench_gui_start.py [--ledger FILE] [--lines 1000000]
[--runs 5]``. ``--ledger``: an existing ledger (copy the sync benchmark's
``demo-5000-20000-18.zhangfang`` to a folder of your own first: opening it upgrades it);
without it, a demo ledger with at least ``--lines`` document lines is built once (cached in
the temp folder). Then, in fresh processes, interleaved round by round, offscreen:

* baseline: a bare ``QApplication`` + ``QMainWindow`` with a label, until the label's first
  paint;
* ``zhangfang app --ledger FILE`` (``python -m desktop.cli.main``, the command a user types),
  until its first paint (the dashboard's figures on screen) and until the dashboard is
  filled (overdue customers and best sellers too); the window reports both moments
  (``desktop.views.startup``, ``ZHANGFANG_START_REPORT``), timed here from the spawn.

Prints the medians, their ratios to the bare window and the load average.
Goals (issue 18): first paint ≤ 2×, dashboard filled ≤ 3× the bare window.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD_BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 800)
label = QLabel("0.00")
w.setCentralWidget(label)
class Paint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            label.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(f"ZF-START painted 0 {time.process_time():.3f}",
                                                flush=True), app.quit()))
        return False
paint = Paint()
label.installEventFilter(paint)
w.show()
app.exec()
"""


def ledger_path(lines: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "zhangfang-bench"
    folder.mkdir(exist_ok=True)
    return folder / f"gui-{lines}.zhangfang"


def build(path: Path, lines: int) -> None:
    from desktop.services.demo import generate_demo
    from desktop.services.ledger import Ledger

    customers = max(60, lines // 215)  # the demo makes ~220 lines per customer in 24 months
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    ledger = Ledger.open(tmp, create=True, actor="bench")
    started = time.perf_counter()
    summary = generate_demo(ledger, customers=customers, products=2000, months=24, seed=3)
    ledger.close()
    print(
        f"built {summary.lines:,} lines for {customers:,} customers "
        f"in {time.perf_counter() - started:.0f} s"
    )
    tmp.replace(path)


def count_lines(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM document_line").fetchone()[0])


def time_child(
    command: list[str], home: Path, want: tuple[str, ...], root: Path = ROOT
) -> dict[str, float]:
    """Seconds from the spawn of ``command`` until it printed each of ``want``, and the CPU
    seconds the process had used by then (``cpu-`` + the name: all its threads, what the
    start itself cost whatever the machine's load). Byte code is
    cached in the home folder (``PYTHONPYCACHEPREFIX``), as an installed app has its
    ``.pyc`` files: with ``PYTHONDONTWRITEBYTECODE`` set, every start compiled the app."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        ZHANGFANG_HOME=str(home),
        ZHANGFANG_START_REPORT="1",
        PYTHONPATH=str(root),
        PYTHONPYCACHEPREFIX=str(home / f"pycache-{root.name}"),
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=root
    )
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "ZF-START":
            seen[parts[1]] = time.perf_counter() - started
            if len(parts) >= 4:
                seen[f"cpu-{parts[1]}"] = float(parts[3])
            if all(w in seen for w in want):
                break
    proc.terminate()
    proc.wait(60)
    if not all(w in seen for w in want):
        raise RuntimeError(f"{command[:3]} did not report {want}: {seen}")
    return seen


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, help="an existing ledger (a copy of your own)")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of the code (git archive REV | tar -x -C DIR) of the same "
        "schema, started on the same ledger in the same rounds",
    )
    args = parser.parse_args()
    if args.ledger is not None:
        path = args.ledger
    else:
        path = ledger_path(args.lines)
        if path.exists() and count_lines(path) < args.lines:
            path.unlink()
        if not path.exists():
            build(path, args.lines)
    lines = count_lines(path)
    print(f"ledger: {path} ({lines:,} document lines)")
    home = Path(tempfile.mkdtemp(prefix="zf-bench-home-"))
    (home / "settings.ini").write_text("[backup]\nevery_hours=0\n", encoding="utf-8")
    bare_cmd = [sys.executable, "-c", CHILD_BARE]
    app_cmd = [sys.executable, "-m", "desktop.cli.main", "app", "--ledger", str(path)]
    app_cmd += ["--quit-after", "120000"]
    runs: dict[str, tuple[list[str], Path]] = {"app": (app_cmd, ROOT)}
    if args.baseline is not None:  # the same ledger: one start at a time, no upgrade between
        runs["baseline"] = (app_cmd, args.baseline.resolve())
    print(f"load average before: {_load()} on {os.cpu_count()} CPUs")
    try:
        _rounds(bare_cmd, runs, home, args.runs)
    finally:  # the settings, logs and cached byte code of the starts
        shutil.rmtree(home, ignore_errors=True)
    print(f"load average after: {_load()} on {os.cpu_count()} CPUs")


def _rounds(
    bare_cmd: list[str], runs: dict[str, tuple[list[str], Path]], home: Path, rounds: int
) -> None:
    # warm the file cache and write the byte code (and upgrade the ledger once, when older)
    time_child(bare_cmd, home, ("painted",))
    for cmd, root in runs.values():
        time_child(cmd, home, ("painted", "filled"), root)
    seen: dict[str, list[dict[str, float]]] = {name: [] for name in ["bare", *runs]}
    order = list(seen)
    for n in range(rounds):
        for name in order if n % 2 == 0 else order[::-1]:
            if name == "bare":
                seen[name].append(time_child(bare_cmd, home, ("painted",)))
            else:
                cmd, root = runs[name]
                seen[name].append(time_child(cmd, home, ("painted", "filled"), root))

    def values(name: str, key: str) -> list[float]:
        return [s[key] for s in seen[name] if key in s]

    def row(label: str, xs: list[float]) -> str:
        each = ", ".join(f"{x * 1000:.0f}" for x in xs)
        return f"{label:<40} median {statistics.median(xs) * 1000:6.0f} ms  ({each})"

    print(row("bare QApplication + QMainWindow", values("bare", "painted")))
    print(row("bare window, CPU to its paint", values("bare", "cpu-painted")))
    for name in runs:
        label = "zhangfang app" if name == "app" else "baseline app"
        for key, what in (("painted", "first paint"), ("filled", "dashboard filled")):
            print(row(f"{label}: {what}", values(name, key)))
            if values(name, f"cpu-{key}"):
                print(row(f"{label}: CPU to {what}", values(name, f"cpu-{key}")))
    # each round's own ratio (its app start over its bare window, started next to each
    # other): steadier than the ratio of medians when other work comes and goes
    for kind, prefix in (("wall", ""), ("CPU", "cpu-")):
        for name in runs:
            for key in ("painted", "filled"):
                pairs = [
                    a[f"{prefix}{key}"] / b[f"{prefix}painted"]
                    for a, b in zip(seen[name], seen["bare"], strict=True)
                    if f"{prefix}{key}" in a and f"{prefix}painted" in b
                ]
                if pairs:
                    each = ", ".join(f"{x:.2f}" for x in pairs)
                    print(
                        f"{name}: {key} {statistics.median(pairs):.2f}x the bare window, "
                        f"{kind}, median of the rounds' own ratios ({each})"
                    )
    for kind, prefix in (("wall", ""), ("CPU", "cpu-")):
        base = statistics.median(values("bare", f"{prefix}painted"))
        for name in runs:
            for key, goal in (("painted", 2), ("filled", 3)):
                xs = values(name, f"{prefix}{key}")
                if not xs:
                    continue
                ratio = statistics.median(xs) / base
                print(
                    f"{name}: {key} {ratio:.2f}x the bare window, {kind} medians "
                    f"(goal ≤ {goal}x: {'met' if ratio <= goal else 'NOT met'})"
                )


if __name__ == "__main__":
    main()
