"""Whole-ledger transfers on the server (docs/sync.md, "Snapshots").

A desk's ledger arrives in chunks (``Content-Range``) into ``<data>/uploads/<desk id>.part``
beside a note of the whole file's size and SHA-256; a desk that lost its connection asks
how many bytes arrived and goes on from there. The last chunk makes it the firm's ledger
(``desktop.sync.snapshot.adopt_upload``), under the firm's write lock with the server's
handle on the file closed. Joining desks download a copy taken at a change-log cursor;
one copy is kept per cursor in ``<data>/snapshots/<firm id>/``, so twenty joiners share it.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import LedgerFileError, ValidationError
from desktop.file_lock import lock_path
from desktop.services.desks import set_desk
from desktop.sync import snapshot
from marketplace.auth import Principal
from marketplace.changes import lock_firm
from marketplace.context import Server
from marketplace.errors import ApiError, bad_request
from marketplace.ledgers import SERVER_DESK
from marketplace.market import after_change
from marketplace.models import Firm
from marketplace.schemas import UploadOut

#: the most one chunk may carry (a desk sends 8 MiB)
MAX_CHUNK = 64 * 1024 * 1024
#: cached snapshots kept per firm (the newest, and the one before for downloads under way)
KEEP_SNAPSHOTS = 2
_RANGE = re.compile(r"^\s*bytes\s+(\d{1,15})-(\d{1,15})/(\d{1,15})\s*$")


@dataclass(frozen=True)
class ChunkRange:
    start: int
    end: int  # inclusive, as HTTP writes it
    total: int


def parse_content_range(value: str) -> ChunkRange:
    found = _RANGE.match(value)
    if found is None:
        raise bad_request(
            "Content-Range must read 'bytes START-END/TOTAL'.",
            "Content-Range 的格式须为 'bytes 起点-终点/总长'。",
        )
    start, end, total = (int(g) for g in found.groups())
    if not start <= end < total:
        raise bad_range("Content-Range: START <= END < TOTAL.", "须 起点 <= 终点 < 总长。")
    return ChunkRange(start, end, total)


def bad_range(en: str, zh: str) -> ApiError:
    """Well formed, but the numbers do not fit together: the desk starts the chunk again
    from what the server says it received."""
    return ApiError(409, "bad_range", en, f"Content-Range：{zh}")


def too_large(limit: int) -> ApiError:
    mb = limit / 1e6
    return ApiError(
        413,
        "too_large",
        f"The ledger is larger than this server accepts ({mb:.0f} MB).",
        f"账本超过服务器允许的大小（{mb:.0f} MB）。",
        limit=limit,
    )


def _offset_error(received: int) -> ApiError:
    return ApiError(
        409,
        "upload_offset",
        f"The upload goes on from byte {received}.",
        f"上传应从第 {received} 字节继续。",
        received=received,
    )


@dataclass(frozen=True)
class Pending:
    received: int
    total: int
    sha256: str


@dataclass(frozen=True)
class Cached:
    path: Path
    sha256: str
    cursor: int


class Transfers:
    """The uploads and cached snapshots under one data folder."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.uploads = server.settings.data / "uploads"
        self.snapshots = server.settings.data / "snapshots"
        self._locks: dict[uuid.UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    # --- uploads -------------------------------------------------------------------------

    def _lock(self, desk: uuid.UUID) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(desk, threading.Lock())

    def _files(self, desk: uuid.UUID) -> tuple[Path, Path]:
        return self.uploads / f"{desk}.part", self.uploads / f"{desk}.json"

    def _done_note(self, desk: uuid.UUID) -> Path:
        return self.uploads / f"{desk}.done"

    def completed(self, desk: uuid.UUID) -> UploadOut | None:
        """The answer of this desk's adopted upload, kept so that a last chunk sent again
        (its answer was lost while the server checked the file) gets it again."""
        try:
            return UploadOut.model_validate_json(self._done_note(desk).read_text())
        except (OSError, ValueError):
            return None

    def pending(self, desk: uuid.UUID) -> Pending | None:
        part, note = self._files(desk)
        try:
            meta = json.loads(note.read_text())
            return Pending(part.stat().st_size, int(meta["total"]), str(meta["sha256"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _discard(self, desk: uuid.UUID) -> None:
        part, note = self._files(desk)
        for path in (part, note, lock_path(part)):  # adopting opened the part as a ledger
            path.unlink(missing_ok=True)

    def clean_stale(self) -> None:
        """Partial uploads nobody added to for ``upload_stale`` seconds are deleted."""
        if not self.uploads.exists():
            return
        limit = time.time() - self.server.settings.upload_stale
        for path in self.uploads.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            except OSError:
                continue

    def receive(self, me: Principal, where: ChunkRange, sha256: str, body: bytes) -> UploadOut:
        """Keep one chunk of this desk's upload; the last one makes it the firm's ledger."""
        limit = self.server.settings.snapshot_limit
        if where.total > limit:
            raise too_large(limit)
        if len(body) != where.end - where.start + 1:
            raise bad_range("the chunk's length differs from it.", "数据块的长度与之不符。")
        sha256 = sha256.lower()
        with self._lock(me.desk_id):
            self.clean_stale()
            finished = self.completed(me.desk_id)
            if finished is not None and (finished.sha256, finished.total) == (sha256, where.total):
                return finished
            pending = self.pending(me.desk_id)
            if pending is not None and (pending.sha256, pending.total) != (sha256, where.total):
                if where.start != 0:
                    raise _offset_error(0)  # another file than the one under way
                self._discard(me.desk_id)
                pending = None
            received = pending.received if pending else 0
            if where.start > received:
                raise _offset_error(received)
            part, note = self._files(me.desk_id)
            if pending is None:
                self.uploads.mkdir(parents=True, exist_ok=True, mode=0o700)
                note.write_text(json.dumps({"total": where.total, "sha256": sha256}))
                part.touch(mode=0o600)
            with part.open("r+b") as f:
                f.truncate(where.start)  # a chunk sent again after its answer was lost
                f.seek(where.start)
                f.write(body)
            done = where.end + 1
            if done < where.total:
                return UploadOut(received=done, total=where.total, complete=False)
            try:
                last_seq, cursor = self._adopt(me, part, sha256)
            finally:
                self._discard(me.desk_id)
            answer = UploadOut(
                received=done,
                total=where.total,
                complete=True,
                last_seq=last_seq,
                cursor=cursor,
                sha256=sha256,
            )
            self._done_note(me.desk_id).write_text(answer.model_dump_json())
            return answer

    def _adopt(self, me: Principal, part: Path, sha256: str) -> tuple[int, int]:
        """Make the upload the firm's ledger; returns (the desk's last seq in it, cursor).

        The checksum and the firm's emptiness are checked first; then the firm's cursor
        moves on one and the horizon with it, so a desk that started from the ledger this
        one replaces is told ``resync_required`` instead of pulling onto the wrong books.
        The cursor moves before the file is replaced: a kill in between leaves a firm
        without business whose horizon moved, nothing worse.
        """
        ledgers = self.server.ledgers
        with ledgers.replacing(me.firm_id) as firm_path:
            try:
                if snapshot.digest(part) != sha256:  # before the cursor moves for nothing
                    raise LedgerFileError(
                        "snapshot_incomplete",
                        "账本副本没有完整传到（校验值不符），请重新传送。",
                        "The ledger copy did not arrive whole (its checksum differs); "
                        "send it again.",
                    )
                if snapshot.has_business(firm_path):
                    raise _firm_has_data()
                with self.server.db.write() as session:
                    firm = lock_firm(session, me.firm_id)
                    firm.change_seq += 1
                    firm.horizon = firm.change_seq
                    cursor = firm.change_seq
                last_seq = snapshot.adopt_upload(part, sha256, firm_path, me.desk_code)
            except ValidationError as exc:
                if exc.code == "firm_has_data":
                    raise _firm_has_data() from None
                raise ApiError(422, exc.code, exc.en, exc.zh) from None
            except LedgerFileError as exc:
                raise ApiError(422, exc.code, exc.en, exc.zh) from None
            # the copy's own desk settings were left behind: the server's desk code again
            set_desk(ledgers.firm_ledger(me.firm_id), SERVER_DESK)
        # the firm's catalog for buyers, whole, from its new ledger
        after_change(self.server, me.firm_id, None, statuses=True)
        return last_seq, cursor

    # --- snapshots -----------------------------------------------------------------------

    def current(self, firm_id: uuid.UUID) -> Cached:
        """The firm's ledger as a file at the current cursor (made once per cursor)."""
        folder = self.snapshots / str(firm_id)
        with self.server.ledgers.writing(firm_id):  # no push lands between cursor and copy
            with self.server.db.read() as session:
                cursor = session.get_one(Firm, firm_id).change_seq
            path = folder / f"{cursor}.zhangfang"
            note = folder / f"{cursor}.sha256"
            if path.exists() and note.exists():
                return Cached(path, note.read_text().strip(), cursor)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            made = snapshot.take(self.server.ledgers.path(firm_id), path, cursor)
            note.write_text(made.sha256)
            self._prune(folder)
            return Cached(path, made.sha256, cursor)

    @staticmethod
    def _prune(folder: Path) -> None:
        """Keep the newest cached copies (an open download keeps reading a deleted one)."""
        made = sorted(
            (int(p.stem) for p in folder.glob("*.zhangfang") if p.stem.isdigit()), reverse=True
        )
        for cursor in made[KEEP_SNAPSHOTS:]:
            for suffix in (".zhangfang", ".sha256"):
                (folder / f"{cursor}{suffix}").unlink(missing_ok=True)


def _firm_has_data() -> ApiError:
    return ApiError(
        409,
        "firm_has_data",
        "The firm's ledger on the server already holds data, so this ledger cannot become "
        "its first state; join from the server's ledger instead.",
        "商号在服务器上的账本已有数据，不能再以本机账本作为起点；请改为从服务器下载账本加入。",
    )
