"""The list queries behind the main window: pages, pinyin filter, sort, decoding — no Qt."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.queries import dashboard, db, lists
from tests.views.builder import build_ledger


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("q") / "ledger.zhangfang"
    build_ledger(path)
    connection = db.connect(path)
    yield connection
    connection.close()


def names(rows: list[lists.Row], spec: lists.ListSpec) -> list[str]:
    return [r.values[spec.index("name")] for r in rows]


def test_every_spec_runs(conn: sqlite3.Connection) -> None:
    for spec in lists.SPECS.values():
        rows = lists.fetch_page(conn, spec, limit=5)
        assert lists.count_rows(conn, spec) >= len(rows)
        for key in [c.key for c in spec.columns]:
            lists.fetch_page(conn, spec, sort=key, desc=True, limit=2)


def test_pinyin_initials_code_and_phone(conn: sqlite3.Connection) -> None:
    spec = lists.CUSTOMERS
    assert names(lists.fetch_page(conn, spec, "zs"), spec) == ["张三五金"]
    assert names(lists.fetch_page(conn, spec, "ZhangSan"), spec) == ["张三五金"]
    assert names(lists.fetch_page(conn, spec, "13900"), spec) == ["李四建材"]
    assert names(lists.fetch_page(conn, spec, "c003"), spec) == ["王五贸易"]
    assert names(lists.fetch_page(conn, spec, "张三"), spec) == ["张三五金"]
    assert lists.count_rows(conn, spec, "zs") == 1
    # two words narrow further; LIKE wildcards typed by the user are literal
    assert lists.fetch_page(conn, spec, "zs 13800") != []
    assert lists.fetch_page(conn, spec, "zs 139") == []
    assert lists.fetch_page(conn, spec, "%") == []
    assert lists.fetch_page(conn, spec, "_") == []


def test_documents_filter_by_party_pinyin_and_number(conn: sqlite3.Connection) -> None:
    spec = lists.SALES_ORDERS
    rows = lists.fetch_page(conn, spec, "zs")
    assert rows and all(r.values[spec.index("party")] == "张三五金" for r in rows)
    number = rows[0].values[spec.index("number")]
    assert lists.fetch_page(conn, spec, number.lower())[0].id == rows[0].id


def test_paging_and_sorting(conn: sqlite3.Connection) -> None:
    spec = lists.CUSTOMERS
    first = lists.fetch_page(conn, spec, limit=10)
    second = lists.fetch_page(conn, spec, offset=10, limit=10)
    everything = lists.fetch_page(conn, spec, limit=1000)
    assert [r.id for r in first + second] == [r.id for r in everything[:20]]
    codes = [r.values[0] for r in lists.fetch_page(conn, spec, sort="code", desc=True, limit=3)]
    assert codes == sorted(codes, reverse=True)


def test_values_are_decoded_exactly(conn: sqlite3.Connection) -> None:
    spec = lists.SALES_BILLS
    row = lists.fetch_page(conn, spec)[0]
    values = dict(zip([c.key for c in spec.columns], row.values, strict=True))
    assert values["total"] == Decimal("576.00") and values["open"] == Decimal("576.00")
    assert isinstance(values["doc_date"], date)
    assert lists.overdue_days(spec, row.values, values["due_date"] + timedelta(days=3)) == 3
    stock = lists.fetch_page(conn, lists.STOCK)[0]
    assert stock.values[lists.STOCK.index("on_hand")] == Decimal(500 * 24 - 10 * 24)


def test_dashboard(conn: sqlite3.Connection) -> None:
    board = dashboard.full(conn, date.today())
    assert board.receivable == Decimal("576.00")
    assert board.overdue_customers[0][1] == "张三五金"
    assert board.top_products == [] or board.top_products[0][0] == "00123"


def test_schema_check(tmp_path: Path, conn: sqlite3.Connection) -> None:
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    assert db.schema_is_current(path)
    assert not db.schema_is_current(tmp_path / "missing.zhangfang")
    (tmp_path / "junk.zhangfang").write_bytes(b"not sqlite")
    assert not db.schema_is_current(tmp_path / "junk.zhangfang")


def test_the_plain_chain_reader_agrees_with_alembic() -> None:
    """The migration files' lines read without Alembic give Alembic's own chain (whatever
    way a file writes them: annotated, quoted either way)."""
    from alembic.script import ScriptDirectory

    from desktop.migration_chain import chain_head, revision_chain
    from desktop.models.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    chain = revision_chain()
    assert chain == {r.revision: r.down_revision for r in script.walk_revisions()}
    assert chain_head() == script.get_current_head()


def test_queries_import_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys, desktop.queries.lists, desktop.queries.dashboard, desktop.queries.db;"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy'))];"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_totals_add_up_the_rows_the_filter_shows(conn: sqlite3.Connection) -> None:
    """合计 under a list = the sum of its rows in the books (drafts and cancelled left out),
    with and without a filter; a list without money columns has no totals."""
    assert lists.totals(conn, lists.PRODUCTS) == {}
    assert lists.totals(conn, lists.QUOTES) == {}
    checked = 0
    for spec in lists.SPECS.values():
        summed = [c for c in spec.columns if c.summed]
        for text in ("", "zs"):
            sums = lists.totals(conn, spec, text)
            assert set(sums) == {c.key for c in summed}
            rows = lists.fetch_page(conn, spec, text, limit=100_000)
            keys = [c.key for c in spec.columns]
            counted = [
                r
                for r in rows
                if "status" not in keys
                or r.values[keys.index("status")] not in ("draft", "cancelled")
            ]
            for col in summed:
                expected = sum(
                    (r.values[keys.index(col.key)] or Decimal(0) for r in counted), Decimal(0)
                )
                tolerance = Decimal("0.01") * len(counted) if col.stored_scale else Decimal(0)
                assert abs(sums[col.key] - expected) <= tolerance, (spec.name, col.key, text)
                checked += 1 if expected else 0
    assert checked >= 8  # the ledger has balances, bills, receipts and stock to add up


def test_totals_leave_out_drafts(tmp_path: Path) -> None:
    path = tmp_path / "t.zhangfang"
    build_ledger(path)
    connection = db.connect(path)
    try:
        before = lists.totals(connection, lists.SALES_ORDERS)["total"]
        writer = sqlite3.connect(path)
        writer.execute(
            "UPDATE document SET status = 'draft' WHERE id = "
            "(SELECT id FROM document WHERE kind = 'sales_order' AND status != 'draft' "
            "AND total > 0 LIMIT 1)"
        )
        writer.commit()
        writer.close()
        after = lists.totals(connection, lists.SALES_ORDERS)["total"]
        assert after < before
    finally:
        connection.close()
