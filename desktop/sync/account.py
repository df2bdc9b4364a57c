"""Signing this desk in and out: enrol once, sign in again later, sign out.

A desk enrolled before signs in with its desk id (also after the server revoked its
tokens because a used refresh token came back); a desk the owner revoked, or one the
server never saw, enrols anew, which gives it a new desk id, desk code and epoch. Whatever
happens, the ledger and its outbox are kept.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from desktop.services.ledger import Ledger
from desktop.sync.client import SyncClient
from desktop.sync.credentials import KeyringProblem
from desktop.sync.errors import (
    DeskRevoked,
    NotEnrolled,
    ServerRefused,
    ServerUnavailable,
    SignInRequired,
)
from desktop.sync.renumber import renumber_unsent
from desktop.sync.settings import (
    SyncSettings,
    forget_desk,
    ledger_id,
    new_epoch,
    read_settings,
    save_enrolment,
    save_user,
)


@dataclass(frozen=True)
class SignedIn:
    client: SyncClient
    settings: SyncSettings
    #: True when this sign-in enrolled the desk (a new desk id and code)
    enrolled: bool
    #: a copied ledger enrolled anew: its unsent records' numbers, old → new
    renumbered: dict[str, str] = field(default_factory=dict)


def default_desk_name() -> str:
    try:
        return socket.gethostname() or "desk"
    except OSError:
        return "desk"


def client_for(settings: SyncSettings, **options: Any) -> SyncClient:
    """A client for the desk the settings name (its refresh token from the keyring)."""
    if not settings.enrolled:
        raise NotEnrolled()
    return SyncClient(settings.server, firm=settings.firm, desk_id=settings.desk_id, **options)


def login(
    ledger: Ledger,
    server: str,
    firm: str,
    user: str,
    password: str,
    desk_name: str | None = None,
    **options: Any,
) -> SignedIn:
    """Sign this desk in: the desk enrolled before on this server and firm signs in with
    its desk id; otherwise (or when the server no longer knows it) it enrols."""
    server = server.rstrip("/")
    known = read_settings(ledger)
    client = SyncClient(server, **options)
    if known.enrolled and known.server == server and known.firm == firm:
        try:
            client.signin(firm, user, password, known.desk_id)
            save_user(ledger, server, firm, user)
            return SignedIn(client, read_settings(ledger), enrolled=False)
        except DeskRevoked:
            forget_desk(ledger)
        except ServerRefused as exc:
            if exc.details.get("status") != 404:
                raise
            forget_desk(ledger)
    epoch = new_epoch()
    answer = client.enrol(
        firm, user, password, desk_name or default_desk_name(), ledger_id(ledger), epoch
    )
    settings = save_enrolment(ledger, server, firm, user, answer, epoch)
    # before anything is pushed under the new desk code
    renumbered = renumber_unsent(ledger)
    return SignedIn(client, settings, enrolled=True, renumbered=renumbered)


def open_session(ledger: Ledger, **options: Any) -> tuple[SyncClient, KeyringProblem | None]:
    """A client for this desk's session, and why the password is needed, if it is.

    With the token in the keyring the problem is None: sync can start. Without a usable
    keyring it is the reason (say it once; ask for the password, then
    :func:`session_signin`). Signed out while the keyring works: ``SignInRequired`` (sign
    in again with :func:`login`); never enrolled: ``NotEnrolled``.
    """
    client = client_for(read_settings(ledger), **options)
    store = client.tokens
    if store is not None and store.load() is not None:
        return client, None
    if store is None or store.problem is None:
        client.close()
        raise SignInRequired()
    return client, store.problem


def session_signin(ledger: Ledger, client: SyncClient, password: str) -> None:
    """Sign in for this session only (no usable keyring: the token stays in memory)."""
    settings = read_settings(ledger)
    client.signin(settings.firm, settings.user, password, settings.desk_id)


def logout(ledger: Ledger, client: SyncClient | None = None, **options: Any) -> bool:
    """Sign this desk out: the server revokes its tokens (when it can be reached) and the
    keyring forgets them either way. The desk stays enrolled; its ledger and outbox stay.
    Returns False when the server could not be told (the tokens expire there by themselves).
    """
    own = client is None
    session = client_for(read_settings(ledger), **options) if client is None else client
    try:
        session.signout()
        return True
    except ServerUnavailable:
        return False
    finally:
        if own:
            session.close()
