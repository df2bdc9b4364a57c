"""Sync tests: an in-memory keyring for every test (never the machine's), the fake
server (a test double, see fake_server.py) and desks signed in to it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy import update
from tenacity import wait_none

from desktop.models import OutboxEntry, OutboxState
from desktop.services.ledger import Ledger
from desktop.sync.account import SignedIn, login
from tests.sync.fake_server import FakeServer

URL = "http://sync.test"
PASSWORD = "secret-pw"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process only (for tests)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not kept")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def options(fake: FakeServer, sleeps: list[float]) -> dict[str, Any]:
    """Client options: the fake's transport, no backoff wait, the waits recorded."""
    return {"transport": fake.transport(), "wait": wait_none(), "sleep": sleeps.append}


def settle_outbox(ledger: Ledger) -> None:
    """Mark what the ledger recorded so far as synced (the firm both desks start from)."""
    with ledger.read() as session:
        session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
        session.commit()


@pytest.fixture
def desk(ledger: Ledger, options: dict[str, Any]) -> SignedIn:
    settle_outbox(ledger)
    return login(ledger, URL, "demo", "张三", PASSWORD, "柜台一", **options)


@pytest.fixture
def second_ledger(_template_ledger: Path, tmp_path: Path) -> Iterator[Ledger]:
    path = tmp_path / "second.zhangfang"
    shutil.copyfile(_template_ledger, path)
    opened = Ledger.open(path, actor="tester2")
    settle_outbox(opened)
    yield opened
    opened.close()


@pytest.fixture
def second_desk(second_ledger: Ledger, fake: FakeServer, sleeps: list[float]) -> SignedIn:
    return login(
        second_ledger,
        URL,
        "demo",
        "张三",
        PASSWORD,
        "柜台二",
        transport=fake.transport(),
        wait=wait_none(),
        sleep=sleeps.append,
    )


Make = Callable[..., Any]
