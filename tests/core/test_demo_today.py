"""Issue 14, "The demo": it ends today, its last day shows trade, and its catalog is one
trade's (五金机电): units, packs, specs and tax rates that belong together."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.models import Product, ProductUnit
from desktop.queries import dashboard as dq
from desktop.queries import db
from desktop.queries.lookups import is_demo
from desktop.services import demo_families as fam
from desktop.services.demo import generate_demo
from desktop.services.ledger import Ledger


def cli(capsys: Any, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path))
    return tmp_path


def test_the_cli_demo_ends_today_and_the_dashboard_shows_today(capsys: Any, home: Path) -> None:
    path = home / "demo.zhangfang"
    small = ("--customers", "12", "--products", "40", "--months", "2")
    before = date.today()
    code, out = cli(capsys, "demo", *small, "--ledger", str(path), "--json")
    # the day the demo took as today (a run may pass midnight while it is made)
    today = date.fromisoformat(json.loads(out)["to"])
    assert code == 0 and before <= today <= date.today()
    conn = db.connect(path)
    try:
        board = dq.quick(conn, today)
        assert board.sales_today > 0 and board.sales_month >= board.sales_today
        assert is_demo(conn)
    finally:
        conn.close()
    assert cli(capsys, "check", "--ledger", str(path))[0] == 0
    # --end still picks the last day
    code, out = cli(
        capsys, "demo", *small, "--end", "2026-09-30", "--ledger", str(path), "--replace", "--json"
    )
    assert code == 0 and json.loads(out)["to"] == "2026-09-30"


@pytest.mark.parametrize(
    "end",
    [date(2026, 11, 1), date(2026, 12, 6), date(2027, 1, 1), date(2026, 9, 30)],
    ids=["sunday-the-first", "sunday", "new-year", "wednesday"],
)
def test_the_last_day_has_sales_bills(home: Path, end: date) -> None:
    """Whatever day the demo ends on (a Sunday, the 1st of a month), 今日销售 is not ¥0."""
    path = home / f"d-{end}.zhangfang"
    ledger = Ledger.open(path, create=True, actor="tester")
    try:
        summary = generate_demo(ledger, customers=12, products=40, months=2, end=end)
    finally:
        ledger.close()
    assert summary.end == end
    conn = db.connect(path)
    try:
        assert dq.quick(conn, end).sales_today > 0
    finally:
        conn.close()


def test_the_catalog_is_a_hardware_wholesalers(home: Path) -> None:
    families = {noun: cat for cat in fam.CATEGORIES for noun in cat.nouns}
    # one noun, one family: its unit, packs, specs and tax rate are the family's
    assert len(families) == sum(len(cat.nouns) for cat in fam.CATEGORIES)
    ledger = Ledger.open(home / "c.zhangfang", create=True, actor="tester")
    try:
        generate_demo(ledger, customers=5, products=400, months=1, end=date(2026, 9, 30))
        with ledger.read() as s:
            products = list(s.scalars(select(Product)))
            packs: dict[Any, list[tuple[str, int]]] = {}
            for u in s.scalars(select(ProductUnit)):
                packs.setdefault(u.product_id, []).append((u.unit, int(u.factor)))
    finally:
        ledger.close()
    assert len(products) == 400
    for p in products:
        noun = next(n for n in families if p.name.endswith(n))
        family = families[noun]
        assert p.category == family.name and p.base_unit == family.base_unit
        assert p.spec in family.specs and p.tax_rate == family.tax_rate
        allowed = dict(family.packs)
        for unit, factor in packs.get(p.id, []):
            assert unit in allowed and factor in allowed[unit], (p.name, unit, factor)
    names = " ".join(p.name for p in products)
    for other_trade in ("大米", "花生油", "面粉", "挂面", "食用盐", "纸箱", "封箱胶带", "缠绕膜"):
        assert other_trade not in names
    # the examples: hard hats by 顶 (no shoe sizes or KN95), no hex key "5米",
    # nothing but wire and tape sold by 卷
    for p in products:
        if "安全帽" in p.name:
            assert p.base_unit == "顶" and "码" not in p.spec and "KN95" not in p.spec
        if "内六角" in p.name:
            assert "米" not in p.spec
        if p.base_unit == "卷":
            assert any(w in p.name for w in ("线", "缆", "胶带", "胶布")), p.name
    assert {p.tax_rate for p in products} <= {fam.R13, fam.R9}


def test_the_cli_demo_never_fills_the_users_ledger(capsys: Any, home: Path) -> None:
    small = ("--customers", "5", "--products", "20", "--months", "1", "--end", "2026-09-30")
    code, out = cli(capsys, "demo", *small, "--json")
    assert code == 0 and json.loads(out)["ledger"] == str(home / "demo.zhangfang")
    assert not (home / "ledger.zhangfang").exists()
