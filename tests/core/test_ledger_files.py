"""The recent-ledgers list's rules and a backup's date, without Qt."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from desktop.services.backup import made_at
from desktop.services.ledger_files import RECENT_MAX, recent_menu, remember


def test_remember_puts_the_newest_first_once_and_keeps_eight(tmp_path: Path) -> None:
    paths = [tmp_path / f"l{i}.zhangfang" for i in range(RECENT_MAX + 2)]
    recent: list[str] = []
    for path in paths:
        recent = remember(recent, path)
    assert recent == [str(p) for p in reversed(paths[2:])]
    again = remember(recent, tmp_path / "sub" / ".." / "l5.zhangfang")  # the same file
    assert again[0] == str(paths[5]) and again.count(str(paths[5])) == 1
    assert len(again) == RECENT_MAX


def test_the_menu_leaves_out_the_open_ledger_and_flags_missing_files(tmp_path: Path) -> None:
    here, gone, now = (tmp_path / n for n in ("here.zhangfang", "gone.zhangfang", "now.zhangfang"))
    here.write_bytes(b"x")
    now.write_bytes(b"x")
    link = tmp_path / "link.zhangfang"
    os.symlink(now, link)
    shown = recent_menu([str(link), str(gone), str(here), ""], now)
    assert [(e.path, e.exists) for e in shown] == [(gone, False), (here, True)]


def test_a_backups_date_comes_from_its_name(tmp_path: Path) -> None:
    named = tmp_path / "账本-20261130-184502-123-2-before-restore.zhangfang"
    named.write_bytes(b"x")
    assert made_at(named) == datetime(2026, 11, 30, 18, 45, 2, 123000)
    renamed = tmp_path / "我的备份.zhangfang"
    renamed.write_bytes(b"x")
    os.utime(renamed, (1_700_000_000, 1_700_000_000))
    assert made_at(renamed) == datetime.fromtimestamp(1_700_000_000)
