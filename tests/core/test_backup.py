"""Backups use SQLite's online backup; a restore checks the file before touching anything."""

from __future__ import annotations

import os
import time
from pathlib import Path

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
        made.append(backup.auto_backup(ledger_path, folder, keep=2))
        time.sleep(1.05)  # names carry the second
    left = sorted(folder.glob("*.zhangfang"))
    assert left == sorted(made[-2:])
