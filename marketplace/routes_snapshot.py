"""``/api/v1/snapshot``: a desk's ledger uploaded as the firm's first state (chunked,
resumable), and the firm's ledger downloaded by a desk that joins (HTTP ``Range``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from desktop.sync import snapshot
from marketplace.deps import DeskDep, ServerDep
from marketplace.errors import responses
from marketplace.schemas import UploadOut, UploadStateOut
from marketplace.snapshots import MAX_CHUNK, Transfers, parse_content_range, too_large

router = APIRouter(prefix="/api/v1/snapshot", tags=["snapshot"])

SHA_HEADER = "X-Zhangfang-Sha256"
CURSOR_HEADER = "X-Zhangfang-Cursor"
_SHA = r"^[0-9a-fA-F]{64}$"

_BINARY: dict[str, Any] = {"schema": {"type": "string", "format": "binary"}}
_FILE_HEADERS = {
    SHA_HEADER: {"description": "SHA-256 of the whole file", "schema": {"type": "string"}},
    CURSOR_HEADER: {
        "description": "the change-log position the copy stands at: pull from here",
        "schema": {"type": "integer"},
    },
}


def transfers(request: Request) -> Transfers:
    found: Transfers = request.app.state.transfers
    return found


@router.get("/upload", response_model=UploadStateOut, responses=responses(401, 403))
def upload_state(request: Request, server: ServerDep, me: DeskDep) -> UploadStateOut:
    """How many bytes of this desk's upload arrived (to go on after a lost connection), and
    whether the firm's ledger holds business yet (``empty``: this desk's ledger may become
    its first state; ``has_data``: desks join from the firm's snapshot)."""
    store = transfers(request)
    pending = store.pending(me.desk_id)
    has_data = snapshot.has_business(server.ledgers.path(me.firm_id))
    busy: Literal["empty", "has_data"] = "has_data" if has_data else "empty"
    done = None if pending else store.completed(me.desk_id)
    if done is not None:
        return UploadStateOut(
            received=done.total,
            total=done.total,
            sha256=done.sha256,
            ledger_state=busy,
            complete=True,
            last_seq=done.last_seq,
            cursor=done.cursor,
        )
    return UploadStateOut(
        received=pending.received if pending else 0,
        total=pending.total if pending else 0,
        sha256=pending.sha256 if pending else "",
        ledger_state=busy,
    )


@router.put(
    "/upload",
    response_model=UploadOut,
    responses=responses(401, 403, 409, 413, 422),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/octet-stream": _BINARY}}
    },
)
async def upload_chunk(
    request: Request,
    me: DeskDep,
    content_range: Annotated[str, Header(pattern=r"^bytes \d{1,15}-\d{1,15}/\d{1,15}$")],
    x_zhangfang_sha256: Annotated[str, Header(pattern=_SHA)],
) -> UploadOut:
    """One chunk (``Content-Range: bytes START-END/TOTAL``) of this desk's ledger file, with
    the SHA-256 of the whole. A chunk must start at or before the bytes received (``GET``
    says how many; otherwise 409 ``upload_offset`` names them). The last chunk makes the
    file the firm's ledger, after checking it (422 ``snapshot_incomplete`` or
    ``ledger_damaged`` when it is not whole; 409 ``firm_has_data`` when the firm's ledger
    already holds business): the answer then carries ``last_seq`` and ``cursor``."""
    where = parse_content_range(content_range)
    store = transfers(request)
    if where.total > store.server.settings.snapshot_limit:
        raise too_large(store.server.settings.snapshot_limit)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CHUNK:
        raise too_large(MAX_CHUNK)
    body = await request.body()
    return await run_in_threadpool(store.receive, me, where, x_zhangfang_sha256, body)


@router.get(
    "",
    response_class=FileResponse,
    responses={
        **responses(401, 403),
        416: {"description": "the Range asked for lies outside the file"},
        200: {"content": {"application/octet-stream": _BINARY}, "headers": _FILE_HEADERS},
        206: {
            "description": "the part asked for with Range",
            "content": {"application/octet-stream": _BINARY},
            "headers": _FILE_HEADERS,
        },
    },
)
def download(request: Request, me: DeskDep) -> FileResponse:
    """The firm's ledger, copied at the current change-log cursor (``X-Zhangfang-Cursor``:
    the desk pulls from there after joining); ``Range`` resumes a broken download. One
    copy is made per cursor and shared by every desk that asks."""
    cached = transfers(request).current(me.firm_id)
    return FileResponse(
        cached.path,
        media_type="application/octet-stream",
        filename="firm.zhangfang",
        headers={SHA_HEADER: cached.sha256, CURSOR_HEADER: str(cached.cursor)},
    )
