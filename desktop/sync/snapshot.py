"""Whole-ledger snapshots: a desk's ledger becomes the firm's first state, and a desk joining
a firm that has data starts from the firm's ledger (docs/sync.md, "Snapshots").

A file copy made with SQLite's backup API, checked (SHA-256 of the whole, integrity, schema
revision) before anything is replaced: seconds where pushing every record as a mutation
would run a big ledger's documents through the services one by one. The HTTP side (chunked,
resumable upload and download) is the server's and the client's; here is what happens to
the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.codes import OutboxState
from desktop.errors import LedgerFileError, ValidationError
from desktop.file_lock import lock_path
from desktop.models import AppliedMutation, LocalSetting, OutboxEntry
from desktop.models.base import utcnow
from desktop.models.db import read_only_uri
from desktop.services import backup
from desktop.services.ledger import Ledger
from desktop.sync.apply import CURSOR_SETTING
from desktop.sync.protocol import ResultStatus, mutation_hash

#: tables whose rows mean a ledger holds the firm's business, not just a firm's name
_BUSINESS = ("party", "product", "document")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    size: int
    sha256: str
    #: the change-log position the copy stands at: pull from here after joining
    cursor: int


def digest(path: Path) -> str:
    """SHA-256 of a file, read in pieces (ledgers run to hundreds of MB)."""
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def take(ledger: Path, out: Path, cursor: int) -> Snapshot:
    """A consistent copy of ``ledger`` (others may go on writing) at change-log ``cursor``."""
    backup.backup_to(ledger, out)
    return Snapshot(out, out.stat().st_size, digest(out), cursor)


def has_business(path: Path) -> bool:
    """Whether the ledger at ``path`` holds customers, products or documents."""
    if not path.exists():
        return False
    with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
        return any(
            conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
            for table in _BUSINESS
        )


def _checked(path: Path, sha256: str) -> None:
    """The file arrived whole and is an intact ledger this version can open."""
    if not path.exists() or digest(path) != sha256.lower():
        raise LedgerFileError(
            "snapshot_incomplete",
            "账本副本没有完整传到（校验值不符），请重新传送。",
            "The ledger copy did not arrive whole (its checksum differs); send it again.",
        )
    backup.verify(path)


def adopt_upload(upload: Path, sha256: str, firm_ledger: Path, desk: str) -> int:
    """Make a desk's uploaded ledger the firm's ledger (on the server, while the firm's
    ledger holds no business yet). Every change already in the copy is recorded as applied
    from ``desk``, so the desk's retries of them answer "duplicate".

    Returns the last outbox position the copy holds: the desk marks its changes up to it as
    sent. The caller closes its own handle on ``firm_ledger`` first.
    """
    _checked(upload, sha256)
    if has_business(firm_ledger):
        raise ValidationError(
            "firm_has_data",
            "商号在服务器上的账本已有数据，不能再以本机账本作为起点；请改为从服务器下载账本加入。",
            "The firm's ledger on the server already holds data, so this ledger cannot become "
            "its first state; join from the server's ledger instead.",
        )
    opened = Ledger.open(upload)  # brings an older schema up to date, as any ledger
    try:
        with opened.session() as session:
            last = _record_applied(session, desk)
            session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
            session.execute(delete(LocalSetting))  # that desk's own settings stay there
            session.commit()
    finally:
        opened.close()
    backup.restore(upload, firm_ledger, checked=True)  # checked above: the check reads it all
    return last


#: outbox rows read and recorded at a time
_BATCH = 5000
_APPLIED = str(ResultStatus.APPLIED)


def _record_applied(session: Session, desk: str) -> int:
    """Each change in the copy's outbox recorded as applied from ``desk``; returns the last
    outbox position. Straight through the driver, a batch at a time: a shop's years hold
    hundreds of thousands of changes, where the ORM's per-row work took most of a minute
    and the whole outbox in memory took a gigabyte."""
    table = AppliedMutation.__table__
    dialect = session.get_bind().dialect
    at = table.c.at.type.bind_processor(dialect)
    now = at(utcnow()) if at else utcnow()
    data = json.dumps({"snapshot": True})
    raw = session.connection().connection.driver_connection
    assert raw is not None
    last = 0
    while True:
        rows = raw.execute(
            "SELECT seq, id, intent, args FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
            (last, _BATCH),
        ).fetchall()
        if not rows:
            return last
        raw.executemany(
            "INSERT INTO applied_mutation (id, desk, desk_seq, hash, status, reason, "
            "reason_zh, data, at) VALUES (?, ?, ?, ?, ?, '', '', ?, ?)",
            [
                (ident, desk, seq, mutation_hash(intent, json.loads(args)), _APPLIED, data, now)
                for seq, ident, intent, args in rows
            ],
        )
        last = rows[-1][0]


def mark_uploaded(ledger: Ledger, last_seq: int) -> int:
    """On the desk: its changes up to ``last_seq`` went to the server inside its ledger."""
    with ledger.session() as session:
        sent = list(
            session.scalars(
                select(OutboxEntry.seq).where(
                    OutboxEntry.seq <= last_seq, OutboxEntry.state == OutboxState.PENDING
                )
            )
        )
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(sent))
            .values(state=OutboxState.APPLIED, result={"status": "snapshot"})
        )
        session.commit()
    return len(sent)


def join(snapshot: Snapshot, ledger: Path) -> Path | None:
    """Replace a desk's ledger, which holds no business of its own, with the firm's.

    This desk's own settings (its desk code, the server it signs in to) are kept; the
    cursor becomes the snapshot's; the changes in the copy count as already sent. The
    ledger must not be open (a window closes it first, as for a restore). Returns where the
    replaced file was kept.
    """
    _checked(snapshot.path, snapshot.sha256)
    if has_business(ledger):
        raise ValidationError(
            "ledger_has_data",
            "本机账本已有自己的数据，不能直接换成商号的账本。请新建一个空账本再加入，"
            "或先备份本机账本。",
            "This ledger holds data of its own and cannot be replaced by the firm's. Make a "
            "new, empty ledger to join with, or back this one up first.",
        )
    return _replace(snapshot, ledger, None)


def rejoin(
    snapshot: Snapshot, ledger: Path, outbox: list[dict[str, Any]], settings: dict[str, str]
) -> Path | None:
    """Replace a desk's ledger, business and all, with the firm's (the server no longer has
    the history this desk needs: ``resync_required``), keeping this desk's settings and the
    ``outbox`` rows given (``desktop.sync.resync``: its unsent and refused changes, under
    their own sequence numbers) in place of the copy's, and ``settings`` set in the new file
    only. The ledger must not be open. Returns where the replaced file was kept."""
    _checked(snapshot.path, snapshot.sha256)
    return _replace(snapshot, ledger, outbox, settings)


def _replace(
    snapshot: Snapshot,
    ledger: Path,
    outbox: list[dict[str, Any]] | None,
    settings: dict[str, str] | None = None,
) -> Path | None:
    own: dict[str, str] = {}
    if ledger.exists():
        with contextlib.closing(sqlite3.connect(read_only_uri(ledger), uri=True)) as conn:
            own = dict(conn.execute("SELECT key, value FROM local_setting").fetchall())
    own.update(settings or {})
    own[CURSOR_SETTING] = str(snapshot.cursor)
    work = snapshot.path.with_name(f"{snapshot.path.name}.{uuid.uuid4().hex[:8]}.joining")
    backup.backup_to(snapshot.path, work)
    try:
        opened = Ledger.open(work)
        try:
            with opened.session() as session:
                if outbox is None:  # the changes in the copy count as sent
                    session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
                else:  # other desks' changes, all sent: this desk's own take their place
                    session.execute(delete(OutboxEntry))
                    session.add_all(OutboxEntry(**row) for row in outbox)
                session.execute(delete(LocalSetting))
                session.add_all(LocalSetting(key=k, value=v) for k, v in own.items())
                session.commit()
        finally:
            opened.close()
        return backup.restore(work, ledger, checked=True)  # a copy of the file checked above
    finally:
        for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm"), lock_path(work)):
            leftover.unlink(missing_ok=True)
