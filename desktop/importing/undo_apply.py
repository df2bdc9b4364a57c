"""Applying an import's undo: the removals and restores ``undo.py`` decided, on this copy
of the ledger or on any other.

``undo.py`` reads this ledger's audit trail and decides what taking the import back means
(an :class:`UndoPlan`); the functions here make exactly those changes, check that this
copy allows each one, and nothing else. The desk applies its plan with them and records
it as the ``import.undo`` intent; another copy (the server) applies the recorded plan with
the very same functions (:func:`apply_recorded`), after the ``document.reverse`` intents of
the documents the undo reversed. A copy whose state does not allow a change (a record to
delete is used there, a field to restore was edited since) refuses with
:class:`ReplayMismatch`, and nothing of the undo is written.

Records are named by id; a product's units and prices and a party's contacts are made
again under other ids on each copy, so they are named by their lasting values as well
(``match``) and found by those where the id is not known.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date as SADate
from sqlalchemy import DateTime, Uuid, delete, insert, select
from sqlalchemy.orm import Session

from desktop.importing.deleted_bills import stored_before_delete
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
from desktop.models.base import utcnow
from desktop.models.types import ScaledDecimal
from desktop.search_keys import search_key
from desktop.services.serialize import row_dict
from desktop.services.uow import ReplayMismatch, UnitOfWork

CHUNK = 500  # ids per IN (...): SQLite caps bound variables
MODELS: dict[str, type[Base]] = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
#: rows that belong to a record; their ids differ between copies (made by the services)
PARENT = {
    "product_unit": "product_id",
    "product_price": "product_id",
    "party_contact": "party_id",
    "fapiao_link": "fapiao_id",
}
MASTERS = ("party", "product")
#: what points to a party or a product: one that something points to is archived, not deleted
USES = {
    "party": (Document.party_id, Fapiao.party_id, PartyEntry.party_id),
    "product": (DocumentLine.product_id, StockMove.product_id),
}
_NOT_LASTING = {"id", "created_at", "updated_at"}


@dataclass
class UndoReport:
    """What an undo did, for the user (``zhangfang import --undo``, the wizard)."""

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


@dataclass
class UndoPlan:
    """What undoing an import changes besides the reversals, decided on the desk.

    Values are as JSON carries them (the audit trail's ``before``/``after``): the plan is
    the ``import.undo`` intent's arguments (:meth:`args`, :meth:`from_args`).
    """

    batch: uuid.UUID
    reason: str
    #: documents reversed by the undo whose import reference is cleared (to import again)
    unref: list[uuid.UUID] = field(default_factory=list)
    #: closed history records nothing points to, deleted with their lines
    documents: list[uuid.UUID] = field(default_factory=list)
    #: rows the import made that go: (table, id, lasting values of a row of a record)
    delete: list[tuple[str, uuid.UUID, dict[str, Any] | None]] = field(default_factory=list)
    #: customers, suppliers and products the import made that are still used: archived
    archive: list[tuple[str, uuid.UUID]] = field(default_factory=list)
    #: fields the import changed, still as it left them: (table, id, match, {field: [now,
    #: before]})
    restore: list[tuple[str, uuid.UUID, dict[str, Any] | None, dict[str, list[Any]]]] = field(
        default_factory=list
    )
    #: rows the import deleted (a product's prices replaced as a set), made again as they were
    recreate: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def args(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "reason": self.reason,
            "unref": self.unref,
            "documents": self.documents,
            "delete": [list(item) for item in self.delete],
            "archive": [list(item) for item in self.archive],
            "restore": [list(item) for item in self.restore],
            "recreate": [list(item) for item in self.recreate],
        }

    @classmethod
    def from_args(cls, a: dict[str, Any]) -> UndoPlan:
        def ids(values: list[Any]) -> list[uuid.UUID]:
            return [uuid.UUID(str(v)) for v in values]

        return cls(
            batch=uuid.UUID(str(a["batch"])),
            reason=a["reason"],
            unref=ids(a["unref"]),
            documents=ids(a["documents"]),
            delete=[(t, uuid.UUID(str(i)), m) for t, i, m in a["delete"]],
            archive=[(t, uuid.UUID(str(i))) for t, i in a["archive"]],
            restore=[(t, uuid.UUID(str(i)), m, f) for t, i, m, f in a["restore"]],
            recreate=[(t, row) for t, row in a["recreate"]],
        )


def apply_recorded(uow: UnitOfWork, plan: UndoPlan) -> UndoReport:
    """Make the changes of an undo recorded elsewhere (the ``import.undo`` intent), after
    its reversals were applied; records the same intent here."""
    report = UndoReport(plan.batch)
    uow.touch_all()
    apply_documents(uow, plan, report)
    apply_records(uow, plan, report)
    batch = uow.session.get(ImportBatch, plan.batch)
    if batch is not None:  # a copy that holds the batch itself
        batch.state = ImportState.UNDONE
    record(uow, plan)
    return report


def record(uow: UnitOfWork, plan: UndoPlan) -> None:
    uow.record("import.undo", plan.args())


# --- documents ----------------------------------------------------------------------------


def apply_documents(uow: UnitOfWork, plan: UndoPlan, report: UndoReport) -> None:
    """Clear the import reference of the reversed documents; delete the closed records."""
    session = uow.session
    session.flush()
    for start in range(0, len(plan.unref), CHUNK):
        chunk = plan.unref[start : start + CHUNK]
        states = session.scalars(select(Document.status).where(Document.id.in_(chunk))).all()
        if len(states) != len(chunk) or set(states) != {DocStatus.REVERSED}:
            raise ReplayMismatch("import.undo: a document the undo reversed is not reversed here")
        for doc in session.scalars(
            select(Document).where(Document.id.in_(chunk), Document.external_ref.is_not(None))
        ):
            doc.external_ref = None  # audited, as any edit of a document
    session.flush()
    for start in range(0, len(plan.documents), CHUNK):
        _delete_closed(uow, plan.documents[start : start + CHUNK], plan.reason)
    report.deleted_documents += len(plan.documents)


def closed_with_consequences(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these closed records something append-only or another row points to: their
    stock moves, a fapiao linked to them, a document made from them."""
    found: set[uuid.UUID] = set()
    made_from: list[tuple[uuid.UUID | None, uuid.UUID]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for column in (StockMove.document_id, FapiaoLink.document_id):
            found.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
        made_from.extend(
            (source, made)
            for source, made in session.execute(
                select(Document.source_id, Document.id).where(Document.source_id.in_(chunk))
            )
        )
    # a return made from one of these counts, unless it goes with them (imported together)
    going = set(ids) - found
    found.update(s for s, made in made_from if s is not None and made not in going)
    return found


def _delete_closed(uow: UnitOfWork, ids: list[uuid.UUID], why: str) -> None:
    """Closed records nothing points to: rows with no consequence, deleted with an audit
    entry each that keeps the rows as stored (the import's intent reads them from there
    when it leaves the desk after the undo: ``deleted_bills``)."""
    session = uow.session
    session.flush()
    found = dict(
        session.execute(select(Document.id, Document.status).where(Document.id.in_(ids))).all()
    )
    if len(found) != len(ids) or set(found.values()) != {DocStatus.CLOSED}:
        raise ReplayMismatch("import.undo: a history record to delete is missing or not closed")
    if closed_with_consequences(session, ids):
        raise ReplayMismatch("import.undo: a history record to delete has been used here")
    conn = session.connection()
    stored = stored_before_delete(conn, ids)
    # nothing of these is loaded (only their status was read): the session need not be
    # searched for what the deletes remove, which cost more than the deletes themselves
    quick = {"synchronize_session": False}
    session.execute(
        delete(DocumentLine).where(DocumentLine.document_id.in_(ids)), execution_options=quick
    )
    session.execute(delete(Document).where(Document.id.in_(ids)), execution_options=quick)
    for doc_id in ids:  # should one be loaded after all, it is gone from the session too
        loaded = session.identity_map.get(session.identity_key(Document, doc_id))
        if loaded is not None:
            session.expunge(loaded)
    # one insert for all the entries, through the columns' own types: stored as the unit of
    # work stores an AuditEntry (its ORM flush took a statement per entry)
    at = utcnow()
    conn.execute(
        insert(AuditEntry),
        [
            {
                "at": at,
                "actor": uow.actor,
                "desk": uow.desk,
                "entity": "document",
                "entity_id": str(doc_id),
                "action": "delete",
                "before": {**stored[doc_id], "reason": why},
                "after": None,
            }
            for doc_id in ids
        ],
    )
    uow.touch("document")


# --- master data and fapiao ---------------------------------------------------------------


def apply_records(uow: UnitOfWork, plan: UndoPlan, report: UndoReport) -> None:
    """Delete what the plan deletes (rows that may point to a record first, then the
    records), archive, restore fields, then make again what the import had deleted."""
    session = uow.session
    session.flush()
    with session.no_autoflush:  # archiving one must not flush before reading the next
        for masters in (False, True):
            refs = [ref for ref in plan.delete if (ref[0] in MASTERS) == masters]
            rows = _found(session, refs, "delete")
            if masters:
                for entity in MASTERS:
                    used = used_ids(session, entity, [r.id for e, r in rows if e == entity])
                    if used:
                        raise ReplayMismatch(
                            f"import.undo: {entity} {sorted(used)[0]} is used here; "
                            "the undo would delete it"
                        )
            for entity, row in rows:
                session.delete(row)
                report.deleted[entity] = report.deleted.get(entity, 0) + 1
            session.flush()
        for _entity, row in _found(session, [(t, i, None) for t, i in plan.archive], "archive"):
            if not row.archived:
                row.archived = True
                report.archived.append(f"{row.code} {row.name}")
        restores = _found(session, [(t, i, m) for t, i, m, _ in plan.restore], "restore")
        for (entity, row), (_, _, _, fields) in zip(restores, plan.restore, strict=True):
            _restore(row, entity, fields, report)
    session.flush()
    for entity, values in plan.recreate:
        model = MODELS[entity]
        if session.get(model, uuid.UUID(str(values["id"]))) is None:
            session.add(model(**from_json(model, values)))
            session.flush()


def _found(
    session: Session, refs: list[tuple[str, uuid.UUID, dict[str, Any] | None]], what: str
) -> list[tuple[str, Any]]:
    """The rows ``refs`` name, in their order, read a few hundred at a time (an import
    makes thousands of records); refuses when one is not in this copy."""
    by_id: dict[uuid.UUID, Any] = {}
    wanted: dict[str, list[uuid.UUID]] = {}
    for entity, ident, _match in refs:
        wanted.setdefault(entity, []).append(ident)
    for entity, ids in wanted.items():
        model: Any = MODELS[entity]
        for start in range(0, len(ids), CHUNK):
            found = session.scalars(select(model).where(model.id.in_(ids[start : start + CHUNK])))
            by_id.update((row.id, row) for row in found)
    rows: list[tuple[str, Any]] = []
    for entity, ident, match in refs:
        row = by_id.get(ident)
        if row is None and match is not None:
            row = find(session, entity, ident, match)
        if row is None:
            raise ReplayMismatch(f"import.undo: no {entity} {ident} to {what} here")
        rows.append((entity, row))
    return rows


def find(
    session: Session, entity: str, ident: uuid.UUID, match: dict[str, Any] | None
) -> Any | None:
    """The row by its id, or (a record's unit, price or contact on another copy) by its
    lasting values."""
    model: Any = MODELS[entity]
    row = session.get(model, ident)
    if row is not None or match is None:
        return row
    values = from_json(model, match)
    conditions = [
        getattr(model, key).is_(None) if value is None else getattr(model, key) == value
        for key, value in values.items()
    ]
    return session.scalars(select(model).where(*conditions).limit(1)).first()


def lasting(row: Base) -> dict[str, Any]:
    """A row's values as JSON, without its id and times (what :func:`find` matches)."""
    return {k: v for k, v in row_dict(row).items() if k not in _NOT_LASTING}


def used_ids(
    session: Session,
    entity: str,
    ids: list[uuid.UUID],
    going: dict[str, set[uuid.UUID]] | None = None,
) -> set[uuid.UUID]:
    """Which of these parties or products something in the ledger still points to, not
    counting rows in ``going`` (table → ids about to be deleted)."""
    going = going or {}
    used: set[uuid.UUID] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for column in USES[entity]:
            table = column.table
            leaving = going.get(table.name)
            if not leaving:
                used.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
                continue
            pairs = session.execute(select(column, table.c.id).where(column.in_(chunk)))
            used.update(ident for ident, row_id in pairs if row_id not in leaving)
    return used


def from_json(model: type[Base], data: dict[str, Any]) -> dict[str, Any]:
    """JSON values (the audit trail's, a plan's) as the model's attributes take them."""
    cols = {c.key: c for c in model.__table__.columns}
    out: dict[str, Any] = {}
    for key, value in data.items():
        col = cols.get(key)
        if col is not None:
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


def _restore(row: Any, entity: str, fields: dict[str, list[Any]], report: UndoReport) -> None:
    """Set the fields back, each only while it still holds what the import left in it."""
    model = MODELS[entity]
    now = from_json(model, {k: pair[0] for k, pair in fields.items()})
    before = from_json(model, {k: pair[1] for k, pair in fields.items()})
    for key, value in now.items():
        if getattr(row, key) != value:
            raise ReplayMismatch(f"import.undo: {entity}.{key} was changed here since the import")
    for key, value in before.items():
        setattr(row, key, value)
        report.restored += 1
    if isinstance(row, Party):
        row.search_key = search_key(row.name, row.short_name, row.code, row.phone)
        row.version += 1
    elif isinstance(row, Product):
        row.search_key = search_key(row.name, row.code, row.spec, row.barcode)
        row.version += 1
