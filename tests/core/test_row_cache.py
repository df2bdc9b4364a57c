"""The firm and the products kept between units of work (``services.row_cache``): read once,
and never stale — not after a change in this program, nor after a change another program
(or another connection: a second desk, sync) committed to the same file, nor after a
change that was rolled back."""

from __future__ import annotations

import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop.errors import ValidationError
from desktop.services import documents, firm, products
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.uow import Changes
from tests.helpers import customer, product


def _draft(ledger: Ledger, who: uuid.UUID, item: uuid.UUID) -> tuple[Decimal, bool]:
    """A sales order of one box: its line's unit factor and the firm's tax-inclusive prices."""
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow, "sales_order", who, [LineInput(item, 1, "箱", Decimal("10"))], None
        )
        return doc.lines[0].unit_factor, doc.prices_include_tax


def _reads(ledger: Ledger, who: uuid.UUID, item: uuid.UUID) -> list[str]:
    """The statements of :func:`_draft` that read the firm or the products."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("SELECT") and (" FROM firm" in statement or "product" in statement):
            seen.append(statement)

    event.listen(ledger.engine, "before_cursor_execute", note)
    try:
        _draft(ledger, who, item)
    finally:
        event.remove(ledger.engine, "before_cursor_execute", note)
    return seen


def test_an_order_reads_the_firm_and_its_products_once_per_ledger(ledger: Ledger) -> None:
    who = customer(ledger)
    item = product(ledger)
    assert _draft(ledger, who, item) == (Decimal(24), True)
    assert _reads(ledger, who, item) == []  # kept from the first order
    other = product(ledger, code="000124", name="六角螺母 M6")
    assert len(_reads(ledger, who, other)) == 1  # a product not seen yet: read, the firm not


def test_a_change_in_this_program_is_seen_by_the_next_unit(ledger: Ledger) -> None:
    who = customer(ledger)
    item = product(ledger)
    _draft(ledger, who, item)
    with ledger.unit() as uow:
        products.update_product(uow, item, units=[{"unit": "箱", "factor": 12}])
    with ledger.unit() as uow:
        firm.update_firm(uow, prices_include_tax=False)
    assert _draft(ledger, who, item) == (Decimal(12), False)


def test_a_change_rolled_back_is_never_kept(ledger: Ledger) -> None:
    who = customer(ledger)
    item = product(ledger)
    _draft(ledger, who, item)
    with pytest.raises(ValidationError), ledger.unit() as uow:
        products.update_product(uow, item, units=[{"unit": "箱", "factor": 6}])
        firm.update_firm(uow, prices_include_tax=False)
        uow.session.flush()
        _draft_in(uow, who, item)  # reads them as changed in this unit, then fails
        raise ValidationError("x", "取消", "cancelled")
    assert _draft(ledger, who, item) == (Decimal(24), True)


def _draft_in(uow: Any, who: uuid.UUID, item: uuid.UUID) -> None:
    doc = documents.create_draft(
        uow, "sales_order", who, [LineInput(item, 1, "箱", Decimal("10"))], None
    )
    assert (doc.lines[0].unit_factor, doc.prices_include_tax) == (Decimal(6), False)


def test_a_change_another_program_commits_is_seen(ledger: Ledger, ledger_path: Path) -> None:
    who = customer(ledger)
    item = product(ledger)
    _draft(ledger, who, item)
    conn = sqlite3.connect(ledger_path)  # another program, in plain SQL
    with conn:
        conn.execute("UPDATE firm SET prices_include_tax = 0")
    conn.close()
    assert _draft(ledger, who, item) == (Decimal(24), False)
    second = Ledger.open(ledger_path, actor="another desk")  # another program's services
    try:
        with second.unit() as uow:
            products.update_product(uow, item, units=[{"unit": "箱", "factor": 10}])
    finally:
        second.close()
    assert _draft(ledger, who, item) == (Decimal(10), False)
    with ledger.unit() as uow:
        products.update_product(uow, item, archived=True)
    with pytest.raises(ValidationError) as err:
        _draft(ledger, who, item)
    assert err.value.code == "archived"


def test_the_owners_password_alone_is_a_change_of_the_firm(ledger: Ledger) -> None:
    """Not in the audit log (a secret), but the firm's row changed: the unit says so, so
    what keeps the firm's row lets it go."""
    heard: list[Changes] = []
    stop = ledger.on_change(heard.append)
    with ledger.unit() as uow:
        firm.set_owner_password(uow, "laoban-2026")
    stop()
    assert any("firm" in changes for changes in heard)
    with ledger.unit() as uow:
        assert firm.get_firm(uow.session).owner_password_hash
