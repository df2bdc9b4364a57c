"""Backups with SQLite's online backup API; restore only what passes an integrity check."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import LedgerFileError
from desktop.paths import backup_dir


def backup_to(source: Path | str, target: Path | str) -> Path:
    """Copy a live ledger consistently (other connections may keep writing)."""
    source, target = Path(source), Path(target)
    if not source.exists():
        raise LedgerFileError(
            "ledger_missing", f"找不到账本文件：{source}", f"No ledger at {source}."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if target.exists() and target.stat().st_size == 0:
            target.unlink()  # the name reserved by backup_path, never filled
        raise
    return target


def backup_path(folder: Path, stem: str, label: str = "") -> Path:
    """A new backup's name, to the millisecond, reserved by creating the file exclusively.

    Two backups in the same millisecond (or a second process naming one at the same time)
    get ``-2``, ``-3``… after the stamp instead of overwriting each other; :func:`backup_to`
    then fills the reserved file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    stamp = f"{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"
    suffix = f"-{label}" if label else ""
    n = 1
    while True:
        counter = f"-{n}" if n > 1 else ""
        target = folder / f"{stem}-{stamp}{counter}{suffix}.zhangfang"
        try:
            with target.open("xb"):
                return target
        except FileExistsError:
            n += 1


def default_backup_path(ledger: Path, label: str = "", folder: Path | None = None) -> Path:
    """A new backup of ``ledger`` in ``folder`` (the backups folder by default)."""
    return backup_path(folder or backup_dir(), ledger.stem, label)


def backup_before_upgrade(engine: Engine, path: Path, revision: str) -> Path:
    """Called before a schema migration: keep the old file as it was."""
    engine.dispose()
    return backup_to(path, default_backup_path(path, f"before-upgrade-from-{revision}"))


def auto_backup(
    ledger: Path, folder: Path, keep: int, step: Callable[[int, str], None] | None = None
) -> Path:
    """The desk's automatic (and 立即备份) backup: a copy named ``<stem>-auto-<time>`` in
    ``folder``, then all but the newest ``keep`` of those deleted. ``step(percent, text)``
    hears the progress and may raise to stop before the copy is made."""
    if step:
        step(5, "")
    stem = f"{ledger.stem}-auto"
    target = backup_path(folder, stem)
    backup_to(ledger, target)
    if step:
        step(90, "")
    rotate(folder, stem, keep)
    return target


def verify(path: Path | str) -> None:
    """Raise unless ``path`` is an intact Zhangfang ledger."""
    path = Path(path)
    if not path.exists():
        raise LedgerFileError("backup_missing", f"找不到备份文件：{path}", f"No file at {path}.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise LedgerFileError(
            "backup_unreadable",
            f"备份文件已损坏或不是账本：{path}",
            f"{path} is damaged or not a ledger.",
        ) from exc
    if not result or result[0] != "ok":
        raise LedgerFileError(
            "backup_damaged",
            f"备份文件未通过完整性检查：{path}",
            f"{path} fails the integrity check.",
        )
    if not {"alembic_version", "document", "party"} <= tables:
        raise LedgerFileError(
            "not_a_ledger", f"这个文件不是账房账本：{path}", f"{path} is not a Zhangfang ledger."
        )


def restore(backup: Path | str, ledger: Path | str) -> Path | None:
    """Replace ``ledger`` with ``backup`` after checking it; the current file is kept aside.

    Returns where the replaced ledger was saved (None when there was none). It replaces
    the file, not rows: a window that has the ledger open must open it again and reload
    every screen (``Changes.all()``); today only the CLI restores.
    """
    backup, ledger = Path(backup), Path(ledger)
    verify(backup)
    kept: Path | None = None
    if ledger.exists():
        kept = backup_to(ledger, default_backup_path(ledger, "before-restore"))
    for suffix in ("-wal", "-shm"):
        Path(str(ledger) + suffix).unlink(missing_ok=True)
    tmp = ledger.with_name(ledger.name + ".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(ledger)
    return kept


# after the stem: the stamp, to the second (names made before 0.1.x) or the millisecond,
# and the counter of a name taken in the same millisecond
_STAMP = re.compile(r"(\d{8})-(\d{6})(?:-(\d{3}))?(?:-(\d{1,6}))?(?!\d)")


def _age_key(path: Path, stem: str) -> tuple[int, str, int, int]:
    """Newer sorts higher: the file's time, then (same clock tick) the stamp in its name."""
    found = _STAMP.match(path.name, len(stem) + 1)
    if found is None:
        return (path.stat().st_mtime_ns, "", -1, 0)
    day, clock, ms, n = found.groups()
    return (path.stat().st_mtime_ns, day + clock, int(ms or -1), int(n or 1))


def rotate(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups of ``stem``; returns deleted."""
    files = sorted(
        folder.glob(f"{stem}-*.zhangfang"), key=lambda p: _age_key(p, stem), reverse=True
    )
    removed = files[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
