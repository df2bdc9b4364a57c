"""Moving a whole ledger file over HTTP, resumably (docs/sync.md, "Snapshots").

Up: chunks of :data:`CHUNK` bytes with ``Content-Range`` and the whole file's SHA-256; a
desk that was cut off asks the server how many bytes arrived and goes on from there.
Down: ``GET /snapshot`` into a file beside the ledger, with ``Range`` from what is already
there when a download broke off. Each request goes through the client's retry policy
(backoff with jitter on a lost connection, a timeout, a 5xx). ``progress(done, total)``
is called after each piece, for a percentage line or a progress bar.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from desktop.sync.client import ADOPT_TIMEOUT, API, SyncClient, Unreachable, check_status
from desktop.sync.errors import ServerRefused
from desktop.sync.snapshot import Snapshot

#: the bytes one upload request carries
CHUNK = 8 * 1024 * 1024
#: how many times an upload may be told to start elsewhere before giving up
MAX_RESTARTS = 5

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Uploaded:
    size: int
    #: the desk's last outbox position inside the uploaded file
    last_seq: int
    #: the firm's change-log position the uploaded file stands at
    cursor: int


def _no_progress(_done: int, _total: int) -> None:
    pass


def upload(
    client: SyncClient,
    path: Path,
    sha256: str,
    progress: Progress | None = None,
    chunk: int | None = None,
) -> Uploaded:
    """Send the file at ``path`` (a copy that no longer changes) as this desk's ledger;
    goes on from what the server already has of the same file."""
    progress = progress or _no_progress
    chunk = chunk or CHUNK
    total = path.stat().st_size
    restarts = 0
    offset = _resume_at(client, total, sha256)
    with path.open("rb") as f:
        while True:
            if isinstance(offset, Uploaded):
                progress(total, total)
                return offset  # adopted already; its answer was lost
            f.seek(offset)
            piece = f.read(chunk)
            try:
                answer = client.upload_chunk(piece, offset, total, sha256)
            except ServerRefused as exc:
                restarts += 1
                if exc.code != "upload_offset" or restarts > MAX_RESTARTS:
                    raise
                offset = _resume_at(client, total, sha256)
                continue
            offset += len(piece)
            progress(offset, total)
            if answer.get("complete"):
                return Uploaded(total, int(answer.get("last_seq") or 0), int(answer["cursor"]))


def _resume_at(client: SyncClient, total: int, sha256: str) -> int | Uploaded:
    """Where this upload goes on from: the bytes the server has of the same file, or the
    server's answer when it adopted the file already."""
    state = client.upload_state()
    same = state.get("sha256") == sha256 and state.get("total") == total
    if same and state.get("complete"):
        return Uploaded(total, int(state.get("last_seq") or 0), int(state.get("cursor") or 0))
    received = int(state.get("received") or 0) if same else 0
    return received if received < total else 0


SHA_HEADER = "X-Zhangfang-Sha256"
CURSOR_HEADER = "X-Zhangfang-Cursor"


def _note(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def discard_download(target: Path) -> None:
    """Delete a download and its note (after joining, or to start again)."""
    for path in (target, _note(target)):
        path.unlink(missing_ok=True)


def download(client: SyncClient, target: Path, progress: Progress | None = None) -> Snapshot:
    """The firm's snapshot into ``target``, going on from the bytes a broken download left
    (when the server still offers the same file; otherwise from the start)."""
    progress = progress or _no_progress
    note = _note(target)

    def once() -> Snapshot:
        known: dict[str, object] = {}
        if target.exists() and note.exists():
            try:
                known = dict(json.loads(note.read_text()))
            except ValueError:
                known = {}
        have = target.stat().st_size if known else 0
        if known and have == known.get("total"):
            return Snapshot(target, have, str(known["sha256"]), int(str(known["cursor"])))
        return client.with_token(lambda: _fetch(client, target, known, have, progress))

    return client.retrying()(once)


def _fetch(
    client: SyncClient,
    target: Path,
    known: dict[str, object],
    have: int,
    progress: Progress,
) -> Snapshot:
    headers = {"Authorization": f"Bearer {client.access_token}"}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        base = client.http.timeout
        timeout = httpx.Timeout(
            connect=base.connect, read=ADOPT_TIMEOUT, write=base.write, pool=base.pool
        )
        with client.http.stream(
            "GET", API + "/snapshot", headers=headers, timeout=timeout
        ) as response:
            if response.status_code >= 400:
                response.read()
                check_status(response)
            sha256 = response.headers.get(SHA_HEADER, "")
            cursor = int(response.headers.get(CURSOR_HEADER) or 0)
            partial = response.status_code == 206 and known.get("sha256") == sha256
            if response.status_code == 206 and not partial:
                # the firm's ledger moved on since the first bytes came: start again
                discard_download(target)
                raise Unreachable("the snapshot changed", sent=True)
            done = have if partial else 0
            length = int(response.headers.get("Content-Length") or 0)
            total = done + length
            _note(target).write_text(
                json.dumps({"sha256": sha256, "cursor": cursor, "total": total})
            )
            with target.open("ab" if partial else "wb") as sink:
                for piece in response.iter_bytes():
                    sink.write(piece)
                    done += len(piece)
                    progress(done, total)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise Unreachable(type(exc).__name__, sent=False) from exc
    except httpx.TransportError as exc:
        raise Unreachable(type(exc).__name__, sent=True) from exc
    if done != total:
        raise Unreachable("the download ended early", sent=True)
    return Snapshot(target, total, sha256, cursor)
