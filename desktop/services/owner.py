"""The owner's password: how it is kept, how it is checked, and the changes that need it.

Some changes loosen the firm's control over credit or undo what is booked: changing the
credit policy or the allowed overdue days, raising a customer's credit limit (or removing
it), reversing a posted document (:class:`~desktop.codes.OwnerChange`). When the owner has
set a password, the service making such a change calls :func:`require`, which refuses it
unless the person gave the owner's password and a reason (an :class:`OwnerApproval` put on
the unit of work, ``uow.owner``). Each approved change leaves an audit entry with who and
why (entity ``owner``, action ``approve``), and the change's intent says it was approved
(``owner``: the changes and the reason, never the password), so another copy of the ledger
applies it again without asking. The credit override at order confirmation checks the
password with :func:`password_ok` too (``services.credit``).

Hashes are self-describing, ``scrypt$ln=15,r=8,p=1$<salt>$<digest>`` (base64), so the cost
can be raised later: a password checked against a hash of a lower cost, or of the first
format (``<salt hex>$<digest hex>``, scrypt n=2**14), is hashed again at today's cost.
Neither the password nor its hash is ever written to the audit log or a text log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass, field

from desktop.codes import OwnerChange
from desktop.errors import OwnerRequired
from desktop.labels import OWNER_CHANGE
from desktop.models import AuditEntry, Firm
from desktop.services.uow import UnitOfWork

#: today's scrypt cost: n = 2**LOG_N (about 0.1 s and 32 MB per check)
LOG_N, BLOCK, PARALLEL = 15, 8, 1
_PREFIX = "scrypt"


@dataclass(frozen=True)
class OwnerApproval:
    """What a person gives when a change needs the owner: the password, and why."""

    password: str = field(repr=False)
    reason: str = ""


# ------------------------------------------------------------------------ the hash itself
def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = _scrypt(password, salt, LOG_N, BLOCK, PARALLEL)
    return f"{_PREFIX}$ln={LOG_N},r={BLOCK},p={PARALLEL}${_b64(salt)}${_b64(digest)}"


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (either format); False for a damaged hash."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    log_n, block, parallel, salt, digest = parsed
    return hmac.compare_digest(_scrypt(password, salt, log_n, block, parallel), digest)


def needs_rehash(stored: str) -> bool:
    """A hash of the first format, or of another cost than today's."""
    parsed = _parse(stored)
    if parsed is None or not stored.startswith(_PREFIX + "$"):
        return True
    return parsed[:3] != (LOG_N, BLOCK, PARALLEL)


def is_hash(stored: str) -> bool:
    """Whether ``stored`` reads as a password hash of either format."""
    return _parse(stored) is not None


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        if stored.startswith(_PREFIX + "$"):
            _, params, salt, digest = stored.split("$")
            cost = dict(part.split("=", 1) for part in params.split(","))
            return (
                int(cost["ln"]),
                int(cost["r"]),
                int(cost["p"]),
                base64.b64decode(salt, validate=True),
                base64.b64decode(digest, validate=True),
            )
        salt_hex, digest_hex = stored.split("$")  # the first format: scrypt n=2**14, r=8, p=1
        return 14, 8, 1, bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except (ValueError, KeyError):
        return None


def _scrypt(password: str, salt: bytes, log_n: int, block: int, parallel: int) -> bytes:
    if not 1 <= log_n <= 20 or not 1 <= block <= 32 or not 1 <= parallel <= 16:
        return b""  # a cost no hash of ours has: never matches, never exhausts memory
    memory = 128 * block * (2**log_n) * parallel
    return hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=2**log_n,
        r=block,
        p=parallel,
        dklen=32,
        maxmem=memory + 1024 * 1024,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def note_password(uow: UnitOfWork, entity: str, entity_id: str, key: str, fact: str) -> None:
    """ "password set/changed/cleared" in the audit log: the fact, never a value or hash."""
    uow.session.add(
        AuditEntry(
            actor=uow.actor,
            desk=uow.desk,
            entity=entity,
            entity_id=entity_id,
            action="password",
            before=None,
            after={key: fact},
            batch_id=uow.batch_id,
        )
    )


# ------------------------------------------------------------------- checking a password
def password_ok(uow: UnitOfWork, password: str) -> bool:
    """Whether ``password`` is the owner's (True when none is set). A hash of an older
    format or cost is replaced by one at today's cost, recorded for the other copies."""
    firm = _firm(uow)
    stored = firm.owner_password_hash
    if not stored:
        return True
    if not verify_password(stored, password):
        return False
    if needs_rehash(stored):
        firm.owner_password_hash = hash_password(password)
        uow.record_aside("firm.owner_password", {"hash": firm.owner_password_hash})
    return True


def require(
    uow: UnitOfWork,
    change: OwnerChange,
    subject: uuid.UUID,
    *,
    reason: str = "",
    detail: str = "",
) -> None:
    """Refuse ``change`` (of the row ``subject``) unless the owner approved it, when the
    owner has set a password; note the approval in the audit log and the intent.

    ``reason``: the reason the change already carries (a reversal's), used when the
    approval gives none. ``detail``: what changes, for the audit log (``30 → 60``).
    """
    if uow.replaying:  # approved (or not needed) where it was made: never asked again
        given = uow.replayed_owner or {}
        if str(change) in given.get("changes", []):
            _approve(uow, change, subject, str(given.get("reason", "")), detail)
        return
    if not _firm(uow).owner_password_hash:
        return
    label = OWNER_CHANGE[change]
    approval = uow.owner
    why = ((approval.reason if approval else "") or reason).strip()
    if approval is None or not approval.password:
        raise OwnerRequired(
            "owner_required",
            f"{label.zh}需要老板批准：请填写原因并输入老板密码。",
            f"{label.en} needs the owner's approval: give a reason and the owner's password.",
            change=str(change),
        )
    if not why:
        raise OwnerRequired(
            "owner_reason",
            f"{label.zh}需要写明原因。",
            f"{label.en} needs a reason.",
            change=str(change),
        )
    if not uow.owner_verified:
        if not password_ok(uow, approval.password):
            raise OwnerRequired(
                "owner_password",
                "老板密码不正确，这项更改没有保存。",
                "The owner's password is wrong; the change was not saved.",
                change=str(change),
            )
        uow.owner_verified = True
    _approve(uow, change, subject, why, detail)


def _firm(uow: UnitOfWork) -> Firm:
    from desktop.services.firm import get_firm  # firm's services use this module

    return get_firm(uow.session)


def _approve(
    uow: UnitOfWork, change: OwnerChange, subject: uuid.UUID, why: str, detail: str
) -> None:
    uow.session.add(
        AuditEntry(
            actor=uow.actor,
            desk=uow.desk,
            entity="owner",
            entity_id=str(subject),
            action="approve",
            before=None,
            after={"change": str(change), "reason": why, "detail": detail},
            batch_id=uow.batch_id,
        )
    )
    uow.approve(str(change), why)
