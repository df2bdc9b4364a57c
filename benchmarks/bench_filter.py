"""Benchmark: type-ahead filtering of 100k customers by pinyin initials, per keystroke.

Run: ``.venv/bin/python benchmarks/bench_filter.py [--customers 100000]``.
Builds (once, cached in the temp folder) a ledger with that many customers,
each with a stored pinyin search key, opens the real customers list screen
offscreen and times each keystroke as a clerk types: the SQL page fetch, the
model reset and the repaint of the table. Goal: under 50 ms per keystroke.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZHANGFANG_HOME", tempfile.mkdtemp(prefix="zf-bench-home-"))

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "三四五六七八九明华国建军平伟强磊洋勇艳杰娟涛超秀英丽敏静燕芳霞刚桂兰"
TRADES = ["五金", "建材", "电器", "塑胶", "照明", "水暖", "装饰", "机电", "紧固件", "线缆", "工具"]
FORMS = ["商行", "经营部", "批发部", "有限公司", "门市部", "店"]
WORDS = ["z", "zs", "zsw", "zswj", "l", "ls", "lsj", "wang", "wangwu", "138", "C0123", "qqqq"]


def build(path: Path, count: int) -> None:
    from desktop.search_keys import search_key
    from desktop.services import firm
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(path, create=True, actor="bench")
    with ledger.unit() as uow:
        firm.create_firm(uow, "基准测试商贸")
    ledger.close()
    import sqlite3
    import uuid

    rng = random.Random(5)
    now = "2026-01-01 00:00:00.000000"
    rows = []
    names: set[str] = set()
    for i in range(1, count + 1):
        name = ""
        while not name or name in names:
            name = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + rng.choice(GIVEN)
                + rng.choice(TRADES)
                + rng.choice(FORMS)
            )
            if name in names:
                name += str(rng.randint(2, 99))
        names.add(name)
        code = f"C{i:06d}"
        phone = f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
        rows.append(
            (
                uuid.uuid4().hex,
                code,
                name,
                "",
                search_key(name, "", code, phone),
                1,
                0,
                "",
                phone,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                None,
                "days",
                30,
                0,
                "",
                "",
                0,
                "",
                None,
                None,
                1,
                now,
                now,
            )
        )
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO party (id, code, name, short_name, search_key, is_customer, "
            "is_supplier, contact, phone, bill_to, ship_to, invoice_name, invoice_tax_id, "
            "invoice_address, invoice_phone, invoice_bank, invoice_account, credit_limit, "
            "terms_kind, terms_days, price_level, salesperson, notes, archived, qualification, "
            "quality_score, on_time_score, version, created_at, updated_at) "
            "VALUES (" + ", ".join("?" * 30) + ")",
            rows,
        )
    print(f"built {count:,} customers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "zhangfang-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"customers-{args.customers}.zhangfang"
    if not path.exists():
        build(path, args.customers)

    from PySide6.QtWidgets import QApplication

    from desktop.queries import lists
    from desktop.views.context import Context
    from desktop.views.list_screen import ListScreen

    app = QApplication([])
    ctx = Context(path)
    ctx.prefs.backup_hours = 0
    screen = ListScreen(ctx, lists.CUSTOMERS)
    screen.resize(1280, 800)
    screen.show()
    started = time.perf_counter()
    while screen.model.search_index is None and time.perf_counter() - started < 30:
        app.processEvents()  # the search index loads off the GUI thread
    print(
        f"search index of {len(screen.model.search_index or [])} rows ready after "
        f"{(time.perf_counter() - started) * 1000:.0f} ms (plain SQL filters until then)"
    )
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for word in WORDS:
        for _round in range(5):
            for n in range(1, len(word) + 1):
                started, cpu_started = time.perf_counter(), time.process_time()
                screen.model.set_filter(word[:n])  # what each keystroke runs (after debounce)
                screen.table.viewport().repaint()
                wall.setdefault(word[:n], []).append(time.perf_counter() - started)
                cpu.setdefault(word[:n], []).append(time.process_time() - cpu_started)
            screen.model.set_filter("")
    print("  typed      wall ms   cpu ms   matches")
    for text, ts in wall.items():
        rows = lists.count_rows(ctx.conn, lists.CUSTOMERS, text)
        print(
            f"  {text:<8} {statistics.median(ts) * 1000:8.1f} "
            f"{statistics.median(cpu[text]) * 1000:8.1f}   {rows:,}"
        )
    all_wall = [t for ts in wall.values() for t in ts]
    all_cpu = [t for ts in cpu.values() for t in ts]
    print(
        f"per keystroke over {len(all_wall)} keystrokes: wall median "
        f"{statistics.median(all_wall) * 1000:.1f} ms (p90 "
        f"{statistics.quantiles(all_wall, n=10)[-1] * 1000:.1f}, max {max(all_wall) * 1000:.1f});"
        f" CPU median {statistics.median(all_cpu) * 1000:.1f} ms (p90 "
        f"{statistics.quantiles(all_cpu, n=10)[-1] * 1000:.1f}) — goal: under 50 ms"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ctx.close()


if __name__ == "__main__":
    main()
