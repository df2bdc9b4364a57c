"""Access tokens (signed, short-lived) and refresh tokens (random, stored hashed).

The signing secret is made once per data folder (``secret.key``, the owner's alone): every
process serving the folder signs and checks with it, and a restart keeps desks signed in.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jwt

ALGORITHM = "HS256"
SECRET_FILE = "secret.key"


def load_secret(data: Path) -> bytes:
    """The server's signing secret, made (32 random bytes, mode 0600) if missing."""
    path = data / SECRET_FILE
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # written whole beside it, then linked into place: of processes starting together
        # one makes it, and none ever reads it half-written
        draft = data / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if len(secret) != 64:
        raise ValueError(f"{path} is not a server secret")
    return bytes.fromhex(secret)


@dataclass(frozen=True)
class AccessClaims:
    desk_id: uuid.UUID
    firm_id: uuid.UUID
    user_id: uuid.UUID
    role: str
    generation: int


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def make_access(secret: bytes, claims: AccessClaims, now: datetime, ttl: int) -> str:
    issued = int(now.timestamp())
    payload = {
        "sub": str(claims.desk_id),
        "firm": str(claims.firm_id),
        "uid": str(claims.user_id),
        "role": claims.role,
        "gen": claims.generation,
        "typ": "access",
        "iat": issued,
        "exp": issued + ttl,
        # its own id: two tokens issued in one second are still two (logs, revocation lists)
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def read_access(secret: bytes, token: str, now: datetime) -> AccessClaims:
    """The claims of a token this server signed; raises TokenExpired or TokenInvalid."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "require": ["exp", "sub", "firm", "uid", "typ"],
            },
        )
        claims = AccessClaims(
            desk_id=uuid.UUID(payload["sub"]),
            firm_id=uuid.UUID(payload["firm"]),
            user_id=uuid.UUID(payload["uid"]),
            role=str(payload.get("role", "")),
            generation=int(payload.get("gen", 0)),
        )
        expires = int(payload["exp"])
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise TokenInvalid(str(exc)) from exc
    if payload["typ"] != "access":
        raise TokenInvalid("not an access token")
    # checked against the server's clock (tests move it), not PyJWT's own
    if now.timestamp() >= expires:
        raise TokenExpired()
    return claims


def new_refresh() -> str:
    """A random 256-bit refresh token (URL-safe text)."""
    return secrets.token_urlsafe(32)


def refresh_hash(token: str) -> str:
    """What the database keeps of a refresh token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()
