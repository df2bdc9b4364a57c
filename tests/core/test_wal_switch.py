"""Switching a new file to WAL while another connection does: the refusal SQLite gives at
once (not after the busy wait) is tried again; any other error is not."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from desktop.sqlite_setup import switch_to_wal


class Refusing:
    """A connection whose first ``refusals`` WAL switches fail with ``message``."""

    def __init__(self, refusals: int, message: str = "database is locked") -> None:
        self.refusals = refusals
        self.message = message
        self.tries = 0

    def execute(self, sql: str) -> Any:
        assert sql == "PRAGMA journal_mode=WAL"
        self.tries += 1
        if self.tries <= self.refusals:
            raise sqlite3.OperationalError(self.message)
        return None


def test_a_locked_switch_is_tried_again_until_it_goes_through() -> None:
    conn = Refusing(3)
    switch_to_wal(conn)  # type: ignore[arg-type]
    assert conn.tries == 4


def test_it_gives_up_after_its_time_with_sqlites_own_error() -> None:
    conn = Refusing(10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switch_to_wal(conn, seconds=0.3)  # type: ignore[arg-type]
    assert conn.tries > 1


def test_other_errors_are_not_tried_again() -> None:
    conn = Refusing(1, "disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        switch_to_wal(conn)  # type: ignore[arg-type]
    assert conn.tries == 1


def test_a_real_file_ends_in_wal(tmp_path: Any) -> None:
    with sqlite3.connect(tmp_path / "new.db") as conn:
        switch_to_wal(conn)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
