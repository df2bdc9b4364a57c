"""A fault-injecting HTTP proxy between a desk and the server (tests only).

It forwards each HTTP/1.1 request whole, and by rule can: ``cut`` the connection before
the request reaches the server (the desk sees a dropped connection), ``drop`` the answer
after the server has sent it (the server committed; the desk never hears), ``delay`` the
answer, or ``hold`` it: say when the request has reached the server (:attr:`Rule.reached`)
and keep the answer back until :attr:`Rule.release` is set (a test kills the server in
between). ``offline()`` closes the listening socket, so connecting fails as it does with
no network; ``online()`` listens again on the same port. Every request is counted by path.

Small on purpose: requests and answers carry a ``Content-Length`` (httpx and uvicorn both
send one for JSON), one connection from the desk carries requests one after another
(keep-alive), each forwarded on a new connection to the server.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Rule:
    """What to do to the next ``times`` requests whose path starts with ``path``."""

    path: str
    action: str  # cut | drop | delay | hold
    times: int = 1
    seconds: float = 0.0
    #: matching requests let through untouched before the rule applies
    skip: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    #: how many requests it was applied to
    hits: int = 0


class ConnectionClosed(Exception):
    pass


def _read_message(sock: socket.socket, buffer: bytearray) -> tuple[bytes, bytes]:
    """One HTTP message (its head and body) from ``sock``; what follows stays in ``buffer``."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionClosed()
        buffer += chunk
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("chunked messages are not supported by this test proxy")
    while len(buffer) < end + length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionClosed()
        buffer += chunk
    body = bytes(buffer[end : end + length])
    del buffer[: end + length]
    return head, body


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to ``127.0.0.1:upstream``."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.rules: list[Rule] = []
        self.counts: Counter[str] = Counter()
        self._guard = threading.Lock()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self.port = 0
        self.online()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(
        self, path: str, action: str, times: int = 1, seconds: float = 0.0, skip: int = 0
    ) -> Rule:
        rule = Rule(path, action, times, seconds, skip)
        with self._guard:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._guard:
            for rule in self.rules:
                rule.release.set()
            self.rules.clear()

    # --- listening ----------------------------------------------------------------------

    def online(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def offline(self) -> None:
        """No network: new connections are refused and open ones are cut."""
        listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)  # shutdown first: that wakes the thread waiting in accept()
        self.cut_all()

    def cut_all(self) -> None:
        with self._guard:
            sockets, self._open = list(self._open), set()
        for s in sockets:
            _close(s)

    def close(self) -> None:
        self.clear()
        self.offline()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: offline
            with self._guard:
                self._open.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    # --- one connection -----------------------------------------------------------------

    def _rule_for(self, path: str) -> Rule | None:
        with self._guard:
            self.counts[path] += 1
            for rule in self.rules:
                if not path.startswith(rule.path) or rule.hits >= rule.times:
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                rule.hits += 1
                return rule
        return None

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        buffer = bytearray()
        try:
            while True:
                head, body = _read_message(client, buffer)
                path = head.split(b" ", 2)[1].decode().split("?")[0]
                rule = self._rule_for(path)
                if rule is not None and rule.action == "cut":
                    return
                # a connection of its own to the server for each request: one kept from
                # before a server restart would fail the request in the proxy, not the server
                upstream = socket.create_connection(("127.0.0.1", self.upstream))
                with self._guard:
                    self._open.add(upstream)
                upstream.sendall(head + body)
                if rule is not None and rule.action == "hold":
                    rule.reached.set()
                    rule.release.wait(120)
                answer_buffer = bytearray()
                answer_head, answer_body = _read_message(upstream, answer_buffer)
                if rule is not None and rule.action == "drop":
                    return  # the server answered (and committed); the desk never hears
                if rule is not None and rule.action == "delay":
                    time.sleep(rule.seconds)
                client.sendall(answer_head + answer_body)
                with self._guard:
                    self._open.discard(upstream)
                _close(upstream)
                upstream = None
        except (ConnectionClosed, OSError):
            return
        finally:
            _close(client)
            if upstream is not None:
                _close(upstream)
            with self._guard:
                self._open.discard(client)
                if upstream is not None:
                    self._open.discard(upstream)


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()
