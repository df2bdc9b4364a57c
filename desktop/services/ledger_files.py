"""Which ledger file is open: the recent list, and a restore followed by the reopen.

The command line and the window both restore through :func:`restore_and_open`, so the
ledger is checked, replaced, kept and brought up to the current schema the same way; the
recent list's rules (newest first, no repeats, at most :data:`RECENT_MAX`) are plain
functions here so they are tested without Qt (the window keeps the list in its
preferences). Nothing here imports SQLAlchemy until a restore: the window records the
ledger it starts on before the first paint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import LedgerFileError

if TYPE_CHECKING:
    from desktop.services.ledger import Ledger

#: how many ledgers the 最近的账本 menu lists
RECENT_MAX = 8


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two names point at one file (a link, ``..`` or a relative name included)."""
    a, b = Path(a), Path(b)
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.expanduser().resolve() == b.expanduser().resolve()


def remember(recent: list[str], path: Path | str) -> list[str]:
    """``recent`` with ``path`` first: an earlier entry for the same file goes, and only the
    newest :data:`RECENT_MAX` stay."""
    first = str(Path(path).expanduser().resolve())
    rest = [p for p in recent if p and not same_file(p, first)]
    return [first, *rest][:RECENT_MAX]


@dataclass(frozen=True)
class RecentLedger:
    path: Path
    exists: bool


def recent_menu(recent: list[str], current: Path | str) -> list[RecentLedger]:
    """What the menu shows: the recent ledgers but the one open now, each with whether
    its file is still there (a moved or deleted one is shown, not offered)."""
    shown = []
    for text in recent[:RECENT_MAX]:
        if not text or same_file(text, current):
            continue
        path = Path(text)
        shown.append(RecentLedger(path, path.is_file()))
    return shown


@dataclass(frozen=True)
class Opened:
    """A restored ledger, open, and where the file it replaced was kept (None: none)."""

    ledger: Ledger
    kept: Path | None


def restore_and_open(backup: Path | str, ledger: Path | str, actor: str | None = None) -> Opened:
    """``zhangfang restore`` and 从备份恢复…: replace ``ledger`` with ``backup`` (checked first,
    the replaced file kept as a ``before-restore`` backup, refused while any program has the
    ledger open) and open the result, which brings an older backup up to the current schema.
    A failure after the replacement names where the previous ledger was kept."""
    from desktop.services import backup as backups
    from desktop.services.ledger import Ledger

    path = Path(ledger)
    kept = backups.restore(backup, path)
    try:
        opened = Ledger.open(path, actor=actor)
    except LedgerFileError as exc:
        if kept is None:
            raise
        raise LedgerFileError(
            exc.code,
            f"{exc.zh} 恢复前的账本另存为 {kept}。",
            f"{exc.en} The ledger as it was before the restore is saved as {kept}.",
        ) from exc
    return Opened(opened, kept)
