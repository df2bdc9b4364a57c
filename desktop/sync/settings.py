"""This desk's sync settings: local settings of the ledger, never synced.

Which server, firm and user the desk signs in as, its desk id and epoch (both from
enrolment), and what the last sync found. The desk code goes through
:func:`desktop.services.desks.set_desk` (the one place); the cursor is the sync core's
(:func:`desktop.sync.core.sync_cursor`). Never a token: those live in the keyring.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.ids import new_id
from desktop.services.desks import set_desk
from desktop.services.ledger import Ledger

PREFIX = "sync."
SERVER = "sync.server"
FIRM = "sync.firm"
USER = "sync.user"
DESK_ID = "sync.desk_id"
EPOCH = "sync.epoch"
#: this copy of the ledger: made once, sent at enrolment
LEDGER_ID = "sync.ledger_id"
#: what enrolment said about the firm's ledger (``empty`` or ``has_data``)
LEDGER_STATE = "sync.ledger_state"
LAST_AT = "sync.last_at"
#: the last sync's problem as JSON ``{code, zh, en}``; empty when it went through
LAST_ERROR = "sync.last_error"


@dataclass(frozen=True)
class SyncSettings:
    server: str
    firm: str
    user: str
    desk_id: str
    desk_code: str
    epoch: str

    @property
    def enrolled(self) -> bool:
        return bool(self.server and self.firm and self.desk_id)


def read_settings(ledger: Ledger) -> SyncSettings:
    def get(key: str) -> str:
        return ledger.local_setting(key) or ""

    return SyncSettings(
        server=get(SERVER),
        firm=get(FIRM),
        user=get(USER),
        desk_id=get(DESK_ID),
        desk_code=ledger.desk,
        epoch=get(EPOCH),
    )


def ledger_id(ledger: Ledger) -> str:
    """This ledger copy's id, made the first time it is asked for."""
    known = ledger.local_setting(LEDGER_ID)
    if known:
        return known
    made = str(new_id())
    ledger.set_local_setting(LEDGER_ID, made)
    return made


def new_epoch() -> str:
    return str(uuid.uuid4())


def save_enrolment(
    ledger: Ledger, server: str, firm: str, user: str, answer: dict[str, Any], epoch: str
) -> SyncSettings:
    """Keep what enrolment handed out; the desk code through ``set_desk``."""
    given = answer.get("firm")
    firm_code = str(given.get("code") or "") if isinstance(given, dict) else ""
    set_desk(ledger, answer.get("desk_code"))
    for key, value in (
        (SERVER, server.rstrip("/")),
        (FIRM, firm_code or firm),
        (USER, user),
        (DESK_ID, str(answer.get("desk_id") or "")),
        (EPOCH, epoch),
        (LEDGER_STATE, str(answer.get("ledger_state") or "")),
        (LAST_ERROR, ""),
    ):
        ledger.set_local_setting(key, value)
    return read_settings(ledger)


def save_user(ledger: Ledger, server: str, firm: str, user: str) -> None:
    ledger.set_local_setting(SERVER, server.rstrip("/"))
    ledger.set_local_setting(FIRM, firm)
    ledger.set_local_setting(USER, user)


def forget_desk(ledger: Ledger) -> None:
    """The server revoked this desk or it diverged: the next sign-in enrols anew."""
    ledger.set_local_setting(DESK_ID, "")
    ledger.set_local_setting(EPOCH, "")


def note_sync(ledger: Ledger, error: Any = None) -> None:
    """What the last sync found: the time it went through, or its problem."""
    if error is None:
        ledger.set_local_setting(LAST_AT, datetime.now(UTC).isoformat(timespec="seconds"))
        ledger.set_local_setting(LAST_ERROR, "")
        return
    text = json.dumps({"code": error.code, "zh": error.zh, "en": error.en}, ensure_ascii=False)
    ledger.set_local_setting(LAST_ERROR, text)


def last_sync(ledger: Ledger) -> tuple[str, dict[str, str] | None]:
    """When the last sync went through (ISO time or "") and the last problem, if any."""
    at = ledger.local_setting(LAST_AT) or ""
    raw = ledger.local_setting(LAST_ERROR) or ""
    try:
        error = json.loads(raw) if raw else None
    except ValueError:
        error = None
    return at, error if isinstance(error, dict) else None
