"""A desk's first state against the real server process (docs/sync.md, "Snapshots"): a
ledger with data is uploaded as the firm's, fresh desks join it, and every transfer that
breaks off goes on where it stopped."""

from __future__ import annotations

import hashlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tenacity import wait_none

from desktop.cli.main import main
from desktop.services.demo import generate_demo
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger
from desktop.sync import first_state, snapshot, transfer
from desktop.sync.account import login
from desktop.sync.errors import ServerUnavailable
from desktop.sync.settings import read_settings
from tests.helpers import customer, product
from tests.replay import snapshot as books
from tests.server.conftest import LiveServer, start_server, stop_server

PASSWORD = "password-1"
CHUNK = 64 * 1024

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real server process with one firm, ``acme`` (owner 老板)."""
    from marketplace.accounts import create_firm as create_server_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = tmp_path / "server-data"
    setup = Server(Settings(data=data))
    try:
        create_server_firm(setup, "acme", "顶好商行", "老板", PASSWORD)
    finally:
        setup.close()
    live = start_server(data)
    yield live
    stop_server(live)


def fresh_ledger(path: Path) -> Path:
    """What ``zhangfang init`` makes: the firm's profile and nothing else."""
    ledger = Ledger.open(path, create=True, actor="小王")
    with ledger.unit() as uow:
        create_firm(uow, "顶好商行")
    ledger.close()
    return path


def busy_ledger(path: Path) -> Path:
    """A shop's ledger from before it synced: customers, products, documents, and changes
    of its own in the outbox."""
    ledger = Ledger.open(path, create=True, actor="老板")
    try:
        generate_demo(ledger, customers=3, products=5, months=1, seed=3)
        customer(ledger, "华东五金")
        product(ledger, "900001", "镀锌螺母 M8")
    finally:
        ledger.close()
    return path


def run(monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str, stdin: str = "") -> tuple:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli_login(monkeypatch: pytest.MonkeyPatch, capsys: Any, url: str, ledger: Path) -> tuple:
    return run(
        monkeypatch,
        capsys,
        "login",
        "--server",
        url,
        "--firm",
        "acme",
        "--user",
        "老板",
        "--ledger",
        str(ledger),
        stdin=PASSWORD + "\n",
    )


def sync_once(monkeypatch: pytest.MonkeyPatch, capsys: Any, ledger: Path) -> None:
    code, out, err = run(monkeypatch, capsys, "sync", "--once", "--ledger", str(ledger))
    assert code == 0, out + err


def names(path: Path) -> set[str]:
    return {dict(row)["name"] for row in books(path)["party"]}


def firm_state(server: LiveServer) -> dict[str, Any]:
    """The server's answer about the firm's ledger, asked by a desk enrolled for it."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        tokens = http.post(
            "/api/v1/auth/enrol", json={"firm": "acme", "user": "老板", "password": PASSWORD}
        ).json()
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        state = http.get("/api/v1/snapshot/upload", headers=auth).json()
        state["enrol_ledger_state"] = tokens["ledger_state"]
        state["cursor"] = tokens["cursor"]
        return dict(state)


def test_a_ledger_with_data_becomes_the_firms_and_a_fresh_desk_joins_it(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    a = busy_ledger(tmp_path / "a.zhangfang")
    assert firm_state(server)["enrol_ledger_state"] == "empty"
    code, out, err = cli_login(monkeypatch, capsys, server.url, a)
    assert code == 0, err
    assert "已上传本机账本作为商号的起点（" in out and "MB）" in out
    assert "上传 100%" in out
    assert not list(tmp_path.glob("a.zhangfang.upload*"))  # the copy sent is gone
    state = firm_state(server)
    assert state["enrol_ledger_state"] == state["ledger_state"] == "has_data"
    assert state["cursor"] == 1  # one adoption moved the firm's log on by one
    # the partial file is gone; the answer is kept (for a desk that lost it) until stale
    assert [p.suffix for p in (server.data / "uploads").iterdir()] == [".done"]

    b = fresh_ledger(tmp_path / "b.zhangfang")
    code, out, err = cli_login(monkeypatch, capsys, server.url, b)
    assert code == 0, err
    assert "已从服务器下载商号账本（" in out
    assert books(b) == books(a)
    assert not [p for p in tmp_path.iterdir() if ".download" in p.name or ".joining" in p.name]
    joined = Ledger.open(b)
    try:
        code_given = read_settings(joined).desk_code  # the one enrolment gave, kept
        assert code_given not in ("A", "SRV") and f"工作站 {code_given}）" in out
        assert first_state.unsettled(joined) is False
    finally:
        joined.close()

    # a change on each desk reaches the other
    opened = Ledger.open(a)
    customer(opened, "甲方五金")
    opened.close()
    opened = Ledger.open(b)
    customer(opened, "乙方建材")
    opened.close()
    for desk in (a, b, a):
        sync_once(monkeypatch, capsys, desk)
    assert {"甲方五金", "乙方建材"} <= names(a)
    assert names(a) == names(b)
    assert books(a)["party"] == books(b)["party"]


class CutOff(httpx.BaseTransport):
    """The network to the real server, dropping for good after ``allowed`` requests (a
    desk killed or cut off in the middle of an upload); records what it let through."""

    def __init__(self, allowed: int | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.allowed = allowed
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.allowed is not None and len(self.seen) >= self.allowed:
            raise httpx.ConnectError("cut off", request=request)
        self.seen.append(request)
        return self.inner.handle_request(request)

    def puts(self) -> list[httpx.Request]:
        return [r for r in self.seen if r.method == "PUT"]


def _signed_in(ledger: Ledger, server: LiveServer, transport: httpx.BaseTransport) -> Any:
    options = {"transport": transport, "wait": wait_none(), "attempts": 2}
    return login(ledger, server.url, "acme", "老板", PASSWORD, "柜台", **options)


def test_an_upload_cut_off_after_some_chunks_goes_on_from_the_bytes_received(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "CHUNK", CHUNK)
    path = busy_ledger(tmp_path / "a.zhangfang")
    before = books(path)
    ledger = Ledger.open(path)
    try:
        first = CutOff(allowed=5)  # enrol, the upload state (to decide, to resume), 2 chunks
        signed = _signed_in(ledger, server, first)
        first_state.begin(ledger)
        with pytest.raises(ServerUnavailable):
            first_state.settle(ledger, signed.client)
        assert len(first.puts()) == 2
        assert first_state.unsettled(ledger)
        state = firm_state(server)
        assert state["ledger_state"] == "empty"  # nothing adopted from half a file
        sha = ledger.local_setting(first_state.UPLOAD_SHA)
        copy = path.with_name(path.name + ".upload")
        assert snapshot.digest(copy) == sha

        second = CutOff()
        signed = _signed_in(ledger, server, second)
        assert signed.enrolled is False  # the same desk signs in and goes on
        ledger, outcome = first_state.settle(ledger, signed.client)
    finally:
        ledger.close()
    size = outcome.size
    chunks = -(-size // CHUNK)
    assert outcome.action == "uploaded" and chunks > 3
    ranges = [r.headers["Content-Range"] for r in second.puts()]
    assert len(ranges) == chunks - 2
    assert ranges[0] == f"bytes {2 * CHUNK}-{3 * CHUNK - 1}/{size}"
    state = firm_state(server)
    assert (state["ledger_state"], state["cursor"]) == ("has_data", 1)  # adopted once
    joined = fresh_ledger(tmp_path / "b.zhangfang")
    assert cli_join(server, joined)
    assert books(joined) == before


def cli_join(server: LiveServer, path: Path, transport: httpx.BaseTransport | None = None) -> bool:
    ledger = Ledger.open(path)
    try:
        signed = _signed_in(ledger, server, transport or CutOff())
        first_state.begin(ledger)
        ledger, outcome = first_state.settle(ledger, signed.client)
        return outcome.action == "joined"
    finally:
        ledger.close()


def test_an_upload_whose_checksum_differs_is_refused_and_nothing_is_replaced(
    server: LiveServer, tmp_path: Path
) -> None:
    path = busy_ledger(tmp_path / "a.zhangfang")
    data = path.read_bytes()
    wrong = hashlib.sha256(data + b"x").hexdigest()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        tokens = http.post(
            "/api/v1/auth/enrol", json={"firm": "acme", "user": "老板", "password": PASSWORD}
        ).json()
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        answer = http.put(
            "/api/v1/snapshot/upload",
            content=data,
            headers={
                **auth,
                "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
                "X-Zhangfang-Sha256": wrong,
            },
        )
        assert answer.status_code == 422
        assert answer.json()["error"] == "snapshot_incomplete"
        state = http.get("/api/v1/snapshot/upload", headers=auth).json()
        assert state["received"] == state["total"] == 0 and state["ledger_state"] == "empty"
        assert state["complete"] is False
        # a chunk that does not follow the bytes received is told where to go on
        gap = http.put(
            "/api/v1/snapshot/upload",
            content=data[10:20],
            headers={
                **auth,
                "Content-Range": f"bytes 10-19/{len(data)}",
                "X-Zhangfang-Sha256": wrong,
            },
        )
        assert (gap.status_code, gap.json()["error"], gap.json()["received"]) == (
            409,
            "upload_offset",
            0,
        )
    assert not [p for p in (server.data / "uploads").iterdir() if p.suffix != ".json"]
    assert firm_state(server)["cursor"] == 0  # the firm's log did not move


def test_a_desk_with_data_of_its_own_cannot_join_a_firm_with_data(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    a = busy_ledger(tmp_path / "a.zhangfang")
    assert cli_login(monkeypatch, capsys, server.url, a)[0] == 0
    c = tmp_path / "c.zhangfang"
    ledger = Ledger.open(fresh_ledger(c))
    customer(ledger, "自己的客户")
    ledger.close()
    before = books(c)
    code, out, err = cli_login(monkeypatch, capsys, server.url, c)
    assert code == 1 and out == ""
    assert err.strip() == (
        "商号在服务器上的账本已有数据，本机账本也有自己的数据，不能合并。"
        "请用 zhangfang init 新建一个空账本，再用它登录加入商号。"
    )
    assert books(c) == before
    code, out, _ = run(monkeypatch, capsys, "sync", "--status", "--json", "--ledger", str(c))
    assert code == 0 and '"enrolled": false' in out


class CutDownload(CutOff):
    """Breaks the first download of the firm's ledger after ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.cut = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path.endswith("/snapshot") and not self.cut:
            self.cut = True
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=_Cut(response.stream, self.limit),  # type: ignore[arg-type]
            )
        return response


class _Cut(httpx.SyncByteStream):
    def __init__(self, inner: Any, limit: int) -> None:
        self.inner, self.limit = inner, limit

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        for piece in self.inner:
            if sent + len(piece) >= self.limit:
                yield piece[: self.limit - sent]
                raise httpx.ReadError("connection reset")
            sent += len(piece)
            yield piece

    def close(self) -> None:
        self.inner.close()


def test_a_download_cut_off_goes_on_with_range(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    a = busy_ledger(tmp_path / "a.zhangfang")
    assert cli_login(monkeypatch, capsys, server.url, a)[0] == 0
    b = fresh_ledger(tmp_path / "b.zhangfang")
    network = CutDownload(limit=100_000)
    assert cli_join(server, b, network)
    downloads = [r for r in network.seen if r.url.path.endswith("/snapshot")]
    assert [r.headers.get("Range") for r in downloads] == [None, "bytes=100000-"]
    assert books(b) == books(a)


class LoseLastAnswer(CutOff):
    """The last chunk reaches the server, which adopts the file; its answer is lost
    ``times`` times (a timeout while the server checked a big file, a dropped line)."""

    def __init__(self, times: int) -> None:
        super().__init__()
        self.times = times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        span = request.headers.get("Content-Range", "")
        if request.method == "PUT" and self.times:
            end, total = span.removeprefix("bytes ").split("-")[1].split("/")
            if int(end) + 1 == int(total):
                response.read()
                self.times -= 1
                raise httpx.ReadTimeout("no answer in time", request=request)
        return response


def test_a_lost_answer_to_the_last_chunk_is_answered_again_and_adopted_once(
    server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "CHUNK", 4 * CHUNK)
    path = busy_ledger(tmp_path / "a.zhangfang")
    ledger = Ledger.open(path)
    try:
        # lost once: the client's retry sends the last chunk again and gets the answer
        signed = _signed_in(ledger, server, LoseLastAnswer(times=1))
        first_state.begin(ledger)
        ledger, outcome = first_state.settle(ledger, signed.client)
        assert outcome.action == "uploaded" and outcome.cursor == 1
    finally:
        ledger.close()
    state = firm_state(server)
    assert (state["ledger_state"], state["cursor"]) == ("has_data", 1)

    # lost on every try (the desk gave up): the next login finds the upload adopted
    other = tmp_path / "other-server"
    from marketplace.accounts import create_firm as create_server_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    setup = Server(Settings(data=other))
    try:
        create_server_firm(setup, "acme", "顶好商行", "老板", PASSWORD)
    finally:
        setup.close()
    second_server = start_server(other)
    try:
        path = busy_ledger(tmp_path / "b.zhangfang")
        ledger = Ledger.open(path)
        try:
            signed = _signed_in(ledger, second_server, LoseLastAnswer(times=2))
            first_state.begin(ledger)
            with pytest.raises(ServerUnavailable):
                first_state.settle(ledger, signed.client)
            network = CutOff()
            signed = _signed_in(ledger, second_server, network)
            ledger, outcome = first_state.settle(ledger, signed.client)
            assert outcome.action == "uploaded" and outcome.cursor == 1
            assert network.puts() == []  # nothing sent again
            assert not first_state.unsettled(ledger)
        finally:
            ledger.close()
        assert firm_state(second_server)["cursor"] == 1
    finally:
        stop_server(second_server)
