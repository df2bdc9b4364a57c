"""The sync engine: push then pull, offline as a normal state, answers that stop syncing
and keep the outbox, and its thread (start, after a save, stop)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from tenacity import wait_fixed

from desktop.models import OutboxEntry, Party
from desktop.services import parties
from desktop.sync import core
from desktop.sync.account import SignedIn, login
from desktop.sync.engine import SyncEngine, SyncStatus, stored_status
from desktop.sync.errors import DeskRevoked, DivergedDesk, ServerUnavailable, UpgradeRequired
from desktop.sync.outbox import pending_count
from desktop.sync.settings import read_settings
from tests.sync.conftest import PASSWORD, URL, MemoryKeyring
from tests.sync.fake_server import FakeServer, Fault, raise_fault


def _customers(ledger: Any, *names: str) -> None:
    for name in names:
        with ledger.unit() as uow:
            parties.create_party(uow, name=name)


def _pending(ledger: Any) -> int:
    with ledger.read() as session:
        return pending_count(session)


def _names(ledger: Any) -> set[str]:
    with ledger.read() as session:
        return set(session.scalars(select(Party.name)))


def _engine(ledger: Any, desk: SignedIn, **kw: Any) -> SyncEngine:
    return SyncEngine(ledger, desk.client, read_settings(ledger), **kw)


def test_one_sync_pushes_every_batch_then_pulls_the_other_desks(
    ledger, second_ledger, desk, second_desk, fake: FakeServer
) -> None:
    _customers(ledger, "甲商行", "乙商行", "丙商行", "丁商行", "戊商行")
    report = _engine(ledger, desk, push_limit=2).sync_once()
    assert report.pushed == 5 and report.rejected == 0
    assert fake.paths().count("/api/v1/sync/push") == 3  # 2 + 2 + 1
    assert _pending(ledger) == 0 and len(fake.log) == 5

    other = _engine(second_ledger, second_desk, pull_limit=2).sync_once()
    assert other.applied == 5 and other.cursor == 5
    assert {"甲商行", "戊商行"} <= _names(second_ledger)
    assert core.sync_cursor(second_ledger) == 5
    assert _pending(second_ledger) == 0  # another desk's changes are not pushed back

    again = _engine(ledger, desk).sync_once()  # its own changes come back: skipped
    assert again.applied == 0 and core.sync_cursor(ledger) == 5


def test_a_rejected_change_is_kept_for_a_person_and_blocks_nothing(
    ledger, desk, fake: FakeServer
) -> None:
    _customers(ledger, "甲商行")
    with ledger.read() as session:
        party = session.scalar(select(Party).where(Party.name == "甲商行"))
        assert party is not None
    with ledger.unit() as uow:
        parties.update_party(uow, party.id, phone="020-1234 5678")
    _customers(ledger, "乙商行")
    fake.reject = {"party.update"}
    engine = _engine(ledger, desk)
    report = engine.sync_once()
    assert report.pushed == 3 and report.rejected == 1
    status = engine.status()
    assert status.pending == 0 and status.rejected == 1 and status.state == "online"
    with ledger.read() as session:
        row = session.scalar(select(OutboxEntry).where(OutboxEntry.intent == "party.update"))
        assert row is not None and row.state == "rejected"
        assert row.result == {
            "status": "rejected",
            "reason": "refused by a rule",
            "reason_zh": "不符合规则",
        }


def test_offline_is_a_state_and_nothing_is_lost(ledger, desk, fake: FakeServer) -> None:
    _customers(ledger, "甲商行", "乙商行")
    engine = _engine(ledger, desk)
    fake.faults += [raise_fault(httpx.ConnectError, "/sync/push")] * 5
    with pytest.raises(ServerUnavailable):
        engine.sync_once()
    status = engine.status()
    assert status.state == "offline" and not status.online and status.pending == 2
    assert stored_status(ledger).state == "offline"  # what `sync --status` reads
    _customers(ledger, "丙商行")
    assert engine.sync_once().pushed == 3
    assert engine.status().state == "online" and engine.status().last_sync


def test_upgrade_required_stops_syncing_and_keeps_the_outbox(
    ledger, desk, fake: FakeServer
) -> None:
    _customers(ledger, "甲商行")
    fake.min_protocol = fake.max_protocol = 2
    engine = _engine(ledger, desk)
    with pytest.raises(UpgradeRequired):
        engine.sync_once()
    assert engine.halted and _pending(ledger) == 1
    status = stored_status(ledger)
    assert status.upgrade_required and status.state == "upgrade_required"
    requests = len(fake.requests)
    engine.nudge()  # a save while halted asks nothing of the server
    assert engine._due() == float("inf") and len(fake.requests) == requests


def test_a_revoked_desk_is_signed_out_keeps_its_outbox_and_signs_in_again(
    ledger, desk, fake: FakeServer, memory_keyring: MemoryKeyring, options
) -> None:
    _customers(ledger, "甲商行", "乙商行")
    fake._revoke(desk.settings.desk_id)  # a used refresh token came back: tokens revoked
    engine = _engine(ledger, desk)
    with pytest.raises(DeskRevoked):
        engine.sync_once()
    assert memory_keyring.items == {}  # signed out
    assert _pending(ledger) == 2 and engine.halted
    assert stored_status(ledger).state == "desk_revoked"
    again = login(ledger, URL, "demo", "张三", PASSWORD, **options)
    assert not again.enrolled and again.settings.desk_code == "A"  # the same desk
    assert _engine(ledger, again).sync_once().pushed == 2

    fake._revoke(again.settings.desk_id, desk_too=True)  # the owner revoked the desk
    anew = login(ledger, URL, "demo", "张三", PASSWORD, **options)
    assert anew.enrolled and anew.settings.desk_code == "B"  # a desk of its own now
    assert anew.settings.desk_id != again.settings.desk_id


def test_a_diverged_copy_stops_and_is_enrolled_anew(ledger, desk, fake: FakeServer) -> None:
    _customers(ledger, "甲商行")
    ledger.set_local_setting("sync.epoch", "a-restored-copy")
    engine = _engine(ledger, desk)
    with pytest.raises(DivergedDesk):
        engine.sync_once()
    assert engine.halted and _pending(ledger) == 1 and fake.log == []
    assert stored_status(ledger).state == "diverged_desk"
    assert not read_settings(ledger).enrolled


def test_the_thread_syncs_on_start_after_a_save_and_stops(ledger, desk, fake: FakeServer) -> None:
    statuses: list[SyncStatus] = []
    synced = threading.Semaphore(0)

    def heard(status: SyncStatus) -> None:
        statuses.append(status)
        synced.release()

    engine = _engine(ledger, desk, interval=3600, debounce=0.05)
    engine.add_listener(heard)
    engine.start()
    try:
        assert synced.acquire(timeout=30)  # on start
        assert statuses[-1].state == "online" and fake.log == []
        _customers(ledger, "甲商行")  # a save: the engine hears it and syncs soon
        assert synced.acquire(timeout=30)
        assert [c["args"]["name"] for c in fake.log] == ["甲商行"]
        assert statuses[-1].pending == 0
    finally:
        assert engine.stop()
    assert not engine.running


def test_stop_cuts_a_waiting_retry_short(ledger, fake: FakeServer, desk) -> None:
    from desktop.sync.account import client_for

    client = client_for(read_settings(ledger), transport=fake.transport(), wait=wait_fixed(600))
    engine = SyncEngine(ledger, client, read_settings(ledger))
    asked = threading.Event()

    def unavailable(_request: httpx.Request) -> httpx.Response:
        asked.set()
        return httpx.Response(503)

    fake.faults.append(Fault("/sync/pull", unavailable))
    engine.start()
    assert asked.wait(30)
    assert engine.stop(timeout=30)  # not the 600 s backoff


def test_each_batch_is_kept_as_soon_as_it_is_answered(ledger, desk, fake: FakeServer) -> None:
    _customers(ledger, "甲商行", "乙商行", "丙商行", "丁商行")
    fake.faults += [Fault("/sync/push", fake.route)]  # the first batch goes through
    fake.faults += [raise_fault(httpx.ConnectError, "/sync/push")] * 5  # then offline
    with pytest.raises(ServerUnavailable):
        _engine(ledger, desk, push_limit=2).sync_once()
    assert _pending(ledger) == 2 and len(fake.log) == 2
    assert _engine(ledger, desk, push_limit=2).sync_once().pushed == 2
    assert [c["args"]["name"] for c in fake.log] == ["甲商行", "乙商行", "丙商行", "丁商行"]
