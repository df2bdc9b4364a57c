"""Fixtures of the server's tests: a throwaway PostgreSQL, in-process apps with a clock the
test moves, and the real server process on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("ZHANGFANG_PG_BIN", "/usr/lib/postgresql/15/bin"))


class Clock:
    """The server's clock in a test: real time plus however far the test moved it."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    """A throwaway PostgreSQL server (environment.md's recipe): ``start``, ``stop``."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        # under /tmp, not the test's own temporary folders (root's: postgres cannot reach them)
        self.root = Path(tempfile.mkdtemp(prefix="zf-pg-", dir="/tmp"))
        self.data = self.root / "data"

    @staticmethod
    def available() -> bool:
        return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()

    def start(self) -> Postgres:
        sock, log = self.root / "sock", self.root / "pg.log"
        sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(sock, "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"]
        initdb += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
        options = f"-p {self.port} -h 127.0.0.1 -k {sock} -F"
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.data)]
        subprocess.run(
            _as_postgres([*pg_ctl, "-l", str(log), "-w", "-o", options, "start"]),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.data)]
        subprocess.run(_as_postgres([*pg_ctl, "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self) -> str:
        """A fresh, empty database on the throwaway server: its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.base}/{name}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres | None]:
    """A PostgreSQL server of this test session (None when the binaries are missing)."""
    if not Postgres.available():
        yield None
        return
    pg = Postgres().start()
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The server database of a test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    pg: Postgres | None = request.getfixturevalue("postgres")
    if pg is None:
        pytest.skip(
            f"PostgreSQL is not installed ({PG_BIN}/initdb missing): apt-get install postgresql-15"
        )
    return pg.new_database()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_client(tmp_path: Path, clock: Clock) -> Iterator[Callable[..., object]]:
    """``make_client(db_url=None, **settings)``: a TestClient on a fresh in-process app."""
    from fastapi.testclient import TestClient

    from marketplace.app import create_app
    from marketplace.settings import Settings

    clients: list[TestClient] = []

    def make(db_url: str | None = None, **values: object) -> TestClient:
        settings = Settings(data=tmp_path / f"data{len(clients)}", db_url=db_url, clock=clock)
        for name, value in values.items():
            setattr(settings, name, value)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def run_server_cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m marketplace --data DATA ARGS`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "marketplace", *args[:2], "--data", str(data), *args[2:]]
        if args and args[0] in ("firm", "user")
        else [sys.executable, "-m", "marketplace", "--data", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )


class LiveServer:
    def __init__(self, proc: subprocess.Popen[str], url: str, data: Path, out: Path) -> None:
        self.proc, self.url, self.data, self.out = proc, url, data, out

    def output(self) -> str:
        return self.out.read_text()


def listening_socket(port: int = 0) -> socket.socket:
    """A socket listening on a free port of 127.0.0.1 (or on ``port`` again, for a server
    restarted where it was), for a server process to inherit (``--fd``): a port found free
    and let go before the server binds it may be taken by another process meanwhile (the
    other xdist worker, another run on this machine), and then a server not this test's
    would answer. Bound with SO_REUSEADDR as uvicorn binds its own: the connections a
    killed server leaves closing keep the flag, so a restart can bind the same port again."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


def start_server(data: Path, *args: str) -> LiveServer:
    """The real server process on a free port of 127.0.0.1, answering before this returns."""
    import httpx

    with listening_socket() as sock:
        port = int(sock.getsockname()[1])
        out = data.parent / f"server-{port}.out"
        argv = [sys.executable, "-m", "marketplace", "--data", str(data), "--port", str(port)]
        with out.open("w") as sink:
            proc = subprocess.Popen(
                [*argv, "--fd", str(sock.fileno()), *args],
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                env={**os.environ, "PYTHONPATH": str(REPO)},
                pass_fds=(sock.fileno(),),
            )
    # the server holds the only copy of the socket now: its port is free again when it ends
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return LiveServer(proc, url, data, out)
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the server did not start: " + out.read_text()[-2000:])
        time.sleep(0.1)


def stop_server(server: LiveServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real server process with two firms: ``acme`` (owner 老板, clerk 小王) and
    ``other`` (owner boss); every password is ``password-1``."""
    from marketplace.accounts import add_user, create_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = tmp_path / "server-data"
    setup = Server(Settings(data=data))  # made here, quicker than three CLI processes
    try:
        create_firm(setup, "acme", "顶好商行", "老板", "password-1")
        add_user(setup, "acme", "小王", "password-1", "clerk")
        create_firm(setup, "other", "别家公司", "boss", "password-1")
    finally:
        setup.close()
    server = start_server(data)
    yield server
    stop_server(server)
