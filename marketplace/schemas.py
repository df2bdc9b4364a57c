"""The request and answer bodies of the HTTP API (pydantic; they make /openapi.json).

The push envelope mirrors ``desktop.sync.protocol`` (``PushBatch``, ``Mutation``,
``MutationResult``); unknown fields are ignored both ways, as docs/sync.md promises.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop.sync.protocol import MIN_PROTOCOL, PROTOCOL_VERSION

_Name = Field(min_length=1, max_length=80)
#: the largest sequence number or cursor: the largest integer a JSON reader keeps exact
MAX_SEQ = 2**53 - 1


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EnrolIn(_In):
    firm: str = Field(min_length=1, max_length=40)
    user: str = _Name
    password: str = Field(min_length=1, max_length=1024)
    desk_name: str = Field(default="", max_length=80)
    ledger_id: str = Field(default="", max_length=64)
    #: the desk's random id of this copy of its ledger; without it, the first push sets it
    epoch: str | None = Field(default=None, min_length=1, max_length=64)


class SigninIn(_In):
    firm: str = Field(min_length=1, max_length=40)
    user: str = _Name
    password: str = Field(min_length=1, max_length=1024)
    desk_id: uuid.UUID


class RefreshIn(_In):
    refresh_token: str = Field(min_length=1, max_length=200)


class FirmOut(BaseModel):
    code: str
    name: str


class TokensOut(BaseModel):
    desk_id: uuid.UUID
    desk_code: str
    firm: FirmOut
    access_token: str
    refresh_token: str
    access_expires_in: int
    refresh_expires_in: int
    #: the firm's change-log position now: where a desk starting from this state pulls on
    cursor: int


class EnrolOut(TokensOut):
    #: empty: the firm's ledger has nothing yet; has_data: start from the firm's snapshot
    ledger_state: Literal["empty", "has_data"]


class OkOut(BaseModel):
    ok: bool = True


class DeskOut(BaseModel):
    id: uuid.UUID
    code: str
    name: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen: datetime | None
    #: the desk that asks
    current: bool = False


class DesksOut(BaseModel):
    desks: list[DeskOut]


class ChangeOut(BaseModel):
    seq: int
    desk: str
    actor: str = ""
    id: uuid.UUID
    intent: str
    args: dict[str, Any]
    status: str
    result: dict[str, Any]


class PullOut(BaseModel):
    changes: list[ChangeOut]
    cursor: int
    more: bool
    horizon: int


class MutationIn(_In):
    seq: int = Field(ge=1, le=MAX_SEQ)
    id: uuid.UUID
    intent: str = Field(min_length=1, max_length=80)
    args: dict[str, Any]
    hash: str = Field(min_length=64, max_length=64)
    #: who made it at the desk
    actor: str = Field(default="", max_length=80)


class PushIn(_In):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    #: checked by the server (``426 upgrade_required`` outside the window), not by the schema
    protocol: int = Field(json_schema_extra={"minimum": MIN_PROTOCOL, "maximum": PROTOCOL_VERSION})
    app: str = Field(default="", max_length=40)
    schema_: str = Field(default="", alias="schema", max_length=40)
    desk: str = Field(min_length=1, max_length=8)
    epoch: str | None = Field(default=None, min_length=1, max_length=64)
    mutations: list[MutationIn] = Field(max_length=1000)


class MutationResultOut(BaseModel):
    id: uuid.UUID
    status: Literal["applied", "duplicate", "rejected", "diverged"]
    reason: str = ""
    reason_zh: str = ""
    data: dict[str, Any] = Field(default_factory=dict)


class PushOut(BaseModel):
    results: list[MutationResultOut]
    cursor: int
