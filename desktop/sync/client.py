"""The desk's HTTP client for the sync protocol (``docs/sync.md``, "Wire protocol").

Every request carries the protocol and app versions. Error bodies become the typed
errors of :mod:`desktop.sync.errors`. Transient failures (no connection, a timeout, a 5xx,
a 429) are retried with exponential backoff and jitter (tenacity); a business answer (any
other 4xx) never is. Pushes carry the same mutation ids on a retry, so retrying after a
lost response is safe. A refresh whose answer was lost is retried with the same token: the
server answers a rotated token presented again within its grace window (60 s by default,
longer than these retries take) with a fresh pair. Enrolling is not idempotent (a second
desk would be made), so it is retried only when the request surely never left (the
connection could not be made).

The access token lives in memory only; the refresh token in a
:class:`~desktop.sync.credentials.TokenStore`, and a rotated one replaces it at once.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from desktop.sync.credentials import TokenStore
from desktop.sync.errors import (
    BadCredentials,
    DeskRevoked,
    DivergedDesk,
    RateLimited,
    ResyncRequired,
    ServerRefused,
    ServerUnavailable,
    SignInRequired,
    SyncError,
    UpgradeRequired,
)
from desktop.sync.protocol import PROTOCOL_VERSION, MutationResult, PushBatch, app_version

API = "/api/v1"
T = TypeVar("T")
#: a 429 asking to wait longer than this is not waited for in a sync: it is reported
MAX_RETRY_AFTER = 120.0
#: how long the answer to a snapshot's last chunk, or a snapshot's first byte, may take
#: (the server checks the whole file, or copies the firm's ledger, first)
ADOPT_TIMEOUT = 600.0
#: what a 429 without a usable Retry-After header means
DEFAULT_RETRY_AFTER = 30.0


class TokenExpired(SyncError):
    """401 token_expired / bad_token: the client refreshes once, then needs the password."""

    def __init__(self, code: str) -> None:
        super().__init__(code, "登录已过期。", "The sign-in has expired.")


class Unreachable(ServerUnavailable):
    """No answer (or a 5xx); ``sent`` is False when the request surely never left."""

    def __init__(self, detail: str, sent: bool, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.sent = sent
        #: a 503 ``busy`` says how long to wait
        self.retry_after = retry_after


@dataclass(frozen=True)
class PushAnswer:
    results: list[MutationResult]
    cursor: int


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    cursor: int
    more: bool
    horizon: int = 0


def retry_after_seconds(value: str | None) -> float:
    """A Retry-After header (seconds or an HTTP date) as seconds to wait."""
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _HonourRetryAfter(wait_base):
    """Backoff with jitter, except that a 429 waits what the server asked."""

    def __init__(self, base: Callable[[RetryCallState], float]) -> None:
        self.base = base

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, RateLimited):
            return exc.retry_after
        if isinstance(exc, Unreachable) and exc.retry_after is not None:
            return min(exc.retry_after, MAX_RETRY_AFTER)
        return self.base(retry_state)


def _error(response: httpx.Response) -> SyncError:
    """The typed error for a 4xx answer (``docs/sync.md``, the error table)."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("error") or "")
    status = response.status_code
    if status == 401 and code in ("token_expired", "bad_token"):
        return TokenExpired(code)
    if code == "bad_credentials":
        return BadCredentials()
    if code == "desk_revoked":
        return DeskRevoked()
    if code == "resync_required":
        return ResyncRequired()
    if code == "diverged_desk":
        return DivergedDesk()
    if status == 426 or code == "upgrade_required":
        return UpgradeRequired(body.get("min_protocol"), body.get("max_protocol"))
    if status == 401:
        return TokenExpired(code or "bad_token")
    en = str(body.get("message") or f"The server refused the request (HTTP {status}).")
    zh = str(body.get("message_zh") or f"服务器拒绝了请求（HTTP {status}）：{en}")
    return ServerRefused(code or f"http_{status}", zh, en, status)


def check_status(response: httpx.Response) -> None:
    """Raise the typed error of a failed answer: 5xx and 429 are transient, 4xx are not."""
    status = response.status_code
    if status >= 500:
        wait = response.headers.get("Retry-After")
        raise Unreachable(
            f"HTTP {status}", sent=True, retry_after=retry_after_seconds(wait) if wait else None
        )
    if status == 429:
        raise RateLimited(retry_after_seconds(response.headers.get("Retry-After")))
    if status >= 400:
        raise _error(response)


def _result(raw: dict[str, Any]) -> MutationResult:
    """One mutation's answer; the reason in Chinese goes along with the server's data."""
    data = raw.get("data")
    extra = dict(data) if isinstance(data, dict) else {}
    if raw.get("reason_zh"):
        extra["reason_zh"] = str(raw["reason_zh"])
    return MutationResult(
        id=str(raw.get("id", "")),
        status=str(raw.get("status", "")),
        reason=str(raw.get("reason") or ""),
        data=extra,
    )


class SyncClient:
    """One desk's conversation with one server; not shared between threads."""

    def __init__(
        self,
        server: str,
        *,
        firm: str = "",
        desk_id: str = "",
        transport: httpx.BaseTransport | None = None,
        wait: Callable[[RetryCallState], float] | None = None,
        attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.server = server.rstrip("/")
        self.firm = firm
        self.tokens: TokenStore | None = TokenStore(self.server, firm, desk_id) if desk_id else None
        self.access_token: str | None = None
        self._wait = _HonourRetryAfter(wait or wait_exponential_jitter(initial=1, max=30))
        self._attempts = attempts
        #: how a retry waits (the engine makes it stop early when it is stopped)
        self.sleep = sleep
        self._http = httpx.Client(
            base_url=self.server,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={
                "X-Zhangfang-Protocol": str(PROTOCOL_VERSION),
                "X-Zhangfang-App": app_version(),
            },
        )

    def close(self) -> None:
        self._http.close()

    # --- accounts and tokens -------------------------------------------------------------

    def enrol(
        self, firm: str, user: str, password: str, desk_name: str, ledger_id: str, epoch: str
    ) -> dict[str, Any]:
        """Make a desk for this ledger; keeps its tokens. Returns the server's answer."""
        body = {
            "firm": firm,
            "user": user,
            "password": password,
            "desk_name": desk_name,
            "ledger_id": ledger_id,
            "epoch": epoch,
        }
        answer = self._request("POST", "/auth/enrol", json=body, idempotent=False, auth_call=True)
        self._keep(answer, firm, str(answer.get("desk_id") or ""))
        return answer

    def signin(self, firm: str, user: str, password: str, desk_id: str) -> dict[str, Any]:
        """A new token pair for a desk enrolled before (the password asked this session)."""
        body = {"firm": firm, "user": user, "password": password, "desk_id": desk_id}
        answer = self._request("POST", "/auth/signin", json=body, auth_call=True)
        self._keep(answer, firm, desk_id)
        return answer

    def refresh(self) -> None:
        """Swap the kept refresh token for a new pair; the rotated one is kept at once.

        A used token presented again makes the server revoke the desk (``DeskRevoked``),
        except a retry after a lost answer within the server's grace window (retried here);
        a token it no longer knows needs the password again (``SignInRequired``).
        """
        token = self.tokens.load() if self.tokens is not None else None
        if not token:
            raise SignInRequired()
        try:
            answer = self._request(
                "POST", "/auth/refresh", json={"refresh_token": token}, idempotent=True
            )
        except DeskRevoked:
            self.forget()
            raise
        except TokenExpired:
            self.forget()
            raise SignInRequired() from None
        self._keep(answer, self.firm, "")

    def signout(self) -> None:
        """Revoke this desk's tokens on the server (best effort) and forget them here."""
        token = self.tokens.load() if self.tokens is not None else None
        try:
            if token:
                self._request(
                    "POST", "/auth/signout", json={"refresh_token": token}, idempotent=False
                )
        finally:
            self.forget()

    def forget(self) -> None:
        self.access_token = None
        if self.tokens is not None:
            self.tokens.forget()

    def _keep(self, answer: dict[str, Any], firm: str, desk_id: str) -> None:
        refresh = answer.get("refresh_token")
        access = answer.get("access_token")
        if not isinstance(refresh, str) or not isinstance(access, str):
            raise ServerRefused(
                "bad_answer",
                "服务器的回答缺少登录凭据。",
                "The server's answer has no sign-in tokens.",
                200,
            )
        if desk_id:
            self.firm = firm
            self.tokens = TokenStore(self.server, firm, desk_id)
        if self.tokens is None:
            raise SignInRequired()
        self.tokens.save(refresh)
        self.access_token = access

    # --- sync ----------------------------------------------------------------------------

    def push(self, batch: PushBatch, epoch: str) -> PushAnswer:
        """Send one batch; the same mutation ids on a retry make it idempotent."""
        body = {**batch.as_json(), "epoch": epoch}
        answer = self._authed("POST", "/sync/push", json=body)
        results = [_result(r) for r in answer.get("results", []) if isinstance(r, dict)]
        return PushAnswer(results, int(answer.get("cursor") or 0))

    def pull(self, since: int, limit: int = 500) -> PullPage:
        answer = self._authed("GET", "/sync/pull", params={"since": since, "limit": limit})
        changes = [c for c in answer.get("changes", []) if isinstance(c, dict)]
        return PullPage(
            changes=changes,
            cursor=int(answer.get("cursor") or since),
            more=bool(answer.get("more")),
            horizon=int(answer.get("horizon") or 0),
        )

    # --- snapshots (desktop/sync/transfer.py drives these) ---------------------------------

    def upload_state(self) -> dict[str, Any]:
        """How much of this desk's upload arrived, and whether the firm's ledger is empty."""
        return self._authed("GET", "/snapshot/upload")

    def upload_chunk(self, chunk: bytes, start: int, total: int, sha256: str) -> dict[str, Any]:
        """One chunk of the desk's ledger file; sent again after a lost answer, it is simply
        written again at the same place (the last one: the server answers what it answered
        before), so it is retried like a pull. The last one waits while the server checks
        and adopts the whole file."""
        headers = {
            "Content-Range": f"bytes {start}-{start + len(chunk) - 1}/{total}",
            "Content-Type": "application/octet-stream",
            "X-Zhangfang-Sha256": sha256,
        }
        last = start + len(chunk) >= total
        return self._authed(
            "PUT",
            "/snapshot/upload",
            content=chunk,
            headers=headers,
            read_timeout=ADOPT_TIMEOUT if last else None,
        )

    # --- plumbing ------------------------------------------------------------------------

    def _authed(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A request with the access token; refreshed once when it has expired."""
        return self.with_token(lambda: self._request(method, path, bearer=True, **kwargs))

    def with_token(self, call: Callable[[], T]) -> T:
        """``call()`` (which sends ``self.access_token``), with the access token refreshed
        first when there is none, and once more when the server says it expired."""
        if self.access_token is None:
            self.refresh()
        try:
            return call()
        except TokenExpired:
            self.refresh()
        try:
            return call()
        except TokenExpired:
            self.access_token = None
            raise SignInRequired() from None

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        bearer: bool = False,
        idempotent: bool = True,
        auth_call: bool = False,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        read_timeout: float | None = None,
    ) -> dict[str, Any]:
        """One call, retried while the failure is transient and retrying is safe.

        ``auth_call`` (signing in): a 429 is the sign-in rate limit, told at once, never
        waited out.
        """
        sent = dict(headers or {})
        if bearer:
            sent["Authorization"] = f"Bearer {self.access_token}"
        retrying = self.retrying(idempotent=idempotent, auth_call=auth_call)
        return retrying(
            self._attempt, method, API + path, json, params, sent, content, read_timeout
        )

    def retrying(self, *, idempotent: bool = True, auth_call: bool = False) -> Retrying:
        """This client's retry policy: transient failures (no connection, a timeout, a 5xx,
        a 429 that asks for a short wait) again after a backoff with jitter."""

        def transient(exc: BaseException) -> bool:
            if isinstance(exc, Unreachable):
                return idempotent or not exc.sent
            if isinstance(exc, RateLimited):
                return not auth_call and exc.retry_after <= MAX_RETRY_AFTER
            return False

        return Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=self._wait,
            retry=retry_if_exception(transient),
            sleep=lambda seconds: self.sleep(seconds),
            reraise=True,
        )

    @property
    def http(self) -> httpx.Client:
        """The underlying connection pool (streamed downloads use it directly)."""
        return self._http

    def _attempt(
        self,
        method: str,
        url: str,
        json: Any,
        params: dict[str, Any] | None,
        headers: dict[str, str],
        content: bytes | None = None,
        read_timeout: float | None = None,
    ) -> dict[str, Any]:
        timeout: Any = httpx.USE_CLIENT_DEFAULT
        if read_timeout is not None:
            base = self._http.timeout
            timeout = httpx.Timeout(
                connect=base.connect, read=read_timeout, write=base.write, pool=base.pool
            )
        try:
            response = self._http.request(
                method,
                url,
                json=json,
                params=params,
                headers=headers,
                content=content,
                timeout=timeout,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise Unreachable(type(exc).__name__, sent=False) from exc
        except httpx.TransportError as exc:
            raise Unreachable(type(exc).__name__, sent=True) from exc
        check_status(response)
        try:
            body = response.json()
        except ValueError:
            raise Unreachable("not JSON", sent=True) from None
        return body if isinstance(body, dict) else {}
