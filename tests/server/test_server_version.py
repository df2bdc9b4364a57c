"""The update check end to end through the server's ``GET /api/v1/version``: newer → the
desk is told, same or older → silent, unreachable or an old server → silent."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop import __version__, updates
from marketplace.routes_version import LATEST_ENV, URL_ENV

LINK = "https://zhangfang.example/download"


def _bump(version: str) -> str:
    parts = [int(p) for p in version.split(".")]
    parts[-1] += 1
    return ".".join(str(p) for p in parts)


def test_a_newer_published_version_is_reported_with_its_link(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LATEST_ENV, _bump(__version__))
    monkeypatch.setenv(URL_ENV, LINK)
    client = make_client()
    assert client.get("/api/v1/version").json() == {"version": _bump(__version__), "url": LINK}
    found = updates.check(str(client.base_url), client)
    assert found == updates.Update(_bump(__version__), LINK)


@pytest.mark.parametrize("published", [__version__, "0.0.1", "not-a-version", ""])
def test_the_same_or_an_older_version_says_nothing(
    make_client: Any, monkeypatch: pytest.MonkeyPatch, published: str
) -> None:
    monkeypatch.setenv(LATEST_ENV, published)
    monkeypatch.setenv(URL_ENV, LINK)
    client = make_client()
    assert client.get("/api/v1/version").status_code == 200
    assert updates.check(str(client.base_url), client) is None


def test_no_operator_setting_answers_the_servers_own_version_and_no_link(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LATEST_ENV, raising=False)
    monkeypatch.delenv(URL_ENV, raising=False)
    client = make_client()
    assert client.get("/api/v1/version").json() == {"version": __version__, "url": ""}
    assert updates.check(str(client.base_url), client) is None


def test_a_newer_version_without_a_web_link_is_not_offered(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LATEST_ENV, _bump(__version__))
    monkeypatch.setenv(URL_ENV, "javascript:alert(1)")
    client = make_client()
    assert updates.check(str(client.base_url), client) is None


def test_an_unreachable_server_is_silent() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert updates.check(f"http://127.0.0.1:{port}") is None


def test_an_old_server_without_the_route_is_silent(make_client: Any) -> None:
    client = make_client()
    assert updates.check(str(client.base_url) + "/no-such-prefix", client) is None


def test_at_most_daily(tmp_path: Path) -> None:
    stamp = tmp_path / "stamp"
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    assert updates.due(stamp, now)
    updates.mark(stamp, now)
    assert not updates.due(stamp, now + timedelta(hours=23))
    assert updates.due(stamp, now + timedelta(days=1))
    assert updates.due(stamp, now - timedelta(hours=1))  # a clock set back: ask again


def test_version_order_is_numeric() -> None:
    assert updates.newer("0.10.0", "0.9.9")
    assert not updates.newer("0.9.9", "0.10.0")
    assert not updates.newer("1.0", "1.0")
    assert updates.version_key("1.0-beta") is None


def test_a_desk_of_any_protocol_may_ask(make_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The desks that most need to hear of a new version speak an old protocol."""
    monkeypatch.setenv(LATEST_ENV, _bump(__version__))
    monkeypatch.setenv(URL_ENV, LINK)
    client = make_client()
    for protocol in ("0", "999", "x"):
        answer = client.get("/api/v1/version", headers={"X-Zhangfang-Protocol": protocol})
        assert answer.status_code == 200 and answer.json()["url"] == LINK
