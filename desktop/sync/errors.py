"""What the server's answers mean to the desk, as errors with plain bilingual messages.

Each is a :class:`~desktop.errors.DomainError`, so the CLI prints it on one line and the
window shows it as is; the client maps the protocol's error bodies to them
(``docs/sync.md``, "Errors").
"""

from __future__ import annotations

from typing import Any

from desktop.errors import DomainError


class SyncError(DomainError):
    """Sync could not do what was asked; ``message`` says why in plain words."""


class ServerUnavailable(SyncError):
    """The server cannot be reached or failed (5xx) after the retries: the desk is offline."""

    def __init__(self, detail: str = "") -> None:
        extra_zh = f"（{detail}）" if detail else ""
        extra_en = f" ({detail})" if detail else ""
        super().__init__(
            "server_unavailable",
            f"连不上同步服务器{extra_zh}；改动都保存在本机，联网后会自动同步。",
            f"The sync server cannot be reached{extra_en}; changes are kept on this "
            "computer and sync once it is back.",
        )


class RateLimited(SyncError):
    """Too many attempts: the server asks to wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            "rate_limited",
            f"尝试次数太多，请约 {minutes} 分钟后再试。",
            f"Too many attempts; try again in about {minutes} minute(s).",
            retry_after=retry_after,
        )


class BadCredentials(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "bad_credentials",
            "商号、用户名或密码不对。",
            "The firm, user name or password is wrong.",
        )


class SignInRequired(SyncError):
    """No usable token (none kept, or the server refused it): the password is needed."""

    def __init__(self) -> None:
        super().__init__(
            "signin_required",
            "需要重新登录同步：请运行 zhangfang login 或在窗口中登录。",
            "Sync needs you to sign in again: run zhangfang login or sign in in the window.",
        )


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "not_enrolled",
            "这个账本还没有登录同步服务器：请先运行 zhangfang login。",
            "This ledger is not signed in to a sync server: run zhangfang login first.",
        )


class DeskRevoked(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "desk_revoked",
            "服务器撤销了这台工作站的登录，已退出；本机的账本和未同步的改动都保留着，"
            "请重新登录（zhangfang login）。",
            "The server revoked this desk's sign-in, so it is signed out; the ledger and its "
            "unsynced changes are kept. Sign in again (zhangfang login).",
        )


class DivergedDesk(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "diverged_desk",
            "这个账本是另一台工作站账本的副本（复制或恢复而来），不能再以原工作站同步；"
            "请把它登记为新的工作站。",
            "This ledger is a copy of another desk's (copied or restored), so it cannot sync "
            "as that desk; enrol it as a new desk.",
        )


class ResyncRequired(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "resync_required",
            "这台工作站离线太久，需要从服务器重新取得全部账目；未同步的改动都保留着。",
            "This desk was offline too long and must fetch the whole ledger from the server "
            "again; its unsynced changes are kept.",
        )


class UpgradeRequired(SyncError):
    def __init__(self, min_protocol: Any = None, max_protocol: Any = None) -> None:
        self.min_protocol = min_protocol
        self.max_protocol = max_protocol
        super().__init__(
            "upgrade_required",
            "需要升级账房才能继续同步；未同步的改动都保留着，升级后会自动发送。",
            "Zhangfang must be upgraded to keep syncing; unsynced changes are kept and are "
            "sent after the upgrade.",
            min_protocol=min_protocol,
            max_protocol=max_protocol,
        )


class ServerRefused(SyncError):
    """Any other answer the desk cannot act on (400 bad_request, 404 …): the server's words."""

    def __init__(self, code: str, zh: str, en: str, status: int) -> None:
        super().__init__(code, zh, en, status=status)
