"""A copied ledger's unsent records take the new desk's numbers (desktop.sync.renumber)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop.models import AuditEntry, Document, OutboxEntry, OutboxState, Party, Product
from desktop.services import documents
from desktop.services.desks import set_desk
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.sync.intents import apply_intent
from desktop.sync.renumber import COPIED_FROM, note_copy, renumber_unsent
from tests.helpers import D, customer, product
from tests.sync.conftest import settle_outbox

ON = date(2026, 12, 3)


def test_unsent_records_take_the_new_desks_series_in_the_ledger_and_the_outbox(
    ledger: Ledger, tmp_path: Path
) -> None:
    set_desk(ledger, "A")
    sent = customer(ledger, "已发送商行")  # synced before the copy was made: stays C-A-0001
    settle_outbox(ledger)
    zhang = customer(ledger, "张三五金")
    screw = product(ledger, code="", name="螺丝")
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow, "sales_order", zhang, [LineInput(screw, D("2"), "个", "10")], ON
        )
    with ledger.read() as session:
        before = {
            "sent": session.get_one(Party, sent).code,
            "zhang": session.get_one(Party, zhang).code,
            "screw": session.get_one(Product, screw).code,
            "doc": session.get_one(Document, doc.id).number,
        }
    assert before == {
        "sent": "C-A-0001",
        "zhang": "C-A-0002",
        "screw": "SP-A-0001",
        "doc": "XD-A-2612-0001",
    }

    note_copy(ledger)  # the server said: a copy
    set_desk(ledger, "C")  # enrolled anew as desk C
    mapping = renumber_unsent(ledger)

    assert mapping == {
        "C-A-0002": "C-C-0001",
        "SP-A-0001": "SP-C-0001",
        "XD-A-2612-0001": "XD-C-2612-0001",
    }
    with ledger.read() as session:
        assert session.get_one(Party, sent).code == "C-A-0001"
        zhang_row = session.get_one(Party, zhang)
        assert zhang_row.code == "C-C-0001" and "c-c-0001" in zhang_row.search_key.lower()
        assert session.get_one(Product, screw).code == "SP-C-0001"
        doc_row = session.get_one(Document, doc.id)
        assert (doc_row.number, doc_row.desk) == ("XD-C-2612-0001", "C")
        rows = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state == OutboxState.PENDING)
                .order_by(OutboxEntry.seq)
            )
        )
        text = repr([row.args for row in rows])
        assert "-A-" not in text
        assert rows[0].args["code"] == "C-C-0001"
        assert rows[2].args["number"] == "XD-C-2612-0001"
        trail = session.scalars(select(AuditEntry).where(AuditEntry.action == "renumber")).all()
        assert [(t.before, t.after) for t in trail] == [
            (
                {"desk": "A", "numbers": list(mapping)},
                {"desk": "C", "numbers": list(mapping.values())},
            )
        ]
        # the party's own audit entry shows the code it had
        assert session.scalar(
            select(AuditEntry.before).where(
                AuditEntry.entity == "party",
                AuditEntry.entity_id == str(zhang),
                AuditEntry.action == "update",
            )
        ) == {"code": "C-A-0002", "search_key": before_key(zhang_row.search_key)}
    assert ledger.local_setting(COPIED_FROM) == ""
    assert renumber_unsent(ledger) == {}  # again: nothing left to do

    # the rewritten intents replay on another copy exactly (the server's view of them)
    replayed = Ledger.open(tmp_path / "other.zhangfang", create=True, actor="server")
    try:
        with ledger.read() as session:
            intents = [
                (row.intent, row.args)
                for row in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
            ]
        for intent, args in intents:
            with replayed.unit() as uow:
                uow.remote = True
                apply_intent(uow, intent, args)
        with replayed.read() as session:
            assert sorted(session.scalars(select(Party.code))) == ["C-A-0001", "C-C-0001"]
            assert list(session.scalars(select(Document.number))) == ["XD-C-2612-0001"]
    finally:
        replayed.close()


def before_key(after: str) -> str:
    return after.replace("c-c-0001", "c-a-0002").replace("C-C-0001", "C-A-0002")


def test_a_desk_that_is_no_copy_renumbers_nothing(ledger: Ledger) -> None:
    set_desk(ledger, "A")
    customer(ledger, "张三五金")
    set_desk(ledger, "B")  # re-enrolled after a revocation: not a copy
    assert renumber_unsent(ledger) == {}
    with ledger.read() as session:
        assert list(session.scalars(select(Party.code))) == ["C-A-0001"]
