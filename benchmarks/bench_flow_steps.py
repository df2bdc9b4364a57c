"""Benchmark: the sales flow's four steps, CPU ms per order each, this checkout against
another one (an earlier commit unpacked elsewhere), alternating processes round by round.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_flow_steps.py --other /tmp/old``
(``/tmp/old`` holding ``desktop/`` and ``tests/`` of the commit to compare with, e.g.
``git archive 86d2d91 desktop tests | tar -x -C /tmp/old``; both use the same ledger schema).

Each round runs, in a fresh process per checkout on a fresh ledger of its own, ``--n`` sales
orders through save (``documents.create_draft``), confirm (``credit.confirm_order``),
deliver (``trade.fulfil``) and bill (``trade.bill_order``), each its own unit of work as
the window runs them, after 5 orders to warm up; prints per step the CPU ms per order of
each round, the medians and the ratio now / other, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("save", "confirm", "deliver", "bill")

CHILD = r"""
import json, os, sys, tempfile, time
from pathlib import Path
from desktop.services import credit, documents, trade
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger
from tests.helpers import customer
from tests.history import order_lines, sales_flow, setup_products

n = int(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    os.environ["ZHANGFANG_HOME"] = tmp
    ledger = Ledger.open(Path(tmp) / "steps.zhangfang", create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "基准测试商贸有限公司")
    setup_products(ledger)
    who = customer(ledger, "客户", credit_limit="100000000", terms_days=30)
    for _ in range(5):
        sales_flow(ledger, who)
    spent = dict.fromkeys(("save", "confirm", "deliver", "bill"), 0.0)
    clock = time.process_time
    for _ in range(n):
        t = clock()
        with ledger.unit() as uow:
            oid = documents.create_draft(
                uow, "sales_order", who, order_lines(ledger), None, ship_to="", notes=""
            ).id
        t, spent["save"] = clock(), spent["save"] + clock() - t
        with ledger.unit() as uow:
            credit.confirm_order(uow, oid, override_reason="", owner_password=None)
        t, spent["confirm"] = clock(), spent["confirm"] + clock() - t
        with ledger.unit() as uow:
            trade.fulfil(uow, oid, None, None)
        t, spent["deliver"] = clock(), spent["deliver"] + clock() - t
        with ledger.unit() as uow:
            trade.bill_order(uow, oid, doc_date=None)
        spent["bill"] += clock() - t
    ledger.close()
print(json.dumps({k: v * 1000 / n for k, v in spent.items()}))
"""


def run(checkout: Path, n: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    with tempfile.TemporaryDirectory() as cwd:  # nothing of this checkout on the path
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(n)],
            env=env,
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    rows: dict[str, list[dict[str, float]]] = {"other": [], "now": []}
    for r in range(args.rounds):
        for name, checkout in (("other", args.other), ("now", ROOT)):
            got = run(checkout, args.n)
            rows[name].append(got)
            total = sum(got.values())
            print(
                f"round {r + 1} {name:<5} "
                + " ".join(f"{s} {got[s]:5.1f}" for s in STEPS)
                + f"  order {total:5.1f} ms CPU",
                flush=True,
            )
    print(f"\nmedians over {args.rounds} rounds (CPU ms per order)")
    print(f"{'step':<8} {'other':>7} {'now':>7} {'now/other':>10}")
    for step in (*STEPS, "order"):
        if step == "order":
            other = statistics.median(sum(x.values()) for x in rows["other"])
            now = statistics.median(sum(x.values()) for x in rows["now"])
        else:
            other = statistics.median(x[step] for x in rows["other"])
            now = statistics.median(x[step] for x in rows["now"])
        print(f"{step:<8} {other:7.1f} {now:7.1f} {now / other:10.2f}")
    per_round = [
        sum(n.values()) / sum(o.values()) for n, o in zip(rows["now"], rows["other"], strict=True)
    ]
    print("order, now / other, per round: " + ", ".join(f"{x:.2f}" for x in per_round))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
