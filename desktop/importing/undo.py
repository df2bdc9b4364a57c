"""Undo a whole import batch, the way a careful bookkeeper would: what the import wrote
that has append-only consequences is netted by new entries (红冲), never deleted or edited.

* Posted documents the import created (opening balances, opening stock, payments, history
  posted with balances) are **red-reversed**: a reversal per document nets its stock moves,
  balance entry and allocations (``undo_reversal.py``, set-based for a batch of 20,000
  bills). The audit trail keeps both; the original's ``external_ref`` is cleared so the same
  file can be imported again later.
* History bills kept as closed records (no balance effect) that moved stock ("记入库存"), or
  that a fapiao or another document points to, are reversed the same way by closed records:
  their stock moves are append-only and keep naming them.
* Closed history records with none of that are deleted with their lines, each deletion
  audited: they changed no stock, balance or allocation, so nothing append-only refers to
  them, and deleting leaves the ledger as if they had never been imported.
* Customers, suppliers and products it created are deleted when nothing uses them, otherwise
  archived (停用) — a document or stock move that still names them must keep its reference.
* Fields it changed are restored from the audit log's "before" values, but only where the
  current value is still the one the import wrote: a later edit by a person is never undone.
* Fapiao it recorded are deleted; a fapiao it cancelled is restored (fapiao are not
  append-only).

Everything happens in one unit of work after an automatic backup; if anything blocks (a
return against an imported bill, goods brought in that later sales took while negative
stock is blocked) nothing is changed and the message says why.

This module decides, from this ledger's audit trail, what the undo takes back; the
reversals are recorded as ``document.reverse`` intents, and everything else as one
``import.undo`` intent carrying the decision (:class:`undo_apply.UndoPlan`): the ids it
deletes or archives, the values it restores. ``undo_apply`` makes those changes, here and
on any other copy of the ledger that applies the intent.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.importing.undo_apply import (
    MASTERS,
    MODELS,
    PARENT,
    UndoPlan,
    UndoReport,
    apply_documents,
    apply_records,
    closed_with_consequences,
    from_json,
    lasting,
    record,
    used_ids,
)
from desktop.importing.undo_reversal import can_reverse_here, read_originals, reverse_many
from desktop.models import AuditEntry, Base, DocStatus, ImportBatch, ImportState
from desktop.services.backup import labelled_backup
from desktop.services.ledger import Ledger
from desktop.services.reversal import reverse
from desktop.services.uow import UnitOfWork

__all__ = ["UndoReport", "find_batch", "undo_batch"]

_SKIP = {"updated_at", "version", "search_key", "created_at", "id"}


def find_batch(session: Session, key: str) -> ImportBatch:
    """A batch by its id (or a unique prefix of it), with a plain error otherwise."""
    text = key.strip().lower().replace("-", "")
    batches = [b for b in session.scalars(select(ImportBatch)) if b.id.hex.startswith(text)]
    if len(batches) != 1 or not text:
        raise ValidationError(
            "no_batch",
            f"找不到导入批次 {key}。",
            f"No import batch {key}.",
        )
    return batches[0]


def undo_batch(ledger: Ledger, key: str, *, backup: bool = True, reason: str = "") -> UndoReport:
    with ledger.read() as session:
        batch_id = find_batch(session, key).id
    report = UndoReport(batch_id)
    with ledger.unit() as uow:
        uow.touch_all()  # whatever the batch made, in any table, is taken back
        batch = uow.session.get(ImportBatch, batch_id)
        assert batch is not None
        if batch.state != ImportState.APPLIED:
            raise ValidationError(
                "already_undone", "这批导入已经撤销过了。", "This import was already undone."
            )
        if backup:
            report.backup_path = labelled_backup(ledger.path, "before-undo-import")
        entries = list(
            uow.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.batch_id == batch_id)
                .order_by(AuditEntry.seq.desc())
            )
        )
        plan = UndoPlan(batch_id, reason or f"撤销导入（{batch.file_name}）")
        _undo_documents(uow, entries, plan, report)
        apply_documents(uow, plan, report)
        _decide_records(uow.session, entries, plan, report)
        apply_records(uow, plan, report)
        batch.state = ImportState.UNDONE
        batch.counts = {**batch.counts, "undo": report.as_dict()}
        record(uow, plan)
    return report


def _undo_documents(
    uow: UnitOfWork, entries: list[AuditEntry], plan: UndoPlan, report: UndoReport
) -> None:
    """Reverse what has consequences (recorded as ``document.reverse`` intents); plan to
    delete the closed records that have none, and to clear the reversed ones' import
    reference."""
    session = uow.session
    session.flush()
    doc_ids = [
        uuid.UUID(e.entity_id) for e in entries if e.entity == "document" and e.action == "insert"
    ]
    docs = read_originals(session, doc_ids)  # a big import has 100,000 bills: no get() each
    closed = [d.id for d in docs if d.status == DocStatus.CLOSED]
    kept = closed_with_consequences(session, closed)
    # returns before the bills they are of (deleted in an earlier chunk, or the same)
    plan.documents = [
        d.id
        for d in sorted(docs, key=lambda d: d.source_id is None)
        if d.status == DocStatus.CLOSED and d.id not in kept
    ]
    docs = [d for d in docs if d.status == DocStatus.POSTED or d.id in kept]
    for d in docs:
        if can_reverse_here(d):
            continue
        # one by one, as the document screen does, and first: a return (a cancelled
        # invoice of the history) before its bill; taking back an import is no reversal
        # of the books the owner must approve (the bulk path below asks nobody either)
        red_doc = reverse(uow, d.id, plan.reason, import_undo=True)
        report.reversed.append(f"{d.number}→{red_doc.number}")
    here = [d for d in docs if can_reverse_here(d)]
    for original, red in reverse_many(uow, here, plan.reason):
        report.reversed.append(f"{original}→{red}")
    plan.unref = [d.id for d in docs]


def _load(session: Session, entries: list[AuditEntry]) -> dict[uuid.UUID, Any]:
    """The rows these entries created, by id, in a few queries per table (an import creates
    thousands: one query each took most of an undo). The caller holds them: the session
    keeps only weak references to unchanged rows."""
    by_model: dict[type[Base], list[uuid.UUID]] = {}
    for e in entries:
        by_model.setdefault(MODELS[e.entity], []).append(uuid.UUID(e.entity_id))
    rows: dict[uuid.UUID, Any] = {}
    for model, ids in by_model.items():
        key = inspect(model).primary_key[0]
        for start in range(0, len(ids), 500):
            found: Any = session.scalars(select(model).where(key.in_(ids[start : start + 500])))
            rows.update((row.id, row) for row in found)
    return rows


def _decide_records(
    session: Session, entries: list[AuditEntry], plan: UndoPlan, report: UndoReport
) -> None:
    """Master data and fapiao: drop what was added (archive a record something still
    uses), restore what was changed, then re-create what was replaced (a product's units
    and prices are replaced as a set). Reads only: ``apply_records`` makes the changes."""
    session.flush()
    entries = [e for e in entries if e.entity not in ("document", "document_line")]
    created = {e.entity_id for e in entries if e.action == "insert"}
    inserted = [e for e in entries if e.action == "insert" and e.entity in MODELS]
    loaded = _load(session, inserted)
    going: dict[str, set[uuid.UUID]] = {}
    # first what may point to a party or product (a fapiao, a unit...), then the parties and
    # products, so that one only this import used is deleted rather than archived
    for masters in (False, True):
        batch = [e for e in inserted if (e.entity in MASTERS) == masters]
        used: set[uuid.UUID] = set()
        if masters:
            for entity in MASTERS:
                ids = [uuid.UUID(e.entity_id) for e in batch if e.entity == entity]
                used |= used_ids(session, entity, ids, going)
        for e in batch:
            row = loaded.get(uuid.UUID(e.entity_id))
            if row is None:
                continue  # deleted since
            parent = PARENT.get(e.entity)
            if parent and str(getattr(row, parent)) in created:
                continue  # goes (or stays) with its parent
            if masters and row.id in used:
                if not row.archived:
                    plan.archive.append((e.entity, row.id))
                continue
            plan.delete.append((e.entity, row.id, lasting(row) if parent else None))
            going.setdefault(e.entity, set()).add(row.id)
    gone: set[uuid.UUID] = set().union(*going.values())
    _decide_restores(session, entries, gone, plan, report)
    gone_keys = {str(ident) for ident in gone}
    for e in reversed(entries):
        model = MODELS.get(e.entity)
        if model is None or e.action != "delete" or not e.before or e.entity_id in created:
            continue  # (a row this import made and replaced itself is not made again)
        parent = PARENT.get(e.entity)
        if parent and str(e.before.get(parent)) in gone_keys:
            continue  # its record goes
        if session.get(model, uuid.UUID(e.entity_id)) is None:
            plan.recreate.append((e.entity, e.before))


def _decide_restores(
    session: Session,
    entries: list[AuditEntry],
    gone: set[uuid.UUID],
    plan: UndoPlan,
    report: UndoReport,
) -> None:
    """The fields the import changed that still hold what it wrote, newest change first (a
    later edit by a person is never undone: that field is kept and reported)."""
    now: dict[uuid.UUID, dict[str, Any]] = {}  # the values as the restores so far leave them
    for e in entries:
        model = MODELS.get(e.entity)
        if model is None or e.action != "update":
            continue
        ident = uuid.UUID(e.entity_id)
        row = session.get(model, ident)
        parent = PARENT.get(e.entity)
        if row is None or ident in gone or (parent and getattr(row, parent) in gone):
            continue
        before, after = e.before or {}, e.after or {}
        wrote = from_json(model, after)
        current = now.setdefault(ident, {})
        match = lasting(row) | current if parent else None
        fields: dict[str, list[Any]] = {}
        for key in from_json(model, before):
            if key in _SKIP:
                continue
            holds = from_json(model, current)[key] if key in current else getattr(row, key)
            if holds == wrote.get(key):
                fields[key] = [after.get(key), before[key]]
                current[key] = before[key]
            else:
                report.kept.append(f"{e.entity}.{key}")
        if fields:
            plan.restore.append((e.entity, ident, match, fields))
