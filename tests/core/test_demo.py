"""The demo ledger: passes every check, repeats exactly, shows every feature, stays usable."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.errors import CreditError, ValidationError
from desktop.models import (
    Allocation,
    AuditEntry,
    CreditOverride,
    Document,
    DocumentLine,
    Fapiao,
    OutboxEntry,
    Party,
    PartyBalance,
    Product,
    ProductUnit,
    StockBalance,
)
from desktop.search_keys import search_key
from desktop.services import credit, payments, receivables, reversal, trade
from desktop.services.checks import run_checks
from desktop.services.demo import DemoCancelled, DemoSummary, generate_demo
from desktop.services.documents import LineInput, create_draft
from desktop.services.ledger import Ledger
from desktop.services.parties import find_parties
from desktop.services.products import get_product
from desktop.sync.intents import INTENTS
from tests.replay import assert_same_books, replay_into_empty

END = date(2026, 9, 30)
SMALL = {"customers": 20, "products": 50, "months": 3, "end": END}


def _make(path: Path, seed: int = 7) -> tuple[Ledger, DemoSummary]:
    ledger = Ledger.open(path, create=True, actor="tester")
    return ledger, generate_demo(ledger, seed=seed, **SMALL)  # type: ignore[arg-type]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Ledger, DemoSummary]]:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path))
    ledger, summary = _make(tmp_path / "demo.zhangfang")
    yield ledger, summary
    ledger.close()


def _snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    return {
        "documents": [
            tuple(r)
            for r in session.execute(
                select(
                    Document.id,
                    Document.number,
                    Document.kind,
                    Document.status,
                    Document.doc_date,
                    Document.total,
                    Document.due_date,
                ).order_by(Document.number)
            )
        ],
        "lines": [
            tuple(r)
            for r in session.execute(
                select(
                    DocumentLine.id,
                    DocumentLine.qty,
                    DocumentLine.unit_price,
                    DocumentLine.total_amount,
                ).order_by(DocumentLine.id)
            )
        ],
        "balances": [
            tuple(r)
            for r in session.execute(
                select(Party.code, PartyBalance.balance).join(Party).order_by(Party.code)
            )
        ],
        "stock": [
            tuple(r)
            for r in session.execute(
                select(Product.code, StockBalance.qty, StockBalance.value)
                .join(Product)
                .order_by(Product.code)
            )
        ],
        "parties": [
            tuple(r)
            for r in session.execute(
                select(Party.code, Party.name, Party.invoice_tax_id, Party.credit_limit).order_by(
                    Party.code
                )
            )
        ],
    }


def test_demo_passes_every_check(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    with ledger.read() as session:
        assert run_checks(session) == []
        lines = session.scalar(select(func.count()).select_from(DocumentLine))
    assert summary.lines == lines > 300
    assert summary.start == date(2026, 7, 1) and summary.end == END


def test_same_seed_same_ledger_other_seed_other_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path))
    snaps = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        ledger, _ = _make(tmp_path / f"{name}.zhangfang", seed)
        with ledger.read() as session:
            snaps.append(_snapshot(session))
        ledger.close()
    assert snaps[0] == snaps[1]
    assert snaps[0]["documents"] and snaps[0]["stock"]
    assert snaps[0]["documents"] != snaps[2]["documents"]


def test_demo_contains_every_feature(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = demo
    with ledger.read() as s:

        def count(*where: object) -> int:
            return s.scalar(select(func.count()).select_from(Document).where(*where)) or 0

        # partial deliveries: an order delivered in two or more (non-red) deliveries
        per_order = (
            select(Document.source_id, func.count().label("n"))
            .where(Document.kind == "delivery", Document.reverses_id.is_(None))
            .group_by(Document.source_id)
            .subquery()
        )
        assert s.scalar(select(func.count()).where(per_order.c.n >= 2)) >= 1
        statuses = set(s.scalars(select(Document.status).where(Document.kind == "sales_order")))
        assert {"partial", "fulfilled"} <= statuses or {"confirmed", "fulfilled"} <= statuses
        assert count(Document.kind == "quote", Document.status == "accepted") >= 1
        # returns and red reversals (红冲) of a delivery, a goods receipt and a receipt
        assert count(Document.kind == "sales_return") >= 1
        assert count(Document.kind == "purchase_return") >= 1
        for kind in ("delivery", "goods_receipt", "receipt"):
            assert count(Document.kind == kind, Document.reverses_id.is_not(None)) >= 1, kind
            assert count(Document.kind == kind, Document.status == "reversed") >= 1, kind
        # money: installments (two or more credits applied to one bill), overdue, over limit
        applied = (
            select(
                Allocation.to_document_id,
                func.count(func.distinct(Allocation.from_document_id)).label("n"),
            )
            .group_by(Allocation.to_document_id)
            .subquery()
        )
        assert s.scalar(select(func.count()).where(applied.c.n >= 2)) >= 1
        customers = list(s.scalars(select(Party).where(Party.is_customer.is_(True))))
        overdue = [c for c in customers if receivables.overdue_days(s, c.id, END) > 0]
        assert overdue
        over_limit = [
            c
            for c in customers
            if c.credit_limit is not None and receivables.balance(s, c.id) > c.credit_limit
        ]
        assert over_limit
        aging = receivables.aging(s, "AR", END)
        assert any(
            a.buckets["1-30天"] + a.buckets["31-60天"] + a.buckets["61-90天"] > 0 for a in aging
        )
        override = s.scalars(select(CreditOverride)).first()
        assert override is not None and override.reason and override.policy == "override"
        order = s.get(Document, override.document_id)
        assert order is not None and order.kind == "sales_order"
        # fapiao of each status and both common kinds, red ones pointing at their original
        fapiao = list(s.scalars(select(Fapiao)))
        assert {"valid", "cancelled", "red"} <= {f.status for f in fapiao}
        assert {"special"} <= {f.kind for f in fapiao}
        red = next(f for f in fapiao if f.status == "red")
        assert red.red_of_id is not None and red.total_amount < 0
        assert {"in", "out"} <= {f.direction for f in fapiao}
        # master data: leading-zero codes, packs, tax rates, terms, 开票信息, pinyin
        product = get_product(s, "000001")
        assert product.code == "000001"
        assert {12, 20, 24, 36} & {int(u.factor) for u in s.scalars(select(ProductUnit))}
        rates = set(s.scalars(select(Product.tax_rate)))
        assert rates == {Decimal("0.13"), Decimal("0.09")}  # goods; 农机 at the low rate
        assert {"days", "month_end"} <= {c.terms_kind for c in customers}
        assert all(c.invoice_tax_id for c in customers if c.name.endswith("公司"))
        for party in customers:
            assert party.search_key == search_key(
                party.name, party.short_name, party.code, party.phone
            )
        for item in s.scalars(select(Product)):
            assert item.search_key == search_key(item.name, item.code, item.spec, item.barcode)
        first = customers[0]
        initials = first.search_key.split()[1]
        assert first in find_parties(s, initials, limit=1000)


def test_red_reversal_nets_its_original(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = demo
    with ledger.read() as s:
        original = aliased(Document)
        pairs = s.execute(
            select(Document, original).join(original, original.id == Document.reverses_id)
        ).all()
        assert pairs
        for red, orig in pairs:
            assert red.total == -orig.total and orig.status == "reversed"
            assert red.doc_date >= orig.doc_date


def test_services_keep_working_on_the_demo(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = demo
    on = END + timedelta(days=1)
    with ledger.read() as s:
        orders = list(
            s.scalars(
                select(Document)
                .where(
                    Document.kind == "sales_order",
                    Document.status.in_(("confirmed", "partial", "fulfilled")),
                )
                .order_by(Document.number)
            )
        )
        billable = [
            o for o in orders if any(p.to_bill > 0 for p in trade.order_progress(s, o).values())
        ]
        deliverable = [
            o for o in orders if any(p.to_fulfil > 0 for p in trade.order_progress(s, o).values())
        ]
        numbers = set(s.scalars(select(Document.number)))
    assert billable and deliverable
    with ledger.unit() as uow:
        bill = trade.bill_order(uow, billable[0].id, doc_date=on)
        bill_id, customer = bill.id, bill.party_id
        assert bill.number not in numbers
    with ledger.unit() as uow:
        delivery = trade.fulfil(uow, deliverable[-1].id, doc_date=on)
        assert delivery.number not in numbers
    with ledger.unit() as uow:
        assert customer is not None
        receipt = payments.record_payment(uow, customer, "100.00", doc_date=on)
        assert receipt.number not in numbers
    with ledger.unit() as uow:
        red = reversal.reverse(uow, receipt.id, "测试：录错金额", doc_date=on)
        assert red.total == Decimal("-100.00")
    with ledger.unit() as uow:
        reversal.reverse(uow, bill_id, "测试：开错单", doc_date=on)
    with ledger.unit() as uow:
        draft = create_draft(uow, "sales_order", customer, [LineInput("000001", 2)], on)
        # the demo has customers over credit: confirm with a reason, as a clerk would
        credit.confirm_order(uow, draft.id, override_reason="测试放行", as_of=on)
    with ledger.read() as s:
        assert run_checks(s) == []


def test_confirm_over_credit_needs_reason_on_demo(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = demo
    with ledger.read() as s:
        tight = s.scalars(
            select(Party)
            .where(Party.is_customer.is_(True), Party.credit_limit.is_not(None))
            .order_by(Party.credit_limit, Party.code)
        ).first()
        assert tight is not None and tight.credit_limit is not None
        qty = int(tight.credit_limit) + 1
    with pytest.raises(CreditError), ledger.unit() as uow:
        draft = create_draft(
            uow, "sales_order", tight.id, [LineInput("000001", qty, unit_price="10")], END
        )
        credit.confirm_order(uow, draft.id, as_of=END)
    with ledger.unit() as uow:
        draft = create_draft(
            uow, "sales_order", tight.id, [LineInput("000001", qty, unit_price="10")], END
        )
        credit.confirm_order(uow, draft.id, override_reason="老板同意", as_of=END)
    with ledger.read() as s:
        assert run_checks(s) == []


def test_one_audit_entry_and_an_intent_per_action(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    with ledger.read() as s:
        audit = list(s.scalars(select(AuditEntry)))
        assert len(audit) == 1 and audit[0].entity == "ledger" and audit[0].action == "demo"
        assert audit[0].after is not None
        assert audit[0].after["rows"]["document_line"] == summary.lines
        intents = list(s.scalars(select(OutboxEntry.intent).order_by(OutboxEntry.seq)))
        parties = s.scalar(select(func.count()).select_from(Party))
    assert intents[0] == "firm.create" and set(intents) <= set(INTENTS)
    assert intents.count("party.create") == parties
    assert intents.count("product.create") == SMALL["products"]
    assert intents.count("sales_order.confirm") >= 1 and intents.count("fapiao.red") >= 1


def test_the_outbox_replays_into_the_same_books(
    demo: tuple[Ledger, DemoSummary], tmp_path: Path
) -> None:
    """Every simulated action, applied again through the services to an empty ledger,
    makes the same documents, numbers, stock, balances, allocations and fapiao: the
    simulation posts exactly as the services do."""
    ledger, _ = demo
    copy = tmp_path / "copy.zhangfang"
    assert replay_into_empty(ledger, copy) > 0
    assert_same_books(ledger.path, copy)
    replayed = Ledger.open(copy, actor="tester")
    try:
        with replayed.read() as s:
            assert run_checks(s) == []
    finally:
        replayed.close()


def test_refuses_a_ledger_that_is_not_empty(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = demo
    with pytest.raises(ValidationError) as err:
        generate_demo(ledger, **SMALL)  # type: ignore[arg-type]
    assert err.value.code == "ledger_not_empty"


def test_cancel_leaves_the_ledger_empty_and_progress_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path))
    ledger = Ledger.open(tmp_path / "c.zhangfang", create=True, actor="tester")
    seen: list[tuple[int, int]] = []
    with pytest.raises(DemoCancelled):
        generate_demo(
            ledger,
            progress=lambda d, t: seen.append((d, t)),
            cancel=lambda: len(seen) >= 2,
            **SMALL,
        )  # type: ignore[arg-type]
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 0
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    seen.clear()
    generate_demo(ledger, progress=lambda d, t: seen.append((d, t)), **SMALL)  # type: ignore[arg-type]
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    ledger.close()


def test_the_demo_has_a_marketplace_with_a_buyer_waiting(
    demo: tuple[Ledger, DemoSummary],
) -> None:
    from desktop.services import market
    from desktop.services.market_inbox import inbox_drafts, pending_buyers

    ledger, _ = demo
    with ledger.read() as s:
        rows = market.catalog_rows(s)
        drafts = inbox_drafts(s)
        buyers = pending_buyers(s)
        assert len(rows) == 24 and all(r.published for r in rows)
        assert {r.availability.shown for r in rows} == {"figure", "level"}
        assert [b.name for b in buyers] == ["周小满"] and buyers[0].drafts == len(drafts)
        assert sorted(d.kind for d in drafts) == ["quote", "sales_order"]
        assert all(d.customer == "" and d.total > 0 for d in drafts)
        refs = [
            uuid.UUID(d.external_ref[4:])
            for d in s.scalars(select(Document).where(Document.buyer_id.is_not(None)))
        ]
        assert {x.status for x in market.status_of(s, refs).values()} == {"received"}
