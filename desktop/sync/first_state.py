"""A newly enrolled desk's first state: its ledger becomes the firm's, or it joins the firm's.

Decided once, after enrolment, from what each side holds (customers, products or
documents: ``snapshot.has_business``):

| the firm's ledger | this ledger | what happens |
|---|---|---|
| empty | has business | this ledger is uploaded and becomes the firm's first state |
| has business | empty | this desk downloads the firm's ledger and joins it |
| has business | has business | refused: make a new, empty ledger to join with |
| empty | empty | joins (the firm's profile, as the server holds it, stands) |

Until it is settled (``sync.first_state`` is ``pending``) the desk does not sync, so its
records never go up one by one; ``zhangfang login`` again finishes a broken transfer
where it stopped. No Qt: ``progress(done, total)`` feeds a CLI line or a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import LedgerFileError
from desktop.services.ledger import Ledger
from desktop.sync import snapshot, transfer
from desktop.sync.apply import CURSOR_SETTING
from desktop.sync.client import SyncClient
from desktop.sync.errors import ServerRefused, SyncError
from desktop.sync.settings import forget_desk
from desktop.sync.snapshot import Snapshot

FIRST_STATE = "sync.first_state"
#: the SHA-256 of the copy being uploaded (``<ledger>.upload``), to go on with it later
UPLOAD_SHA = "sync.upload_sha"
PENDING, JOINING, UPLOADED, JOINED, REFUSED = "pending", "joining", "uploaded", "joined", "refused"

Progress = Callable[[int, int], None]


class BothHaveData(SyncError):
    """The firm's ledger and this one both hold business: one of them would be lost."""

    def __init__(self) -> None:
        super().__init__(
            "both_have_data",
            "商号在服务器上的账本已有数据，本机账本也有自己的数据，不能合并。"
            "请用 zhangfang init 新建一个空账本，再用它登录加入商号。",
            "The firm's ledger on the server and this ledger both hold data, and they cannot "
            "be merged. Make a new, empty ledger (zhangfang init) and sign in with that one "
            "to join the firm.",
        )


@dataclass(frozen=True)
class Outcome:
    #: ``uploaded``, ``joined`` or ``none`` (settled before)
    action: str
    size: int = 0
    cursor: int = 0
    #: where the ledger replaced by joining was kept
    kept: Path | None = None


class FirstStatePending(SyncError):
    """The desk enrolled but its upload or download has not finished: it does not sync."""

    def __init__(self) -> None:
        super().__init__(
            "first_state_pending",
            "本机账本与商号账本的首次传送还没有完成，请再登录一次（zhangfang login 或"
            "“联网同步…”）完成它。",
            "The first transfer between this ledger and the firm's has not finished: sign in "
            "again (zhangfang login, or Sign in to sync…) to finish it.",
        )


def require_settled(ledger: Ledger) -> None:
    """Refuse to sync a desk whose first state is not settled: its records would go up one
    by one and the firm's ledger would hold data before its own arrived."""
    if unsettled(ledger):
        raise FirstStatePending()


def settle_in_place(
    ledger: Ledger, client: SyncClient, progress: Progress | None = None
) -> Outcome | None:
    """What of :func:`settle` leaves the ledger file where it is (an upload, a refusal, or
    nothing left to do), for a caller that cannot close its ledger at will (the window's
    worker thread). None: this desk must join, which replaces the file — the caller lets
    go of the ledger and calls :func:`settle`."""
    if not unsettled(ledger):
        return Outcome("none")
    if not snapshot.has_business(ledger.path):
        return None
    return settle(ledger, client, progress)[1]


def begin(ledger: Ledger) -> None:
    """Just enrolled: nothing syncs until the first state is settled. A ledger that already
    became, or joined, the firm's ledger (a desk enrolling again after it was revoked, or a
    copied ledger told to enrol as a desk of its own) holds the firm's books already: it
    keeps that, and its unsent changes go up as changes."""
    if ledger.local_setting(FIRST_STATE) in (UPLOADED, JOINED):
        return
    ledger.set_local_setting(FIRST_STATE, PENDING)


def unsettled(ledger: Ledger) -> bool:
    return (ledger.local_setting(FIRST_STATE) or "") in (PENDING, JOINING)


def _keep_cursor(ledger: Ledger, cursor: int) -> None:
    """Where pulling goes on from (the sync core's setting)."""
    ledger.set_local_setting(CURSOR_SETTING, str(cursor))


def settle(
    ledger: Ledger, client: SyncClient, progress: Progress | None = None
) -> tuple[Ledger, Outcome]:
    """Upload this ledger or join the firm's, as the table above says. Joining replaces the
    file: the ledger is closed and opened again, so use the ledger returned."""
    state = ledger.local_setting(FIRST_STATE) or ""
    if state not in (PENDING, JOINING):
        return ledger, Outcome("none")
    mine = snapshot.has_business(ledger.path)
    if state == JOINING and mine:  # the join went through; only the note was missed
        ledger.set_local_setting(FIRST_STATE, JOINED)
        return ledger, Outcome("none")
    server = client.upload_state()
    sent = ledger.local_setting(UPLOAD_SHA) or ""
    if mine and sent and server.get("complete") and server.get("sha256") == sent:
        return ledger, _upload(ledger, client, progress)  # adopted; only the answer was lost
    if mine and server.get("ledger_state") == "has_data":
        _refuse(ledger, client)
    if mine:
        return ledger, _upload(ledger, client, progress)
    return _join(ledger, client, progress)


def _refuse(ledger: Ledger, client: SyncClient) -> None:
    """Sign this desk out of syncing, keeping the ledger as it is, and say why."""
    ledger.set_local_setting(FIRST_STATE, REFUSED)
    try:
        client.signout()
    except SyncError:
        client.forget()
    forget_desk(ledger)
    raise BothHaveData()


def _upload(ledger: Ledger, client: SyncClient, progress: Progress | None) -> Outcome:
    copy = ledger.path.with_name(ledger.path.name + ".upload")
    sha256 = ledger.local_setting(UPLOAD_SHA) or ""
    if not (sha256 and copy.exists()):
        # a copy that stays put while the desk goes on working; its later changes stay in
        # the outbox and go up as changes
        sha256 = snapshot.take(ledger.path, copy, 0).sha256
        ledger.set_local_setting(UPLOAD_SHA, sha256)
    try:
        sent = transfer.upload(client, copy, sha256, progress)
    except ServerRefused as exc:
        if exc.code == "firm_has_data":  # another desk's ledger got there first
            _drop_copy(ledger, copy)
            _refuse(ledger, client)
        if exc.code in ("snapshot_incomplete", "ledger_damaged"):
            _drop_copy(ledger, copy)  # a fresh copy next time
        raise
    snapshot.mark_uploaded(ledger, sent.last_seq)
    _keep_cursor(ledger, sent.cursor)
    ledger.set_local_setting(FIRST_STATE, UPLOADED)
    _drop_copy(ledger, copy)
    return Outcome(UPLOADED, sent.size, sent.cursor)


def _drop_copy(ledger: Ledger, copy: Path) -> None:
    copy.unlink(missing_ok=True)
    ledger.set_local_setting(UPLOAD_SHA, "")


def download(path: Path, client: SyncClient, progress: Progress | None = None) -> Snapshot:
    """Fetch the firm's ledger beside the one at ``path`` (``<ledger>.download``, going on
    where a broken download stopped), leaving the ledger itself as it is: a window runs
    this on a worker thread behind a progress bar, then :func:`settle` finds it there."""
    return transfer.download(client, path.with_name(path.name + ".download"), progress)


def _join(ledger: Ledger, client: SyncClient, progress: Progress | None) -> tuple[Ledger, Outcome]:
    target = ledger.path.with_name(ledger.path.name + ".download")
    got = download(ledger.path, client, progress)
    path, actor = ledger.path, ledger.actor
    ledger.set_local_setting(FIRST_STATE, JOINING)  # join keeps this desk's settings
    ledger.close()
    try:
        kept = snapshot.join(got, path)
    except LedgerFileError as exc:
        if exc.code == "snapshot_incomplete":
            transfer.discard_download(target)  # a fresh download next time
        raise
    finally:
        ledger = Ledger.open(path, actor=actor)
    transfer.discard_download(target)
    _keep_cursor(ledger, got.cursor)
    ledger.set_local_setting(FIRST_STATE, JOINED)
    return ledger, Outcome(JOINED, got.size, got.cursor, kept)
