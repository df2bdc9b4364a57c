"""``zhangfang-server firm list | user list/disable/enable/password | desk list/revoke``:
the real command in its own process on a data folder a running app also serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import REPO
from tests.server.helpers import PASSWORD, add_firm, enrol, error_of, server_of


def cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marketplace", *args, "--data", str(data)],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )


def ok(data: Path, *args: str, stdin: str = "") -> str:
    done = cli(data, *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(data: Path, *args: str) -> str:
    """The one line a refusal prints (never a traceback)."""
    done = cli(data, *args)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    return line


@pytest.fixture
def app(make_client: Any) -> Any:
    client = make_client()  # SQLite in its data folder: the command opens the same
    add_firm(client, "acme", "老板", "小王")
    add_firm(client, "other", "boss")
    return client


def data_of(client: Any) -> Path:
    return Path(server_of(client).settings.data)


def signin(client: Any, user: str, desk: dict[str, Any], password: str = PASSWORD) -> Any:
    return client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": user, "password": password, "desk_id": desk["desk_id"]},
    )


def refresh(client: Any, tokens: dict[str, Any]) -> Any:
    return client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})


def test_firms_and_users_are_listed(app: Any) -> None:
    data = data_of(app)
    enrol(app, "acme")
    lines = ok(data, "firm", "list").splitlines()
    assert lines[0] == "code\tname\tusers\tdesks\tchanges\thorizon"
    assert lines[1:] == ["acme\tacme 商行\t2\t1\t0\t0", "other\tother 商行\t1\t0\t0\t0"]
    users = [
        line.split("\t")[:3] for line in ok(data, "user", "list", "--firm", "ACME").splitlines()
    ]
    assert users == [
        ["name", "role", "state"],
        ["老板", "owner", "active"],
        ["小王", "clerk", "active"],
    ]


def test_a_disabled_user_cannot_sign_in_or_refresh_until_enabled(app: Any) -> None:
    data = data_of(app)
    desk = enrol(app, "acme", "小王")
    assert "已停用用户 小王" in ok(data, "user", "disable", "--firm", "acme", "小王")
    assert "小王\tclerk\tdisabled" in ok(data, "user", "list", "--firm", "acme")
    told = signin(app, "小王", desk)
    assert told.status_code == 401 and error_of(told) == "bad_credentials"
    told = refresh(app, desk)
    assert told.status_code == 401 and error_of(told) == "bad_token"
    answer = app.post(
        "/api/v1/auth/enrol", json={"firm": "acme", "user": "小王", "password": PASSWORD}
    )
    assert answer.status_code == 401
    ok(data, "user", "enable", "--firm", "acme", "小王")
    assert refresh(app, desk).status_code == 200
    assert signin(app, "小王", desk).status_code == 200


def test_a_new_password_from_stdin_replaces_the_old(app: Any) -> None:
    data = data_of(app)
    desk = enrol(app, "acme", "小王")
    out = ok(data, "user", "password", "--firm", "acme", "小王", stdin="new-password-2\n")
    assert "new-password-2" not in out
    assert signin(app, "小王", desk).status_code == 401
    assert signin(app, "小王", desk, "new-password-2").status_code == 200


def test_desks_are_listed_and_one_is_revoked(app: Any) -> None:
    data = data_of(app)
    first, second = enrol(app, "acme"), enrol(app, "acme", "小王")
    rows = [line.split("\t") for line in ok(data, "desk", "list", "--firm", "acme").splitlines()]
    assert [r[:3] for r in rows[1:]] == [["A", "前台", "老板"], ["B", "前台", "小王"]]
    assert [r[5] for r in rows[1:]] == ["active", "active"]
    assert "已吊销工作站 B" in ok(data, "desk", "revoke", "--firm", "acme", "b")
    told = refresh(app, second)
    assert told.status_code == 403 and error_of(told) == "desk_revoked"
    assert refresh(app, first).status_code == 200
    rows = [line.split("\t") for line in ok(data, "desk", "list", "--firm", "acme").splitlines()]
    assert rows[2][5].startswith("revoked")


def test_refusals_are_one_line(app: Any) -> None:
    data = data_of(app)
    assert "No firm nope" in refused(data, "user", "list", "--firm", "nope")
    assert "No user 谁" in refused(data, "user", "disable", "--firm", "acme", "谁")
    assert "only owner" in refused(data, "user", "disable", "--firm", "acme", "老板")
    assert "No desk Z" in refused(data, "desk", "revoke", "--firm", "acme", "Z")
    short = cli(data, "user", "password", "--firm", "acme", "小王", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    enrol(app, "acme")
    ok(data, "desk", "revoke", "--firm", "acme", "A")
    assert "revoked already" in refused(data, "desk", "revoke", "--firm", "acme", "A")
    # another firm's desk is not this firm's
    enrol(app, "other", "boss")
    assert "No desk B" in refused(data, "desk", "revoke", "--firm", "acme", "B")
