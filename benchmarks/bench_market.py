"""The marketplace on the server (issue 17): catalog search over 100,000 published products,
and 100 buyers ordering at once.

1. Search: one firm's projection filled with ``--products`` catalog rows (made the way the
   core's ``catalog_rows`` makes them: title, spec, code, category and ``search_key``'s
   pinyin), then the real server process answers ``GET /api/v1/market/firms/…/products?q=``
   for a mix of searches (common and rare words of one, two and more characters, pinyin
   initials, a code, a category); p50/p95 of the HTTP answer. Baseline, same run and
   interleaved: the same search as bare SQL (every word a ``LIKE``, in code order, on the
   driver's connection); also ``catalog.search`` in this process (no HTTP). SQLite, and
   PostgreSQL 15 when installed (a throwaway instance). The load average is printed.
2. Orders: a desk publishes products and syncs; ``--buyers`` buyers each place one order
   at the same moment over HTTP; orders accepted per second; the desk syncs and must hold
   exactly one draft sales order per order. Baselines, same run: the bare insert of each
   order's rows into a copy of the firm's ledger, and the core's ``receive_request`` alone.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_market.py [--products 100000] [--buyers 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import keyring
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.search_keys import search_key
from desktop.services.market import Availability, CatalogRow
from marketplace import buyers, catalog
from marketplace.accounts import create_firm, find_firm
from marketplace.context import Server
from marketplace.settings import Settings
from tests.server.conftest import Postgres

MATERIALS = ["不锈钢", "镀锌", "碳钢", "黄铜", "尼龙", "铝合金", "合金钢", "塑料"]
KINDS = [
    "六角螺栓",
    "螺母",
    "平垫圈",
    "弹簧垫圈",
    "自攻螺丝",
    "膨胀螺丝",
    "铆钉",
    "销钉",
    "螺杆",
    "法兰盘",
    "卡箍",
    "吊环",
    "合页",
    "拉手",
    "角码",
    "管夹",
]
SIZES = ["M3", "M4", "M5", "M6", "M8", "M10", "M12", "M14", "M16", "M20", "M24", "M30"]
LENGTHS = ["10", "12", "16", "20", "25", "30", "35", "40", "50", "60", "80", "100", "120"]
CATEGORIES = ["紧固件", "五金配件", "管件", "门窗五金", "工具"]
#: (label, query, category): what buyers type
QUERIES = [
    ("2 chars 螺母", "螺母", ""),
    ("4 chars 六角螺栓", "六角螺栓", ""),
    ("name + size", "不锈钢 m8", ""),
    ("pinyin initials zgls", "zgls", ""),
    ("code", "P0123", ""),
    ("rare: 吊环 m30×120", "吊环 m30×120", ""),
    ("rare 2 chars 球阀", "球阀", ""),
    ("rare 1 char 阀", "阀", ""),
    ("no match 2 chars zz", "zz", ""),
    ("category + 2 chars", "螺母", "工具"),
    ("category + rare 2 chars", "球阀", "管件"),
]
#: every this many products one is a 球阀 (ball valve): a rare word of two characters
RARE = 5000


def rows(count: int) -> list[CatalogRow]:
    made = []
    for n in range(count):
        material = MATERIALS[n % len(MATERIALS)]
        kind = KINDS[(n // 8) % len(KINDS)]
        size = SIZES[(n // 128) % len(SIZES)]
        length = LENGTHS[(n // 1536) % len(LENGTHS)]
        title = f"{material}{'球阀' if n % RARE == 17 else kind} {size}"
        spec = f"{size}×{length}"
        code = f"P{n:06d}"
        category = CATEGORIES[n % len(CATEGORIES)]
        made.append(
            CatalogRow(
                product_id=uuid.uuid4(),
                code=code,
                title=title,
                spec=spec,
                category=category,
                base_unit="个",
                pack_units=[("个", Decimal(1)), ("盒", Decimal(100))],
                tiers=[(Decimal(0), Decimal("0.35")), (Decimal(1000), Decimal("0.30"))],
                moq=Decimal(0),
                availability=Availability(figure=Decimal(n % 500), level="in", shown="figure"),
                picture_shas=[],
                search_text=search_key(title, spec, code, category),
                published=True,
                version=1,
            )
        )
    return made


def fill(server: Server, firm_id: uuid.UUID, made: list[CatalogRow]) -> float:
    started = time.perf_counter()
    for start in range(0, len(made), 5000):
        with server.db.write() as session:
            catalog.write_rows(session, firm_id, made[start : start + 5000], set())
    if server.db.dialect == "postgresql":  # the statistics autovacuum would gather soon
        with server.db.write() as session:
            session.execute(text("ANALYZE market_item"))
    return time.perf_counter() - started


def quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def interleaved(calls: list[Callable[[], Any]], repeat: int) -> list[list[float]]:
    """Each call timed ``repeat`` times, taking turns (one of each, then again), so that
    the machine's load falls alike on every side; after one warm-up each."""
    for call in calls:
        call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for n, call in enumerate(calls):
            started = time.perf_counter()
            call()
            times[n].append(time.perf_counter() - started)
    return times


def bare_sql(server: Server, firm_id: uuid.UUID) -> Callable[[str, str], int]:
    """The same search as the plain SQL anyone would write first: every word a ``LIKE``
    on the firm's published rows, in code order, a page of 50 (+1), on the driver's own
    connection (no ORM, no index tricks): the baseline."""
    raw = server.db.engine.raw_connection()
    sqlite = server.db.dialect == "sqlite"
    mark = "?" if sqlite else "%s"
    firm: Any = firm_id.hex if sqlite else firm_id
    columns = ", ".join(c.name for c in catalog.SHOWN)

    def run(query: str, category: str) -> int:
        where = [f"firm_id = {mark}", "published = " + ("1" if sqlite else "true")]
        params: list[Any] = [firm]
        if category:
            where.append(f"category = {mark}")
            params.append(category)
        for term in catalog.terms(query):
            where.append(f"search_text LIKE {mark}")
            params.append(f"%{term}%")
        cursor = raw.cursor()
        cursor.execute(
            f"SELECT {columns} FROM market_item WHERE {' AND '.join(where)} "
            "ORDER BY code, id LIMIT 51",
            params,
        )
        found = len(cursor.fetchall())
        cursor.close()
        raw.commit()
        return found

    return run


def bench_search(label: str, db_url: str | None, count: int, repeat: int) -> list[bool]:
    """p50/p95 of each search: bare SQL (the baseline), ``catalog.search`` in this
    process, the JSON API and the HTML page of the real server process, interleaved."""
    from tests.e2e.harness import ServerProcess

    met = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        server = Server(Settings(data=data, db_url=db_url))
        create_firm(server, "acme", "顶好商行", "老板", "password-1")
        with server.db.read() as session:
            firm = find_firm(session, "acme")
            assert firm is not None
        seconds = fill(server, firm.id, rows(count))
        print(f"\n[{label}] {count:,} products projected in {seconds:.1f} s; {load()}")
        process = ServerProcess(data, db_url)
        process.start()
        http = httpx.Client(base_url=process.url, timeout=60)
        bare = bare_sql(server, firm.id)
        try:
            print(
                f"  {'search':<26} {'hits':>4}  {'bare p50':>8} {'p95':>6}  {'DB p50':>6} "
                f"{'p95':>6}  {'API p50':>7} {'p95':>6}  {'page p95':>8}  "
                f"{'API/bare p95':>12}   (ms)"
            )
            for name, query, category in QUERIES:

                def direct(q: str = query, c: str = category) -> int:
                    with server.db.read() as session:
                        return len(catalog.search(session, firm.id, q, c, 0, 50).items)

                def api(q: str = query, c: str = category) -> None:
                    http.get(
                        "/api/v1/market/firms/acme/products", params={"q": q, "category": c}
                    ).raise_for_status()

                def page(q: str = query, c: str = category) -> None:
                    http.get("/m/acme/", params={"q": q, "category": c}).raise_for_status()

                hits = direct()
                assert hits == min(50, bare(query, category)), name  # the same answer
                times = interleaved(
                    [lambda q=query, c=category: bare(q, c), direct, api, page], repeat
                )
                b, d, a, p = (quantiles(t) for t in times)
                met.append(a[1] < 100)
                print(
                    f"  {name:<26} {hits:>4}  {b[0]:8.1f} {b[1]:6.1f}  {d[0]:6.1f} {d[1]:6.1f}  "
                    f"{a[0]:7.1f} {a[1]:6.1f}  {p[1]:8.1f}  {a[1] / b[1]:12.2f}"
                )
            print(f"  {load()}; API p95 < 100 ms for {sum(met)} of {len(met)} searches")
        finally:
            http.close()
            process.stop()
            server.close()
    return met


def bench_orders(buyer_count: int) -> None:
    from tests.e2e.harness import Desk, ServerProcess, fresh_ledger, run_together
    from tests.e2e.market_steps import drafts, publish
    from tests.sync.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # the desk's tokens: never the machine's keyring
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        process = ServerProcess.with_firm(root / "data")
        template = _template(root)
        process.start()
        desk = Desk(fresh_ledger(template, root / "desk.zhangfang"), process.url, "front")
        try:
            products = [publish(desk.ledger, f"{n:04d}", f"螺栓{n}", "100000") for n in range(10)]
            desk.sync()
            setup = Server(Settings(data=root / "data"))
            tokens = []
            for n in range(buyer_count):
                signed = buyers.sign_up(
                    setup,
                    buyers.SignUp(f"b{n}@example.cn", "buyer-pass-1", f"买家{n}"),
                    f"10.0.{n // 250}.{n % 250}",
                    "api",
                )
                tokens.append(signed.token)
            setup.close()
            answers: list[int] = []
            clients = [
                httpx.Client(
                    base_url=process.url, timeout=120, headers={"Authorization": f"Bearer {t}"}
                )
                for t in tokens
            ]

            def order(n: int) -> Callable[[], None]:
                def go() -> None:
                    body = {
                        "kind": "order",
                        "lines": [{"product_id": str(products[n % 10]), "qty": "5"}],
                        "request_id": f"bench-{n}",
                    }
                    answers.append(
                        clients[n].post("/api/v1/market/firms/acme/requests", json=body).status_code
                    )

                return go

            started = time.perf_counter()
            failed = run_together([order(n) for n in range(buyer_count)])
            seconds = time.perf_counter() - started
            for client in clients:
                client.close()
            accepted = answers.count(200)
            desk.sync()
            made = [m for m in drafts(desk.ledger) if m[0] == "sales_order"]
            refs = {m[2] for m in made}
            print(
                f"\n[orders] {buyer_count} buyers at once: {accepted} accepted in {seconds:.2f} s "
                f"= {accepted / seconds:.1f} orders/s; errors {len(failed)}, "
                f"other answers {sorted(set(answers) - {200})}"
            )
            print(
                f"  on the desk after one sync: {len(made)} draft sales orders, "
                f"{len(refs)} distinct refs (exactly once: {len(made) == len(refs) == accepted})"
            )
            bare = bare_orders(process.firm_ledger("acme"), root, buyer_count)
            core = baseline_orders(process.firm_ledger("acme"), root, products, buyer_count)
            rate = accepted / seconds
            print(
                f"  baseline 1, the bare insert: each order's document and line rows "
                f"inserted straight into a copy of the firm's ledger, one transaction each: "
                f"{buyer_count / bare:.1f} orders/s (the server gives "
                f"{rate / (buyer_count / bare):.3f} of it)"
            )
            print(
                f"  baseline 2, the core's receive_request alone, one order after another on a "
                f"copy of the firm's ledger: {buyer_count / core:.1f} orders/s "
                f"(the server gives {rate / (buyer_count / core):.2f} of it); {load()}"
            )
        finally:
            desk.close()
            process.stop()


def bare_orders(firm_ledger: Path, root: Path, count: int) -> float:
    """Seconds for ``count`` orders as bare inserts: one of the drafts the buyers made, its
    ``document`` row and its lines copied under new ids, number and ref, one transaction
    per order on the driver's own connection (no validation, no intent, no server)."""
    import sqlite3

    copy = _copy(firm_ledger, root / "bare.zhangfang")
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        doc = dict(
            conn.execute(
                "SELECT * FROM document WHERE kind = 'sales_order' AND external_ref IS NOT NULL "
                "LIMIT 1"
            ).fetchone()
        )
        lines = [
            dict(r)
            for r in conn.execute("SELECT * FROM document_line WHERE document_id = ?", (doc["id"],))
        ]
        insert_doc = f"INSERT INTO document ({', '.join(doc)}) VALUES ({', '.join('?' * len(doc))})"
        started = time.perf_counter()
        for n in range(count):
            ident = uuid.uuid4().hex
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                insert_doc,
                list(
                    {
                        **doc,
                        "id": ident,
                        "number": f"BARE-{n:06d}",
                        "external_ref": f"mkt:{uuid.uuid4()}",
                    }.values()
                ),
            )
            for line in lines:
                values = {**line, "id": uuid.uuid4().hex, "document_id": ident}
                conn.execute(
                    f"INSERT INTO document_line ({', '.join(values)}) "
                    f"VALUES ({', '.join('?' * len(values))})",
                    list(values.values()),
                )
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def _copy(ledger: Path, copy: Path) -> Path:
    """A copy of a ledger the server has open (SQLite's backup: its WAL included)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(ledger)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


def baseline_orders(firm_ledger: Path, root: Path, products: list[uuid.UUID], count: int) -> float:
    """Seconds for ``count`` orders taken by the core straight on a copy of the firm's
    ledger (no HTTP, no server database, no change log, no refreshes)."""

    from desktop.services import market
    from desktop.services.desks import set_desk
    from desktop.services.ledger import Ledger
    from marketplace.ledgers import SERVER_DESK

    copy = _copy(firm_ledger, root / "baseline.zhangfang")
    ledger = Ledger.open(copy, actor="server")
    set_desk(ledger, SERVER_DESK)
    try:
        started = time.perf_counter()
        for n in range(count):
            who = market.BuyerInfo(id=uuid.uuid4(), name=f"基线{n}")
            request = market.MarketRequest(
                ref=uuid.uuid4(), kind="order", buyer=who, lines=[(products[n % 10], "个", "5")]
            )
            with ledger.unit() as uow:
                market.receive_request(uow, request)
        return time.perf_counter() - started
    finally:
        ledger.close()


def _template(root: Path) -> Path:
    """A fresh migrated ledger holding one firm profile (as the tests' template)."""
    from desktop.services.firm import create_firm as create_ledger_firm
    from desktop.services.ledger import Ledger

    path = root / "template.zhangfang"
    ledger = Ledger.open(path, create=True)
    with ledger.unit() as uow:
        create_ledger_firm(uow, "顶好商行")
    ledger.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--buyers", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-orders", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(load())
    if not args.skip_search:
        met = bench_search("SQLite", None, args.products, args.repeat)
        if args.skip_postgres:
            pass
        elif Postgres.available():
            pg = Postgres().start()
            try:
                met += bench_search("PostgreSQL 15", pg.new_database(), args.products, args.repeat)
            finally:
                pg.stop()
        else:
            print("PostgreSQL 15 is not installed: its run is skipped")
        print(f"\nsearch goal (API p95 < 100 ms) met by {sum(met)} of {len(met)} (query, database)")
    if not args.skip_orders:
        bench_orders(args.buyers)


if __name__ == "__main__":
    main()
