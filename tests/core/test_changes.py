"""What a write changed reaches whoever listens, named by the tables screens read."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.models import Base
from desktop.queries import dashboard, lists
from desktop.services import parties, payments
from desktop.services.ledger import Ledger
from desktop.services.uow import Changes
from tests.core.importing.history_files import ROWS, history_xlsx
from tests.helpers import customer


def _listen(ledger: Ledger) -> list[Changes]:
    heard: list[Changes] = []
    ledger.on_change(heard.append)
    return heard


def test_a_party_write_names_its_tables_only(ledger: Ledger) -> None:
    heard = _listen(ledger)
    with ledger.unit() as uow:
        party = parties.create_party(uow, name="张三五金", contacts=[{"name": "张三"}])
    assert len(heard) == 1
    assert set(heard[0].touched) == {"party", "party_contact", "outbox", "number_series"}
    assert party.id in heard[0].touched["party"]
    assert heard[0].touches(lists.CUSTOMERS.tables)
    assert heard[0].touches(lists.RECEIPTS.tables)  # it shows the party's name
    assert not heard[0].touches(lists.STOCK.tables) and not heard[0].touches(lists.PRODUCTS.tables)


def test_nothing_is_heard_of_a_write_rolled_back_or_a_read(ledger: Ledger) -> None:
    heard = _listen(ledger)
    with pytest.raises(RuntimeError), ledger.unit() as uow:
        parties.create_party(uow, name="张三五金")
        raise RuntimeError("changed my mind")
    with ledger.unit() as uow:
        parties.find_parties(uow.session, "张")
    assert heard == []


def test_a_payment_moves_balances_and_receipts_not_products(ledger: Ledger) -> None:
    who = customer(ledger)
    heard = _listen(ledger)
    with ledger.unit() as uow:
        payments.record_payment(uow, who, "100", doc_date=date(2026, 11, 5))
    (changes,) = heard
    assert {"document", "party_entry", "party_balance", "outbox"} <= set(changes.touched)
    assert who in changes.touched["party_balance"]
    for spec in (lists.RECEIPTS, lists.CUSTOMERS):
        assert changes.touches(spec.tables), spec.name
    assert changes.touches(dashboard.TABLES)
    assert not changes.touches(lists.PRODUCTS.tables) and not changes.touches(lists.STOCK.tables)


def test_a_bulk_history_import_names_what_it_wrote_with_raw_sql(
    ledger: Ledger, tmp_path: Path
) -> None:
    heard = _listen(ledger)
    path = history_xlsx(tmp_path / "history.xlsx", ROWS)
    options = ImportOptions(create_missing=True, move_stock=True, post_balances=True)
    run_import(ledger, path, kind="sales_history", options=options)
    merged = Changes()
    for changes in heard:
        merged.merge(changes)
    wanted = {"party", "product", "document", "document_line", "stock_move", "stock_balance"}
    wanted |= {"party_entry", "party_balance", "import_batch", "outbox"}
    assert wanted <= set(merged.touched), wanted - set(merged.touched)
    assert not merged.everything


def test_touch_takes_only_table_names(ledger: Ledger) -> None:
    with ledger.unit() as uow:
        with pytest.raises(ValueError, match="stock"):
            uow.touch("stock")
        uow.touch("stock_move")
        assert "stock_move" in uow.changes


def test_the_demo_changes_everything(tmp_path: Path) -> None:
    from sqlalchemy import select

    from desktop.models import Document
    from desktop.services.demo import generate_demo
    from desktop.services.desks import set_desk

    ledger = Ledger.open(tmp_path / "demo.zhangfang", create=True)
    set_desk(ledger, "D")
    heard = _listen(ledger)
    try:
        generate_demo(ledger, customers=3, products=5, months=1, seed=2)
        with ledger.read() as session:
            numbers = list(session.scalars(select(Document.number)))
    finally:
        ledger.close()
    assert any(c.everything for c in heard)
    assert numbers and all(n.split("-")[1] == "D" for n in numbers)  # the desk chosen
    assert Changes.all().touches(["anything"]) and "party" in Changes.all()


def test_changes_merge() -> None:
    one, two = Changes(), Changes()
    one.add("party")
    two.add("product")
    one.merge(two)
    assert set(one.touched) == {"party", "product"} and not one.empty
    assert Changes().empty and not Changes.all().empty
    one.merge(Changes.all())
    assert one.everything


_TABLE = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_]+)", re.IGNORECASE)


def _read_tables(spec: Any) -> set[str]:
    sql = " ".join([spec.source, *(c.sql for c in spec.columns), *spec.where, spec.key_sql])
    return {spec.source.split()[0], *_TABLE.findall(sql)}


@pytest.mark.parametrize("name", sorted(lists.SPECS))
def test_every_list_declares_the_tables_it_reads(name: str) -> None:
    spec = lists.SPECS[name]
    assert spec.tables, name
    assert _read_tables(spec) <= spec.tables <= set(Base.metadata.tables)


def test_the_dashboard_declares_the_tables_it_reads() -> None:
    import inspect

    from desktop.services import open_amounts  # the open amount it reads is defined there

    source = inspect.getsource(dashboard) + inspect.getsource(open_amounts)
    read = set(_TABLE.findall(source)) & set(Base.metadata.tables)
    assert read == dashboard.TABLES


def test_a_rollback_inside_a_unit_takes_back_what_was_noted(ledger: Ledger) -> None:
    """A preview writes, looks and rolls back inside its unit: nothing to reload."""
    heard = _listen(ledger)
    with ledger.unit() as uow:
        parties.create_party(uow, name="张三五金")
        uow.session.flush()
        uow.session.rollback()
    assert heard == []


def test_a_failing_listener_does_not_fail_the_committed_write(ledger: Ledger) -> None:
    def broken(_changes: Changes) -> None:
        raise RuntimeError("listener bug")

    heard = _listen(ledger)
    stop = ledger.on_change(broken)
    with ledger.unit() as uow:
        parties.create_party(uow, name="张三五金")
    stop()
    with ledger.unit() as uow:
        parties.create_party(uow, name="李四建材")
    assert len(heard) == 2 and broken not in ledger._listeners
