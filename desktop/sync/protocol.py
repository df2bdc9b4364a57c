"""The push envelope: what a desk sends, with the versions the server checks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

#: bumped when the wire format changes; the server accepts a window of versions
PROTOCOL_VERSION = 1
#: the oldest protocol version the server still accepts (``upgrade_required`` below it)
MIN_PROTOCOL = 1


class ResultStatus(StrEnum):
    """The server's answer for one mutation (``MutationResult.status``)."""

    APPLIED = "applied"
    #: seen before with the same hash: applied already
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    #: seen before with a different hash
    DIVERGED = "diverged"


@cache
def app_version() -> str:
    """This program's version (read once: asking the package metadata scans site-packages,
    milliseconds on every push)."""
    try:
        return version("zhangfang")
    except PackageNotFoundError:
        return "0+unknown"


def canonical_json(data: Any) -> str:
    """One spelling per value, so the same intent always hashes the same."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def mutation_hash(intent: str, args: dict[str, Any]) -> str:
    """Identifies a mutation's content: a retry with a different body is 'diverged'."""
    return hashlib.sha256(canonical_json({"intent": intent, "args": args}).encode()).hexdigest()


@dataclass(frozen=True)
class Mutation:
    seq: int  # the desk's increasing mutation id
    id: str  # UUID: makes a retried push idempotent on the server
    intent: str
    args: dict[str, Any]
    hash: str
    #: who made it at the desk (the audit log's actor where it is applied)
    actor: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "id": self.id,
            "intent": self.intent,
            "args": self.args,
            "hash": self.hash,
            "actor": self.actor,
        }


@dataclass(frozen=True)
class PushBatch:
    desk: str
    schema: str
    mutations: list[Mutation] = field(default_factory=list)
    protocol: int = PROTOCOL_VERSION
    app: str = field(default_factory=app_version)

    def as_json(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "app": self.app,
            "schema": self.schema,
            "desk": self.desk,
            "mutations": [m.as_json() for m in self.mutations],
        }


@dataclass(frozen=True)
class MutationResult:
    """The server's answer for one mutation."""

    id: str
    #: a :class:`ResultStatus`; anything else is ignored by ``outbox.record_results``
    status: str
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)
