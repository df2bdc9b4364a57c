"""The desk's refresh token in the OS keyring, or in memory when there is no safe keyring.

The token is a key to the firm's books: it lives in the OS keyring (service "Zhangfang",
username ``"<server>|<firm>|<desk id>"``) and never in the ledger, a settings file or a
log. A keyring that would not keep it safe is refused — the ``fail`` and ``null``
backends, an unreachable or locked Secret Service, and ``keyrings.alt``'s plaintext files
(they write the token to disk in plain text) — and the reason is said in one plain
sentence. The desk then keeps its tokens in memory only and asks for the password each
session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keyring
from keyring import errors as keyring_errors

SERVICE = "Zhangfang"


@dataclass(frozen=True)
class KeyringProblem:
    """Why the OS keyring cannot keep the token, in plain words."""

    code: str
    zh: str
    en: str

    def message(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en


_ASK_EACH_TIME_ZH = "每次打开时需要重新输入同步密码。"
_ASK_EACH_TIME_EN = "you will be asked for the sync password each session."


def _problem(code: str, zh_why: str, en_why: str) -> KeyringProblem:
    return KeyringProblem(code, f"{zh_why}，{_ASK_EACH_TIME_ZH}", f"{en_why}: {_ASK_EACH_TIME_EN}")


NO_KEYRING = _problem(
    "no_keyring",
    "这台电脑没有可用的系统密钥环（钥匙串）",
    "This computer has no usable system keyring",
)
PLAINTEXT_KEYRING = _problem(
    "plaintext_keyring",
    "系统密钥环会把登录凭据以明文写在磁盘上，已拒绝使用",
    "The system keyring would store the sign-in token on disk in plain text, so it is not used",
)
LOCKED_KEYRING = _problem(
    "locked_keyring",
    "系统密钥环已锁定，无法保存登录凭据",
    "The system keyring is locked and cannot keep the sign-in token",
)
KEYRING_FAILED = _problem(
    "keyring_failed",
    "系统密钥环出错，无法保存登录凭据",
    "The system keyring failed to keep the sign-in token",
)


def _backends(backend: Any) -> list[Any]:
    """A chainer's members, or the backend itself."""
    members = getattr(backend, "backends", None)
    return list(members) if isinstance(members, list | tuple) else [backend]


def refusal(backend: Any) -> KeyringProblem | None:
    """Why ``backend`` must not hold the token (None when it may)."""
    members = _backends(backend)
    if not members:
        return NO_KEYRING
    for member in members:
        module = type(member).__module__
        name = type(member).__name__
        if module.startswith("keyrings.alt") and (
            "Plaintext" in name or module.endswith(("file", "pyfs"))
        ):
            return PLAINTEXT_KEYRING
        if module in ("keyring.backends.fail", "keyring.backends.null"):
            return NO_KEYRING
    return None


def _explain(exc: BaseException) -> KeyringProblem:
    if isinstance(exc, keyring_errors.KeyringLocked):
        return LOCKED_KEYRING
    if isinstance(exc, keyring_errors.NoKeyringError | keyring_errors.InitError):
        return NO_KEYRING
    return KEYRING_FAILED


class TokenStore:
    """Where this desk's refresh token is kept: the keyring, or this process's memory.

    Every keyring failure turns into memory-only storage with a :attr:`problem` that says
    why; nothing is ever written anywhere else.
    """

    def __init__(self, server: str, firm: str, desk_id: str, backend: Any = None) -> None:
        self.username = f"{server.rstrip('/')}|{firm}|{desk_id}"
        self._backend = backend
        self._memory: str | None = None
        self.problem: KeyringProblem | None = None
        try:
            self._backend = backend if backend is not None else keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration: treat as none
            self.problem = _explain(exc)
            return
        self.problem = refusal(self._backend)

    @property
    def in_keyring(self) -> bool:
        """True when the token is kept in the OS keyring (it survives this session)."""
        return self.problem is None

    def load(self) -> str | None:
        """The refresh token kept for this desk, if any."""
        if self.problem is None:
            try:
                found = self._backend.get_password(SERVICE, self.username)
                return found if isinstance(found, str) else None
            except Exception as exc:
                self.problem = _explain(exc)
        return self._memory

    def save(self, token: str) -> None:
        """Keep ``token`` (a rotated one replaces the old at once)."""
        self._memory = token
        if self.problem is None:
            try:
                self._backend.set_password(SERVICE, self.username, token)
                self._memory = None  # the keyring has it: no second copy in memory
            except Exception as exc:
                self.problem = _explain(exc)

    def forget(self) -> None:
        """Drop the token (signed out, or the server revoked the desk)."""
        self._memory = None
        if self.problem is None:
            try:
                self._backend.delete_password(SERVICE, self.username)
            except keyring_errors.PasswordDeleteError:
                pass  # nothing was kept
            except Exception as exc:
                self.problem = _explain(exc)
