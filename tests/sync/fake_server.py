"""A TEST DOUBLE of the sync server: the documented answers of docs/sync.md, in memory.

It is not the real server (``marketplace/``): it applies nothing, keeps no ledger and
checks only what the desk's behaviour depends on (tokens, rotation and reuse, protocol
window, idempotent pushes by mutation id, a change log with a cursor). Tests reach it
through ``httpx.MockTransport`` (:meth:`FakeServer.transport`) or over real HTTP on
127.0.0.1 (:func:`serve`), and script failures with :attr:`FakeServer.faults`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


@dataclass
class Fault:
    """What the next request to a path ending in ``path`` meets instead of the server."""

    path: str
    act: Callable[[httpx.Request], httpx.Response]


def error(status: int, code: str, **extra: Any) -> httpx.Response:
    headers = {}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra.pop("retry_after"))
    body = {"error": code, "message": f"{code} (en)", "message_zh": f"{code}（中文）", **extra}
    return httpx.Response(status, json=body, headers=headers)


@dataclass
class Desk:
    id: str
    code: str
    firm: str
    epoch: str | None = None
    revoked: bool = False


@dataclass
class FakeServer:
    firm: str = "demo"
    users: dict[str, str] = field(default_factory=lambda: {"张三": "secret-pw"})
    min_protocol: int = 1
    max_protocol: int = 1
    #: intents the server rejects (as a business rule would)
    reject: set[str] = field(default_factory=set)
    #: met once each, in order, by the requests to their paths (an answer, or a raise)
    faults: list[Fault] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    desks: dict[str, Desk] = field(default_factory=dict)
    access: dict[str, str] = field(default_factory=dict)  # token → desk id
    refresh: dict[str, str] = field(default_factory=dict)  # live token → desk id
    used: dict[str, str] = field(default_factory=dict)  # rotated-away token → desk id
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)  # mutation id → result
    log: list[dict[str, Any]] = field(default_factory=list)
    coming_ids: list[str] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def next_desk_id(self) -> str:
        """The id the next enrolment hands out (known in advance, for a test to look for)."""
        if not self.coming_ids:
            self.coming_ids.append(secrets.token_hex(8))
        return self.coming_ids[0]

    def expire_access_tokens(self) -> None:
        self.access.clear()

    # --- dispatch ------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            for i, fault in enumerate(self.faults):
                if request.url.path.endswith(fault.path):
                    del self.faults[i]
                    return fault.act(request)  # may raise httpx.ConnectError and the like
            return self.route(request)

    def route(self, request: httpx.Request) -> httpx.Response:
        """What the server answers, faults aside."""
        with self.lock:
            protocol = request.headers.get("X-Zhangfang-Protocol")
            if protocol is None or not request.headers.get("X-Zhangfang-App"):
                return error(400, "bad_request")
            if not self.min_protocol <= int(protocol) <= self.max_protocol:
                return error(
                    426,
                    "upgrade_required",
                    min_protocol=self.min_protocol,
                    max_protocol=self.max_protocol,
                )
            body = json.loads(request.content) if request.content else {}
            route = (request.method, request.url.path.removeprefix("/api/v1"))
            handler = {
                ("POST", "/auth/enrol"): self._enrol,
                ("POST", "/auth/signin"): self._signin,
                ("POST", "/auth/refresh"): self._refresh,
                ("POST", "/auth/signout"): self._signout,
                ("POST", "/sync/push"): self._push,
                ("GET", "/sync/pull"): self._pull,
            }.get(route)
            if handler is None:
                return error(404, "not_found")
            return handler(request, body)

    # --- accounts ------------------------------------------------------------------------

    def _pair(self, desk: Desk, status: int = 200, **extra: Any) -> httpx.Response:
        access, refresh = secrets.token_hex(16), secrets.token_urlsafe(32)
        self.access[access] = desk.id
        self.refresh[refresh] = desk.id
        body = {
            "access_token": access,
            "refresh_token": refresh,
            "access_expires_in": 900,
            "refresh_expires_in": 2592000,
            **extra,
        }
        return httpx.Response(status, json=body)

    def _known_user(self, body: dict[str, Any]) -> bool:
        return body.get("firm") == self.firm and self.users.get(body.get("user")) == body.get(
            "password"
        )

    def _enrol(self, _r: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        if not self._known_user(body):
            return error(401, "bad_credentials")
        n = len(self.desks)
        code = chr(ord("A") + n % 26) + (str(n // 26 + 1) if n >= 26 else "")
        desk = Desk(id=self.next_desk_id(), code=code, firm=self.firm, epoch=body.get("epoch"))
        self.coming_ids.pop(0)
        self.desks[desk.id] = desk
        return self._pair(
            desk,
            desk_id=desk.id,
            desk_code=desk.code,
            firm={"code": self.firm, "name": "演示商行"},
            cursor=len(self.log),
            ledger_state="has_data" if self.log else "empty",
        )

    def _signin(self, _r: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        if not self._known_user(body):
            return error(401, "bad_credentials")
        desk = self.desks.get(str(body.get("desk_id")))
        if desk is None:
            return error(404, "not_found")
        if desk.revoked:
            return error(403, "desk_revoked")
        return self._pair(desk)

    def _revoke(self, desk_id: str, *, desk_too: bool = False) -> None:
        """Every token of the desk dies; its refresh tokens answer desk_revoked from now on.
        The desk itself stays enrolled (its person signs in again), unless ``desk_too`` (the
        owner revoked the desk: it can never sign in again)."""
        self.used.update({t: d for t, d in self.refresh.items() if d == desk_id})
        for tokens in (self.access, self.refresh):
            for token in [t for t, d in tokens.items() if d == desk_id]:
                del tokens[token]
        self.desks[desk_id].revoked = self.desks[desk_id].revoked or desk_too

    def _refresh(self, _r: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        token = str(body.get("refresh_token"))
        if token in self.used:  # a used token again: a stolen copy; revoke the desk
            self._revoke(self.used[token])
            return error(403, "desk_revoked")
        desk_id = self.refresh.pop(token, None)
        if desk_id is None:
            return error(401, "bad_token")
        self.used[token] = desk_id
        return self._pair(self.desks[desk_id])

    def _signout(self, _r: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        desk_id = self.refresh.get(str(body.get("refresh_token")))
        if desk_id is not None:
            for tokens in (self.access, self.refresh):
                for token in [t for t, d in tokens.items() if d == desk_id]:
                    del tokens[token]
        return httpx.Response(200, json={})

    # --- sync ----------------------------------------------------------------------------

    def _desk(self, request: httpx.Request) -> Desk | httpx.Response:
        auth = request.headers.get("Authorization", "")
        desk_id = self.access.get(auth.removeprefix("Bearer "))
        if desk_id is None:
            return error(401, "token_expired")
        return self.desks[desk_id]

    def _push(self, request: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        desk = self._desk(request)
        if isinstance(desk, httpx.Response):
            return desk
        if body.get("epoch") != desk.epoch:  # a copied or restored ledger
            return error(409, "diverged_desk")
        results = []
        for m in sorted(body["mutations"], key=lambda m: m["seq"]):
            if m["id"] in self.applied:
                results.append({**self.applied[m["id"]], "status": "duplicate"})
                continue
            if m["intent"] in self.reject:
                result = {
                    "id": m["id"],
                    "status": "rejected",
                    "reason": "refused by a rule",
                    "reason_zh": "不符合规则",
                }
            else:
                result = {"id": m["id"], "status": "applied"}
                self.log.append(
                    {
                        "seq": len(self.log) + 1,
                        "desk": desk.code,
                        "id": m["id"],
                        "intent": m["intent"],
                        "args": m["args"],
                        "status": "applied",
                        "result": {},
                    }
                )
            self.applied[m["id"]] = result
            results.append(result)
        return httpx.Response(200, json={"results": results, "cursor": len(self.log)})

    def _pull(self, request: httpx.Request, _body: dict[str, Any]) -> httpx.Response:
        desk = self._desk(request)
        if isinstance(desk, httpx.Response):
            return desk
        since = int(request.url.params.get("since", 0))
        limit = int(request.url.params.get("limit", 500))
        page = [c for c in self.log if c["seq"] > since][:limit]
        cursor = page[-1]["seq"] if page else max(since, 0)
        more = bool(page) and cursor < len(self.log)
        return httpx.Response(
            200, json={"changes": page, "cursor": cursor, "more": more, "horizon": 0}
        )


# --- faults --------------------------------------------------------------------------------


def status_fault(status: int, path: str = "", **extra: Any) -> Fault:
    """Answer ``status`` once (5xx: a plain text page, as a proxy would)."""

    def act(_request: httpx.Request) -> httpx.Response:
        if status >= 500:
            return httpx.Response(status, text="Service Unavailable")
        return error(
            status, extra.get("code", "x"), **{k: v for k, v in extra.items() if k != "code"}
        )

    return Fault(path, act)


def raise_fault(exc_type: type[httpx.TransportError], path: str = "") -> Fault:
    """Fail once as the network would (``httpx.ConnectError``, ``httpx.ReadTimeout``)."""

    def act(request: httpx.Request) -> httpx.Response:
        raise exc_type("injected by the test", request=request)

    return Fault(path, act)


def lost_response(server: FakeServer, path: str) -> Fault:
    """The server does the work, then its answer is lost (a read timeout at the desk)."""

    def act(request: httpx.Request) -> httpx.Response:
        server.route(request)
        raise httpx.ReadTimeout("response lost (injected by the test)", request=request)

    return Fault(path, act)


# --- over real HTTP ------------------------------------------------------------------------


@contextmanager
def serve(server: FakeServer) -> Iterator[str]:
    """Serve ``server`` on 127.0.0.1 at a free port; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = httpx.Request(
                self.command,
                f"http://127.0.0.1{self.path}",
                headers=dict(self.headers.items()),
                content=self.rfile.read(length) if length else b"",
            )
            response = server.handle(request)
            data = response.read()
            self.send_response(response.status_code)
            for key, value in response.headers.items():
                if key.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *_args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_address[1]}"
    finally:
        http.shutdown()
        http.server_close()
