"""Benchmark: ``zhangfang --help`` and ``zhangfang print NUMBER --out X.pdf`` vs ``python -c pass``.

Run: ``.venv/bin/python benchmarks/bench_cli_start.py [--rounds 7]``. Each command runs as
a user types it, a new process each time (``python -m desktop.cli.main``, which is what the
``zhangfang`` console script calls), in interleaved rounds: pass, --help, print, pass, ...
Wall time from spawn to exit; medians and best of the rounds. The ledger is a small demo
(built once in a temporary folder) that is current, so no upgrade runs; the document is
its first sales bill. Byte code is cached in a temporary folder (``PYTHONPYCACHEPREFIX``)
and one warm-up round runs first, as an installed app has its ``.pyc`` files.
Goals: --help <= 0.3 s; print of one document <= 1.0 s.

``--baseline DIR``: the same print by another checkout of the code (``git archive REV | tar
-x -C DIR``), in the same rounds, on a copy of the same ledger, with the ratio of medians:
the figure that means something on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path, cache: Path, root: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(root), ZHANGFANG_HOME=str(home), PYTHONPYCACHEPREFIX=str(cache))
    return env


def _timed(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds, and the CPU seconds (user + system) the process used: on a loaded
    box the wall clock is mostly waiting for a core, the CPU time is the command's own."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout's print, interleaved")
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
        runs = {name: (argv, env, ROOT) for name, argv in commands.items()}
        if args.baseline:
            base = args.baseline.resolve()
            twin = folder / "baseline.zhangfang"
            shutil.copyfile(ledger, twin)
            base_env = _env(folder / "home", folder / "pycache-baseline", base)
            runs[f"baseline print {number}"] = (
                [*cli, "print", number, "--ledger", str(twin), "--out", str(folder / "b.pdf")],
                base_env,
                base,
            )
        for argv, run_env, cwd in runs.values():  # warm-up: byte code, the page cache
            _timed(argv, run_env, cwd)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _round in range(args.rounds):
            for name, (argv, run_env, cwd) in runs.items():
                times[name].append(_timed(argv, run_env, cwd))
    print(f"{args.rounds} interleaved rounds; seconds per process")
    print(f"  {'command':<34} {'wall med':>8} {'best':>8} {'max':>8}  {'CPU med':>8} {'best':>8}")
    for name, ts in times.items():
        wall = [t[0] for t in ts]
        cpu = [t[1] for t in ts]
        print(
            f"  {name:<34} {statistics.median(wall):8.3f} {min(wall):8.3f} {max(wall):8.3f}"
            f"  {statistics.median(cpu):8.3f} {min(cpu):8.3f}"
        )
    for name, goal in (("zhangfang --help", 0.3), (f"zhangfang print {number}", 1.0)):
        wall_med = statistics.median(t[0] for t in times[name])
        cpu_med = statistics.median(t[1] for t in times[name])
        print(
            f"{name}: wall median {wall_med:.3f} s ({'met' if wall_med <= goal else 'NOT met'}), "
            f"CPU median {cpu_med:.3f} s ({'met' if cpu_med <= goal else 'NOT met'}); "
            f"goal <= {goal} s"
        )
    if args.baseline:
        ours, theirs = times[f"zhangfang print {number}"], times[f"baseline print {number}"]
        for i, what in ((0, "wall"), (1, "CPU")):
            ratio = statistics.median(t[i] for t in ours) / statistics.median(t[i] for t in theirs)
            print(f"print now / baseline, {what} medians: {ratio:.2f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
