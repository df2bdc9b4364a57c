"""Backups use SQLite's online backup; a restore checks the file before touching anything."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import LedgerFileError
from desktop.services import backup
from tests.helpers import customer


def test_backup_of_a_ledger_in_use(ledger, ledger_path: Path, tmp_path: Path) -> None:
    customer(ledger, "备份测试")
    target = backup.backup_to(ledger_path, tmp_path / "b" / "copy.zhangfang")
    backup.verify(target)
    customer(ledger, "备份之后")  # the live ledger keeps working


def test_restore_keeps_the_replaced_file(ledger, ledger_path: Path, tmp_path: Path) -> None:
    customer(ledger, "甲")
    saved = backup.backup_to(ledger_path, tmp_path / "saved.zhangfang")
    customer(ledger, "乙")
    ledger.close()
    kept = backup.restore(saved, ledger_path)
    assert kept is not None and kept.exists()
    from desktop.services.ledger import Ledger
    from desktop.services.parties import find_parties

    reopened = Ledger.open(ledger_path)
    with reopened.read() as s:
        assert [p.name for p in find_parties(s)] == ["甲"]
    reopened.close()


def test_damaged_backups_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zhangfang"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(LedgerFileError):
        backup.verify(bad)
    with pytest.raises(LedgerFileError, match="找不到"):
        backup.verify(tmp_path / "none.zhangfang")


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    for i in range(5):
        f = tmp_path / f"ledger-2026010{i}.zhangfang"
        f.write_text("x")
        os.utime(f, (time.time() + i, time.time() + i))
    removed = backup.rotate(tmp_path, "ledger", keep=2)
    assert len(removed) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ledger-20260103.zhangfang",
        "ledger-20260104.zhangfang",
    ]


def test_backups_rotate(ledger_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = []
    for _ in range(4):
        made.append(backup.auto_backup(ledger_path, folder, keep=2))  # back to back
    left = sorted(folder.glob("*.zhangfang"))
    assert left == sorted(made[-2:])


class _FrozenClock(datetime):
    """Every backup made "now" falls in the same millisecond."""

    @classmethod
    def now(cls, tz: Any = None) -> _FrozenClock:
        return cls(2026, 1, 2, 3, 4, 5, 678_000)


def _party_names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM party"))


@pytest.mark.parametrize("frozen", [False, True], ids=["real clock", "same millisecond"])
def test_backups_made_back_to_back_are_two_files(
    ledger, ledger_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    """Names to the second made the second backup overwrite the first."""
    if frozen:
        monkeypatch.setattr(backup, "datetime", _FrozenClock)
    customer(ledger, "甲")
    first = backup.backup_to(ledger_path, backup.default_backup_path(ledger_path))
    customer(ledger, "乙")
    second = backup.backup_to(ledger_path, backup.default_backup_path(ledger_path))
    assert first != second
    assert first.exists() and second.exists()
    backup.verify(first)
    backup.verify(second)
    assert _party_names(first) == ["甲"]
    assert _party_names(second) == ["乙", "甲"]


def test_names_in_one_millisecond_are_reserved_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "datetime", _FrozenClock)
    names = [backup.backup_path(tmp_path, "ledger-auto").name for _ in range(3)]
    assert names == [
        "ledger-auto-20260102-030405-678.zhangfang",
        "ledger-auto-20260102-030405-678-2.zhangfang",
        "ledger-auto-20260102-030405-678-3.zhangfang",
    ]
    labelled = backup.backup_path(tmp_path, "ledger", "before-import")
    assert labelled.name == "ledger-20260102-030405-678-before-import.zhangfang"


def test_a_failed_backup_leaves_no_reserved_name(tmp_path: Path) -> None:
    target = backup.backup_path(tmp_path, "ledger")
    with pytest.raises(LedgerFileError):
        backup.backup_to(tmp_path / "missing.zhangfang", target)
    assert target.exists()  # refused before anything was written: the caller still owns it
    bad_source = tmp_path / "not-a-db.zhangfang"
    bad_source.write_bytes(b"\1" * 4096)
    with pytest.raises(sqlite3.DatabaseError):
        backup.backup_to(bad_source, target)
    assert not target.exists()
    assert not list(tmp_path.glob("*.part"))


def test_rotation_orders_new_and_old_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same file time (one clock tick): the stamp and counter in the name decide; names to
    the second, made before, still rotate by their time."""
    old = ["ledger-auto-20251230-235959.zhangfang", "ledger-auto-20251231-000000.zhangfang"]
    for i, name in enumerate(old):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, ns=(1_000_000_000 + i, 1_000_000_000 + i))
    monkeypatch.setattr(backup, "datetime", _FrozenClock)
    made = [backup.backup_path(tmp_path, "ledger-auto") for _ in range(3)]
    tick = 2_000_000_000
    for path in made:
        path.write_text("x")
        os.utime(path, ns=(tick, tick))
    (tmp_path / "ledger-other-20260101-000000.zhangfang").write_text("x")  # not this stem's
    removed = backup.rotate(tmp_path, "ledger-auto", keep=2)
    assert sorted(removed) == sorted([*[tmp_path / n for n in old], made[0]])
    assert sorted(p.name for p in tmp_path.glob("ledger-auto-*")) == sorted(
        p.name for p in made[1:]
    )
    removed = backup.rotate(tmp_path, "ledger-auto", keep=1)
    assert removed == [made[1]]


def test_rotation_of_names_to_the_second(tmp_path: Path) -> None:
    names = [f"ledger-auto-20260101-12000{i}.zhangfang" for i in range(4)]
    for name in names:
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, ns=(3_000_000_000, 3_000_000_000))  # one tick: names decide
    removed = backup.rotate(tmp_path, "ledger-auto", keep=3)
    assert removed == [tmp_path / names[0]]
