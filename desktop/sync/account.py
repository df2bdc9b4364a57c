"""Signing this desk in and out: enrol once, sign in again later, sign out.

A desk enrolled before signs in with its desk id; one the server revoked (or never saw)
enrols anew, which gives it a new desk id, desk code and epoch. Whatever happens, the
ledger and its outbox are kept.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

from desktop.services.ledger import Ledger
from desktop.sync.client import SyncClient
from desktop.sync.errors import DeskRevoked, NotEnrolled, ServerRefused
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
    return SignedIn(client, settings, enrolled=True)


def session_signin(ledger: Ledger, client: SyncClient, password: str) -> None:
    """Sign in for this session only (no usable keyring: the token stays in memory)."""
    settings = read_settings(ledger)
    client.signin(settings.firm, settings.user, password, settings.desk_id)
