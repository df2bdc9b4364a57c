"""``services.raw_sql`` writes and reads through the DBAPI cursor exactly what Core would:
the same stored bytes for every column type, the same answers, the engine's listeners
seeing each statement, and a database error raised as Core raises it."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import bindparam, event, exc, insert, select, text

from desktop.ids import new_id
from desktop.models import AuditEntry, OutboxEntry, Party
from desktop.services.ledger import Ledger
from desktop.services.raw_sql import RawInsert, RawStatement
from tests.helpers import customer


def _stored(ledger: Ledger, table: str, key: str, ident: Any) -> tuple[Any, ...]:
    """The row as SQLite holds it (no type processing), without its sequence number."""
    with ledger.read() as s:
        row = s.execute(text(f"SELECT * FROM {table} WHERE {key} = :v"), {"v": ident}).one()
    return tuple(row)[1:]


def test_an_inserted_row_is_stored_as_cores_byte_for_byte(ledger: Ledger) -> None:
    batch = new_id()
    at = datetime(2026, 12, 7, 8, 30, 1, 250)
    row = {
        "at": at,
        "actor": "张三",
        "desk": "A1",
        "entity": "party",
        "action": "update",
        "before": {"name": "甲", "limit": "1.50"},
        "after": None,  # stored as Core stores it (the JSON null)
        "batch_id": batch,
    }
    with ledger.unit() as uow:
        conn = uow.session.connection()
        conn.execute(insert(AuditEntry), [{**row, "entity_id": "core"}])
        RawInsert(AuditEntry.__table__).run(conn, [{**row, "entity_id": "raw"}])
    core = _stored(ledger, "audit_log", "entity_id", "core")
    raw = _stored(ledger, "audit_log", "entity_id", "raw")
    assert raw[:4] + raw[5:] == core[:4] + core[5:]
    assert raw[1] == "张三" and raw[-1] == batch.hex


def test_a_column_left_out_takes_its_default(ledger: Ledger) -> None:
    ident = new_id()
    with ledger.unit() as uow:
        RawInsert(OutboxEntry.__table__).run(
            uow.session.connection(), [{"id": ident, "intent": "test", "args": {"n": 1}}]
        )
    with ledger.read() as s:
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.id == ident)).one()
        assert (entry.state, entry.actor, entry.args, entry.result) == (
            "pending",
            "",
            {"n": 1},
            None,
        )
        assert isinstance(entry.at, datetime)
    stored = _stored(ledger, "outbox", "intent", "test")
    assert stored[-1] is None  # SQL NULL, as Core's insert leaving the column out: not 'null'
    with ledger.unit() as uow:
        uow.session.connection().execute(
            insert(OutboxEntry), [{"id": new_id(), "intent": "core", "args": {"n": 1}}]
        )
    core = _stored(ledger, "outbox", "intent", "core")
    # (id, at, actor, intent, args, state, result): all but the id, time and intent alike
    assert (stored[2], *stored[4:]) == (core[2], *core[4:]) == ("", '{"n": 1}', "pending", None)


def test_a_statement_answers_as_core_does_and_takes_exactly_its_parameters(
    ledger: Ledger,
) -> None:
    who = customer(ledger, "甲", credit_limit="1234.56")
    query = select(Party.credit_limit).where(
        Party.id == bindparam("party"), Party.terms_kind.in_(["days", "month_end"])
    )
    raw = RawStatement(query)
    with ledger.unit() as uow:
        conn = uow.session.connection()
        assert raw.scalar(conn, {"party": who}) == conn.execute(query, {"party": who}).scalar()
        assert raw.scalar(conn, {"party": who}) == Decimal("1234.56")
        assert raw.scalar(conn, {"party": uuid.uuid4()}) is None
        with pytest.raises(ValueError):
            raw.scalar(conn, {"id": who})


def test_the_engines_listeners_see_each_statement(ledger: Ledger) -> None:
    seen: list[tuple[str, bool]] = []

    def note(_c: Any, _cur: Any, statement: str, _p: Any, _ctx: Any, many: bool) -> None:
        seen.append((statement.split()[0], many))

    event.listen(ledger.engine, "before_cursor_execute", note)
    try:
        with ledger.unit() as uow:
            conn = uow.session.connection()
            rows = [{"id": new_id(), "intent": "test", "args": {}} for _ in range(2)]
            RawInsert(OutboxEntry.__table__).run(conn, rows)
            RawStatement(select(OutboxEntry.seq).where(OutboxEntry.id == bindparam("i"))).scalar(
                conn, {"i": rows[0]["id"]}
            )
    finally:
        event.remove(ledger.engine, "before_cursor_execute", note)
    assert ("INSERT", True) in seen and ("SELECT", False) in seen


def test_a_database_error_is_raised_as_cores(ledger: Ledger) -> None:
    ident = new_id()
    with pytest.raises(exc.IntegrityError), ledger.unit() as uow:
        RawInsert(OutboxEntry.__table__).run(
            uow.session.connection(),
            [{"id": ident, "intent": "test", "args": {}}, {"id": ident, "intent": "x", "args": {}}],
        )
    with ledger.read() as s:  # nothing of the unit was written
        assert s.scalar(select(OutboxEntry.seq).where(OutboxEntry.id == ident)) is None
