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
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date as SADate
from sqlalchemy import DateTime, Uuid, delete, inspect, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.importing.undo_reversal import can_reverse_here, read_originals, reverse_many
from desktop.models import (
    AuditEntry,
    Base,
    DocStatus,
    Document,
    DocumentLine,
    Fapiao,
    FapiaoLink,
    ImportBatch,
    ImportState,
    Party,
    PartyEntry,
    Product,
    StockMove,
)
from desktop.models.types import ScaledDecimal
from desktop.search_keys import search_key
from desktop.services.backup import labelled_backup
from desktop.services.ledger import Ledger
from desktop.services.reversal import reverse
from desktop.services.uow import UnitOfWork

_SKIP = {"updated_at", "version", "search_key", "created_at", "id"}
_MODELS = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


@dataclass
class UndoReport:
    batch_id: uuid.UUID
    reversed: list[str] = field(default_factory=list)
    deleted_documents: int = 0
    deleted: dict[str, int] = field(default_factory=dict)
    archived: list[str] = field(default_factory=list)
    restored: int = 0
    kept: list[str] = field(default_factory=list)  # fields edited since, left alone
    backup_path: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": str(self.batch_id),
            "reversed": self.reversed,
            "deleted_documents": self.deleted_documents,
            "deleted": self.deleted,
            "archived": self.archived,
            "restored_fields": self.restored,
            "kept_later_edits": self.kept,
            "backup": str(self.backup_path) if self.backup_path else None,
        }


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
        why = reason or f"撤销导入（{batch.file_name}）"
        _undo_documents(uow, entries, why, report)
        _undo_rows(uow.session, entries, report)
        batch.state = ImportState.UNDONE
        batch.counts = {**batch.counts, "undo": report.as_dict()}
        uow.record("import.undo", {"batch": batch_id})
    return report


def _undo_documents(
    uow: UnitOfWork, entries: list[AuditEntry], why: str, report: UndoReport
) -> None:
    """Reverse what has consequences, delete the closed records that have none."""
    session = uow.session
    session.flush()
    doc_ids = [
        uuid.UUID(e.entity_id) for e in entries if e.entity == "document" and e.action == "insert"
    ]
    docs = read_originals(session, doc_ids)  # a big import has 100,000 bills: no get() each
    closed = [d.id for d in docs if d.status == DocStatus.CLOSED]
    kept = _with_consequences(session, closed)
    deletable = [ident for ident in closed if ident not in kept]
    docs = [d for d in docs if d.status == DocStatus.POSTED or d.id in kept]
    here = [d for d in docs if can_reverse_here(d)]
    for original, red in reverse_many(uow, here, why):
        report.reversed.append(f"{original}→{red}")
    for d in docs:
        if can_reverse_here(d):
            continue
        red_doc = reverse(uow, d.id, why)  # one by one, as the document screen does
        report.reversed.append(f"{d.number}→{red_doc.number}")
        reversed_doc = session.get(Document, d.id)
        assert reversed_doc is not None
        reversed_doc.external_ref = None
    for start in range(0, len(deletable), 500):
        _delete_closed(uow, deletable[start : start + 500], why)
    report.deleted_documents += len(deletable)


def _with_consequences(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these closed records something append-only or another row points to: their
    stock moves, a fapiao linked to them, a document made from them."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for column in (StockMove.document_id, FapiaoLink.document_id, Document.source_id):
            found.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
    return found


def _delete_closed(uow: UnitOfWork, ids: list[uuid.UUID], why: str) -> None:
    """Closed records nothing points to: rows with no consequence, deleted with an audit
    entry each, as if never imported."""
    session = uow.session
    session.flush()
    numbers = dict(
        session.execute(select(Document.id, Document.number).where(Document.id.in_(ids))).all()
    )
    session.execute(delete(DocumentLine).where(DocumentLine.document_id.in_(ids)))
    session.execute(delete(Document).where(Document.id.in_(ids)))
    for doc_id in ids:
        session.add(
            AuditEntry(
                actor=uow.actor,
                desk=uow.desk,
                entity="document",
                entity_id=str(doc_id),
                action="delete",
                before={"number": numbers.get(doc_id), "reason": why},
                after=None,
            )
        )
    uow.touch("document")


def _from_json(model: type[Base], data: dict[str, Any]) -> dict[str, Any]:
    cols = {c.key: c for c in model.__table__.columns}
    out: dict[str, Any] = {}
    for key, value in data.items():
        col = cols.get(key)
        if col is None:
            continue
        out[key] = _convert(col.type, value)
    return out


def _convert(typ: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(typ, ScaledDecimal):
        return Decimal(str(value))
    if isinstance(typ, Uuid):
        return uuid.UUID(str(value))
    if isinstance(typ, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(typ, SADate):
        return date.fromisoformat(value)
    return value


def _load(session: Session, entries: list[AuditEntry]) -> dict[uuid.UUID, Any]:
    """The rows these entries created, by id, in a few queries per table (an import creates
    thousands: one query each took most of an undo). The caller holds them: the session
    keeps only weak references to unchanged rows."""
    by_model: dict[type[Base], list[uuid.UUID]] = {}
    for e in entries:
        by_model.setdefault(_MODELS[e.entity], []).append(uuid.UUID(e.entity_id))
    rows: dict[uuid.UUID, Any] = {}
    for model, ids in by_model.items():
        key = inspect(model).primary_key[0]
        for start in range(0, len(ids), 500):
            found: Any = session.scalars(select(model).where(key.in_(ids[start : start + 500])))
            rows.update((row.id, row) for row in found)
    return rows


def _used_ids(session: Session, entries: list[AuditEntry]) -> set[uuid.UUID]:
    """Which of these parties and products something in the ledger still points to."""
    uses = {
        "party": (Document.party_id, Fapiao.party_id, PartyEntry.party_id),
        "product": (DocumentLine.product_id, StockMove.product_id),
    }
    used: set[uuid.UUID] = set()
    for entity, columns in uses.items():
        ids = [uuid.UUID(e.entity_id) for e in entries if e.entity == entity]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for column in columns:
                used.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
    return used


_PARENT = {
    "product_unit": "product_id",
    "product_price": "product_id",
    "party_contact": "party_id",
    "fapiao_link": "fapiao_id",
}


def _undo_rows(session: Session, entries: list[AuditEntry], report: UndoReport) -> None:
    """Master data and fapiao: drop what was added, restore what was changed, then re-create
    what was replaced (a product's units and prices are replaced as a set)."""
    session.flush()
    entries = [e for e in entries if e.entity not in ("document", "document_line")]
    created = {e.entity_id for e in entries if e.action == "insert"}
    inserted = [e for e in entries if e.action == "insert" and e.entity in _MODELS]
    loaded = _load(session, inserted)
    with session.no_autoflush:  # archiving one must not flush before reading the next
        # first what may point to a party or product (a fapiao, a unit...), then the parties and
        # products, so that one only this import used is deleted rather than archived
        for masters in (False, True):
            batch = [e for e in inserted if (e.entity in ("party", "product")) == masters]
            used = _used_ids(session, batch) if masters else set()
            for e in batch:
                row = loaded.get(uuid.UUID(e.entity_id))
                if row is None or row in session.deleted or inspect(row).was_deleted:
                    continue  # gone with a row deleted before it
                parent = _PARENT.get(e.entity)
                if parent and str(getattr(row, parent)) in created:
                    continue  # goes (or stays) with its parent
                if masters and row.id in used:
                    if not row.archived:
                        row.archived = True
                        report.archived.append(f"{row.code} {row.name}")
                    continue
                session.delete(row)
                report.deleted[e.entity] = report.deleted.get(e.entity, 0) + 1
            session.flush()
        for e in entries:
            model = _MODELS.get(e.entity)
            if model is None or e.action != "update":
                continue
            row = session.get(model, uuid.UUID(e.entity_id))
            if row is not None:
                _restore(row, model, e, report)
    for e in reversed(entries):
        model = _MODELS.get(e.entity)
        if model is None or e.action != "delete" or not e.before:
            continue
        if session.get(model, uuid.UUID(e.entity_id)) is None:
            session.add(model(**_from_json(model, e.before)))
            session.flush()


def _restore(row: Any, model: type[Base], e: AuditEntry, report: UndoReport) -> None:
    before = _from_json(model, e.before or {})
    after = _from_json(model, e.after or {})
    changed = False
    for key, old in before.items():
        if key in _SKIP:
            continue
        if getattr(row, key) == after.get(key):
            setattr(row, key, old)
            report.restored += 1
            changed = True
        else:
            report.kept.append(f"{e.entity}.{key}")
    if changed and isinstance(row, Party):
        row.search_key = search_key(row.name, row.short_name, row.code, row.phone)
        row.version += 1
    elif changed and isinstance(row, Product):
        row.search_key = search_key(row.name, row.code, row.spec, row.barcode)
        row.version += 1
