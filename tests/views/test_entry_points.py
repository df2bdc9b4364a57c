"""The window opens the ledger the user names, through every command a user types.

``zhangfang app --ledger FILE``, ``zhangfang --ledger FILE`` and ``scripts/start.sh
--ledger FILE`` once ignored the file and ran the first-run wizard on the default ledger.
Each is started here as a user starts it (a new process, offscreen), and the log says
which ledger the window opened; the default ledger must not come into being.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import default_ledger_path
from desktop.services import firm
from desktop.services.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]
ZHANGFANG = Path(sys.executable).with_name("zhangfang")

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ZHANGFANG_HOME", str(path))
    return path


@pytest.fixture
def own_ledger(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "我的账本.zhangfang"
    ledger = Ledger.open(path, create=True, actor="tester")
    with ledger.unit() as uow:
        firm.create_firm(uow, "入口测试商行")
    ledger.close()
    yield path


def _window_opens_on(command: list[str], home: Path, ledger: Path) -> None:
    env = dict(os.environ, ZHANGFANG_HOME=str(home), QT_QPA_PLATFORM="offscreen", CI="true")
    out = home / "window.out"  # a file, not a pipe: a pipe nobody reads stops the window
    with out.open("w") as sink:  # once Qt's warnings fill it
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        deadline = time.monotonic() + 120
        opened = ""
        while time.monotonic() < deadline and proc.poll() is None:
            logs = list(home.rglob("zhangfang.log"))
            opened = "".join(p.read_text(encoding="utf-8") for p in logs)
            if "window open on" in opened:
                break
            time.sleep(0.3)
        else:
            output = out.read_text(encoding="utf-8", errors="replace")[-2000:]
            pytest.fail(f"{command[0]}: no window within the time (exit {proc.poll()}): {output}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert f"window open on {ledger}" in opened, opened[-2000:]
    assert not default_ledger_path().exists(), "the default ledger was created"


def test_zhangfang_app_with_a_ledger(home: Path, own_ledger: Path) -> None:
    _window_opens_on([str(ZHANGFANG), "app", "--ledger", str(own_ledger)], home, own_ledger)


def test_zhangfang_with_only_a_ledger(home: Path, own_ledger: Path) -> None:
    _window_opens_on([str(ZHANGFANG), "--ledger", str(own_ledger)], home, own_ledger)


def test_start_script_with_a_ledger(home: Path, own_ledger: Path) -> None:
    _window_opens_on(
        ["bash", str(ROOT / "scripts" / "start.sh"), "--ledger", str(own_ledger)], home, own_ledger
    )
