"""Benchmark: import a product catalogue (.xlsx) into an empty ledger vs a bare calamine read.

Run: ``.venv/bin/python benchmarks/bench_import_products.py [--products 20000]``. The file
has the columns a wholesaler's catalogue export has (code, name, spec, unit, pack unit and
size, retail/wholesale/cost price, barcode, a tier price on every tenth row). Each phase runs
in its own process: the bare read (python-calamine to Python values) and ``run_import(...,
kind="product")`` committed into a freshly initialised ledger. Prints both times, the ratio,
milliseconds per product and the import's peak memory. No goal is set by an issue; the
figure keeps the bulk creation path honest (it was 5 ms per product when each went through
the ORM).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_import import phase_read, run_phase  # noqa: E402  (benchmarks/ is the script's folder)


def make_file(path: Path, products: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("商品资料")
    ws.append(["商品资料（导出）"])
    ws.append(
        [
            "商品编码",
            "商品名称",
            "规格",
            "单位",
            "副单位",
            "比例",
            "零售价",
            "批发价",
            "进价",
            "条码",
            "阶梯价",
        ]
    )
    kinds = ("不锈钢螺丝", "镀锌螺母", "平垫圈", "膨胀螺栓", "六角扳手", "断路器", "电线")
    for i in range(products):
        ws.append(
            [
                f"{i:06d}",
                f"{kinds[i % len(kinds)]} {i // len(kinds)}号",
                f"M{4 + i % 16}×{10 + i % 50}",
                "个",
                "箱" if i % 3 else "盒",
                (24, 50, 100)[i % 3],
                round(1 + (i % 97) * 0.13, 2),
                round(0.8 + (i % 89) * 0.11, 2),
                round(0.5 + (i % 83) * 0.09, 2),
                str(6_900_000_000_000 + i),
                "1-99:1.2；100+:1.0" if i % 10 == 0 else None,
            ]
        )
    wb.save(path)


def phase_import(path: Path, ledger_path: Path) -> dict[str, float]:
    from desktop.importing.plan import run_import
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(ledger_path, create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "基准测试商贸有限公司")
    t = time.perf_counter()
    report = run_import(ledger, path, kind="product", backup=False)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = report.counts
    ledger.close()
    return {"seconds": seconds, "new": counts["new"], "errors": counts["error"], "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--phase", choices=("read", "import"))
    parser.add_argument("--file", type=Path)
    parser.add_argument("--ledger-file", type=Path)
    args = parser.parse_args()
    if args.phase:
        if args.phase == "read":
            result = phase_read(args.file)
        else:
            result = phase_import(args.file, args.ledger_file)
        result.setdefault("peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "products.xlsx"
        make_file(path, args.products)
        read = run_phase(["--phase", "read", "--file", str(path)], __file__)
        imp = run_phase(
            ["--phase", "import", "--file", str(path), "--ledger-file", str(folder / "l.zf")],
            __file__,
        )
        print(f"bare calamine read: {read['seconds']:.2f}s")
        print(
            f"import:             {imp['seconds']:.2f}s, {imp['new']:.0f} new, "
            f"{imp['errors']:.0f} errors, peak {imp['peak_mb']:.0f} MB, "
            f"{1000 * imp['seconds'] / max(1, imp['new']):.2f} ms per product"
        )
        print(f"ratio {imp['seconds'] / read['seconds']:.1f}")


if __name__ == "__main__":
    main()
