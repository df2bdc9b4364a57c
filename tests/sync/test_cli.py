"""``zhangfang login / logout / sync / conflicts`` over real HTTP (the fake server, a test
double, on 127.0.0.1): passwords from stdin, one-line errors, no token on disk without a
keyring."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail
from tenacity import wait_none

from desktop.cli.main import main
from desktop.services import parties
from desktop.services.ledger import Ledger
from tests.sync.conftest import PASSWORD, MemoryKeyring, settle_outbox
from tests.sync.fake_server import FakeServer, raise_fault, serve, status_fault

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(fake: FakeServer) -> Iterator[str]:
    with serve(fake) as base:
        yield base


@pytest.fixture
def books(ledger_path: Path) -> Path:
    opened = Ledger.open(ledger_path)
    settle_outbox(opened)
    opened.close()
    return ledger_path


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def login(capsys, monkeypatch, url: str, books: Path, stdin: str = PASSWORD + "\n") -> tuple:
    return run(
        capsys,
        monkeypatch,
        "login",
        "--server",
        url,
        "--firm",
        "demo",
        "--user",
        "张三",
        "--desk-name",
        "柜台",
        "--ledger",
        str(books),
        stdin=stdin,
    )


def add_customer(books: Path, name: str) -> None:
    opened = Ledger.open(books)
    with opened.unit() as uow:
        parties.create_party(uow, name=name)
    opened.close()


def test_login_reads_the_password_from_stdin(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer, memory_keyring: MemoryKeyring
) -> None:
    code, out, err = login(capsys, monkeypatch, url, books)
    assert code == 0 and err == ""
    assert "已登记并登录" in out and "工作站 A" in out
    (token,) = memory_keyring.items.values()
    assert token in fake.refresh
    code, out, _ = login(capsys, monkeypatch, url, books)  # again: signs in, same desk
    assert code == 0 and "已登录" in out and "工作站 A" in out and len(fake.desks) == 1
    code, _, err = login(capsys, monkeypatch, url, books, stdin="wrong\n")
    assert code == 1 and err.strip() == "商号、用户名或密码不对。"
    code, _, err = login(capsys, monkeypatch, url, books, stdin="")
    assert code == 1 and "没有输入密码" in err


def test_sync_status_json_and_conflicts(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer
) -> None:
    code, out, _ = run(capsys, monkeypatch, "sync", "--status", "--json", "--ledger", str(books))
    assert code == 0 and json.loads(out)["enrolled"] is False
    code, out, _ = run(capsys, monkeypatch, "sync", "--status", "--ledger", str(books))
    assert out.splitlines() == ["这个账本没有登录同步服务器。", "还没有同步过（待发送 0，被拒 0）"]
    login(capsys, monkeypatch, url, books)
    add_customer(books, "甲商行")
    add_customer(books, "乙商行")
    fake.reject = {"party.create"}
    code, out, _ = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert code == 1 and "发送 2 条（被拒 2）" in out
    code, out, _ = run(capsys, monkeypatch, "sync", "--status", "--json", "--ledger", str(books))
    status = json.loads(out)
    assert set(status) == {
        "enrolled",
        "server",
        "firm",
        "user",
        "desk",
        "desk_id",
        "signed_in",
        "keyring",
        "cursor",
        "state",
        "online",
        "last_sync",
        "pending",
        "rejected",
        "upgrade_required",
        "last_error",
    }
    assert status["state"] == "online" and status["rejected"] == 2 and status["signed_in"]
    assert status["desk"] == "A" and status["server"] == url and status["keyring"] is None

    code, out, _ = run(capsys, monkeypatch, "conflicts", "--json", "--ledger", str(books))
    found = json.loads(out)
    assert code == 0 and [p["subject"] for p in found["rejected"]] == ["甲商行", "乙商行"]
    assert found["rejected"][0]["reason_zh"] == "不符合规则" and found["problems"] == []
    code, out, _ = run(capsys, monkeypatch, "conflicts", "--ledger", str(books))
    assert code == 1 and "party.create 甲商行 被拒：不符合规则" in out


def test_logout_then_sync_asks_to_sign_in(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer, memory_keyring: MemoryKeyring
) -> None:
    login(capsys, monkeypatch, url, books)
    code, out, _ = run(capsys, monkeypatch, "logout", "--ledger", str(books))
    assert code == 0 and "已退出" in out
    assert memory_keyring.items == {} and fake.refresh == {}
    code, out, err = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "zhangfang login" in err

    login(capsys, monkeypatch, url, books)
    monkeypatch.setattr("desktop.sync.client.wait_exponential_jitter", lambda **_: wait_none())
    fake.faults += [raise_fault(httpx.ConnectError, "/auth/signout")] * 5
    code, out, err = run(capsys, monkeypatch, "logout", "--ledger", str(books))
    assert code == 0 and "已退出" in out and "未能通知" in err  # signed out here all the same
    assert memory_keyring.items == {}


def test_an_unreachable_server_is_one_line(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer
) -> None:
    login(capsys, monkeypatch, url, books)
    monkeypatch.setattr("desktop.sync.client.wait_exponential_jitter", lambda **_: wait_none())
    fake.faults += [status_fault(503)] * 10
    code, _, err = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert code == 1 and "连不上同步服务器" in err and "Traceback" not in err
    code, out, _ = run(capsys, monkeypatch, "sync", "--status", "--ledger", str(books))
    assert code == 0 and "连不上同步服务器" in out


def _everything_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_without_a_keyring_the_password_is_asked_each_session_and_nothing_is_written(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer, tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    code, out, err = login(capsys, monkeypatch, url, books)
    assert code == 0 and "工作站 A" in out
    assert err.strip() == "这台电脑没有可用的系统密钥环（钥匙串），每次打开时需要重新输入同步密码。"
    add_customer(books, "甲商行")
    code, _, err = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert code == 1 and "没有输入密码" in err  # a new session: the password is asked
    code, out, err = run(
        capsys, monkeypatch, "sync", "--once", "--ledger", str(books), stdin=PASSWORD + "\n"
    )
    assert code == 0 and "发送 1 条" in out and "密钥环" in err
    issued = [*fake.refresh, *fake.used, *fake.access]
    assert len(issued) >= 4
    written = _everything_under(tmp_path)  # the ledger, its -wal, the home and data folders
    assert books.read_bytes() and PASSWORD.encode() not in written
    for token in issued:
        assert token.encode() not in written


def test_no_token_or_password_reaches_the_log(
    capsys, monkeypatch, caplog, url: str, books: Path, fake: FakeServer
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx and httpcore say the most at this level
    login(capsys, monkeypatch, url, books)
    add_customer(books, "甲商行")
    code, _, _ = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert code == 0 and "/api/v1/sync/push" in caplog.text  # the log did hear the calls
    for secret in [PASSWORD, *fake.refresh, *fake.used, *fake.access]:
        assert secret not in caplog.text


def _as_from_a_terminal() -> None:
    """In the child before it starts: Ctrl+C as a terminal gives it. A test worker may have
    SIGINT ignored or blocked (both are inherited), and Python then never hears it."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signals_of(pid: int) -> str:
    """The process's signal masks (blocked, ignored, caught), for a failure's message."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return ""
    return " ".join(line for line in lines if line.startswith(("SigBlk", "SigIgn", "SigCgt")))


def test_sync_runs_until_ctrl_c_one_line_per_sync(
    capsys, monkeypatch, url: str, books: Path, tmp_path: Path
) -> None:
    login(capsys, monkeypatch, url, books)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        # the machine's keyring is not the test's: none, so the password comes from stdin
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONFAULTHANDLER": "1",  # a hang is killed with SIGABRT: its threads' stacks
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli.main", "sync", "--ledger", str(books)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_as_from_a_terminal,  # between fork and exec: two signal calls only
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSWORD + "\n")
        proc.stdin.close()
        proc.stdin = None  # closed: communicate() has nothing more to send
        first = proc.stdout.readline()
        assert "已同步" in first
        signals = _signals_of(proc.pid)
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            out, err = proc.communicate(timeout=30)
            raise AssertionError(f"no stop 60 s after Ctrl+C ({signals}):\n{err}") from None
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "已停止同步" in out and "Traceback" not in err


# a listed id may start with digits only (one uuid in 40 does): it is still a problem's
# id, not the number of a refused change
@pytest.mark.parametrize(
    "problem_id", [str(uuid.uuid4()), "12345678-9abc-4def-8123-456789abcdef"], ids=["any", "digits"]
)
def test_conflicts_lists_the_problems_sync_raised(
    capsys, monkeypatch, url: str, books: Path, fake: FakeServer, problem_id: str
) -> None:
    login(capsys, monkeypatch, url, books)
    add_customer(books, "甲商行")
    assert run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))[0] == 0
    problem = {
        "id": problem_id,
        "kind": "conflict",
        "entity": "party",
        "entity_id": fake.log[0]["args"]["id"],
        "message_zh": "甲商行的信用额度被两台电脑同时修改，保留了服务器上的值。",
        "message_en": "Two desks changed 甲商行's credit limit; the server's value was kept.",
        "data": {},
    }
    # the server noted a conflict on a change of this desk's (as it does for a merge)
    fake.log.append({**fake.log[0], "seq": 2, "id": str(uuid.uuid4())})
    fake.log[-1]["result"] = {"problems": [problem]}
    assert run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))[0] == 0
    code, out, _ = run(capsys, monkeypatch, "conflicts", "--json", "--ledger", str(books))
    found = json.loads(out)
    assert found["rejected"] == [] and [p["kind"] for p in found["problems"]] == ["conflict"]
    assert found["problems"][0]["id"] == problem["id"]
    code, out, _ = run(capsys, monkeypatch, "conflicts", "--ledger", str(books))
    assert code == 1 and out.startswith(f"问题 {problem['id'][:8]} ")
    assert out.rstrip().endswith(problem["message_zh"])
    # settled from the command line, as the window's inbox settles it
    short = problem["id"][:8]
    settle = ("conflicts", "--settle", short, "--note", "已与对方核对", "--ledger", str(books))
    assert run(capsys, monkeypatch, *settle)[0] == 0
    code, out, _ = run(capsys, monkeypatch, "conflicts", "--ledger", str(books))
    assert code == 0 and "没有被拒的改动或冲突" in out
    code, _out, err = run(capsys, monkeypatch, *settle)
    assert code != 0 and "已由" in err and "Traceback" not in err


def test_sync_before_login_and_login_to_nowhere_are_one_line(
    capsys, monkeypatch, books: Path
) -> None:
    code, out, err = run(capsys, monkeypatch, "sync", "--once", "--ledger", str(books))
    assert (
        code == 1
        and out == ""
        and err.strip() == ("这个账本还没有登录同步服务器：请先运行 zhangfang login。")
    )
    monkeypatch.setattr("desktop.sync.client.wait_exponential_jitter", lambda **_: wait_none())
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = login(capsys, monkeypatch, f"http://127.0.0.1:{port}", books)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "连不上同步服务器" in err
