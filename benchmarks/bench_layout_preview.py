"""Benchmark: the layout editor's preview (``layout_preview.render_layout``) against the
plain print preview of the same bill (build + render, no layout), in the same run.

Run: ``.venv/bin/python benchmarks/bench_layout_preview.py [--ledger demo.zhangfang]``;
without ``--ledger`` a small demo is built first. Layouts measured: the default, and a
三联 one (three tinted copies, wording, a seal) on A4 and 241×93 paper. Each runs several
times; the best times are compared with the baseline. Goal: the default within 1.3× of
the baseline (the layout costs a read and a copy of the print data), three copies within
3.5× (three times the pages), and every preview under 0.5 s so the editor keeps up.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desktop.models import Document  # noqa: E402
from desktop.printing import jobs  # noqa: E402
from desktop.printing.builders import build_for  # noqa: E402
from desktop.printing.layout_preview import render_layout  # noqa: E402
from desktop.printing.layouts import CopySpec, default_layout  # noqa: E402
from desktop.printing.paper import PAPERS  # noqa: E402
from desktop.services.demo import generate_demo  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402

REPEATS = 7


def best(fn: object) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def plain(ledger: Ledger, paper: str) -> None:
    setup = jobs.printer_setup(ledger, PAPERS[paper])
    with ledger.read() as session:
        doc = session.scalars(
            select(Document)
            .where(Document.kind == "sales_bill")
            .order_by(Document.doc_date.desc(), Document.number.desc())
            .limit(1)
        ).first()
        assert doc is not None
        data = build_for(session, doc, paper=setup.paper)
    jobs.render_bytes(data, setup)


def measure(ledger: Ledger) -> None:
    for paper in ("a4", "c241x93"):
        base = best(lambda p=paper: plain(ledger, p))
        layout = default_layout("sales_bill", paper)
        three = layout.with_(
            header_text="温馨提示：货物当面点清",
            footer_text="开户行：工商银行　账号：1001 2345 6789",
            copies=(CopySpec("存根"), CopySpec("客户", "pink"), CopySpec("回单", "yellow")),
        )
        default_t = best(lambda lay=layout: render_layout(ledger, lay))
        three_t = best(lambda lay=three: render_layout(ledger, lay))
        print(
            f"{paper:8} baseline {base * 1000:6.1f} ms | default layout {default_t * 1000:6.1f} ms "
            f"({default_t / base:.2f}×, goal ≤ 1.3) | 三联 {three_t * 1000:6.1f} ms "
            f"({three_t / base:.2f}×, goal ≤ 3.5; under 500 ms: {three_t < 0.5})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ledger", type=Path)
    args = parser.parse_args()
    path = args.ledger
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="zf-bench-")) / "demo.zhangfang"
        demo = Ledger.open(path, create=True, actor="bench")
        generate_demo(demo, customers=20, products=100, months=3, seed=1)
        demo.close()
    ledger = Ledger.open(path, actor="bench")
    try:
        measure(ledger)
    finally:
        ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
