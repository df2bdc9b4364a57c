"""The real ``python -m marketplace`` process on 127.0.0.1, spoken to over HTTP (httpx)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import LiveServer, run_server_cli, start_server, stop_server
from tests.server.desks import add_customers, desk_ledger, envelope
from tests.server.helpers import HEADERS, PASSWORD


def _files_holding(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_session_over_http_leaves_no_token_or_password_on_disk(
    live_server: LiveServer,
) -> None:
    url = live_server.url
    with httpx.Client(base_url=url, headers=HEADERS, timeout=30) as http:
        enrolled = http.post(
            "/api/v1/auth/enrol",
            json={"firm": "acme", "user": "老板", "password": PASSWORD, "desk_name": "前台"},
        )
        assert enrolled.status_code == 200, enrolled.text
        first = enrolled.json()
        second_desk = http.post(
            "/api/v1/auth/enrol", json={"firm": "acme", "user": "小王", "password": PASSWORD}
        ).json()
        assert (first["desk_code"], second_desk["desk_code"]) == ("A", "B")
        rotated = http.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert rotated.status_code == 200
        tokens = rotated.json()
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        desks = http.get("/api/v1/desks", headers=auth).json()["desks"]
        assert [d["code"] for d in desks] == ["A", "B"]
        pulled = http.get("/api/v1/sync/pull", params={"since": 0}, headers=auth).json()
        assert pulled == {"changes": [], "cursor": 0, "more": False, "horizon": 0}
        # desk B pushes a customer made in its own ledger; desk A pulls it
        desk = desk_ledger(live_server.data.parent / "b.zhangfang", "B")
        add_customers(desk, "华东五金")
        body = envelope(desk)
        desk.close()
        b_auth = {"Authorization": f"Bearer {second_desk['access_token']}"}
        pushed = http.post("/api/v1/sync/push", json=body, headers=b_auth)
        assert pushed.status_code == 200, pushed.text
        assert [r["status"] for r in pushed.json()["results"]] == ["rejected", "applied"]
        pulled = http.get("/api/v1/sync/pull", params={"since": 0}, headers=auth).json()
        assert [(c["desk"], c["args"]["name"]) for c in pulled["changes"]] == [("B", "华东五金")]
        # the other firm's owner cannot see acme's desks
        other = http.post(
            "/api/v1/auth/enrol", json={"firm": "other", "user": "boss", "password": PASSWORD}
        ).json()
        theirs = http.get(
            "/api/v1/desks", headers={"Authorization": f"Bearer {other['access_token']}"}
        ).json()["desks"]
        assert [d["code"] for d in theirs] == ["A"]
        assert {d["id"] for d in theirs}.isdisjoint(d["id"] for d in desks)
        signed_out = http.post(
            "/api/v1/auth/signout", json={"refresh_token": tokens["refresh_token"]}
        )
        assert signed_out.status_code == 200
        openapi = http.get("/openapi.json").json()
        assert {
            "/api/v1/auth/enrol",
            "/api/v1/auth/signin",
            "/api/v1/auth/refresh",
            "/api/v1/auth/signout",
            "/api/v1/desks",
            "/api/v1/desks/{desk_id}",
            "/api/v1/sync/push",
            "/api/v1/sync/pull",
        } <= set(openapi["paths"])
    stop_server(live_server)

    secrets = [
        first["refresh_token"],
        first["access_token"],
        tokens["refresh_token"],
        tokens["access_token"],
        second_desk["refresh_token"],
        other["refresh_token"],
        PASSWORD,
    ]
    folder = live_server.data
    assert (folder / "server.db").exists() and list((folder / "firms").glob("*.zhangfang"))
    for secret in secrets:
        assert _files_holding(folder, secret) == []
        assert secret not in live_server.output()
    # the signing secret is the server's alone
    assert (folder / "secret.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
def test_demo_makes_a_firm_and_prints_how_to_enrol(tmp_path: Path) -> None:
    server = start_server(tmp_path / "demo-data", "--demo")
    try:
        port = server.url.rsplit(":", 1)[1]
        out = server.output()
        assert f"zhangfang login --server http://127.0.0.1:{port} --firm demo --user 老板" in out
        password = re.search(r"老板 的密码：(\S+)", out)
        assert password is not None
        answer = httpx.post(
            server.url + "/api/v1/auth/enrol",
            json={"firm": "demo", "user": "老板", "password": password.group(1)},
            headers=HEADERS,
            timeout=30,
        )
        assert answer.status_code == 200
        assert answer.json()["firm"] == {"code": "demo", "name": "演示商行"}
    finally:
        stop_server(server)
    # a second --demo keeps the firm (and says so) instead of making another
    again = start_server(tmp_path / "demo-data", "--demo")
    try:
        assert "演示商号已存在" in again.output()
        assert "--firm demo --user 老板" in again.output()
    finally:
        stop_server(again)


def test_cli_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``zhangfang-server``'s own main (in this process: quicker than six processes)."""
    from marketplace.cli import main

    data = str(tmp_path / "data")

    def run(*args: str, stdin: str = "password-1\n") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main([*args[:2], "--data", data, *args[2:]])

    assert run("firm", "add", "--code", "acme", "--name", "甲", "--owner", "老板") == 0
    assert "acme" in capsys.readouterr().out
    for args, stdin in (
        (("firm", "add", "--code", "acme", "--name", "乙", "--owner", "x"), "password-1\n"),
        (("firm", "add", "--code", "b", "--name", "乙", "--owner", "x"), "password-1\n"),
        (("firm", "add", "--code", "bee", "--name", "乙", "--owner", "x"), "short\n"),
        (("user", "add", "--firm", "nope", "--name", "x"), "password-1\n"),
        (("user", "add", "--firm", "acme", "--name", "老板"), "password-1\n"),
    ):
        assert run(*args, stdin=stdin) == 1, args
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("zhangfang-server: "), err
    assert run("user", "add", "--firm", "ACME", "--name", "小王") == 0


@pytest.mark.slow
def test_a_database_out_of_reach_is_one_line_from_the_real_process(tmp_path: Path) -> None:
    done = run_server_cli(
        tmp_path / "data", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--port", "1"
    )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("zhangfang-server: ") and "Traceback" not in done.stderr
