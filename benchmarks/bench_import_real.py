"""Benchmark: a real public sales log imported through the command line, as a user types it,
against a bare calamine read of the same sheet, interleaved, several rounds.

Run: ``.venv/bin/python benchmarks/bench_import_real.py FILE [--rounds 3]`` or with
``ZHANGFANG_BENCH_SALES=FILE``; without a file it says so and exits 0. The file meant is the
UCI "Online Retail" log (541,909 lines; InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country), kept outside the project: it is public data, not
ours to ship. Each round, in its own processes and in alternating order:

* baseline: ``python_calamine`` opens the file and reads every cell of the sheet into Python
  values, and nothing else;
* import: ``python -m desktop.cli.main import FILE --kind sales_history --create-missing
  --ledger NEW --json`` (the summary) into a freshly initialised ledger, plus a ``--map`` for
  each field the headers do not map by themselves (none once the synonyms know them).

With ``--code DIR`` (another checkout, say main's) each round also imports the file with
that code into a ledger of its own, so the two versions are compared in the same run on the
same box; the three runs of a round go in a rotating order. The modules are compiled once
into a bytecode cache of the run's own (``PYTHONPYCACHEPREFIX``), as an installed copy has
them: without it, an environment with ``PYTHONDONTWRITEBYTECODE`` compiles every module of
both processes on every run (about a second of CPU that a user never pays).

Both are timed as whole processes (start-up included), wall clock and CPU time (user +
system, the reader process included: steadier on a shared box). Memory is the resident memory of the
whole process tree (the command and its reader process) added up, sampled every 50 ms from
/proc. Goals (issue 15): import ≤ 3 × the bare read; all processes together < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENV = "ZHANGFANG_BENCH_SALES"
#: what the Online Retail headers mean, given as --map only while auto-mapping misses them
ONLINE_RETAIL = {
    "doc_number": "InvoiceNo",
    "doc_date": "InvoiceDate",
    "product_code": "StockCode",
    "product_name": "Description",
    "qty": "Quantity",
    "unit_price": "UnitPrice",
    "party_code": "CustomerID",  # an ID: the customer's code (and name, see history_rules)
}


def bare_read(path: str) -> None:
    """The baseline: every cell of the first sheet read into Python values."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    print(json.dumps({"rows": len(rows)}))


def needed_maps(path: Path) -> list[str]:
    """``--map`` options for the fields the importer does not map from these headers."""
    import python_calamine as pc

    from desktop.importing.mapping import auto_map

    book = pc.CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    headers = [str(v) for v in next(iter(sheet.iter_rows()))]
    mapped = auto_map(headers, "sales_history").fields
    out = []
    for field, header in ONLINE_RETAIL.items():
        if header in headers and mapped.get(field) != headers.index(header):
            out += ["--map", f"{field}={header}"]
    return out


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, float, str]:
    """Run ``cmd`` in ``cwd``; its wall time, CPU time (its reader process included), the
    peak memory of its process tree and its stdout."""
    peak = [0.0]
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, _children_cpu() - cpu, peak[0], out.decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=os.environ.get(ENV))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", type=Path, help="another checkout to compare, interleaved")
    parser.add_argument("--phase", choices=("read",), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "read":
        bare_read(args.file)
        return
    if not args.file or not Path(args.file).is_file():
        print(
            f"skipped: no sales log given (pass its path, or set {ENV}); see "
            "benchmarks/README.md for the public file used"
        )
        return
    path = Path(args.file).resolve()
    maps = needed_maps(path)
    trees = {"this": ROOT} | ({"other": args.code.resolve()} if args.code else {})
    print(
        f"file: {path.name}, {path.stat().st_size / 1e6:.1f} MB; "
        f"--map needed: {' '.join(maps[1::2]) or 'none'}; load {os.getloadavg()[0]:.2f}; "
        + ", ".join(f"{tag}: {tree}" for tag, tree in trees.items())
    )
    reads: list[float] = []
    got: dict[str, dict[str, list[float]]] = {
        tag: {"wall": [], "cpu": [], "ratio": [], "cpu_ratio": [], "mb": []} for tag in trees
    }
    with tempfile.TemporaryDirectory() as tmp:
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        envs = {}
        for tag, tree in trees.items():
            envs[tag] = dict(
                base,
                PYTHONPATH=str(tree),
                ZHANGFANG_LANG="en",
                ZHANGFANG_HOME=tmp,  # the pre-import backup and logs stay out of the user's
                PYTHONPYCACHEPREFIX=str(Path(tmp) / f"pyc-{tag}"),
            )
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(tree / "desktop")],
                env=envs[tag],
                check=True,
                capture_output=True,
            )
        runs = ["read", *trees]
        for n in range(args.rounds):
            ledgers = {}
            for tag in trees:
                ledgers[tag] = Path(tmp) / f"round{n}-{tag}.zhangfang"
                init = ["init", "--firm", "基准测试", "--ledger", str(ledgers[tag])]
                subprocess.run(
                    [sys.executable, "-m", "desktop.cli.main", *init],
                    env=envs[tag],
                    cwd=trees[tag],
                    check=True,
                    capture_output=True,
                )
            load = os.getloadavg()[0]
            order = runs[n % len(runs) :] + runs[: n % len(runs)]
            results = {}
            for what in order:
                if what == "read":
                    read_cmd = [sys.executable, __file__, str(path), "--phase", "read"]
                    read_s, read_cpu, read_mb, _ = timed(read_cmd, envs["this"])
                    continue
                import_cmd = [sys.executable, "-m", "desktop.cli.main", "import", str(path)]
                import_cmd += ["--kind", "sales_history", *maps, "--create-missing"]
                import_cmd += ["--ledger", str(ledgers[what]), "--json"]
                # run from the tree: ``python -m`` puts the working folder before PYTHONPATH
                results[what] = timed(import_cmd, envs[what], trees[what])
            reads.append(read_s)
            line = f"round {n + 1} (load {load:.2f}, order {'/'.join(order)}): bare read "
            line += f"{read_s:.2f}s (CPU {read_cpu:.2f}s, {read_mb:.0f} MB)"
            for tag, (import_s, import_cpu, import_mb, out) in results.items():
                summary = json.loads(out)
                mine = got[tag]
                mine["wall"].append(import_s)
                mine["cpu"].append(import_cpu)
                mine["ratio"].append(import_s / read_s)
                mine["cpu_ratio"].append(import_cpu / read_cpu)
                mine["mb"].append(import_mb)
                line += (
                    f"\n  import ({tag}) {import_s:.2f}s (CPU {import_cpu:.2f}s), ratio "
                    f"{import_s / read_s:.2f} (CPU {import_cpu / read_cpu:.2f}), all processes "
                    f"{import_mb:.0f} MB; counts {summary['counts']}; imported "
                    f"{summary.get('imported')}; output {len(out) / 1e3:.1f} kB"
                )
            print(line, flush=True)
            for ledger in ledgers.values():
                ledger.unlink()
    print(f"problem rows: {summary['problem_rows']}; first: {summary['problems'][:3]}")
    print(f"skipped rows: {summary['skipped_rows']}; notes: {summary['notes']}")
    for tag, mine in got.items():
        ratio = statistics.median(mine["ratio"])
        peak = max(mine["mb"])
        print(
            f"median ({tag}): bare read {statistics.median(reads):.2f}s, import "
            f"{statistics.median(mine['wall']):.2f}s (CPU {statistics.median(mine['cpu']):.2f}s), "
            f"ratio {ratio:.2f} (CPU time {statistics.median(mine['cpu_ratio']):.2f}; goal <= 3: "
            f"{'met' if ratio <= 3 else 'not met'}); peak of all processes {peak:.0f} MB "
            f"(goal < 1024: {'met' if peak < 1024 else 'not met'})"
        )


if __name__ == "__main__":
    main()
