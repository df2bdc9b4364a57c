"""Bulk posting (a history import) and one-by-one posting (the services) give the same books.

Random purchases and sales of a few products, with taxes, at random prices, some selling
below zero: imported through ``zhangfang import --move-stock --post-balances`` into one
ledger, and entered bill by bill through the services into another. The stock moves, their
costs, the stock positions with their average costs, the party entries and the balances
must be identical.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.cli.main import main
from desktop.services import documents, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from tests.helpers import customer, product, supplier

PRODUCTS = ("P1", "P2", "P3")

bill_lines = st.lists(
    st.tuples(
        st.sampled_from(PRODUCTS),
        st.integers(1, 60),  # quantity
        st.decimals("0.01", "99.99", places=2),  # unit price, tax included
        st.sampled_from(("0", "0.13", "0.09")),  # tax rate
    ),
    min_size=1,
    max_size=3,
)
bills = st.lists(
    st.tuples(st.sampled_from(("buy", "sell")), st.integers(1, 28), bill_lines),
    min_size=1,
    max_size=12,
)


def _books(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        q = conn.execute
        return {
            "moves": Counter(
                q(
                    "SELECT p.code, m.move_date, m.qty, m.unit_cost, d.number FROM stock_move m "
                    "JOIN product p ON p.id = m.product_id JOIN document d ON d.id = m.document_id"
                ).fetchall()
            ),
            "positions": sorted(
                q(
                    "SELECT p.code, b.qty, b.value, b.avg_cost FROM stock_balance b "
                    "JOIN product p ON p.id = b.product_id"
                ).fetchall()
            ),
            "entries": Counter(
                q(
                    "SELECT e.account, e.entry_date, e.due_date, e.amount, d.number "
                    "FROM party_entry e JOIN document d ON d.id = e.document_id"
                ).fetchall()
            ),
            "balances": sorted(q("SELECT account, balance FROM party_balance").fetchall()),
            "bills": sorted(
                q("SELECT number, kind, status, doc_date, due_date, total FROM document").fetchall()
            ),
        }
    finally:
        conn.close()


def _history_csv(path: Path, rows: list[list[Any]], party: str, party_header: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["单号", "日期", party_header, "商品编码", "数量", "单价", "税率"])
        for ref, on, code, qty, price, rate in rows:
            out.writerow([ref, on.isoformat(), party, code, qty, price, rate])
    return path


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bills)
# found by this test: two sales of one day were valued in file order by the import and in
# number order by the services (here "sell10" is numbered before "sell2")
@example(
    [("buy", 1, [("P3", 1, Decimal("0.01"), "0")]), ("buy", 1, [("P1", 1, Decimal(1), "0")])]
    + [("sell", 1, [("P3", 1, Decimal("0.01"), "0")])]
    + [("buy", 2, [("P1", 1, Decimal(1), "0")])] * 7
    + [("sell", 1, [("P3", 1, Decimal("0.01"), "0")])]
)
def test_an_import_posts_exactly_as_the_services_do(
    ledger_path: Path, tmp_path_factory: Any, drawn: list[tuple[str, int, list[Any]]]
) -> None:
    work = tmp_path_factory.mktemp("bulk")
    one_by_one = work / "services.zhangfang"
    shutil.copyfile(ledger_path, one_by_one)
    ledger = Ledger.open(one_by_one, actor="tester")
    try:
        supplier(ledger, code="G1", terms_days=45)
        customer(ledger, code="K1", terms_days=30)
        for code in PRODUCTS:
            product(ledger, code=code, name=f"商品{code}", cost_price="5", units=[])
    finally:
        ledger.close()
    bulk = work / "import.zhangfang"
    shutil.copyfile(one_by_one, bulk)

    # one ledger: every bill through the services, purchases first, each in date order
    flows = {"buy": ("supplier_bill", "G1", []), "sell": ("sales_bill", "K1", [])}
    for n, (way, day, lines) in enumerate(drawn):
        for code, qty, price, rate in lines:
            flows[way][2].append([f"{way}{n}", date(2026, 5, day), code, qty, price, rate])
    ledger = Ledger.open(one_by_one, actor="tester")
    try:
        for way in ("buy", "sell"):
            kind, party, rows = flows[way]
            by_bill: dict[str, list[list[Any]]] = {}
            for row in sorted(rows, key=lambda r: (r[1], r[0])):
                by_bill.setdefault(row[0], []).append(row)
            for bill_rows in by_bill.values():
                with ledger.unit() as uow:
                    bill = documents.create_draft(
                        uow,
                        kind,
                        party,
                        [
                            LineInput(c, q, None, Decimal(p), tax_rate=r)
                            for _, _, c, q, p, r in bill_rows
                        ],
                        bill_rows[0][1],
                    )
                    trade.post(uow, bill.id)
        with ledger.read() as s:
            assert run_checks(s) == []
    finally:
        ledger.close()

    # the other: the same bills imported, as a user would, purchases first
    for way, kind, header in (
        ("buy", "purchase_history", "供应商编码"),
        ("sell", "sales_history", "客户编码"),
    ):
        _, party, rows = flows[way]
        if not rows:
            continue
        file = _history_csv(work / f"{way}.csv", rows, party, header)
        code = main(
            [
                "import",
                str(file),
                "--kind",
                kind,
                "--ledger",
                str(bulk),
                "--move-stock",
                "--post-balances",
            ]
        )
        assert code == 0
    assert main(["check", "--ledger", str(bulk)]) == 0

    imported, entered = _books(bulk), _books(one_by_one)
    for key, value in entered.items():
        if isinstance(value, Counter):
            assert (imported[key] - value, value - imported[key]) == (Counter(), Counter()), key
        else:
            assert imported[key] == value, key
