"""The unit of work: one transaction holding a change, its audit trail and its outbox intent.

Every service that changes data takes a :class:`UnitOfWork`. On success the change,
an audit entry per changed row and the sync intent commit together; on any error
nothing is written. The unit also notes which tables it wrote (:class:`Changes`), so a
screen reloads only when a table it shows was touched: rows written through the session
(objects or ORM insert/update/delete statements) are noted by themselves; a writer that
goes around the session (raw SQL for speed) names its tables with :meth:`UnitOfWork.touch`,
and one that may change any table (the demo, undoing an import) says so with ``touch_all``.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import and_, bindparam, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from desktop.ids import new_id
from desktop.models import AuditEntry, Base, OutboxEntry
from desktop.models.base import utcnow
from desktop.services import session_events
from desktop.services.raw_sql import RawInsert, RawStatement
from desktop.services.serialize import json_text, jsonable, row_dict
from desktop.sync import outbox_sql


@dataclass
class Changes:
    """What a unit of work changed, so a screen refreshes only that.

    ``touched`` maps a table name (as in the schema: ``party``, ``stock_balance``...) to the
    ids of the rows, or of the records they belong to, when known; ``everything`` means the
    whole ledger may differ (a demo generated, a backup restored).
    """

    touched: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def add(self, table: str, ident: uuid.UUID | None = None) -> None:
        ids = self.touched.setdefault(table, set())
        if ident is not None:
            ids.add(ident)

    def __contains__(self, table: str) -> bool:
        return self.everything or table in self.touched

    def touches(self, tables: Iterable[str]) -> bool:
        """True when any of ``tables`` (what a screen shows) may have changed."""
        return self.everything or not self.touched.keys().isdisjoint(tables)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.touched

    def merge(self, other: Changes) -> None:
        self.everything = self.everything or other.everything
        for table, ids in other.touched.items():
            self.touched.setdefault(table, set()).update(ids)


#: the two inserts every unit makes, built once
_OUTBOX = RawInsert(OutboxEntry.__table__)
_AUDIT = RawInsert(AuditEntry.__table__)


class ReplayMismatch(Exception):
    """Applying an intent again made other rows than the original change made."""


class UnitOfWork:
    """A session in one transaction, plus who is acting at which desk."""

    def __init__(self, session: Session, actor: str, desk: str) -> None:
        self.session = session
        self.actor = actor
        self.desk = desk
        self.changes = Changes()
        self.intents: list[str] = []
        #: set by an import so every audit entry of it can be found and undone together
        self.batch_id: uuid.UUID | None = None
        #: how deep in intent-recording service calls we are (see :func:`intent_entry`)
        self.depth = 0
        #: the keys (table, id, number or code) of the rows made since the last intent
        self.made: list[list[str]] = []
        #: while an intent is applied again: the keys its original change made, in order
        self.pins: list[list[str]] | None = None
        #: the owner's password and a reason, given for a change that needs them
        #: (an ``services.owner.OwnerApproval``); checked once per unit
        self.owner: Any = None
        self.owner_verified = False
        #: the changes the owner approved since the last intent, and why (see ``record``)
        self.approvals: dict[str, str] = {}
        #: while an intent is applied again: what the owner approved for it back then
        self.replayed_owner: dict[str, Any] | None = None
        #: while a change made at another desk is applied by sync (``desktop.sync.apply``):
        #: it stands as that desk made it — nothing is queued for sync again, and what a
        #: single desk would refuse for the state of this copy (stock below zero, credit
        #: used up meanwhile, a name taken meanwhile) is noted in :attr:`problems` instead
        self.remote = False
        #: what sync should show a person about the change being applied (see :meth:`problem`)
        self.problems: list[dict[str, Any]] = []
        #: audit entries of the flush under way, written together at its start
        self._audit_rows: list[dict[str, Any]] = []
        session.info[_UNIT] = self  # its events come here (see the end of this module)

    @property
    def replaying(self) -> bool:
        """True while an intent recorded elsewhere is being applied again."""
        return self.pins is not None

    def new_key(self, table: str, label: Callable[[], str] | None = None) -> tuple[uuid.UUID, str]:
        """The id (and number or code) of a new row that other rows or people refer to.

        Fresh ones normally; while an intent is applied again (:attr:`pins`), the very ones
        its original change made, so the copy has the same documents under the same numbers.
        """
        if self.pins is None:
            key = (new_id(), label() if label else "")
        else:
            if not self.pins or self.pins[0][0] != table:
                wanted = self.pins[0][0] if self.pins else "nothing"
                raise ReplayMismatch(f"the change made {wanted} where this makes a {table} row")
            _, ident, text = self.pins.pop(0)
            key = (uuid.UUID(ident), text)
        self.made.append([table, key[0].hex, key[1]])
        return key

    def record(self, intent: str, args: dict[str, Any]) -> None:
        """Queue ``intent`` for sync, in this same transaction, with the keys of the rows it
        made (``made``), so another copy of the ledger can apply it again exactly.

        Inside a service call that records an intent of its own (``depth`` > 1), nested
        calls record nothing: the outer intent, applied again, makes them again.
        """
        if self.depth > 1:
            return
        if self.remote:  # made elsewhere and queued there: never sent back
            self.made, self.approvals = [], {}
            return
        full = {**args, "made": self.made}
        self.made = []
        if self.approvals:  # that the owner approved, and why: never the password
            full["owner"] = {
                "changes": sorted(self.approvals),
                "reason": "；".join(dict.fromkeys(self.approvals.values())),
            }
            self.approvals = {}
        self._queue(intent, jsonable(full))
        self.intents.append(intent)

    def record_aside(self, intent: str, args: dict[str, Any]) -> None:
        """Queue an intent made on the side of the one being built (a password hash brought
        to today's cost while checking it), whatever the depth, taking none of its keys."""
        if self.remote:
            return
        self._queue(intent, jsonable({**args, "made": []}))

    def _queue(self, intent: str, args: dict[str, Any]) -> None:
        """One outbox row, inserted now on the unit's connection: in the order the intents
        are recorded, and without flushing (or building an object) for it."""
        _OUTBOX.run(
            self.session.connection(),
            [{"id": new_id(), "actor": self.actor, "intent": intent, "args": args}],
        )
        self.changes.add(OutboxEntry.__tablename__)

    def problem(
        self, kind: str, zh: str, en: str, *, entity: str = "", entity_id: Any = "", **data: Any
    ) -> None:
        """Note, while sync applies another desk's change (:attr:`remote`), what a person
        should look at: ``kind`` is a :class:`~desktop.codes.ProblemKind`."""
        self.problems.append(
            {
                "kind": kind,
                "message_zh": zh,
                "message_en": en,
                "entity": entity,
                "entity_id": str(entity_id or ""),
                "data": data,
            }
        )

    def approve(self, change: str, reason: str) -> None:
        """Note that the owner approved ``change``: the next intent recorded says so."""
        self.approvals[change] = reason

    def record_many(
        self, intent: str, many: list[dict[str, Any]], made: list[list[list[str]]] | None = None
    ) -> None:
        """:meth:`record` for many intents of one kind (bulk imports), in one insert;
        ``made``: for each, the keys of the rows it made (as :meth:`new_key` notes them)."""
        if not many or self.remote:
            return
        keys = made or [[] for _ in many]
        self._queue_texts(
            intent,
            [
                json_text({**args, "made": rows_made})
                for args, rows_made in zip(many, keys, strict=True)
            ],
        )

    def record_text(self, intent: str, args_json: str) -> None:
        """:meth:`record` for arguments already written as JSON text (big bulk intents)."""
        if self.depth > 1 or self.remote:
            return
        self._queue_texts(intent, [args_json])

    def _queue_texts(self, intent: str, texts: list[str]) -> None:
        """Outbox rows for arguments already written as JSON text, by plain SQL (through
        the ORM's bulk insert a row took 30 µs), after what the session still holds, so
        intents queued before keep their place in the sequence."""
        self.session.flush()
        self.session.connection().exec_driver_sql(
            outbox_sql.INSERT, [outbox_sql.row(self.actor, intent, text) for text in texts]
        )
        self.touch("outbox")
        self.intents.extend([intent] * len(texts))

    def touch(self, table: str, ident: uuid.UUID | None = None) -> None:
        """Note a change made around the session (raw SQL), or the record a change is of.

        ``table`` is a table of the schema; any other name is a mistake and raises, so a
        screen can trust the names it listens for."""
        if table not in Base.metadata.tables:
            raise ValueError(f"not a table of the ledger: {table}")
        self.changes.add(table, ident)

    def touch_all(self) -> None:
        """Note that this unit rewrites the ledger wholesale: every screen reloads."""
        self.changes.everything = True

    def _on_execute(self, state: ORMExecuteState) -> None:
        """Note the table of an insert, update or delete statement run on the session."""
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            name = getattr(table, "name", None)
            if isinstance(name, str) and name in Base.metadata.tables:
                self.changes.add(name)

    def _rolled_back(self, _session: Session) -> None:
        """A rollback inside the unit (a preview) took back what was noted so far."""
        self.changes = Changes()

    def _before_flush(self, session: Session, _ctx: Any, _instances: Any) -> None:
        for obj in [*session.new, *session.deleted]:
            if isinstance(obj, Base) and not obj.__audited__:  # audited ones: in _audit
                self.changes.add(obj.__tablename__)
        dirty = list(session.dirty)
        for obj in dirty:
            if isinstance(obj, Base) and not obj.__audited__ and session.is_modified(obj):
                self.changes.add(obj.__tablename__)
        for obj in list(session.new):
            if isinstance(obj, Base) and obj.__audited__:
                self._audit(obj, "insert", None, _public(obj, row_dict(obj)))
        for obj in dirty:
            if isinstance(obj, Base) and obj.__audited__:
                before, after = _diff(obj)  # empty when nothing of a column changed
                if after and not _public(obj, after):  # a secret alone: changed, not logged
                    self.changes.add(obj.__tablename__, getattr(obj, "id", None))
                before, after = _public(obj, before), _public(obj, after)
                if after:
                    self._audit(obj, "update", before, after)
        for obj in list(session.deleted):
            if isinstance(obj, Base) and obj.__audited__:
                self._audit(obj, "delete", _public(obj, row_dict(obj)), None)
        for orphan in _orphans(session):
            self._audit(orphan, "delete", _public(orphan, row_dict(orphan)), None)
        if self._audit_rows:  # one insert for the flush's entries, not an ORM object each
            rows, self._audit_rows = self._audit_rows, []
            _AUDIT.run(session.connection(), rows)

    def audit_written(self, entries: list[tuple[Base, str, Any, Any]]) -> None:
        """Audit rows written around the session (a posted document inserted with Core,
        ``posting.insert_posted``), as the flush would have written them: ``entries`` are
        (object, action, before, after) with JSON-safe values; one insert, now."""
        for obj, action, before, after in entries:
            self._audit(obj, action, _public(obj, before) if before else before, after)
        rows, self._audit_rows = self._audit_rows, []
        if rows:
            _AUDIT.run(self.session.connection(), rows)

    def write_now(self, objs: Iterable[Base]) -> None:
        """Write what changed in columns of loaded objects now — one UPDATE per table and
        set of columns, with the audit rows and change notes their flush would make, and
        the columns every update sets (``updated_at``) — instead of at the next flush: a
        step that changes a few columns of rows it read (an order's status, stock
        balances) does without the flush's work. An object with anything else pending (a
        relationship changed; not inserted yet) is left to the flush."""
        batches: dict[Any, list[dict[str, Any]]] = {}
        written: list[Any] = []
        for obj in objs:
            state = inspect(obj)
            if not state.persistent or not state.modified:
                continue
            mapper = state.mapper
            columns = mapper.column_attrs
            if any(key not in columns for key in state.committed_state):
                continue
            before, after = _diff(obj)
            values = {k: state.dict[k] for k in state.committed_state if k in after}
            written.append(state)
            if not values:  # set to what it was: nothing to write
                continue
            table: Any = mapper.local_table
            if obj.__audited__:
                if not _public(obj, after):  # a secret alone: changed, not logged
                    self.changes.add(table.name, getattr(obj, "id", None))
                else:
                    self._audit(obj, "update", _public(obj, before), _public(obj, after))
            else:
                self.changes.add(table.name)
            for column in table.columns:
                if column.onupdate is not None and column.key not in values:
                    values[column.key] = column.onupdate.arg(None)
            params = {f"v_{k}": v for k, v in values.items()}
            for column in table.primary_key.columns:
                params[f"k_{column.key}"] = state.dict[column.key]
            batches.setdefault(_update_of(table, tuple(values)), []).append(params)
            for key, value in values.items():
                state.dict[key] = value
        if self._audit_rows:
            rows, self._audit_rows = self._audit_rows, []
            _AUDIT.run(self.session.connection(), rows)
        for statement, params_list in batches.items():
            statement.run(self.session.connection(), params_list)
        for state in written:  # as the flush leaves them: loaded, nothing pending
            state._commit_all(state.dict, self.session.identity_map)

    def _audit(self, obj: Base, action: str, before: Any, after: Any) -> None:
        table = obj.__tablename__
        ident = getattr(obj, "id", None)
        if ident is None and action == "insert":
            ident = new_id()
            obj.id = ident  # type: ignore[attr-defined]
            after = _public(obj, row_dict(obj))
        self.changes.add(table, ident if isinstance(ident, uuid.UUID) else None)
        self._audit_rows.append(
            {
                "at": utcnow(),
                "actor": self.actor,
                "desk": self.desk,
                "entity": table,
                "entity_id": str(ident),
                "action": action,
                "before": before,
                "after": after,
                "batch_id": self.batch_id,
            }
        )

    def close(self) -> None:
        if self.session.info.get(_UNIT) is self:
            del self.session.info[_UNIT]


#: the key of a session's unit of work in its ``info``
_UNIT = "unit_of_work"


# the session events a unit of work hears (see desktop.services.session_events)
session_events.route("before_flush", _UNIT, "_before_flush")
session_events.route("do_orm_execute", _UNIT, "_on_execute")
session_events.route("after_rollback", _UNIT, "_rolled_back")


#: the UPDATE of some columns of a row by its primary key, per table and columns, built once
_UPDATES: dict[tuple[str, tuple[str, ...]], RawStatement] = {}


def _update_of(table: Any, keys: tuple[str, ...]) -> RawStatement:
    statement = _UPDATES.get((table.name, keys))
    if statement is None:
        statement = RawStatement(
            update(table)
            .where(and_(*(c == bindparam(f"k_{c.key}") for c in table.primary_key.columns)))
            .values({table.c[k]: bindparam(f"v_{k}") for k in keys})
        )
        _UPDATES[(table.name, keys)] = statement
    return statement


def _orphans(session: Session) -> list[Base]:
    """Audited rows taken out of a record's collection that deletes its orphans (a product's
    prices replaced as a set, a unit dropped, a party's contacts): the flush deletes them,
    but they are not in ``session.deleted`` yet, so they are noted here (undoing an import
    makes them again from the audit entry)."""
    found: list[Base] = []
    for obj in list(session.dirty):
        if not isinstance(obj, Base):
            continue
        state = inspect(obj)
        for rel in state.mapper.relationships:
            if not rel.cascade.delete_orphan:
                continue
            for child in state.attrs[rel.key].history.deleted:
                if (
                    isinstance(child, Base)
                    and child.__audited__
                    and inspect(child).persistent
                    and child not in session.deleted
                ):
                    found.append(child)
    return found


def _public(obj: Base, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without the columns that hold secrets (``__secret__``: the owner's password
    hash), which never go into the append-only audit log."""
    secret = obj.__secret__
    return {k: v for k, v in values.items() if k not in secret} if secret else values


def _diff(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    state = inspect(obj)
    changed = state.committed_state  # a column set since the load holds its old value here
    if not changed:
        return before, after
    for attr in state.mapper.column_attrs:
        if attr.key not in changed:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = jsonable(hist.deleted[0] if hist.deleted else None)
            after[attr.key] = jsonable(hist.added[0] if hist.added else None)
    return before, after


@contextmanager
def unit_of_work(session: Session, actor: str, desk: str) -> Iterator[UnitOfWork]:
    """Run a change: commit everything on success, roll everything back on error."""
    uow = UnitOfWork(session, actor, desk)
    try:
        yield uow
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        uow.close()
        session.close()


P = ParamSpec("P")
R = TypeVar("R")


def intent_entry(
    fn: Callable[Concatenate[UnitOfWork, P], R],
) -> Callable[Concatenate[UnitOfWork, P], R]:
    """Mark a service function that records one intent for the whole user action: service
    functions it calls in turn record nothing of their own."""

    @functools.wraps(fn)
    def entry(uow: UnitOfWork, /, *args: P.args, **kwargs: P.kwargs) -> R:
        uow.depth += 1
        try:
            return fn(uow, *args, **kwargs)
        finally:
            uow.depth -= 1

    return entry
