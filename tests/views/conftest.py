"""GUI tests: offscreen Qt, a private data directory, and a prepared ledger copied per test."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "ZHANGFANG_HOME" not in os.environ:  # a private one, gone when the tests end
    os.environ["ZHANGFANG_HOME"] = tempfile.mkdtemp(prefix="zf-home-")
    atexit.register(shutil.rmtree, os.environ["ZHANGFANG_HOME"], ignore_errors=True)

import pytest
from pytestqt.qtbot import QtBot

from tests.views.builder import build_ledger

# pytest-qt gives up a wait after 5 s unless told otherwise. A list loading in its thread or
# an order posting through the writer takes well under a second alone, and longer than
# that on CI's two cores shared with the other worker: a wait written without a timeout
# waits as long as the generous ones here do. (A wait that should time out says so.)
WAIT_MS = 30_000
for _wait in (
    "waitUntil",
    "waitSignal",
    "waitSignals",
    "waitCallback",
    "waitExposed",
    "waitActive",
):
    _defaults = getattr(QtBot, _wait).__kwdefaults__
    if _defaults.get("timeout") == 5000:
        _defaults["timeout"] = WAIT_MS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """After each test, before its window and ledger are taken down: the reads it started
    on their threads finish and hand their results over now, to this test's widgets. Left
    running, a result arrived during the next test in this process (which test that is
    changes from run to run under xdist), on widgets already gone or as an error box."""
    yield
    worker = sys.modules.get("desktop.views.worker")
    if worker is None or not worker._running:
        return
    from PySide6.QtCore import QCoreApplication

    left = set(worker._running)  # not those a timer starts meanwhile
    deadline = time.monotonic() + WAIT_MS / 1000
    while left & worker._running and time.monotonic() < deadline:
        for runner in left & worker._running:
            runner.wait(50)
        QCoreApplication.processEvents()  # the queued results, then each thread's release


@pytest.fixture(scope="session")
def template_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.zhangfang"
    build_ledger(path)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("ZHANGFANG_HOME", str(folder))
    return folder


@pytest.fixture
def ledger_path(home: Path, template_ledger: Path) -> Path:
    target = home / "ledger.zhangfang"
    shutil.copyfile(template_ledger, target)
    return target


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes are recorded instead of blocking the test."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []

    def record(kind: str, answer: Any = None) -> Any:
        def box(_parent: Any, title: str, text: str, *args: Any, **kw: Any) -> Any:
            seen.append((title, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(record("warning")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(record("information")))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(record("question", QMessageBox.StandardButton.Yes))
    )
    return seen


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: Any) -> Any:
    """As the program does (``app.main``): the cyclic collector runs on the GUI thread only,
    so a worker's allocations never free a window's Qt objects on the worker."""
    from desktop.views import gc_guard

    return gc_guard.install(qapp)


@pytest.fixture
def ctx(qapp: Any, ledger_path: Path, messages: list[tuple[str, str]]) -> Any:
    from desktop.views import i18n
    from desktop.views.context import Context
    from desktop.views.prefs import Prefs
    from desktop.views.theme import apply_appearance

    prefs = Prefs()
    prefs.backup_hours = 0
    i18n.set_language("zh")
    apply_appearance(qapp, 100, False)
    context = Context(ledger_path, prefs)
    assert context.ledger is not None  # starts the writer thread and waits for it
    yield context
    context.close()
    i18n.set_language("zh")
    apply_appearance(qapp, 100, False)


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Any:
    from desktop.views.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def wait_idle(qtbot: Any, ctx: Any, timeout: int = 20000) -> None:
    qtbot.waitUntil(ctx.writer.idle, timeout=timeout)


def D(text: str) -> Decimal:
    return Decimal(text)
