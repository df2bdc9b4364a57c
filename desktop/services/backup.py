"""Backups with SQLite's online backup API; restore only what passes an integrity check."""

from __future__ import annotations

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
    with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    tmp.replace(target)
    return target


def default_backup_path(ledger: Path, label: str = "") -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-{label}" if label else ""
    return backup_dir() / f"{ledger.stem}-{stamp}{suffix}.zhangfang"


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
    target = folder / f"{stem}-{datetime.now():%Y%m%d-%H%M%S}.zhangfang"
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


def rotate(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups of ``stem``; returns deleted."""
    files = sorted(
        folder.glob(f"{stem}-*.zhangfang"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    removed = files[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
