"""The sync engine: push the outbox, pull the server's changes, on a thread of its own.

One sync is: push every pending outbox batch (the results of each batch committed before
the next is read), then pull pages until the server says there are no more, each page
applied with its cursor in one local transaction (the sync core). The thread syncs on
start, on a timer, and shortly after each local save while online.

Offline is a normal state, not an error: the outbox keeps growing, nothing is lost, and
the timer tries again. Some answers stop syncing until a person acts, still keeping the
outbox: upgrade required, the desk revoked (signed out), sign-in needed, a diverged
(copied) ledger, and resync required. No Qt: the window listens (:meth:`add_listener`)
and moves the status to its own thread.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from desktop.errors import DomainError
from desktop.models import OutboxEntry, OutboxState
from desktop.services.ledger import Ledger
from desktop.services.uow import Changes
from desktop.sync import core, first_state
from desktop.sync.client import SyncClient
from desktop.sync.errors import (
    DeskRevoked,
    DivergedDesk,
    RateLimited,
    ResyncRequired,
    ServerUnavailable,
    SignInRequired,
    SyncError,
    UpgradeRequired,
)
from desktop.sync.outbox import next_batch, record_results
from desktop.sync.renumber import note_copy
from desktop.sync.settings import SyncSettings, forget_desk, last_sync, note_sync

log = logging.getLogger("zhangfang.sync")

#: answers after which the engine stops syncing until a person acts (the outbox is kept)
HALTING = (
    UpgradeRequired,
    DeskRevoked,
    SignInRequired,
    DivergedDesk,
    ResyncRequired,
    first_state.FirstStatePending,
)
HALT_CODES = (
    "first_state_pending",
    "upgrade_required",
    "desk_revoked",
    "signin_required",
    "diverged_desk",
    "resync_required",
)


class SyncStopped(Exception):
    """The engine was stopped while a retry waited."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    pushed: int = 0
    rejected: int = 0
    applied: int = 0
    cursor: int = 0


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot for the window and ``zhangfang sync --status``.

    ``state``: ``online`` (the last sync went through), ``offline`` (the server could not
    be reached), ``never`` (not synced yet), ``error`` (the last sync failed for another
    reason), or the code of the answer that stopped syncing (``upgrade_required``,
    ``desk_revoked``, ``signin_required``, ``diverged_desk``, ``resync_required``).
    """

    state: str
    online: bool
    last_sync: str
    pending: int
    rejected: int
    upgrade_required: bool
    #: ``{code, zh, en}`` of the last problem, or None
    last_error: dict[str, str] | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def outbox_counts(ledger: Ledger) -> tuple[int, int]:
    """(pending, rejected or diverged) outbox rows."""
    with ledger.read() as session:
        # only the states counted: the index on state then skips the sent rows, which are
        # nearly all of a long-used ledger's outbox (a million-line ledger: ~0.3 s a sync)
        rows = session.execute(
            select(OutboxEntry.state, func.count())
            .where(
                OutboxEntry.state.in_(
                    [OutboxState.PENDING, OutboxState.REJECTED, OutboxState.DIVERGED]
                )
            )
            .group_by(OutboxEntry.state)
        ).all()
    counts = {str(state): int(n) for state, n in rows}
    return counts.get(OutboxState.PENDING, 0), counts.get(OutboxState.REJECTED, 0) + counts.get(
        OutboxState.DIVERGED, 0
    )


def stored_status(ledger: Ledger) -> SyncStatus:
    """The status as the ledger remembers it (another process may have synced)."""
    at, error = last_sync(ledger)
    pending, rejected = outbox_counts(ledger)
    code = error.get("code", "") if error else ""
    if code:
        state = "offline" if code == "server_unavailable" else code
    else:
        state = "online" if at else "never"
    if state not in ("online", "offline", "never", *HALT_CODES):
        state = "error"
    return SyncStatus(
        state=state,
        online=state == "online",
        last_sync=at,
        pending=pending,
        rejected=rejected,
        upgrade_required=code == "upgrade_required",
        last_error=error,
    )


class SyncEngine:
    """Syncs one ledger with its server through one client."""

    def __init__(
        self,
        ledger: Ledger,
        client: SyncClient,
        settings: SyncSettings,
        *,
        interval: float = 60.0,
        debounce: float = 2.0,
        push_limit: int = 200,
        pull_limit: int = 500,
    ) -> None:
        self.ledger = ledger
        self.client = client
        self.settings = settings
        self.interval = interval
        self.debounce = debounce
        self.push_limit = push_limit
        self.pull_limit = pull_limit
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._wake = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._nudge_at: float | None = None
        self._first_nudge: float | None = None
        self._next_at = 0.0
        self._halted = False
        self._lock = threading.Lock()  # one sync at a time, whoever calls it
        self._status = stored_status(ledger)
        client.sleep = self._pause

    # --- one sync ------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push everything pending, then pull until the server has no more.

        Records the outcome (status, the ledger's ``last sync``) and raises the problem, if
        any, as a :class:`SyncError` after recording it.
        """
        with self._lock:
            try:
                first_state.require_settled(self.ledger)
                pushed, rejected = self._push()
                applied, cursor = self._pull()
            except SyncStopped:
                raise
            except SyncError as exc:
                self._failed(exc)
                raise
            except DomainError as exc:  # a pulled change the core could not apply
                problem = SyncError(exc.code, exc.zh, exc.en)
                self._failed(problem)
                raise problem from exc
            note_sync(self.ledger)
            self._publish(stored_status(self.ledger))
            return SyncReport(pushed, rejected, applied, cursor)

    def _push(self) -> tuple[int, int]:
        pushed = rejected = 0
        while True:
            with self.ledger.read() as session:
                batch = next_batch(session, self.ledger.desk, self.push_limit)
            if not batch.mutations:
                return pushed, rejected
            answer = self.client.push(batch, self.settings.epoch)
            with self.ledger.read() as session:
                tally = record_results(session, answer.results)
                session.commit()
            settled = sum(tally.values())
            pushed += settled
            rejected += tally[OutboxState.REJECTED] + tally[OutboxState.DIVERGED]
            if settled == 0:  # the server answered for none of them: try again next time
                log.warning("the server answered for none of %d mutations", len(batch.mutations))
                return pushed, rejected

    def _pull(self) -> tuple[int, int]:
        since = core.sync_cursor(self.ledger)
        applied = 0
        while True:
            page = self.client.pull(since, self.pull_limit)
            applied += core.apply_changes(self.ledger, page.changes, self.ledger.desk, page.cursor)
            if not page.more or page.cursor <= since:
                return applied, page.cursor
            since = page.cursor

    def _failed(self, exc: SyncError) -> None:
        was_online = self._status.state != "offline"
        if isinstance(exc, ServerUnavailable):
            if was_online:  # said once when going offline, not at every try
                log.info("sync: offline (%s)", exc.en)
        else:
            log.warning("sync: %s", exc.en)
        if isinstance(exc, DivergedDesk):
            # a copy: the next sign-in enrols it as a desk of its own, and its unsent
            # records numbered in this desk's series take that desk's (``renumber``)
            note_copy(self.ledger)
            forget_desk(self.ledger)
        if isinstance(exc, HALTING):
            self._halted = True
        note_sync(self.ledger, exc)
        self._publish(stored_status(self.ledger))

    # --- status --------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        """The latest status, with the outbox counted now."""
        pending, rejected = outbox_counts(self.ledger)
        s = self._status
        return SyncStatus(
            s.state, s.online, s.last_sync, pending, rejected, s.upgrade_required, s.last_error
        )

    def add_listener(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        """Call ``listener(status)`` after every sync (on the engine's thread)."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _publish(self, status: SyncStatus) -> None:
        self._status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("sync status listener failed")

    # --- the thread ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def halted(self) -> bool:
        """Stopped syncing until a person acts (see :data:`HALTING`)."""
        return self._halted

    def start(self) -> None:
        """Sync now, then on the timer and after local saves, until :meth:`stop`."""
        if self.running:
            return
        self._stopping.clear()
        self._next_at = time.monotonic()
        self._unsubscribe = self.ledger.on_change(self._saved)
        self._thread = threading.Thread(target=self._run, name="zhangfang-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the thread (a retry waiting is cut short); True when it has ended."""
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def nudge(self) -> None:
        """A local save: sync shortly (debounced), unless offline (the timer tries then)."""
        if self._status.state == "offline" or self._halted:
            return
        now = time.monotonic()
        with self._wake:
            if self._first_nudge is None:
                self._first_nudge = now
            # a burst of saves: one sync once they pause, and never later than 5 debounces
            self._nudge_at = min(now + self.debounce, self._first_nudge + 5 * self.debounce)
            self._wake.notify_all()

    def resume(self) -> None:
        """After a person acted (signed in again, upgraded): sync again now."""
        self._halted = False
        with self._wake:
            self._next_at = time.monotonic()
            self._wake.notify_all()

    def _saved(self, changes: Changes) -> None:
        if threading.current_thread() is self._thread:
            return  # the engine's own writes (pulled changes) are not saves to push
        if OutboxEntry.__tablename__ in changes:
            self.nudge()

    def _due(self) -> float:
        if self._halted:
            return math.inf
        return min(self._next_at, self._nudge_at if self._nudge_at is not None else math.inf)

    def _run(self) -> None:
        while not self._stopping.is_set():
            with self._wake:
                while not self._stopping.is_set():
                    wait = self._due() - time.monotonic()
                    if wait <= 0:
                        break
                    self._wake.wait(None if math.isinf(wait) else wait)
                if self._stopping.is_set():
                    return
                self._nudge_at = self._first_nudge = None
            delay = self.interval
            try:
                self.sync_once()
            except SyncStopped:
                return
            except RateLimited as exc:
                delay = max(delay, exc.retry_after)
            except SyncError:
                pass  # recorded in the status
            except Exception as exc:  # never let the thread die: say it and try later
                log.exception("sync failed")
                self._failed(
                    SyncError(
                        "sync_failed",
                        f"同步出错：{exc}",
                        f"Sync failed: {exc}",
                    )
                )
            self._next_at = time.monotonic() + delay

    def _pause(self, seconds: float) -> None:
        """The client's wait between retries, cut short by :meth:`stop`."""
        if self._stopping.wait(seconds):
            raise SyncStopped()
