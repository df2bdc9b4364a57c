"""Big ledgers for ``bench_filter.py``: 600,000 products and 100,000 customers.

Rows are written with plain ``executemany`` (the services would take an hour for this many)
but carry the search key the services store (``search_keys.search_key``), names and specs
from the demo's catalogue (brand + noun, a family's spec, an EAN-13 for 80 %), so the pinyin,
codes and barcodes a clerk types match as they would in real books. Cached in the temp
folder by size; a ledger is built at the schema of the code that builds it, then opened
(and so upgraded) by the benchmark.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from pathlib import Path

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "三四五六七八九明华国建军平伟强磊洋勇艳杰娟涛超秀英丽敏静燕芳霞刚桂兰"
TRADES = ["五金", "建材", "电器", "塑胶", "照明", "水暖", "装饰", "机电", "紧固件", "线缆", "工具"]
FORMS = ["商行", "经营部", "批发部", "有限公司", "门市部", "店"]
NOW = "2026-01-01 00:00:00.000000"


def _new_ledger(path: Path) -> None:
    from desktop.services import firm
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(path, create=True, actor="bench")
    with ledger.unit() as uow:
        firm.create_firm(uow, "基准测试商贸")
    ledger.close()


def build_customers(path: Path, count: int) -> None:
    from desktop.search_keys import search_key

    _new_ledger(path)
    rng = random.Random(5)
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
        key = search_key(name, "", code, phone)
        rows.append((uuid.uuid4().hex, code, name, key, phone))
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO party (id, code, name, short_name, search_key, is_customer, "
            "is_supplier, contact, phone, bill_to, ship_to, invoice_name, invoice_tax_id, "
            "invoice_address, invoice_phone, invoice_bank, invoice_account, credit_limit, "
            "terms_kind, terms_days, price_level, salesperson, notes, archived, qualification, "
            "quality_score, on_time_score, version, created_at, updated_at) "
            "VALUES (?, ?, ?, '', ?, 1, 0, '', ?, '', '', '', '', '', '', '', '', NULL, "
            f"'days', 30, 0, '', '', 0, '', NULL, NULL, 1, '{NOW}', '{NOW}')",
            rows,
        )
    print(f"built {count:,} customers in {path}")


def build_products(path: Path, count: int) -> None:
    from desktop.search_keys import search_key
    from desktop.services import demo_families as families
    from desktop.services import demo_names as nm

    _new_ledger(path)
    rng = random.Random(7)
    cats = families.CATEGORIES
    weights = [c.weight for c in cats]
    rows = []
    for i in range(1, count + 1):
        cat = rng.choices(cats, weights=weights)[0]
        code = f"{i:07d}"
        name = rng.choice(nm.BRANDS) + rng.choice(cat.nouns)
        spec = rng.choice(cat.specs)
        barcode = nm.ean13(rng) if rng.random() < 0.8 else ""
        key = search_key(name, code, spec, barcode)
        price = rng.randint(100_000, 90_000_000)
        rows.append(
            (code, barcode, name, spec, cat.name, cat.base_unit, key, price, price * 3 // 4)
        )
        if len(rows) == 50_000 or i == count:
            with sqlite3.connect(path) as conn:
                conn.executemany(
                    "INSERT INTO product (code, barcode, name, spec, category, base_unit, "
                    "search_key, retail_price, cost_price, tax_rate, min_order_qty, notes, "
                    "archived, version, id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                    f"?, ?, ?, 130000, 0, '', 0, 1, lower(hex(randomblob(16))), '{NOW}', '{NOW}')",
                    rows,
                )
            rows = []
    print(f"built {count:,} products in {path}")
