"""The pieces of an end-to-end sync test: the real server process, desks that sync with it
in this process (their ``SyncEngine``) or as a user types it (``zhangfang`` in a
subprocess), and a look at what the server keeps (its database and the firm's ledger)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text, update
from tenacity import wait_fixed

from desktop.models import OutboxEntry, OutboxState
from desktop.services import credit, documents, parties, trade
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.sync.account import login
from desktop.sync.engine import SyncEngine, SyncReport
from tests.server.conftest import listening_socket

ROOT = Path(__file__).resolve().parents[2]
FIRM = "acme"
OWNER = "老板"
PASSWORD = "password-1"


class ServerProcess:
    """``python -m marketplace`` on 127.0.0.1: started, killed (SIGKILL) and restarted on
    the same port and data folder.

    The server inherits its listening socket (``--fd``), bound here: a port found free and
    let go before the server bound it could be taken meanwhile by any other process's
    connection. Once started, the server holds the only copy, so while it is down nothing
    listens there (desks see a refused connection, as with a real outage); a restart binds
    the same port again."""

    def __init__(self, data: Path, db_url: str | None = None) -> None:
        self.data = data
        self.db_url = db_url
        self._socket: socket.socket | None = listening_socket()
        self.port = int(self._socket.getsockname()[1])
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data.parent / f"server-{self.port}.out"

    @classmethod
    def with_firm(cls, data: Path, db_url: str | None = None) -> ServerProcess:
        """A data folder holding the firm ``acme`` (owner 老板)."""
        made = cls(data, db_url)
        made.add_firm(FIRM)
        return made

    def add_firm(self, code: str) -> str:
        """Make a firm (owner 老板), in this process; the running server sees it at once."""
        from marketplace.accounts import create_firm
        from marketplace.context import Server
        from marketplace.settings import Settings

        setup = Server(Settings(data=self.data, db_url=self.db_url))
        try:
            create_firm(setup, code, f"{code} 商行", OWNER, PASSWORD)
        finally:
            setup.close()
        return code

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # a restart binds the same port again: the desks keep the server's address
        sock, self._socket = self._socket or listening_socket(self.port), None
        argv = [sys.executable, "-m", "marketplace", "--data", str(self.data)]
        argv += ["--port", str(self.port), "--fd", str(sock.fileno())]
        argv += ["--db", self.db_url] if self.db_url else []
        with sock, self.log.open("a") as sink:
            self.proc = subprocess.Popen(
                argv,
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                pass_fds=(sock.fileno(),),
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError("the server did not start: " + self.log.read_text()[-2000:])
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self._socket is not None:  # made, never started
            self._socket.close()
            self._socket = None
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    # --- what the server keeps -----------------------------------------------------------

    def db(self, query: str, **params: Any) -> list[tuple[Any, ...]]:
        """Rows of the server's own database (SQLite or PostgreSQL); a change commits."""
        engine = create_engine(self.db_url or f"sqlite:///{self.data / 'server.db'}")
        try:
            with engine.begin() as conn:
                return [tuple(r) for r in conn.execute(text(query), params)]
        finally:
            engine.dispose()

    def firm_ledger(self, firm: str = FIRM) -> Path:
        ((ident,),) = self.db("SELECT id FROM firm WHERE code = :code", code=firm)
        return self.data / "firms" / f"{uuid.UUID(str(ident))}.zhangfang"

    def ledger_rows(self, query: str, *params: Any, firm: str = FIRM) -> list[tuple[Any, ...]]:
        """Rows of the firm's authoritative ledger (read alongside the running server)."""
        with closing(sqlite3.connect(self.firm_ledger(firm), timeout=30)) as conn:
            return conn.execute(query, params).fetchall()


def settle_outbox(ledger: Ledger) -> None:
    """What the ledger recorded before it was enrolled is the firm both desks start from."""
    with ledger.read() as session:
        session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
        session.commit()


def fresh_ledger(template: Path, path: Path) -> Path:
    """A copy of the prepared test ledger (one firm profile), nothing left to send."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    opened = Ledger.open(path)
    try:
        settle_outbox(opened)
    finally:
        opened.close()
    return path


class Desk:
    """A desk in this process: its ledger, signed in (the in-memory keyring), its engine.

    Retries wait 20 ms instead of seconds (``retry_wait``), so a test with the server down
    runs through a desk's five tries quickly.
    """

    def __init__(
        self,
        path: Path,
        url: str,
        name: str,
        *,
        firm: str = FIRM,
        retry_wait: float = 0.02,
        attempts: int = 5,
        **engine: Any,
    ) -> None:
        self.path = path
        self.name = name
        self.ledger = Ledger.open(path, actor=name)
        signed = login(
            self.ledger,
            url,
            firm,
            OWNER,
            PASSWORD,
            name,
            wait=wait_fixed(retry_wait),
            attempts=attempts,
        )
        self.client = signed.client
        self.settings = signed.settings
        self.engine = SyncEngine(self.ledger, signed.client, signed.settings, **engine)

    @property
    def code(self) -> str:
        return self.ledger.desk

    def sync(self) -> SyncReport:
        return self.engine.sync_once()

    def add_customers(self, *names: str, **values: Any) -> None:
        for name in names:
            with self.ledger.unit() as uow:
                parties.create_party(uow, name=name, **values)

    def import_customers(self, folder: Path, prefix: str, count: int) -> None:
        """``count`` customers from a spreadsheet, the way a person imports them (one
        ``party.create`` per row in the outbox)."""
        from desktop.importing.plan import run_import

        sheet = folder / f"{prefix}.csv"
        rows = [f"{prefix}{i:05d},1380000{i % 10000:04d}" for i in range(count)]
        sheet.write_text("客户名称,电话\n" + "\n".join(rows) + "\n", "utf-8")
        run_import(self.ledger, sheet, kind="customer", backup=False)

    def sale(self, party: Any, code: str, qty: str, on: date | None = None) -> Any:
        """A sales order confirmed and delivered (three changes): the order."""
        with self.ledger.unit() as uow:
            order = documents.create_draft(
                uow, "sales_order", party, [LineInput(code, Decimal(qty), "个", "10")], on
            )
            credit.confirm_order(uow, order.id, as_of=on)
            trade.fulfil(uow, order.id, doc_date=on)
            return order

    def rows(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.path, timeout=30)) as conn:
            return conn.execute(query, params).fetchall()

    def outbox(self) -> dict[str, int]:
        return {state: n for state, n in self.rows("SELECT state, count(*) FROM outbox GROUP BY 1")}

    def close(self) -> None:
        self.engine.stop()
        self.client.close()
        self.ledger.close()


def names(rows: Iterable[tuple[Any, ...]]) -> set[str]:
    return {str(r[0]) for r in rows}


# --- the desk as a user types it -------------------------------------------------------------


def cli_env(**more: str) -> dict[str, str]:
    """A ``zhangfang`` process with no keyring (the file-less fallback: the password is read
    from stdin each session), Chinese messages, and this test's home folder."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "ZHANGFANG_LANG": "zh",
        **more,
    }


def zhangfang(
    *args: str, stdin: str = PASSWORD + "\n", **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop.cli.main ARGS`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(**env),
        timeout=300,
    )


def cli_login(
    ledger: Path, url: str, desk_name: str, firm: str = FIRM
) -> subprocess.CompletedProcess[str]:
    done = zhangfang(
        "login",
        "--server",
        url,
        "--firm",
        firm,
        "--user",
        OWNER,
        "--desk-name",
        desk_name,
        "--ledger",
        str(ledger),
    )
    assert done.returncode == 0, done.stderr
    return done


def run_together(work: list[Callable[[], None]], timeout: float = 300) -> list[BaseException]:
    """Run each in a thread of its own, all at once; the exceptions they raised."""
    failed: list[BaseException] = []
    start = threading.Barrier(len(work))

    def run(job: Callable[[], None]) -> None:
        try:
            start.wait(timeout)
            job()
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return failed
