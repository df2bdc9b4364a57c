"""Master data of the demo ledger: the firm, customers and suppliers, and the catalog.

Written with Core ``executemany`` like the rest of the demo. Search keys are the
exact strings ``search_keys.search_key`` makes, computed once per distinct text
(product and party names repeat a lot, and pinyin conversion is the slow part).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, insert

from desktop.models import Base, CreditPolicy, FapiaoKind, NegativeStock, Party, TermsKind
from desktop.search_keys import pinyin_full, pinyin_initials
from desktop.services import demo_families as families
from desktop.services import demo_names as nm
from desktop.services.demo_rows import Ids, RowSink, SimParty, SimProduct

Q2 = Decimal("0.01")


@dataclass
class Master:
    id: Any
    name: str
    customers: list[SimParty]
    suppliers: list[SimParty]
    products: list[SimProduct]
    weights: list[float]


@lru_cache(maxsize=65_536)
def _key_piece(text: str) -> str:
    """The part ``search_keys.search_key`` contributes for one text (cached: names repeat)."""
    low = text.lower()
    if text.isascii() and text.isalnum():
        return f"{low} {low} {low}"
    return f"{low} {pinyin_initials(text)} {pinyin_full(text)}"


def _search_key(*texts: str) -> str:
    return " ".join(_key_piece(t) for t in texts if t)


def write_rows(conn: Connection, sink: RowSink, table: str, rows: list[dict[str, Any]]) -> None:
    started = time.perf_counter()
    for i in range(0, len(rows), 50_000):
        conn.execute(insert(Base.metadata.tables[table]), rows[i : i + 50_000])
    sink.counts[table] = sink.counts.get(table, 0) + len(rows)
    sink.write_seconds += time.perf_counter() - started


def master_data(
    conn: Connection,
    rng: random.Random,
    ids: Ids,
    sink: RowSink,
    n_customers: int,
    n_products: int,
    day: date,
    actor: str,
) -> Master:
    """The firm, its customers and suppliers (with 开票信息 and terms) and its catalog.

    Each is recorded as the intent ``firm.create_firm``, ``parties.create_party`` and
    ``products.create_product`` record, with the arguments they take.
    """
    stamp = ids.clock(day)
    city = nm.CITIES[rng.randrange(len(nm.CITIES))]
    taken: set[str] = set()
    name = f"{city[1]}{rng.choice(nm.STEMS)}五金机电贸易有限公司"
    taken.add(name)
    bank, account = nm.bank(rng, city)
    firm_id = ids.new(day)
    firm: dict[str, Any] = {
        "name": name,
        "legal_name": name,
        "tax_id": nm.tax_id(rng),
        "address": nm.address(rng, city),
        "phone": nm.landline(rng, city[1]),
        "bank": bank,
        "bank_account": account,
        "logo_path": "",
        "default_tax_rate": Decimal("0.13"),
        "currency": "CNY",
        "prices_include_tax": True,
        "negative_stock": NegativeStock.ALLOW,
        "credit_policy": CreditPolicy.OVERRIDE,
        "credit_overdue_days": 30,
        "price_level_names": "批发价,VIP价",
    }
    stamps = {"created_at": stamp, "updated_at": stamp}
    write_rows(conn, sink, "firm", [{"id": firm_id, **stamps, **firm, "owner_password_hash": ""}])
    sink.record(
        ids, day, actor, "firm.create", {"id": firm_id, **firm}, [["firm", firm_id.hex, ""]]
    )
    sales_staff = [nm.person(rng) for _ in range(6)]
    n_suppliers = max(3, n_customers // 10)
    parties: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    customers: list[SimParty] = []
    suppliers: list[SimParty] = []
    for i in range(n_customers + n_suppliers):
        is_customer = i < n_customers
        k = i if is_customer else i - n_customers
        pname, short, pcity = nm.company_name(rng, taken)
        code = f"C{k + 1:05d}" if is_customer else f"S{k + 1:05d}"
        contact, phone = nm.person(rng), nm.mobile(rng)
        where = nm.address(rng, pcity)
        pbank, paccount = nm.bank(rng, pcity)
        company = pname.endswith("公司")
        if is_customer:
            behaviour = (
                "slow" if k % 10 == 3 else "installments" if k % 10 in (1, 5, 8) else "prompt"
            )
            roll = rng.random()
            terms = (
                (TermsKind.DAYS, 30)
                if k % 10 == 3
                else (TermsKind.DAYS, 0)
                if roll < 0.15
                else (TermsKind.DAYS, 30)
                if roll < 0.5
                else (TermsKind.DAYS, 60)
                if roll < 0.65
                else (TermsKind.MONTH_END, 30)
                if roll < 0.9
                else (TermsKind.MONTH_END, 0)
            )
            activity = min(5.0, 0.1 + rng.expovariate(1 / 0.3))
            if k % 10 == 3:
                activity = max(activity, 1.0)
            # tight limits breach often: the demo's credit overrides and over-limit customers
            limit = (
                Decimal(rng.choice((20000, 30000)))
                if k % 10 == 3 or k % 20 == 6
                else Decimal(round(activity * rng.uniform(4, 8) + rng.uniform(5, 9)) * 10000)
                if rng.random() < 0.7
                else None
            )
            fapiao = (
                (FapiaoKind.SPECIAL if rng.random() < 0.75 else FapiaoKind.DIGITAL)
                if company
                else (FapiaoKind.NORMAL if rng.random() < 0.5 else "")
            )
            if k == 0:
                fapiao = FapiaoKind.SPECIAL
            level = 0 if rng.random() < 0.6 else 1 if rng.random() < 0.75 else 2
        else:
            behaviour, terms, activity, limit, fapiao, level = (
                "prompt",
                (
                    rng.choice(
                        ((TermsKind.DAYS, 30), (TermsKind.DAYS, 60), (TermsKind.MONTH_END, 30))
                    )
                ),
                0.0,
                None,
                "",
                0,
            )
        sim = SimParty(
            ids.new(day),
            code,
            k,
            "" if not is_customer else rng.choice(sales_staff),
            where,
            is_customer,
            Party(terms_kind=terms[0], terms_days=terms[1]),
            limit,
            level,
            behaviour,
            activity,
            fapiao,
            rng.random() < 0.25,
        )
        (customers if is_customer else suppliers).append(sim)
        parties.append(
            {
                "id": sim.id,
                "created_at": stamp,
                "updated_at": stamp,
                "code": code,
                "name": pname,
                "short_name": short,
                "search_key": _search_key(pname, short, code, phone),
                "is_customer": is_customer,
                "is_supplier": not is_customer,
                "contact": contact,
                "phone": phone,
                "bill_to": where,
                "ship_to": where,
                "invoice_name": pname if company or fapiao else "",
                "invoice_tax_id": nm.tax_id(rng) if company or fapiao else "",
                "invoice_address": f"{where} {nm.landline(rng, pcity[1])}" if company else "",
                "invoice_phone": nm.landline(rng, pcity[1]) if company else "",
                "invoice_bank": pbank if company else "",
                "invoice_account": paccount if company else "",
                "credit_limit": limit,
                "terms_kind": terms[0],
                "terms_days": terms[1],
                "price_level": level,
                "salesperson": sim.salesperson,
                "notes": "",
                "archived": False,
                "qualification": "" if is_customer else rng.choice(("ISO9001", "一般纳税人", "")),
                "quality_score": None if is_customer else rng.randint(70, 99),
                "on_time_score": None if is_customer else rng.randint(60, 99),
                "version": 1,
            }
        )
        for n in range(1 + (rng.random() < 0.4)):
            contacts.append(
                {
                    "id": ids.new(day),
                    "party_id": sim.id,
                    "name": contact if n == 0 else nm.person(rng),
                    "title": rng.choice(nm.TITLES),
                    "phone": phone if n == 0 else nm.mobile(rng),
                    "email": "",
                }
            )
    write_rows(conn, sink, "party", parties)
    write_rows(conn, sink, "party_contact", contacts)
    _record_parties(ids, sink, day, actor, parties, contacts)
    items, weights = catalog(conn, rng, ids, sink, n_products, suppliers, day, actor)
    weekly_lines = sum(c.activity for c in customers) * 5.5 * 12 / 52
    total_w = sum(weights)
    for product, weight in zip(items, weights, strict=True):
        product.weekly = weight / total_w * weekly_lines * product.line_base
    return Master(firm_id, name, customers, suppliers, items, weights)


#: columns the services fill in themselves rather than take as arguments
_DERIVED = {"id", "created_at", "updated_at", "search_key", "version"}


def _record_parties(
    ids: Ids,
    sink: RowSink,
    day: date,
    actor: str,
    parties: list[dict[str, Any]],
    contacts: list[dict[str, Any]],
) -> None:
    """``party.create`` per party, with its contacts, as ``create_party`` records it."""
    people: dict[Any, list[dict[str, Any]]] = {}
    for c in contacts:
        people.setdefault(c["party_id"], []).append(
            {k: v for k, v in c.items() if k not in ("id", "party_id")}
        )
    for row in parties:
        args = {k: v for k, v in row.items() if k not in _DERIVED}
        sink.record(
            ids,
            day,
            actor,
            "party.create",
            {"id": row["id"], **args, "contacts": people.get(row["id"], [])},
            [["party", row["id"].hex, row["code"]]],
        )


def _money(value: float) -> Decimal:
    return max(Q2, Decimal(str(value)).quantize(Q2, ROUND_HALF_UP))


def catalog(
    conn: Connection,
    rng: random.Random,
    ids: Ids,
    sink: RowSink,
    n: int,
    suppliers: list[SimParty],
    day: date,
    actor: str,
) -> tuple[list[SimProduct], list[float]]:
    """Products with leading-zero codes, specs, pack units, tiers, level prices, tax rates."""
    stamp = ids.clock(day)
    cats = families.CATEGORIES
    cum = [c.weight for c in cats]
    rows: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    prices: list[dict[str, Any]] = []
    products: list[SimProduct] = []
    for i in range(n):
        # every family at least once, so even a small demo has each unit, pack and tax rate
        cat = cats[i] if i < len(cats) else rng.choices(cats, weights=cum)[0]
        code = f"{i + 1:06d}"
        pname = rng.choice(nm.BRANDS) + rng.choice(cat.nouns)
        rank = rng.randrange(len(cat.specs))
        spec = cat.specs[rank]
        barcode = nm.ean13(rng) if rng.random() < 0.8 else ""
        lo, hi = cat.cost
        # specs run cheapest first: a 12寸 wrench costs more than a 6寸 one of the same brand
        share = (rank + rng.random()) / len(cat.specs)
        cost = _money(lo * (hi / lo) ** share)
        retail = _money(float(cost) * rng.uniform(1.25, 1.6))
        packs: list[tuple[str, Decimal]] = []
        for unit, factors in cat.packs:
            if not packs or rng.random() < 0.5:
                packs.append((unit, Decimal(rng.choice(factors))))
        packs.sort(key=lambda p: p[1])
        small = packs[0][1] if packs else Decimal(10)
        tiers = ((small, _money(float(retail) * 0.95)), (small * 10, _money(float(retail) * 0.9)))
        levels = {1: _money(float(retail) * 0.92), 2: _money(float(retail) * 0.87)}
        typical = max(1, min(500, int(100 / float(cost))))
        line_base = (0.65 * 7 * float(small) + 0.35 * typical * 1.15) if packs else typical * 1.15
        product = SimProduct(
            ids.new(day),
            cat.base_unit,
            tuple(packs),
            cat.tax_rate,
            cost,
            retail,
            tiers,
            levels,
            suppliers[rng.randrange(len(suppliers))],
            line_base,
        )
        products.append(product)
        rows.append(
            {
                "id": product.id,
                "created_at": stamp,
                "updated_at": stamp,
                "code": code,
                "barcode": barcode,
                "name": pname,
                "spec": spec,
                "category": cat.name,
                "base_unit": cat.base_unit,
                "search_key": _search_key(pname, code, spec, barcode),
                "retail_price": retail,
                "cost_price": cost,
                "tax_rate": cat.tax_rate,
                "min_order_qty": Decimal(0),
                "notes": "",
                "archived": False,
                "version": 1,
            }
        )
        units.extend(
            {
                "id": ids.new(day),
                "product_id": product.id,
                "unit": unit,
                "factor": factor,
                "barcode": "",
            }
            for unit, factor in packs
        )
        prices.extend(
            {
                "id": ids.new(day),
                "product_id": product.id,
                "kind": "tier",
                "level": 0,
                "min_qty": min_qty,
                "price": price,
            }
            for min_qty, price in tiers
        )
        prices.extend(
            {
                "id": ids.new(day),
                "product_id": product.id,
                "kind": "level",
                "level": level,
                "min_qty": Decimal(0),
                "price": price,
            }
            for level, price in levels.items()
        )
    write_rows(conn, sink, "product", rows)
    write_rows(conn, sink, "product_unit", units)
    write_rows(conn, sink, "product_price", prices)
    for row, product in zip(rows, products, strict=True):
        args = {k: v for k, v in row.items() if k not in _DERIVED}
        sink.record(
            ids,
            day,
            actor,
            "product.create",
            {
                "id": row["id"],
                **args,
                "units": [{"unit": u, "factor": f, "barcode": ""} for u, f in product.packs],
                "tiers": [{"min_qty": q, "price": price} for q, price in product.tiers],
                "levels": product.levels,
            },
            [["product", row["id"].hex, row["code"]]],
        )
    ranks = list(range(n))
    rng.shuffle(ranks)
    return products, [1 / (r + 1) ** 0.9 for r in ranks]
