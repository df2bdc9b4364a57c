"""End to end with a real Secret Service (gnome-keyring under ``dbus-run-session``): the
CLI signs in, a second process syncs with the token the keyring kept, and the token is
nowhere on disk in plain text. Skipped, visibly, when those programs are not installed
(scripts/setup.sh installs them for the tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services import parties
from desktop.services.ledger import Ledger
from tests.sync.conftest import PASSWORD, settle_outbox
from tests.sync.fake_server import FakeServer, serve

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("dbus-run-session", "gnome-keyring-daemon")

pytestmark = pytest.mark.skipif(
    any(shutil.which(p) is None for p in NEEDED),
    reason="a real Secret Service needs apt packages gnome-keyring dbus-daemon dbus-bin "
    "dbus-user-session (scripts/setup.sh test installs them)",
)

SESSION = """
set -e
# the daemon in the foreground for this session only (a forked one may go before the end)
echo -n keyring-pw | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >/dev/null 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
# it answers on the bus a moment after it starts (longer on a busy machine): wait, bounded
"$ZF_PY" -c 'import sys, time, keyring
deadline, error = time.monotonic() + 90, None
while time.monotonic() < deadline:
    try:
        keyring.set_password("Zhangfang", "probe", "ready")
        keyring.delete_password("Zhangfang", "probe")
        sys.exit(0)
    except Exception as exc:
        error = exc
        time.sleep(0.3)
sys.exit(f"the Secret Service never answered: {error!r}")' > "$ZF_OUT/probe" 2>&1
echo "$ZF_PW" | "$ZF_PY" -m desktop.cli.main login --server "$ZF_URL" --firm demo \
  --user 张三 --ledger "$ZF_LEDGER" > "$ZF_OUT/login.out" 2> "$ZF_OUT/login.err"
"$ZF_PY" -m desktop.cli.main sync --once --ledger "$ZF_LEDGER" < /dev/null \
  > "$ZF_OUT/sync.out" 2> "$ZF_OUT/sync.err"
"$ZF_PY" -c 'import keyring; print(type(keyring.get_keyring()).__module__)' > "$ZF_OUT/backend"
"$ZF_PY" -c 'import keyring, sys
print(keyring.get_password("Zhangfang", sys.argv[1]) or "")' "$ZF_USERNAME" > "$ZF_OUT/token"
"""


@pytest.fixture
def url(fake: FakeServer) -> Iterator[str]:
    with serve(fake) as base:
        yield base


def test_the_token_lives_in_the_secret_service(
    url: str, fake: FakeServer, ledger_path: Path, tmp_path: Path
) -> None:
    opened = Ledger.open(ledger_path)
    settle_outbox(opened)
    with opened.unit() as uow:
        parties.create_party(uow, name="甲商行")
    opened.close()
    out = tmp_path / "out"
    out.mkdir()
    home = tmp_path / "keyring-home"  # gnome-keyring's files: never the user's own
    home.mkdir()
    # its control socket goes in the runtime folder: a short path (a socket's path is at
    # most 107 bytes, which pytest's temporary folders can pass under xdist)
    runtime = Path(tempfile.mkdtemp(prefix="zfkr-", dir="/tmp"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PYTHONPATH=str(ROOT),
        ZF_PY=sys.executable,
        ZF_PW=PASSWORD,
        ZF_URL=url,
        ZF_LEDGER=str(ledger_path),
        ZF_OUT=str(out),
        # the desk id is the fake's next: it hands out ids it can be told in advance
        ZF_USERNAME=f"{url}|demo|{fake.next_desk_id()}",
    )
    # output to a file, not pipes: the keyring daemon outlives the script and would hold a
    # pipe open until it notices its bus is gone
    session_log = tmp_path / "session.log"
    try:
        with session_log.open("w") as sink:
            done = subprocess.run(
                ["dbus-run-session", "--", "sh", "-c", SESSION],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                timeout=300,
            )
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert done.returncode == 0, (session_log.read_text(), files)
    assert files["backend"].strip() == "keyring.backends.SecretService"
    assert "工作站 A" in files["login.out"] and files["login.err"] == ""  # no keyring warning
    assert "发送 1 条" in files["sync.out"] and files["sync.err"] == ""
    token = files["token"].strip()
    assert token in fake.refresh  # the rotated token, kept by the Secret Service
    written = b"".join(
        p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.parent != out
    )
    for issued in [*fake.refresh, *fake.used, *fake.access]:
        assert issued.encode() not in written
