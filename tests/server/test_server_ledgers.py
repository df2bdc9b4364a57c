"""The server's open firm ledgers are bounded: least recently used closed beyond the cap,
idle ones closed, never one a write holds (``marketplace.ledgers.LedgerStore``)."""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from desktop.models import Party
from desktop.services.parties import create_party
from marketplace.ledgers import LedgerStore
from tests.server.conftest import start_server, stop_server
from tests.server.desks import add_customers, desk_ledger, envelope
from tests.server.helpers import HEADERS, PASSWORD


class Tick:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def store_with(tmp_path: Path, firms: int, **options: Any) -> tuple[LedgerStore, list[uuid.UUID]]:
    store = LedgerStore(tmp_path, **options)
    made = [uuid.uuid4() for _ in range(firms)]
    for n, firm in enumerate(made):
        store.create(firm, f"商行{n}")
    return store, made


def customers(store: LedgerStore, firm: uuid.UUID) -> int:
    with store.writing(firm) as ledger, ledger.read() as session:
        return session.scalar(select(func.count()).select_from(Party)) or 0


def test_beyond_the_cap_the_least_recently_used_are_closed(tmp_path: Path) -> None:
    store, (a, b, c) = store_with(tmp_path, 3, max_open=2)
    assert store.open_firms == [b, c]
    with store.writing(a) as ledger, ledger.unit() as uow:  # a again: b is the oldest now
        create_party(uow, name="甲商行")
    assert store.open_firms == [c, a]
    assert customers(store, b) == 0 and store.open_firms == [a, b]
    assert customers(store, a) == 1  # closed and opened again: nothing lost
    store.close()


def test_idle_ledgers_are_closed_but_never_one_a_write_holds(tmp_path: Path) -> None:
    tick = Tick()
    store, (a, b) = store_with(tmp_path, 2, idle_seconds=600, clock=tick)
    tick.now = 599
    assert store.evict() == [] and store.open_firms == [a, b]
    holding, release = threading.Event(), threading.Event()

    def write() -> None:
        with store.writing(a) as ledger:
            holding.set()
            release.wait(30)
            with ledger.unit() as uow:  # still open: nobody closed it under the write
                create_party(uow, name="甲商行")

    writer = threading.Thread(target=write)
    writer.start()
    assert holding.wait(30)
    tick.now = 1200
    assert store.evict() == [b]  # a is held: kept
    assert store.open_firms == [a]
    release.set()
    writer.join(30)
    assert store.evict() == [a] and store.open_firms == []
    assert customers(store, a) == 1
    store.close()


def _open_firm_files(pid: int, folder: Path) -> set[str]:
    """The firm ledger files the process has open now (Linux: /proc/PID/fd)."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)) and target.endswith(".zhangfang"):
            found.add(target)
    return found


def test_the_server_process_keeps_no_more_than_the_cap_open(tmp_path: Path) -> None:
    from marketplace.accounts import create_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = tmp_path / "server-data"
    setup = Server(Settings(data=data))
    codes = ["f1", "f2", "f3", "f4"]
    try:
        for code in codes:
            create_firm(setup, code, f"{code} 商行", "老板", PASSWORD)
    finally:
        setup.close()
    server = start_server(data, "--max-open-ledgers", "2")
    try:
        with httpx.Client(base_url=server.url, headers=HEADERS, timeout=60) as http:
            for n, code in enumerate(codes):
                tokens = http.post(
                    "/api/v1/auth/enrol",
                    json={"firm": code, "user": "老板", "password": PASSWORD, "epoch": "e1"},
                ).json()
                ledger = desk_ledger(tmp_path / f"desk{n}.zhangfang", "A")
                add_customers(ledger, f"客户{n}")
                pushed = http.post(
                    "/api/v1/sync/push",
                    json=envelope(ledger, "e1"),
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                )
                ledger.close()
                assert pushed.status_code == 200, pushed.text
                # the customer applied (the desk's own firm profile is refused: the firm has one)
                assert pushed.json()["results"][-1]["status"] == "applied"
                assert len(_open_firm_files(server.proc.pid, data / "firms")) <= 2
    finally:
        stop_server(server)
