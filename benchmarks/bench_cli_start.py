"""Benchmark: ``zhangfang --help`` and ``zhangfang print NUMBER --out X.pdf`` vs ``python -c pass``.

Run: ``.venv/bin/python benchmarks/bench_cli_start.py [--rounds 7]``. Each command runs as
a user types it, a new process each time (``python -m desktop.cli.main``, which is what the
``zhangfang`` console script calls), in interleaved rounds: pass, --help, print, pass, ...
Wall time from spawn to exit; medians and best of the rounds. The ledger is a small demo
(built once in a temporary folder) that is current, so no upgrade runs; the document is
its first sales bill. Byte code is cached in a temporary folder (``PYTHONPYCACHEPREFIX``)
and one warm-up round runs first, as an installed app has its ``.pyc`` files.
Goals: --help <= 0.3 s; print of one document <= 1.0 s.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), ZHANGFANG_HOME=str(home), PYTHONPYCACHEPREFIX=str(cache))
    return env


def _timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zf-bench-cli-") as tmp:
        folder = Path(tmp)
        env = _env(folder / "home", folder / "pycache")
        (folder / "home").mkdir()
        ledger = folder / "demo.zhangfang"
        cli = [sys.executable, "-m", "desktop.cli.main"]
        subprocess.run(
            [*cli, "demo", "--ledger", str(ledger), "--customers", "20", "--products", "50",
             "--months", "2"],
            env=env, cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        with sqlite3.connect(ledger) as conn:
            (number,) = conn.execute(
                "SELECT number FROM document WHERE kind = 'sales_bill' ORDER BY number LIMIT 1"
            ).fetchone()
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "zhangfang --help": [*cli, "--help"],
            f"zhangfang print {number}": [
                *cli, "print", number, "--ledger", str(ledger), "--out", str(folder / "x.pdf"),
            ],
        }  # fmt: skip
        for argv in commands.values():  # warm-up: byte code written, files in the page cache
            _timed(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _round in range(args.rounds):
            for name, argv in commands.items():
                times[name].append(_timed(argv, env))
    base = statistics.median(times["python -c pass"])
    print(f"{args.rounds} interleaved rounds; wall time per process")
    print(f"  {'command':<34} {'median':>8} {'best':>8} {'max':>8}  {'minus python':>12}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<34} {med:8.3f} {min(ts):8.3f} {max(ts):8.3f}  {med - base:12.3f}")
    goals = {"zhangfang --help": 0.3}
    for name, goal in [*goals.items(), (f"zhangfang print {number}", 1.0)]:
        med = statistics.median(times[name])
        print(
            f"{name}: median {med:.3f} s, goal <= {goal} s: {'met' if med <= goal else 'NOT met'}"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
