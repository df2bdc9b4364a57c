"""Records created in bulk are found by the type-ahead's trigram index, as one by one.

``search_rows.search_index_after`` sets the per-row insert trigger aside for a big batch
and adds the batch's index entries in one statement; the index must then hold exactly
what the trigger would have written, and the trigger must be back for the next row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.importing.kinds.records import create_records
from desktop.importing.kinds.search_rows import SEARCH_BULK_ROWS, search_index_after
from desktop.search_keys import index_probe
from desktop.services import parties, products
from desktop.services.ledger import Ledger

MANY = SEARCH_BULK_ROWS + 3


def _found(ledger: Ledger, table: str, needle: str) -> set[str]:
    """Codes of ``table``'s rows whose search key the trigram index says contains it."""
    probe = index_probe(table, needle, ":q", limited=False)
    assert probe is not None
    sql, phrase = probe
    with ledger.read() as session:
        rowids = [r for (r,) in session.execute(text(sql), {"q": phrase})]
        if not rowids:
            return set()
        marks = ", ".join(str(int(r)) for r in rowids)
        return set(session.scalars(text(f"SELECT code FROM {table} WHERE rowid IN ({marks})")))


def _trigger(ledger: Ledger, name: str) -> str | None:
    with ledger.read() as session:
        return session.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": name}
        ).scalar()


def _integrity(ledger: Ledger, fts: str) -> None:
    """FTS5's own check: the index holds exactly the entries of the rows' keys."""
    with ledger.unit() as uow:
        uow.session.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"))


@pytest.mark.parametrize("many", [3, MANY], ids=["row by row", "in one statement"])
def test_bulk_records_are_found_by_the_search_index(ledger: Ledger, many: int) -> None:
    before = {t: _trigger(ledger, f"{t}_search_insert") for t in ("product", "party")}
    goods = {i: {"code": f"WX{i:04d}", "name": f"暖手宝 型号{i}"} for i in range(many)}
    firms = {i: {"code": f"KH{i:04d}", "name": f"顺丰商行{i}号"} for i in range(many)}
    with ledger.unit() as uow:
        create_records(uow, "product", goods)
        create_records(uow, "party", firms)
    assert _found(ledger, "product", "暖手宝") == {g["code"] for g in goods.values()}
    assert _found(ledger, "product", "nsb") == {g["code"] for g in goods.values()}  # pinyin
    assert _found(ledger, "product", f"wx{many - 1:04d}") == {f"WX{many - 1:04d}"}
    assert _found(ledger, "party", "顺丰商") == {f["code"] for f in firms.values()}
    # the triggers are back as they were: the next record is indexed one by one again
    assert {t: _trigger(ledger, f"{t}_search_insert") for t in before} == before
    with ledger.unit() as uow:
        products.create_product(uow, code="ZZ1", name="单独新品暖手宝")
        parties.create_party(uow, code="ZZ2", name="单独新客顺丰商行")
    assert "ZZ1" in _found(ledger, "product", "暖手宝")
    assert "ZZ2" in _found(ledger, "party", "顺丰商")
    _integrity(ledger, "product_search")
    _integrity(ledger, "party_search")


def test_a_failed_bulk_write_leaves_the_trigger_and_no_stray_entry(ledger: Ledger) -> None:
    before = _trigger(ledger, "product_search_insert")
    goods = {i: {"code": f"GB{i:04d}", "name": f"保温杯{i}"} for i in range(MANY)}
    with pytest.raises(RuntimeError), ledger.unit() as uow:
        create_records(uow, "product", goods)
        raise RuntimeError("the import stops after its records went in")
    assert _trigger(ledger, "product_search_insert") == before
    assert _found(ledger, "product", "保温杯") == set()
    _integrity(ledger, "product_search")


def test_rows_added_inside_are_indexed_even_when_the_block_fails(ledger: Ledger) -> None:
    """Caught inside the unit (the unit goes on): the rows that went in are indexed and
    the trigger is back, so the unit can still commit a consistent index."""
    with ledger.unit() as uow:
        conn = uow.session.connection()
        with pytest.raises(RuntimeError), search_index_after(conn, "product", MANY):
            create_records(uow, "product", {1: {"code": "QX1", "name": "晴雨伞大号"}})
            raise RuntimeError("stopped inside")
        products.create_product(uow, code="QX2", name="晴雨伞小号")
    assert _found(ledger, "product", "晴雨伞") == {"QX1", "QX2"}
    _integrity(ledger, "product_search")
