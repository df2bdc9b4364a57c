"""End-to-end sync tests: the real server process on 127.0.0.1 (a free port), desks that
sync with it over HTTP, the in-memory keyring for desks in this process (never the
machine's), and the throwaway PostgreSQL of the server's tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import Desk, ServerProcess, fresh_ledger
from tests.e2e.proxy import FaultProxy
from tests.server.conftest import postgres  # noqa: F401  (the session's PostgreSQL)
from tests.sync.conftest import memory_keyring  # noqa: F401  (autouse: a keyring in memory)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """The server process (SQLite) with the firm ``acme``, running."""
    process = ServerProcess.with_firm(tmp_path / "server-data")
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server process (SQLite) for the tests that never stop it: each makes its own firm
    (``firm``), so they share nothing but the process (its start-up is seconds)."""
    process = ServerProcess(tmp_path_factory.mktemp("shared") / "server-data")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def firm(shared_server: ServerProcess, request: pytest.FixtureRequest) -> str:
    """A new firm of the shared server, for this test alone."""
    return shared_server.add_firm(f"f{uuid.uuid4().hex[:12]}")


@pytest.fixture
def proxies() -> Iterator[Callable[[ServerProcess], FaultProxy]]:
    """``proxy(server)``: a fault-injecting proxy in front of the server."""
    made: list[FaultProxy] = []

    def make(server: ServerProcess) -> FaultProxy:
        proxy = FaultProxy(server.port)
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()


@pytest.fixture
def desks(_template_ledger: Path, tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    """``desk(url, name, **options)``: a fresh ledger enrolled at ``url``, in this process."""
    made: list[Desk] = []

    def make(url: str, name: str, **options: Any) -> Desk:
        path = fresh_ledger(_template_ledger, tmp_path / "desks" / f"{name}.zhangfang")
        desk = Desk(path, url, name, **options)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()
