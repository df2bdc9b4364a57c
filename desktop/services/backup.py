"""Backups with SQLite's online backup API; restore only what passes an integrity check.

Every file made here is its owner's alone (0600 on POSIX) and appears whole or not at all:
it is written as ``<name>.part`` and renamed when complete; a failure (a full disk) removes
the part, and parts left by a killed program are removed by the next open
(:func:`remove_orphans`). Replacing the ledger (:func:`restore`) takes the ledger's
exclusive lock, so it never pulls the file from under a program that has it open.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop import file_lock
from desktop.errors import LedgerFileError, disk_full, is_disk_full
from desktop.models.db import read_only_uri, read_revision, upgrade
from desktop.paths import backup_dir

#: how many backups of each kind made before a risky step (before-import, before-undo-
#: import, before-upgrade, before-restore) are kept, newest first
KEEP_LABELLED = 10
#: what a program killed while writing leaves behind (see :func:`remove_orphans`)
PART_SUFFIXES = (".part", ".part-journal", ".part-wal", ".part-shm")


def _new_private(path: Path) -> None:
    """An empty file at ``path`` (replacing one there) that only its owner can read."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _remove_part(tmp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_database(source: Path, tmp: Path) -> None:
    """Copy ``source`` (its write-ahead log included) into a new ``tmp``."""
    _new_private(tmp)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _write_whole(source: Path, target: Path, copy: Callable[[Path, Path], None]) -> Path:
    """``copy(source, part)`` then rename the part to ``target``; on any failure nothing is
    left (not the part, not a name ``backup_path`` reserved) and a full disk says so."""
    tmp = target.with_name(target.name + ".part")
    try:
        copy(source, tmp)
        tmp.replace(target)
        _sync_folder(target.parent)
    except BaseException as exc:
        _remove_part(tmp)
        if target.exists() and target.stat().st_size == 0:
            target.unlink()  # the name reserved by backup_path, never filled
        if isinstance(exc, Exception) and is_disk_full(exc):
            raise disk_full(target.parent) from exc
        raise
    return target


def backup_to(source: Path | str, target: Path | str) -> Path:
    """Copy a live ledger consistently (other connections may keep writing)."""
    source, target = Path(source), Path(target)
    if not source.exists():
        raise LedgerFileError(
            "ledger_missing", f"找不到账本文件：{source}", f"No ledger at {source}."
        )
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return _write_whole(source, target, _copy_database)


def backup_path(folder: Path, stem: str, label: str = "") -> Path:
    """A new backup's name, to the millisecond, reserved by creating the file exclusively.

    Two backups in the same millisecond (or a second process naming one at the same time)
    get ``-2``, ``-3``… after the stamp instead of overwriting each other; :func:`backup_to`
    then fills the reserved file.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = datetime.now()
    stamp = f"{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"
    suffix = f"-{label}" if label else ""
    n = 1
    while True:
        counter = f"-{n}" if n > 1 else ""
        target = folder / f"{stem}-{stamp}{counter}{suffix}.zhangfang"
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            return target
        except FileExistsError:
            n += 1


def default_backup_path(ledger: Path, label: str = "", folder: Path | None = None) -> Path:
    """A new backup of ``ledger`` in ``folder`` (the backups folder by default)."""
    return backup_path(folder or backup_dir(), ledger.stem, label)


def labelled_backup(ledger: Path, label: str, group: str | None = None) -> Path:
    """A backup before a risky step, ``<stem>-<time>-<label>`` in the backups folder; then
    all but the newest :data:`KEEP_LABELLED` of its ``group`` (a pattern of labels, the
    label itself by default) are deleted."""
    target = backup_to(ledger, default_backup_path(ledger, label))
    rotate(backup_dir(), ledger.stem, KEEP_LABELLED, label=group or label)
    return target


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Called before a schema migration: keep the old file as it was."""
    return labelled_backup(path, f"before-upgrade-from-{revision}", "before-upgrade-from-*")


def auto_backup(
    ledger: Path, folder: Path, keep: int, step: Callable[[int, str], None] | None = None
) -> Path:
    """The desk's automatic (and 立即备份) backup: a copy named ``<stem>-auto-<time>`` in
    ``folder``, then all but the newest ``keep`` of those deleted. ``step(percent, text)``
    hears the progress and may raise to stop before the copy is made."""
    if step:
        step(5, "")
    stem = f"{ledger.stem}-auto"
    _remove_stale_parts(folder, stem)
    target = backup_path(folder, stem)
    backup_to(ledger, target)
    if step:
        step(90, "")
    rotate(folder, stem, keep)
    return target


#: a part not written to for this long was left by a program that died
STALE_PART_SECONDS = 15 * 60


def _remove_stale_parts(folder: Path, stem: str) -> None:
    """Parts of automatic backups in a folder of the user's choosing (two windows on one
    ledger may both be writing there, so only those nobody has written to lately)."""
    if not folder.is_dir():
        return
    now = time.time()
    for suffix in PART_SUFFIXES:
        for part in folder.glob(f"{glob_escape(stem)}-*.zhangfang{suffix}"):
            with contextlib.suppress(OSError):
                if now - part.stat().st_mtime > STALE_PART_SECONDS:
                    part.unlink()


def backup_ledger(source: Path, out: Path | None = None) -> Path:
    """``zhangfang backup``: a checked copy of the ledger at ``source`` in ``out`` (a file,
    or a folder for a new name; the backups folder by default). A source that is not an
    intact ledger is refused by its name and leaves nothing behind."""
    if not source.exists():
        raise LedgerFileError(
            "ledger_missing", f"找不到账本文件：{source}", f"No ledger at {source}."
        )
    read_revision(source, known=False)  # a ledger at all (of any version), untouched
    with file_lock.held(source, "shared"):
        new_name = out is None or out.is_dir()
        target = default_backup_path(source, folder=out) if new_name else out
        assert target is not None
        backup_to(source, target)
    try:
        _check_integrity(target)
    except LedgerFileError:
        target.unlink(missing_ok=True)  # a faithful copy of a damaged ledger
        raise damaged(source) from None
    return target


def damaged(path: Path) -> LedgerFileError:
    return LedgerFileError(
        "ledger_damaged",
        f"账本文件未通过完整性检查（已损坏）：{path}",
        f"{path} fails the integrity check (it is damaged).",
    )


def verify(path: Path | str) -> None:
    """Raise unless ``path`` is an intact Zhangfang ledger this version can open."""
    path = Path(path)
    if not path.exists():
        raise LedgerFileError("backup_missing", f"找不到备份文件：{path}", f"No file at {path}.")
    try:
        read_revision(path)
    except LedgerFileError as exc:
        if exc.code != "ledger_too_new":
            raise
        raise LedgerFileError(
            "backup_too_new",
            f"这个备份由更新版本的账房制作，本版本无法打开：{path}。请先升级软件；账本未改动。",
            f"{path} was made by a newer Zhangfang that this version cannot open. "
            "Upgrade the app first; the ledger was not changed.",
        ) from None
    _check_integrity(path)


def _check_integrity(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise damaged(path) from exc
    if not result or result[0] != "ok":
        raise damaged(path)


def restore(backup: Path | str, ledger: Path | str, *, checked: bool = False) -> Path | None:
    """Replace ``ledger`` with ``backup`` after checking it; the current file is kept aside.

    Returns where the replaced ledger was saved (None when there was none). Refused
    (``ledger_in_use``) while any program has the ledger open: a window restores by closing
    its own ledger first, then opens it again and reloads every screen (``Changes.all()``).
    A kill at any point leaves the old ledger or the new one, never a mix.
    """
    backup, ledger = Path(backup), Path(ledger)
    if not checked:  # (``checked``: the caller has just verified this very file)
        verify(backup)  # a ledger, intact, not from a newer version: before anything is touched
    ledger.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with file_lock.held(ledger, "exclusive"):
        tmp = ledger.with_name(ledger.name + ".restoring")
        try:
            _copy_database(backup, tmp)
        except BaseException as exc:
            _remove_part(tmp)
            if isinstance(exc, Exception) and is_disk_full(exc):
                raise disk_full(ledger.parent) from exc
            raise
        kept: Path | None = None
        try:
            if ledger.exists():
                kept = labelled_backup(ledger, "before-restore")
                _settle(ledger)
            _put_in_place(tmp, ledger)
        finally:
            _remove_part(tmp)
    return kept


def _settle(ledger: Path) -> None:
    """Copy the ledger's write-ahead log into it and empty the log, so nothing of the old
    file lingers in a log the new file could pick up (nobody else has it open)."""
    with contextlib.closing(sqlite3.connect(ledger)) as conn:
        busy, _log, _copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise file_lock.in_use(ledger)


def _put_in_place(tmp: Path, ledger: Path) -> None:
    tmp.replace(ledger)
    for suffix in ("-wal", "-shm"):
        Path(str(ledger) + suffix).unlink(missing_ok=True)
    _sync_folder(ledger.parent)


def remove_orphans(ledger: Path) -> list[Path]:
    """Delete what a program killed while writing left of ``ledger``'s files: parts of
    backups (``*.part``, ``*.part-journal``…), a restore's ``.restoring`` copy, and backup
    names reserved but never filled. Only call it while holding the exclusive lock (nobody
    else is writing them)."""
    removed: list[Path] = []
    folders = {ledger.parent, backup_dir()}
    for folder in folders:
        found = [ledger.with_name(ledger.name + ".restoring" + s) for s in ("", "-journal")]
        for suffix in PART_SUFFIXES:
            found += folder.glob(f"{glob_escape(ledger.stem)}-*.zhangfang{suffix}")
        found += [
            p
            for p in folder.glob(f"{glob_escape(ledger.stem)}-*.zhangfang")
            if _STAMP.match(p.name, len(ledger.stem) + 1) and p.stat().st_size == 0
        ]
        for path in found:
            if path.exists():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _books(path: Path) -> tuple[object, ...]:
    """What identifies one set of books and how far it got: the firm, the audit log's end."""
    with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
        firms = tuple(r[0] for r in conn.execute("SELECT id FROM firm ORDER BY id"))
        count, last = conn.execute("SELECT count(*), max(seq) FROM audit_log").fetchone()
    return (firms, count, last)


def recover_interrupted_upgrade(ledger: Path, revision: str) -> Path | None:
    """A ledger an earlier version left half-upgraded (it committed each schema change on
    its own, so a kill in the middle left tables of the new schema under the old revision):
    the newest before-upgrade backup of the same books that upgrades cleanly replaces it,
    upgraded; the broken file is kept as ``…-interrupted-upgrade``. Returns the backup used,
    None when there is none. The caller holds the exclusive lock."""
    try:
        books = _books(ledger)
    except sqlite3.Error:
        return None
    folder = backup_dir()
    candidates = sorted(
        folder.glob(f"{glob_escape(ledger.stem)}-*-before-upgrade-from-{revision}.zhangfang"),
        key=lambda p: _age_key(p, ledger.stem),
        reverse=True,
    )
    from alembic.util import CommandError  # loaded only when an upgrade is recovered

    tmp = ledger.with_name(ledger.name + ".restoring")
    for candidate in candidates:
        try:
            if read_revision(candidate) != revision or _books(candidate) != books:
                continue
            _copy_database(candidate, tmp)
            upgrade(tmp)
        except (LedgerFileError, sqlite3.Error, DBAPIError, CommandError):
            _remove_part(tmp)
            continue
        try:
            labelled_backup(ledger, "interrupted-upgrade")
            _settle(ledger)
            _put_in_place(tmp, ledger)
        finally:
            _remove_part(tmp)
        return candidate
    return None


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


def made_at(path: Path | str) -> datetime:
    """When a backup was made: the stamp in its name (``<stem>-20261130-184502-123…``),
    else the file's time (a copy someone renamed)."""
    path = Path(path)
    for found in _STAMP.finditer(path.stem):
        day, clock, ms, _n = found.groups()
        try:
            stamp = datetime.strptime(day + clock, "%Y%m%d%H%M%S")
        except ValueError:
            continue
        return stamp.replace(microsecond=int(ms or 0) * 1000)
    return datetime.fromtimestamp(path.stat().st_mtime)


def rotate(folder: Path, stem: str, keep: int, label: str = "") -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``stem``: the automatic ones (named
    ``<stem>-<time>``), or with ``label`` (a glob pattern) those named
    ``<stem>-<time>-<label>``. Returns what was deleted."""
    if label:
        files = [
            p
            for p in folder.glob(f"{glob_escape(stem)}-*-{label}.zhangfang")
            if _STAMP.match(p.name, len(stem) + 1)
        ]
    else:
        files = list(folder.glob(f"{glob_escape(stem)}-*.zhangfang"))
    files.sort(key=lambda p: _age_key(p, stem), reverse=True)
    removed = files[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
