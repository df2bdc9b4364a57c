"""The window's side of sync: the engine of the open ledger, and its status on the GUI thread.

The engine (``desktop.sync.engine``, no Qt) syncs on a thread of its own and calls its
listeners there; :class:`SyncSession` re-emits each status through a queued signal, so
widgets are only ever touched on the GUI thread. The engine hooks the ledger's
``on_change`` itself: every local save nudges it. Signing in and out and the start of a
session (the token from the keyring, or the password asked) run off the GUI thread.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.views.context import Context
from desktop.views.worker import queued

log = logging.getLogger("zhangfang.gui")

#: a sign-in from the window tries a few times, not the engine's patient five (a person waits)
SIGNIN_ATTEMPTS = 3

#: what :meth:`SyncSession.prepare` found
STARTED, ASK_PASSWORD, SIGNED_OUT, NOT_ENROLLED = "started", "ask", "signed_out", "not_enrolled"


class SyncSession(QObject):
    """The sync engine of one open ledger, started and stopped with the window's session."""

    #: a ``SyncStatus``, always delivered on the GUI thread
    status_changed = Signal(object)
    #: emitted on the engine's thread; connected queued to :attr:`status_changed`
    _heard = Signal(object)

    def __init__(self, ctx: Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.engine: Any = None
        self.client: Any = None
        self._connected = False
        ctx.after_first_paint(self._connect)  # the connection type is Qt's: not before

    def _connect(self) -> None:
        if not self._connected:
            self._connected = True
            self._heard.connect(self.status_changed, queued())

    @property
    def running(self) -> bool:
        return self.engine is not None

    def start(self, client: Any) -> None:
        """Start syncing through ``client`` (signed in: a token in the keyring or memory)."""
        from desktop.sync.engine import SyncEngine
        from desktop.sync.settings import read_settings

        self.stop()
        ledger = self.ctx.ledger
        self.client = client
        self.engine = SyncEngine(ledger, client, read_settings(ledger))
        self._connect()
        self.engine.add_listener(self._heard.emit)  # on the engine's thread
        self.engine.start()
        self.status_changed.emit(self.engine.status())

    def stop(self) -> None:
        """Stop the engine's thread (a retry waiting is cut short); the outbox stays."""
        engine, client, self.engine, self.client = self.engine, self.client, None, None
        if engine is not None and not engine.stop():
            log.warning("the sync thread did not stop in time")
        if client is not None:
            client.close()

    def sync_now(self) -> None:
        """Sync at once (also after something stopped syncing and a person acted)."""
        if self.engine is not None:
            self.engine.resume()

    def status(self) -> Any:
        """The latest status: the engine's, or what the ledger remembers."""
        from desktop.sync.engine import stored_status

        if self.engine is not None:
            return self.engine.status()
        return stored_status(self.ctx.ledger)

    def take_client(self) -> Any:
        """Stop the engine and hand over its client (to sign out with it)."""
        client = self.client
        self.client = None
        self.stop()
        return client


def prepare(ledger: Any) -> tuple[str, Any]:
    """At the start of a session (off the GUI thread): a client with a token, or what is
    missing (``desktop.sync.account.open_session`` decides). Returns ``(STARTED, client)``,
    ``(ASK_PASSWORD, client)`` (no usable keyring: the password is asked each session; the
    client's ``tokens.problem`` says why), ``(SIGNED_OUT, None)`` or ``(NOT_ENROLLED, None)``."""
    from desktop.sync.account import open_session
    from desktop.sync.errors import NotEnrolled, SignInRequired

    try:
        client, problem = open_session(ledger, attempts=SIGNIN_ATTEMPTS)
    except NotEnrolled:
        return NOT_ENROLLED, None
    except SignInRequired:
        return SIGNED_OUT, None
    return (STARTED if problem is None else ASK_PASSWORD), client
