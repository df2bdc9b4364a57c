"""Ledgers saved by every released schema open in this version: backed up, then upgraded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import LedgerFileError
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
