"""The desk's side of sync: pending intents become ordered, hashed push batches; the
server's answers are recorded per mutation and a rejection never blocks the rest."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import OutboxEntry
from desktop.models.db import head_revision
from desktop.services import parties
from desktop.sync.outbox import next_batch, pending_count, record_results
from desktop.sync.protocol import PROTOCOL_VERSION, MutationResult, mutation_hash


def test_batches_are_ordered_hashed_and_versioned(ledger) -> None:
    for name in ("甲商行", "乙商行", "丙商行"):
        with ledger.unit() as uow:
            parties.create_party(uow, name=name)
    with ledger.read() as s:
        batch = next_batch(s, ledger.desk, limit=50)
        data = batch.as_json()
    assert data["protocol"] == PROTOCOL_VERSION and data["desk"] == "A"
    assert data["schema"] == head_revision()
    seqs = [m["seq"] for m in data["mutations"]]
    assert seqs == sorted(seqs)
    names = [m["args"]["name"] for m in data["mutations"] if m["intent"] == "party.create"]
    assert names == ["甲商行", "乙商行", "丙商行"]
    first = batch.mutations[0]
    assert first.hash == mutation_hash(first.intent, first.args)
    assert mutation_hash("a", {"x": "1", "y": "2"}) == mutation_hash("a", {"y": "2", "x": "1"})


def test_a_rejection_does_not_block_the_queue(ledger) -> None:
    for name in ("甲商行", "乙商行", "丙商行"):
        with ledger.unit() as uow:
            parties.create_party(uow, name=name)
    with ledger.read() as s:
        batch = next_batch(s, ledger.desk)
        total = pending_count(s)
    ids = [m.id for m in batch.mutations]
    answers = [
        MutationResult(ids[0], "applied"),
        MutationResult(ids[1], "rejected", reason="编码冲突"),
        MutationResult(ids[2], "duplicate"),
        MutationResult("not-a-uuid", "applied"),
        MutationResult(ids[3] if len(ids) > 3 else ids[2], "bogus-status"),
    ]
    with ledger.read() as s:
        tally = record_results(s, answers)
        s.commit()
    assert tally == {"applied": 2, "rejected": 1}
    with ledger.read() as s:
        assert pending_count(s) == total - 3
        rejected = s.scalar(select(OutboxEntry).where(OutboxEntry.state == "rejected"))
        assert rejected is not None and rejected.result["reason"] == "编码冲突"
        assert [m.id for m in next_batch(s, ledger.desk).mutations] == ids[3:]
