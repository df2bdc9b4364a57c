"""The HTTP client against the documented answers (the fake server, a test double):
versions on every request, retries only where they are safe, token refresh and rotation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tenacity import RetryCallState

from desktop.services import parties
from desktop.sync.client import SyncClient, retry_after_seconds
from desktop.sync.credentials import SERVICE
from desktop.sync.errors import (
    BadCredentials,
    DeskRevoked,
    RateLimited,
    ServerRefused,
    ServerUnavailable,
    UpgradeRequired,
)
from desktop.sync.outbox import next_batch
from desktop.sync.protocol import PROTOCOL_VERSION
from tests.sync.conftest import URL, MemoryKeyring
from tests.sync.fake_server import FakeServer, Fault, lost_response, raise_fault, status_fault


def _batch(ledger: Any, *names: str) -> Any:
    for name in names:
        with ledger.unit() as uow:
            parties.create_party(uow, name=name)
    with ledger.read() as session:
        return next_batch(session, ledger.desk)


def _kept(backend: MemoryKeyring) -> str:
    (token,) = backend.items.values()
    return token


def test_every_request_carries_the_versions(desk, fake: FakeServer) -> None:
    desk.client.pull(0)
    assert fake.requests
    for request in fake.requests:
        assert request.headers["X-Zhangfang-Protocol"] == str(PROTOCOL_VERSION)
        assert request.headers["X-Zhangfang-App"]


def test_enrol_keeps_the_refresh_token_in_the_keyring(
    desk, fake: FakeServer, memory_keyring: MemoryKeyring
) -> None:
    ((service, username),) = memory_keyring.items
    assert service == SERVICE
    assert username == f"{URL}|demo|{desk.settings.desk_id}"
    assert _kept(memory_keyring) in fake.refresh
    assert desk.settings.desk_code == "A"


def test_5xx_is_retried_with_backoff_then_succeeds(
    desk, ledger, fake: FakeServer, sleeps: list[float]
) -> None:
    batch = _batch(ledger, "甲商行")
    fake.faults += [status_fault(503, "/sync/push"), status_fault(502, "/sync/push")]
    answer = desk.client.push(batch, desk.settings.epoch)
    assert [r.status for r in answer.results] == ["applied"]
    assert fake.paths().count("/api/v1/sync/push") == 3
    assert sleeps == [0, 0]  # two waits, each the test's zero backoff


def test_connection_errors_are_retried_and_then_mean_offline(
    desk, ledger, fake: FakeServer
) -> None:
    batch = _batch(ledger, "甲商行")
    fake.faults += [raise_fault(httpx.ConnectError, "/sync/push")] * 2
    assert desk.client.push(batch, desk.settings.epoch).results[0].status == "applied"
    fake.faults += [raise_fault(httpx.ConnectError, "/sync/pull")] * 5
    before = len(fake.requests)
    with pytest.raises(ServerUnavailable) as caught:
        desk.client.pull(0)
    assert len(fake.requests) - before == 5  # every attempt, then offline
    assert "连不上" in caught.value.zh and "cannot be reached" in caught.value.en


def test_a_push_whose_answer_was_lost_is_retried_safely(desk, ledger, fake: FakeServer) -> None:
    batch = _batch(ledger, "甲商行", "乙商行")
    fake.faults.append(lost_response(fake, "/sync/push"))
    answer = desk.client.push(batch, desk.settings.epoch)
    assert {r.status for r in answer.results} == {"duplicate"}
    assert len(fake.log) == 2  # applied once, whatever the retry


def test_429_waits_what_retry_after_says(desk, fake: FakeServer, sleeps: list[float]) -> None:
    fake.faults.append(status_fault(429, "/sync/pull", code="rate_limited", retry_after=7))
    desk.client.pull(0)
    assert sleeps == [7.0]
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds(None) == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date gone by


def test_a_long_429_and_a_signin_429_are_told_not_waited(
    desk, fake: FakeServer, sleeps: list[float]
) -> None:
    fake.faults.append(status_fault(429, "/sync/pull", code="rate_limited", retry_after=3600))
    with pytest.raises(RateLimited) as caught:
        desk.client.pull(0)
    assert caught.value.retry_after == 3600.0
    fake.faults.append(status_fault(429, "/auth/signin", code="rate_limited", retry_after=5))
    with pytest.raises(RateLimited):
        desk.client.signin("demo", "张三", "secret-pw", desk.settings.desk_id)
    assert sleeps == []


def test_business_answers_are_never_retried(desk, fake: FakeServer) -> None:
    fake.faults.append(status_fault(400, "/sync/pull", code="bad_request"))
    before = len(fake.requests)
    with pytest.raises(ServerRefused) as caught:
        desk.client.pull(0)
    assert len(fake.requests) - before == 1
    assert caught.value.code == "bad_request" and caught.value.zh == "bad_request（中文）"
    with pytest.raises(BadCredentials):
        desk.client.signin("demo", "张三", "wrong", desk.settings.desk_id)


def test_expired_access_refreshes_once_and_stores_the_rotated_token(
    desk, fake: FakeServer, memory_keyring: MemoryKeyring
) -> None:
    first = _kept(memory_keyring)
    fake.expire_access_tokens()
    desk.client.pull(0)
    paths = fake.paths()
    assert paths[-3:] == ["/api/v1/sync/pull", "/api/v1/auth/refresh", "/api/v1/sync/pull"]
    rotated = _kept(memory_keyring)
    assert rotated != first and rotated in fake.refresh and first in fake.used


def test_a_reused_refresh_token_revokes_the_desk(
    desk, fake: FakeServer, memory_keyring: MemoryKeyring
) -> None:
    stolen = _kept(memory_keyring)
    desk.client.refresh()  # the desk rotates; the thief still holds the old one
    thief = SyncClient(URL, transport=fake.transport())
    thief.tokens = type(desk.client.tokens)(URL, "demo", "thief")
    thief.tokens.save(stolen)
    with pytest.raises(DeskRevoked):
        thief.refresh()
    fake.expire_access_tokens()
    with pytest.raises(DeskRevoked):
        desk.client.pull(0)  # the desk's own next refresh: revoked too
    assert desk.client.tokens is not None and desk.client.tokens.load() is None


def test_a_refresh_whose_answer_may_be_lost_is_retried_with_the_same_token(
    desk, fake: FakeServer
) -> None:
    """The server's grace window answers it (tests/e2e: the real server)."""
    kept = desk.client.tokens.load()
    fake.faults.append(raise_fault(httpx.ReadTimeout, "/auth/refresh"))
    desk.client.refresh()
    assert fake.paths().count("/api/v1/auth/refresh") == 2
    assert desk.client.tokens.load() != kept
    fake.faults.append(raise_fault(httpx.ConnectError, "/auth/refresh"))
    desk.client.refresh()  # never left the desk: safe to try again
    assert fake.paths().count("/api/v1/auth/refresh") == 4


def test_outside_the_protocol_window_is_upgrade_required(desk, fake: FakeServer) -> None:
    fake.min_protocol = fake.max_protocol = PROTOCOL_VERSION + 1
    with pytest.raises(UpgradeRequired) as caught:
        desk.client.pull(0)
    assert caught.value.min_protocol == PROTOCOL_VERSION + 1
    assert "升级" in caught.value.zh


def test_the_default_wait_backs_off_with_jitter() -> None:
    client = SyncClient(URL, transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    waits = []
    for attempt in range(1, 6):
        state = RetryCallState(None, None, (), {})
        state.attempt_number = attempt
        waits.append(client._wait(state))
    for attempt, wait in enumerate(waits):
        assert 2**attempt <= wait <= 2**attempt + 1  # exponential, plus up to 1 s of jitter


def test_a_busy_server_is_waited_for_as_it_asks(
    desk, fake: FakeServer, sleeps: list[float]
) -> None:
    fake.faults.append(
        Fault("/sync/pull", lambda _r: httpx.Response(503, headers={"Retry-After": "3"}))
    )
    desk.client.pull(0)
    assert sleeps == [3.0]
