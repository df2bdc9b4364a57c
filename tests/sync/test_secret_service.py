"""End to end with a real Secret Service (gnome-keyring under ``dbus-run-session``): the
CLI signs in, a second process syncs with the token the keyring kept, and the token is
nowhere on disk in plain text. Skipped, visibly, when those programs are not installed
(scripts/setup.sh installs them for the tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
echo -n keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
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
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    env.update(
        HOME=str(home),
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
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", SESSION],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert done.returncode == 0, (done.stderr, files)
    assert files["backend"].strip() == "keyring.backends.SecretService"
    assert "工作站 A" in files["login.out"] and files["login.err"] == ""  # no keyring warning
    # the customer made before enrolling went up inside the ledger, not as a change
    assert "已上传本机账本作为商号的起点" in files["login.out"]
    assert "甲商行".encode() in fake.ledger_file
    assert "发送 0 条" in files["sync.out"] and files["sync.err"] == ""
    token = files["token"].strip()
    assert token in fake.refresh  # the rotated token, kept by the Secret Service
    written = b"".join(
        p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.parent != out
    )
    for issued in [*fake.refresh, *fake.used, *fake.access]:
        assert issued.encode() not in written
