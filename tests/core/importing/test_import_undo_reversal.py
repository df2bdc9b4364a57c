"""The set-based batch reversal behind undo leaves what ``reversal.reverse`` leaves one
document at a time, and walks the stock value back exactly."""

from __future__ import annotations

import shutil
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.importing.undo import undo_batch
from desktop.models import (
    Allocation,
    AuditEntry,
    Document,
    OutboxEntry,
    PartyEntry,
    StockMove,
)
from desktop.money import quantize
from desktop.services import payments
from desktop.services.checks import run_checks
from desktop.services.costing import value_before
from desktop.services.ledger import Ledger
from desktop.services.reversal import reverse
from tests.core.importing.history_files import history_xlsx
from tests.core.importing.test_import_history_paths import _random_history
from tests.core.importing.undo_files import (
    HEADER,
    lived_in,
    position,
    undo_and_compare,
)

# --- the set-based reversal leaves what the document screen's 红冲 leaves -----------------


def _reversal_effects(ledger: Ledger) -> dict[str, Any]:
    """Everything a reversal wrote, keyed by the original it reverses (ids of the reversals
    differ between two ledgers; the originals' do not)."""
    with ledger.read() as s:
        reds = {
            d.id: d for d in s.scalars(select(Document).where(Document.reverses_id.is_not(None)))
        }
        of = {red_id: d.reverses_id for red_id, d in reds.items()}

        def key(doc_id: Any) -> Any:
            return ("red", of[doc_id]) if doc_id in of else doc_id

        docs = sorted(
            (
                d.reverses_id, d.kind, d.status, d.party_id, d.doc_date, d.due_date,
                d.salesperson, d.currency, d.prices_include_tax, d.net_total, d.tax_total,
                d.total, d.method, d.reference, d.notes, d.source_id, d.posted_at is None,
                d.external_ref, d.number[:-4], d.created_by, d.desk,
                tuple(
                    (x.line_no, x.product_id, x.unit, x.unit_factor, x.qty, x.unit_price,
                     x.discount_rate, x.tax_rate, x.net_amount, x.tax_amount, x.total_amount,
                     x.source_line_id, x.notes)
                    for x in d.lines
                ),
            )
            for d in reds.values()
        )  # fmt: skip
        originals = sorted(
            (d.id, d.status, d.external_ref)
            for d in s.scalars(select(Document).where(Document.id.in_(set(of.values()))))
        )
        moves = sorted(
            (of[m.document_id], m.product_id, m.line_id, m.move_date, m.qty, m.unit_cost)
            for m in s.scalars(select(StockMove).where(StockMove.document_id.in_(set(reds))))
        )
        entries = sorted(
            (of[e.document_id], e.party_id, e.account, e.entry_date, e.due_date, e.amount)
            for e in s.scalars(select(PartyEntry).where(PartyEntry.document_id.in_(set(reds))))
        )
        allocations: dict[Any, Decimal] = {}
        for a in s.scalars(select(Allocation)):
            pair = (str(key(a.from_document_id)), str(key(a.to_document_id)), a.alloc_date)
            allocations[pair] = allocations.get(pair, Decimal(0)) + a.amount
        # what a copy of the ledger would apply again (the keys made are fresh ids)
        intents = sorted(
            (
                a["id"], a["reason"], a["date"], a["posted"]["total"],
                sorted((p, q, t) for _, p, q, t in a["posted"]["lines"]),
                [table for table, _, _ in a["made"]], a["made"][0][2] == a["posted"]["number"],
            )
            for a in s.scalars(
                select(OutboxEntry.args).where(OutboxEntry.intent == "document.reverse")
            )
        )  # fmt: skip
    return {
        "documents": docs,
        "originals": originals,
        "moves": moves,
        "entries": entries,
        "allocations": sorted((k, v) for k, v in allocations.items() if v),
        "intents": intents,
        "position": position(ledger),
    }


@pytest.mark.parametrize("flow", ["sales", "purchase"])
def test_batch_reversal_leaves_what_reverse_leaves(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, flow: str
) -> None:
    """Undo reverses a batch set-based; on a twin ledger ``reversal.reverse`` reverses the
    same documents one by one (what undo did before). Documents, lines, moves, entries,
    allocations (a payment applied to imported bills is released), caches and intents agree."""
    k1 = lived_in(ledger)["k1"]
    kind, who = (f"{flow}_history", "客户" if flow == "sales" else "供应商")
    path = history_xlsx(tmp_path / "h.xlsx", _random_history(3, 120, who))
    options = ImportOptions(create_missing=True, post_balances=True, move_stock=True)
    before = position(ledger)
    report = run_import(ledger, path, kind=kind, options=options, backup=False)
    with ledger.unit() as uow:  # pays the oldest open bills, imported ones among them
        payments.record_payment(uow, k1, "250", flow=flow, doc_date=date(2024, 3, 1))
    paid = (k1, "AR" if flow == "sales" else "AP")
    before["balances"][paid] = before["balances"].get(paid, Decimal(0)) - 250
    ledger.close()
    twin_path = tmp_path / "twin.zhangfang"
    shutil.copyfile(ledger_path, twin_path)
    batched, one_by_one = Ledger.open(ledger_path, actor="t"), Ledger.open(twin_path, actor="t")
    try:
        undo_batch(batched, str(report.batch_id), backup=False, reason="对比")
        with one_by_one.unit() as uow:
            ids = uow.session.scalars(
                select(AuditEntry.entity_id)
                .where(AuditEntry.batch_id == report.batch_id, AuditEntry.entity == "document")
                .order_by(AuditEntry.seq.desc())
            ).all()
            for ident in ids:
                reverse(uow, uuid.UUID(ident), "对比")
                uow.session.get(Document, uuid.UUID(ident)).external_ref = None
        for each in (batched, one_by_one):
            with each.read() as s:
                assert run_checks(s) == []
        expected = _reversal_effects(one_by_one)
        assert expected["allocations"] and expected["moves"] and expected["entries"]
        got = _reversal_effects(batched)
        # the stock value exactly as before, also where reverse's rounding is a unit off
        assert got.pop("position") == before
        assert {k: q for k, (q, _) in expected.pop("position")["stock"].items()} == {
            k: q for k, (q, _) in before["stock"].items()
        }
        assert got == expected
    finally:
        batched.close()
        one_by_one.close()


def test_value_before_undoes_a_rounded_move() -> None:
    """Rounding half away from zero is not its own inverse: 9.3333 − 2 × 1.333325 rounds to
    6.6667, and the plain reversed move would give 9.3334."""
    assert value_before(Decimal(5), Decimal("6.6667"), Decimal(-2), Decimal("1.333325")) == (
        Decimal("9.3333")
    )
    assert value_before(Decimal(0), Decimal(0), Decimal(-3), Decimal("2.5")) == Decimal("7.5000")
    assert value_before(Decimal(3), Decimal("7.5"), Decimal(3), Decimal("2.5")) == 0


@given(
    start=st.tuples(
        st.integers(1, 10_000).map(lambda n: Decimal(n).scaleb(-1)),
        st.integers(1, 10**8).map(lambda n: Decimal(n).scaleb(-4)),
    ),
    moves=st.lists(
        st.tuples(
            st.integers(-5_000, 5_000).filter(bool).map(lambda n: Decimal(n).scaleb(-2)),
            st.integers(1, 10**8).map(lambda n: Decimal(n).scaleb(-6)),
        ),
        max_size=30,
    ),
)
def test_reversing_newest_first_gives_the_value_back(
    start: tuple[Decimal, Decimal], moves: list[tuple[Decimal, Decimal]]
) -> None:
    """Moves posted by the cache rule of ``post_moves`` and reversed newest first with
    ``value_before`` end at the starting value exactly, whenever the stock never passed
    through zero (where the rule drops the value)."""
    qty, value = start
    walked = []
    for move_qty, cost in moves:
        new_qty = qty + move_qty
        if new_qty == 0:
            return
        value = quantize(value + move_qty * cost, 4)
        qty = new_qty
        walked.append((move_qty, cost))
    for move_qty, cost in reversed(walked):
        value = value_before(qty, value, move_qty, cost)
        qty -= move_qty
    assert (qty, value) == start


def test_documents_of_other_kinds_are_reversed_one_by_one(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document the batch reversal does not take (another kind, or one made from an order)
    goes through ``reversal.reverse``, with the same outcome."""
    from desktop.importing import undo_reversal

    lived_in(ledger)
    monkeypatch.setattr(undo_reversal, "KINDS", frozenset({"stocktake"}))
    rows = [HEADER, ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 4, 40]]
    path = history_xlsx(tmp_path / "s.xlsx", rows)
    options = ImportOptions(post_balances=True, move_stock=True)
    undo_and_compare(ledger, path, "sales_history", options)
    with ledger.read() as s:
        original = s.scalars(
            select(Document).where(Document.reference == "S1", Document.reverses_id.is_(None))
        ).one()
        assert original.status == "reversed" and original.external_ref is None


def test_the_undos_reversals_apply_again_on_a_copy(
    ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    """The ``document.reverse`` intents the undo records carry what ``reverse`` records:
    applied on a copy of the ledger as it was before the undo, they make the same reversals
    under the same ids and numbers and post the same figures (``apply_intent`` checks)."""
    from desktop.sync.intents import replay

    lived_in(ledger)
    path = history_xlsx(tmp_path / "h.xlsx", _random_history(5, 80, "客户"))
    options = ImportOptions(create_missing=True, post_balances=True, move_stock=True)
    report = run_import(ledger, path, kind="sales_history", options=options, backup=False)
    ledger.close()
    copy_path = tmp_path / "copy.zhangfang"
    shutil.copyfile(ledger_path, copy_path)
    undone, copy = Ledger.open(ledger_path, actor="t"), Ledger.open(copy_path, actor="t")
    try:
        undo_batch(undone, str(report.batch_id), backup=False, reason="撤销")
        with undone.read() as s:
            intents = [
                (e.intent, e.args, e.actor)
                for e in s.scalars(
                    select(OutboxEntry)
                    .where(OutboxEntry.intent == "document.reverse")
                    .order_by(OutboxEntry.seq)
                )
            ]
        assert len(intents) > 5
        replay(copy, intents, "A")
        with copy.read() as s:
            assert run_checks(s) == []
        mine, theirs = _reversal_effects(undone), _reversal_effects(copy)
        for part in ("documents", "moves", "entries", "allocations"):
            assert mine[part] == theirs[part], part
        with undone.read() as a, copy.read() as b:
            reds = select(Document.id, Document.number).where(Document.reverses_id.is_not(None))
            assert sorted(a.execute(reds).all()) == sorted(b.execute(reds).all())
    finally:
        undone.close()
        copy.close()
