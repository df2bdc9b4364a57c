"""Passwords: argon2id hashes (argon2-cffi).

The parameters are OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): about 0.07 s a
hash on a small server's core, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) is
about 0.35 s. Every sign-in pays it once, and the rate limit bounds how often a guesser
can make the server pay. A hash keeps its own parameters: changing them later still
verifies the old ones (and ``needs_rehash`` would say to redo them at the next sign-in).
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
#: checked against when the user does not exist, so a wrong name costs the same time
_DUMMY = _HASHER.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
