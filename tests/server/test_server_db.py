"""The server's database on SQLite and PostgreSQL: migrations, and a change log whose
cursor never skips a row while twenty writers record at once."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from marketplace.changes import ChangeEntry, changes_since, record_changes
from marketplace.db import Database, current_revision, head_revision, include_object
from marketplace.models import Base, Firm
from marketplace.settings import utc_now

WRITERS = 20
BATCHES = 10


def test_migrations_upgrade_an_empty_database(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert current_revision(db.engine) is None
        db.migrate()
        assert current_revision(db.engine) == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert tables >= {
            "firm",
            "firm_user",
            "desk",
            "refresh_token",
            "mutation_result",
            "change",
            "signin_attempt",
        }
        # the migrations make exactly what the models describe
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            assert compare_metadata(context, Base.metadata) == []
        db.migrate()  # again: nothing to do
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()


def _firm(db: Database) -> uuid.UUID:
    with db.write() as session:
        firm = Firm(code="acme", name="acme", change_seq=0, horizon=0, created_at=utc_now())
        session.add(firm)
        session.flush()
        return firm.id


def test_twenty_writers_and_a_reader_miss_nothing(db_url: str) -> None:
    """Each writer records small batches; the reader pages from its cursor the whole time.
    Every sequence number is read exactly once, in order: none skipped for a row that
    committed after the reader passed its number."""
    db = Database(db_url)
    db.migrate()
    firm_id = _firm(db)
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []

    def write(n: int) -> None:
        try:
            for b in range(BATCHES):
                entries = [
                    ChangeEntry(uuid.uuid4(), f"D{n}", "party.update", {"n": n, "b": b, "i": i})
                    for i in range(1 + (n + b) % 3)
                ]
                with db.write() as session:
                    record_changes(session, firm_id, entries)
        except BaseException as exc:
            errors.append(exc)

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()  # read once more after the last writer ended
                with db.read() as session:
                    page = changes_since(session, firm_id, cursor, 7)
                seen.extend(c.seq for c in page.changes)
                cursor = page.cursor
                if finished and not page.more:
                    return
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    reader.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader.join()
    try:
        assert errors == []
        expected = sum(1 + (n + b) % 3 for n in range(WRITERS) for b in range(BATCHES))
        assert seen == list(range(1, expected + 1))
        with db.read() as session:
            assert session.scalar(select(Firm.change_seq).where(Firm.id == firm_id)) == expected
            page = changes_since(session, firm_id, 0, 10_000)
        # each writer's own rows keep its order
        for n in range(WRITERS):
            mine = [(c.args["b"], c.args["i"]) for c in page.changes if c.desk == f"D{n}"]
            assert mine == sorted(mine)
    finally:
        db.close()


def test_changes_since_pages(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 's.db'}")
    db.migrate()
    firm_id = _firm(db)
    with db.write() as session:
        last = record_changes(
            session, firm_id, [ChangeEntry(uuid.uuid4(), "A", "x", {"i": i}) for i in range(5)]
        )
    assert last == 5
    with db.read() as session:
        first = changes_since(session, firm_id, 0, 2)
        assert ([c.seq for c in first.changes], first.cursor, first.more) == ([1, 2], 2, True)
        rest = changes_since(session, firm_id, 2, 10)
        assert ([c.seq for c in rest.changes], rest.cursor, rest.more) == ([3, 4, 5], 5, False)
        none = changes_since(session, firm_id, 5, 10)
        assert (none.changes, none.cursor, none.more) == ([], 5, False)
        other = changes_since(session, uuid.uuid4(), 0, 10)
        assert other.changes == []
    db.close()


def test_processes_starting_together_migrate_once(db_url: str) -> None:
    """Four servers starting at once on one empty database: all come up, schema made once."""
    databases = [Database(db_url) for _ in range(4)]
    errors: list[BaseException] = []

    def start(db: Database) -> None:
        try:
            db.migrate()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(db,)) for db in databases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert {current_revision(db.engine) for db in databases} == {head_revision()}
    finally:
        for db in databases:
            db.close()


def test_the_signing_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    from marketplace.tokens import SECRET_FILE, load_secret

    secrets: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: secrets.append(load_secret(tmp_path))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(secrets) == 8 and len(set(secrets)) == 1 and len(secrets[0]) == 32
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]
    assert (tmp_path / SECRET_FILE).stat().st_mode & 0o777 == 0o600
    assert load_secret(tmp_path) == secrets[0]
