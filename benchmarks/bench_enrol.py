"""Enrolling a desk whose ledger already holds a shop's years: the upload that makes it the
firm's first state, and a second desk joining from the firm's ledger.

A demo ledger of 100,000 products and about 300,000 document lines (the demo generator,
kept with ``--ledger PATH`` so a second run skips building it) is enrolled through the CLI
(``zhangfang login``, a process of its own) against the real server process
(``python -m marketplace``) on 127.0.0.1; then a fresh ledger (``zhangfang init``) logs
in and joins. Wall time and peak memory (max RSS) of the CLI process and of the server
process. Baseline, measured in the same run: a plain file copy of the same ledger, so
the ratio says what the protocol costs on top of moving the bytes. Goal: enrolment
<= 60 s.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_enrol.py [--ledger /tmp/big.zhangfang]
        [--products 100000 --customers 1150 --months 8]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.services.demo import generate_demo  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402
from marketplace.accounts import create_firm  # noqa: E402
from marketplace.context import Server  # noqa: E402
from marketplace.settings import Settings  # noqa: E402
from tests.server.conftest import start_server, stop_server  # noqa: E402

PASSWORD = "password-1"


def build(path: Path, customers: int, products: int, months: int) -> float:
    started = time.perf_counter()
    ledger = Ledger.open(path, create=True, actor="bench")
    try:
        generate_demo(ledger, customers=customers, products=products, months=months, seed=1)
    finally:
        ledger.close()
    return time.perf_counter() - started


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("product", "party", "document", "document_line")
        }


def peak_mb_of(pid: int) -> float:
    """A live process's peak resident memory (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cli(env: dict[str, str], *args: str, stdin: str = "") -> tuple[float, float, str]:
    """``zhangfang ARGS`` in a process of its own: (seconds, peak MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli.main", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"zhangfang {args[0]} failed: {err.strip()}")
    return seconds, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, help="build (or reuse) the big ledger here")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_150)
    parser.add_argument("--months", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-enrol-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ZHANGFANG_HOME": str(tmp / "home"),
            "ZHANGFANG_LANG": "zh",
            # no keyring on a build box: the desk keeps its token in memory (and says so)
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        os.environ["ZHANGFANG_HOME"] = env["ZHANGFANG_HOME"]
        source = args.ledger or tmp / "big.zhangfang"
        if not source.exists():
            print(f"building the ledger ({args.products:,} products) …", flush=True)
            print(f"  built in {build(source, args.customers, args.products, args.months):.1f} s")
        size_mb = source.stat().st_size / 1e6
        print(f"ledger: {counts(source)}, {size_mb:.1f} MB")

        desk = tmp / "desk.zhangfang"
        started = time.perf_counter()
        shutil.copyfile(source, desk)
        cp_seconds = time.perf_counter() - started
        print(f"baseline, plain file copy (cp): {cp_seconds:.2f} s")

        data = tmp / "server-data"
        setup = Server(Settings(data=data))
        try:
            create_firm(setup, "bench", "基准商行", "老板", PASSWORD)
        finally:
            setup.close()
        server = start_server(data)
        try:
            login = ("--server", server.url, "--firm", "bench", "--user", "老板")
            up_s, up_mb, out = cli(env, "login", "--ledger", str(desk), *login, stdin=PASSWORD)
            print(out.strip().splitlines()[-1])
            joiner = tmp / "joiner.zhangfang"
            cli(env, "init", "--ledger", str(joiner), "--firm", "基准商行")
            down_s, down_mb, out = cli(
                env, "login", "--ledger", str(joiner), *login, stdin=PASSWORD
            )
            print(out.strip().splitlines()[-1])
            server_mb = peak_mb_of(server.proc.pid)
        finally:
            stop_server(server)
        same = counts(joiner) == counts(source)
        print()
        print("| step | wall time | vs cp | peak RSS desk (CLI) |")
        print("|---|---|---|---|")
        print(f"| cp of the ledger ({size_mb:.0f} MB) | {cp_seconds:.2f} s | 1 | - |")
        print(
            f"| enrol: upload as the firm's first state | {up_s:.1f} s | "
            f"{up_s / cp_seconds:.0f}x | {up_mb:.0f} MB |"
        )
        print(
            f"| a second desk joins (download) | {down_s:.1f} s | "
            f"{down_s / cp_seconds:.0f}x | {down_mb:.0f} MB |"
        )
        print(f"peak RSS of the server process over both: {server_mb:.0f} MB")
        print(f"goal enrol <= 60 s: {'met' if up_s <= 60 else 'NOT met'}")
        print(f"the joined desk's counts equal the ledger's: {same}")


if __name__ == "__main__":
    main()
