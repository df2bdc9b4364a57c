"""The sync core: desks' mutations applied to the firm's ledger, the change log to desks.

No HTTP here: ``Hub`` does what the server's push and pull routes do around the core (keep
the applied mutations in order as the change log). The checks of docs/sync.md that are
about the rules rather than the wire: convergence, retries, one bad change among good ones,
two desks selling the last units, concurrent edits of one customer.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from desktop.errors import LedgerFileError, ValidationError
from desktop.models import Document, OutboxEntry, Party, StockBalance, SyncProblem
from desktop.services import credit, documents, firm, parties, sync_problems, trade
from desktop.services.desks import set_desk
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.opening import opening_stock
from desktop.sync import snapshot as snapshot_files
from desktop.sync.apply import apply_changes, apply_mutations, sync_cursor
from desktop.sync.outbox import next_batch, record_results
from desktop.sync.protocol import Mutation, ResultStatus, mutation_hash
from tests.helpers import D, customer, product
from tests.replay import snapshot


class Hub:
    """The server's part around the core: apply pushes to the firm's ledger, keep the
    change log (what the real server keeps in its ``change`` table)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.log: list[dict[str, Any]] = []

    def push(self, desk: Ledger) -> list[str]:
        with desk.read() as session:
            batch = next_batch(session, desk.desk, limit=1000)
        results = apply_mutations(self.ledger, batch.desk, batch.mutations)
        for m, r in zip(batch.mutations, results, strict=True):
            if r.status == ResultStatus.APPLIED:
                self.log.append(
                    {
                        "seq": len(self.log) + 1,
                        "id": m.id,
                        "desk": batch.desk,
                        "intent": m.intent,
                        "args": m.args,
                        "actor": m.actor,
                        "result": r.data,
                    }
                )
        with desk.session() as session:
            record_results(session, results)
            session.commit()
        return [r.status for r in results]

    def pull(self, desk: Ledger) -> int:
        since = sync_cursor(desk)
        page = [c for c in self.log if c["seq"] > since]
        return apply_changes(desk, page, desk.desk, self.log[-1]["seq"] if self.log else since)

    def sync(self, *desks: Ledger) -> None:
        for desk in desks:
            self.push(desk)
        for desk in desks:
            self.pull(desk)


def _copy(template: Path, tmp_path: Path, name: str, desk: str) -> Ledger:
    path = tmp_path / f"{name}.zhangfang"
    shutil.copyfile(template, path)
    ledger = Ledger.open(path, actor=name)
    with ledger.session() as session:  # the firm was made once, before the desks split
        session.execute(update(OutboxEntry).values(state="applied"))
        session.commit()
    set_desk(ledger, desk)
    return ledger


@pytest.fixture
def firm_ledgers(ledger_path: Path, tmp_path: Path) -> Any:
    opened = [
        _copy(ledger_path, tmp_path, name, desk)
        for name, desk in (("server", "S"), ("a", "A"), ("b", "B"))
    ]
    yield Hub(opened[0]), opened[1], opened[2]
    for ledger in opened:
        ledger.close()


def _books(ledger: Ledger, *, valuations: bool = True) -> Any:
    books = snapshot(ledger.path)
    books.pop("number_series", None)  # each copy counts the numbers it handed out itself
    books.pop("credit_override", None)  # noted where applied, with that copy's time
    if not valuations:  # see the test of the last units
        books["stock_move"] = Counter(
            tuple(pair for pair in row if pair[0] != "unit_cost") for row in books["stock_move"]
        )
    return books


def _sale(ledger: Ledger, party: Any, code: str, qty: str, on: date) -> Document:
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", party, [LineInput(code, D(qty), "个", "10")], on
        )
        credit.confirm_order(uow, order.id)
        trade.fulfil(uow, order.id, doc_date=on)
        return order


def test_changes_made_at_two_desks_reach_every_copy_and_the_books_agree(firm_ledgers) -> None:
    hub, a, b = firm_ledgers
    zhang = customer(a, "张三五金")
    product(a, code="0042", name="六角螺栓 M8")
    hub.sync(a, b)
    with b.read() as session:
        assert session.get(Party, zhang).name == "张三五金"
    order = _sale(b, zhang, "0042", "3", date(2026, 12, 1))
    hub.sync(b, a)
    with a.read() as session:
        copy = session.get(Document, order.id)
        assert copy is not None and copy.number == order.number and copy.number.split("-")[1] == "B"
    assert _books(a) == _books(b) == _books(hub.ledger)


def test_a_push_retried_after_a_lost_answer_applies_once(firm_ledgers) -> None:
    hub, a, _b = firm_ledgers
    zhang = customer(a)
    product(a, code="0042", name="六角螺栓 M8")
    _sale(a, zhang, "0042", "2", date(2026, 12, 1))
    with a.read() as session:
        batch = next_batch(session, "A")
    first = apply_mutations(hub.ledger, "A", batch.mutations)  # the answer is lost...
    again = apply_mutations(hub.ledger, "A", batch.mutations)  # ...so the desk sends again
    assert {r.status for r in first} == {ResultStatus.APPLIED}
    assert {r.status for r in again} == {ResultStatus.DUPLICATE}
    with hub.ledger.read() as session:
        kinds = session.scalars(select(Document.kind)).all()
        assert sorted(kinds) == ["delivery", "sales_order"]  # one order, one delivery


def test_one_refused_change_never_blocks_the_hundred_behind_it(firm_ledgers) -> None:
    hub, a, _b = firm_ledgers
    bad_args = {"id": "0190d5a0-0000-7000-8000-000000000000", "reason": "x", "made": []}
    bad = Mutation(
        0,
        "0190d5a0-0000-7000-8000-00000000bad0",
        "document.cancel",
        bad_args,
        mutation_hash("document.cancel", bad_args),
    )
    for n in range(100):
        customer(a, f"客户{n:03d}")
    with a.read() as session:
        good = next_batch(session, "A", limit=1000).mutations
    results = apply_mutations(hub.ledger, "A", [bad, *good])
    assert results[0].status == ResultStatus.REJECTED and "找不到" in results[0].data["reason_zh"]
    assert [r.status for r in results[1:]] == [ResultStatus.APPLIED] * 100
    # asked again, the refusal is the same answer, not a second try
    assert apply_mutations(hub.ledger, "A", [bad])[0].status == ResultStatus.REJECTED


def test_the_same_mutation_id_with_another_body_is_diverged(firm_ledgers) -> None:
    hub, a, _b = firm_ledgers
    customer(a)
    with a.read() as session:
        (m,) = next_batch(session, "A").mutations
    apply_mutations(hub.ledger, "A", [m])
    tampered = Mutation(m.seq, m.id, m.intent, {**m.args, "name": "别的"}, "0" * 64)
    assert apply_mutations(hub.ledger, "A", [tampered])[0].status == ResultStatus.DIVERGED


def test_two_desks_selling_the_last_units_offline_both_stand_and_a_person_hears(
    firm_ledgers,
) -> None:
    hub, a, b = firm_ledgers
    with a.unit() as uow:
        firm.update_firm(uow, negative_stock="block")
    zhang = customer(a)
    product(a, code="0042", name="六角螺栓 M8")
    with a.unit() as uow:
        opening_stock(uow, {"0042": ("5", "2")}, date(2026, 11, 30))
    hub.sync(a, b)
    first = _sale(a, zhang, "0042", "5", date(2026, 12, 1))  # offline, each sees 5 on hand
    second = _sale(b, zhang, "0042", "5", date(2026, 12, 1))
    hub.sync(a, b)
    hub.sync(a, b)
    for copy in (hub.ledger, a, b):
        with copy.read() as session:
            assert session.scalar(select(func.sum(StockBalance.qty))) == D(-5)
            numbers = set(session.scalars(select(Document.number)))
            assert {first.number, second.number} <= numbers
            problems = session.scalars(select(SyncProblem)).all()
            assert [p.kind for p in problems] == ["negative_stock"]
            assert "库存不足" in problems[0].message_zh
    # Quantities, and the stock value and average cost now, agree everywhere (the server's).
    # KNOWN GAP (docs/sync.md, open): the cost each of the two sales was valued at depends
    # on the order a copy applied them in, and stock moves are append-only: a desk keeps
    # the valuation it made of its own sale.
    assert _books(a, valuations=False) == _books(b, valuations=False)
    assert _books(b, valuations=False) == _books(hub.ledger, valuations=False)
    assert _books(a) == _books(hub.ledger)  # A's sale reached the server first


def _both_change_the_credit_limit(
    hub: Hub, a: Ledger, b: Ledger, more_a: dict[str, str], more_b: dict[str, str]
) -> Any:
    """A customer both desks change offline from the same base: A to 5000, B to 8000;
    A's change reaches the server first. Synced twice over."""
    zhang = customer(a, credit_limit="1000")
    hub.sync(a, b)
    with a.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="5000", **more_a)
    with b.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="8000", **more_b)
    hub.sync(a, b)
    hub.sync(a, b)
    return zhang


def test_different_fields_both_survive_and_a_disputed_credit_limit_is_a_conflict(
    firm_ledgers,
) -> None:
    hub, a, b = firm_ledgers
    zhang = _both_change_the_credit_limit(
        hub, a, b, {"phone": "13800000001"}, {"contact": "王经理"}
    )
    for copy in (hub.ledger, a, b):
        with copy.read() as session:
            party = session.get(Party, zhang)
            assert (party.phone, party.contact, party.credit_limit) == (
                "13800000001",
                "王经理",
                D("5000"),  # the first to reach the server; the other is a conflict
            )
            (problem,) = session.scalars(select(SyncProblem)).all()
            assert problem.kind == "conflict" and problem.data["offered"] == "8000.00"
            assert "信用额度已被另一台电脑改为 5000.00，本次改为 8000.00 未采用" in (
                problem.message_zh
            )
            assert "the credit limit was changed to 5000.00" in problem.message_en
    assert _books(a) == _books(b) == _books(hub.ledger)


def test_a_pulled_page_and_its_cursor_land_together(firm_ledgers) -> None:
    hub, a, b = firm_ledgers
    customer(a)
    hub.push(a)
    assert hub.pull(b) == 1 and sync_cursor(b) == 1
    assert hub.pull(b) == 0  # nothing new: the cursor says so
    # a page pulled again (the desk died before it saw the answer) changes nothing
    assert apply_changes(b, hub.log, "B", 1) == 0
    with b.read() as session:
        assert session.scalar(select(func.count()).select_from(Party)) == 1
        assert (
            session.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == "pending")
            )
            == 0
        )  # nothing applied from elsewhere goes back


# --- snapshots: the firm's first state, and joining a firm that has data --------------------


def test_a_ledger_with_data_becomes_the_firms_first_state_and_a_new_desk_joins_it(
    firm_ledgers, tmp_path: Path, ledger_path: Path
) -> None:
    hub, a, _b = firm_ledgers
    with a.session() as session:  # A's ledger predates sync: everything still to send
        session.execute(update(OutboxEntry).values(state="pending"))
        session.commit()
    zhang = customer(a)
    product(a, code="0042", name="六角螺栓 M8")
    _sale(a, zhang, "0042", "2", date(2026, 12, 1))
    server_path = hub.ledger.path
    hub.ledger.close()
    shot = snapshot_files.take(a.path, tmp_path / "upload.part", cursor=0)
    last = snapshot_files.adopt_upload(shot.path, shot.sha256, server_path, "A")
    assert snapshot_files.mark_uploaded(a, last) >= 4
    hub.ledger = Ledger.open(server_path)
    assert _books(hub.ledger) == _books(a)
    # A's changes are in: sent again (a retry), they answer "duplicate"
    with a.read() as session:
        assert next_batch(session, "A").mutations == []
        again = [
            Mutation(r.seq, str(r.id), r.intent, r.args, mutation_hash(r.intent, r.args))
            for r in session.scalars(select(OutboxEntry))
        ]
    assert {r.status for r in apply_mutations(hub.ledger, "A", again)} == {"duplicate"}
    # a new, empty desk joins from the firm's ledger and keeps its own settings
    fresh = tmp_path / "c.zhangfang"
    shutil.copyfile(ledger_path, fresh)
    c = Ledger.open(fresh)
    set_desk(c, "C")
    c.close()
    firm_copy = snapshot_files.take(server_path, tmp_path / "download.part", cursor=7)
    snapshot_files.join(firm_copy, fresh)
    c = Ledger.open(fresh)
    try:
        assert c.desk == "C" and sync_cursor(c) == 7
        assert _books(c) == _books(hub.ledger)
        with c.read() as session:
            assert next_batch(session, "C").mutations == []  # others' history is not resent
    finally:
        c.close()


def test_joining_refuses_a_ledger_with_its_own_data_and_a_copy_that_did_not_arrive_whole(
    firm_ledgers, tmp_path: Path, ledger_path: Path
) -> None:
    hub, _a, _b = firm_ledgers
    own = tmp_path / "own.zhangfang"
    shutil.copyfile(ledger_path, own)
    d = Ledger.open(own)
    customer(d, "王五建材")
    d.close()
    shot = snapshot_files.take(hub.ledger.path, tmp_path / "firm.part", cursor=1)
    with pytest.raises(ValidationError, match="已有自己的数据"):
        snapshot_files.join(shot, own)
    cut = tmp_path / "cut.part"
    cut.write_bytes(shot.path.read_bytes()[: shot.size // 2])
    empty = tmp_path / "empty.zhangfang"
    with pytest.raises(LedgerFileError, match="没有完整传到"):
        snapshot_files.join(snapshot_files.Snapshot(cut, shot.size // 2, shot.sha256, 1), empty)
    assert not empty.exists()


def test_a_person_settles_a_conflict_at_one_desk_and_it_is_settled_everywhere(
    firm_ledgers,
) -> None:
    hub, a, b = firm_ledgers
    zhang = _both_change_the_credit_limit(hub, a, b, {}, {})
    with b.read() as session:
        (problem,) = sync_problems.open_problems(session)
        assert sync_problems.find_problem(session, problem.id.hex[:8]).id == problem.id
    with b.unit() as uow:  # the owner decides B's figure was right
        sync_problems.resolve(uow, problem.id, "老板确认 8000", take_offered=True)
    with b.unit() as uow, pytest.raises(ValidationError, match="已由"):
        sync_problems.resolve(uow, problem.id)
    hub.sync(b, a)
    for copy in (hub.ledger, a, b):
        with copy.read() as session:
            assert session.get(Party, zhang).credit_limit == D("8000")
            assert sync_problems.open_problems(session) == []
            (settled,) = sync_problems.open_problems(session, everything=True)
            assert settled.resolution == "老板确认 8000"
    assert _books(a) == _books(b) == _books(hub.ledger)


def test_a_desk_whose_clock_is_days_ahead_is_ordered_by_the_server_and_flagged(
    firm_ledgers,
) -> None:
    hub, a, b = firm_ledgers
    zhang = customer(a)
    product(a, code="0042", name="六角螺栓 M8")
    hub.sync(a, b)
    ahead = date.today() + timedelta(days=3)  # B's clock runs three days ahead
    late = _sale(b, zhang, "0042", "1", ahead)
    now = _sale(a, zhang, "0042", "1", date.today())
    hub.sync(b, a)  # B's change reached the server first: the server's order stands
    # each sale is three changes (draft, confirm, deliver)
    assert [c["desk"] for c in hub.log[-6:]] == ["B"] * 3 + ["A"] * 3
    for copy in (hub.ledger, a, b):
        with copy.read() as session:
            problems = sync_problems.open_problems(session)  # the order and its delivery
            assert [p.kind for p in problems] == ["future_date"] * 2
            assert late.number in {p.data["document"] for p in problems}
            assert session.get(Document, now.id) is not None
