"""Ledgers saved by every released schema open in this version: backed up, then upgraded."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import LedgerFileError
from desktop.models import Base
from desktop.models.db import current_revision, head_revision
from desktop.services import receivables
from desktop.services.checks import run_checks
from desktop.services.ledger import Ledger
from desktop.services.parties import get_party
from tests.helpers import D

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("ledger-*.zhangfang")))
def test_saved_ledgers_upgrade_and_keep_their_books(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    old_revision = (
        sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0]
    )
    ledger = Ledger.open(path)
    try:
        assert current_revision(ledger.engine) == head_revision()
        with ledger.read() as session:
            assert run_checks(session) == []
            zhang = get_party(session, "张三五金")
            assert receivables.balance(session, zhang.id) == D("4204.00")
    finally:
        ledger.close()
    backups = list((tmp_path / "home" / "backups").glob("*before-upgrade*"))
    if old_revision != head_revision():
        assert len(backups) == 1, "the old file must be backed up before the upgrade"
        copy = sqlite3.connect(backups[0])
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_revision


def test_the_models_are_what_the_migrations_make(ledger: Any) -> None:
    """A new ledger gets its schema from the migrations alone: a model changed without a
    migration (a column, a type, a unique name such as a person's) would differ here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.models import Base
    from desktop.models.db import described_by_models

    with ledger.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": described_by_models}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_the_first_schema_fixture_is_really_old() -> None:
    conn = sqlite3.connect(FIXTURES / "ledger-0001.zhangfang")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_a_ledger_from_a_newer_app_is_refused(ledger_path: Path) -> None:
    with sqlite3.connect(ledger_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(LedgerFileError, match="更新版本"):
        Ledger.open(ledger_path)


def test_files_that_are_not_ledgers(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zhangfang"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerFileError, match="损坏"):
        Ledger.open(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(LedgerFileError, match="不是账房账本"):
        Ledger.open(other)
    with pytest.raises(LedgerFileError, match="找不到账本"):
        Ledger.open(tmp_path / "missing.zhangfang")


def test_every_foreign_key_has_an_index(ledger: Any) -> None:
    """Deleting or writing a parent row makes SQLite look up the rows that point to it;
    without an index on the pointing column each lookup reads the whole table (undoing a
    big import took minutes)."""
    with ledger.read() as s:
        conn = s.connection()
        tables = [
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        missing = []
        for table in tables:
            first_columns = set()
            for (index,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            ):
                columns = conn.exec_driver_sql(f"PRAGMA index_info('{index}')").all()
                if columns:
                    first_columns.add(columns[0][2])
            for fk in conn.exec_driver_sql(f"PRAGMA foreign_key_list('{table}')"):
                if fk[3] not in first_columns:
                    missing.append(f"{table}.{fk[3]}")
    assert missing == []


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("document", "source_id"),
        ("document", "reverses_id"),
        ("document", "buyer_id"),
        ("document_line", "source_line_id"),
    ],
)
def test_a_link_most_rows_leave_empty_is_indexed_for_the_linked_rows(
    ledger: Any, table: str, column: str
) -> None:
    """Migration 0019: the index holds the rows that have the link (not one entry per
    empty row, written with every imported line), and lookups of the rows linked to a
    given one still go through it."""
    with ledger.read() as s:
        conn = s.connection()
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (f"ix_{table}_{column}",)
        ).scalar()
        assert sql is not None and sql.endswith(f"WHERE {column} IS NOT NULL")
        # and the model says so too (Alembic's comparison does not look at the WHERE)
        (index,) = (i for i in Base.metadata.tables[table].indexes if i.name in sql)
        assert str(index.dialect_options["sqlite"]["where"]) == f"{column} IS NOT NULL"
        for lookup in (f"{column} = ?", f"{column} IN (?, ?)"):
            plan = conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {lookup}",
                ("a",) * lookup.count("?"),
            ).all()
            assert f"USING INDEX ix_{table}_{column}" in plan[0][-1], plan


def _columns(path: Path, table: str) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _upgrade_backups(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "home" / "backups").glob("*before-upgrade*.zhangfang"))


@pytest.mark.parametrize("name", ["ledger-0001.zhangfang", "ledger-0004.zhangfang"])
def test_an_upgrade_that_stops_half_way_leaves_the_old_file(name: str, tmp_path: Path) -> None:
    """Python's sqlite3 committed each CREATE TABLE and ALTER on its own: an upgrade stopped
    in its last step (a kill, here a value the last migration cannot read) left the new
    tables under the old revision, and every later open failed with "table import_batch
    already exists" (or "duplicate column name") and wrote yet another backup."""
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    old = _revision(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE stock_balance SET value = 'not a number'")  # 0005 stops here
    for _ in range(2):
        with pytest.raises(LedgerFileError) as failed:
            Ledger.open(path)
        assert failed.value.code == "upgrade_failed" and "未改动" in failed.value.zh
        assert _revision(path) == old
        assert "avg_cost" not in _columns(path, "stock_balance")
        assert "import_batch" not in _tables(path) or old != "0001"
        assert _upgrade_backups(tmp_path) == []  # the unchanged file needs no copy
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE stock_balance SET value = 0")
    Ledger.open(path).close()
    assert _revision(path) == head_revision() and len(_upgrade_backups(tmp_path)) == 1


def test_a_ledger_left_half_upgraded_by_an_earlier_version_is_put_back(tmp_path: Path) -> None:
    """A ledger an earlier version bricked: 0005's ALTER committed, the revision still
    0004, and a backup of the bricked file made on every failed open since. The backup
    made before the interrupted upgrade is put back and upgraded."""
    path = tmp_path / "ledger.zhangfang"
    shutil.copyfile(FIXTURES / "ledger-0004.zhangfang", path)
    folder = tmp_path / "home" / "backups"
    folder.mkdir(parents=True)
    good = folder / "ledger-20261201-090000-000-before-upgrade-from-0004.zhangfang"
    shutil.copyfile(path, good)
    with closing(sqlite3.connect(path)) as conn:
        conn.isolation_level = None
        conn.execute("ALTER TABLE stock_balance ADD COLUMN avg_cost BIGINT")
    bricked_copy = folder / "ledger-20261201-090500-000-before-upgrade-from-0004.zhangfang"
    shutil.copyfile(path, bricked_copy)
    stranger = folder / "ledger-20261201-091000-000-before-upgrade-from-0004.zhangfang"
    shutil.copyfile(FIXTURES / "ledger-0004.zhangfang", stranger)
    with closing(sqlite3.connect(stranger)) as conn, conn:  # another firm's books, same name
        conn.execute("UPDATE firm SET id = 'ffffffffffffffffffffffffffffffff'")

    ledger = Ledger.open(path)
    try:
        assert current_revision(ledger.engine) == head_revision()
        with ledger.read() as session:
            assert run_checks(session) == []
            assert receivables.balance(session, get_party(session, "张三五金").id) == D("4204.00")
    finally:
        ledger.close()
    kept = list(folder.glob("*-interrupted-upgrade.zhangfang"))
    assert len(kept) == 1 and _revision(kept[0]) == "0004"
    assert good.exists() and not Path(str(path) + ".restoring").exists()


def test_a_half_upgraded_ledger_without_a_backup_says_so_plainly(tmp_path: Path) -> None:
    path = tmp_path / "ledger.zhangfang"
    shutil.copyfile(FIXTURES / "ledger-0004.zhangfang", path)
    with closing(sqlite3.connect(path)) as conn:
        conn.isolation_level = None
        conn.execute("ALTER TABLE stock_balance ADD COLUMN avg_cost BIGINT")
    for _ in range(2):
        with pytest.raises(LedgerFileError, match="升级没有完成"):
            Ledger.open(path)
    assert _upgrade_backups(tmp_path) == []
