"""Joining the firm's ledger from the window, against the real server process: the download
runs on a worker thread behind a progress bar, and Cancel leaves the ledger as it was."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton
from sqlalchemy import select

from desktop.models import Party
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger
from desktop.sync import first_state, snapshot
from desktop.sync.account import login
from desktop.sync.engine import SyncEngine
from desktop.views import sync_menu
from desktop.views.context import Context
from desktop.views.main_window import MainWindow
from desktop.views.prefs import Prefs
from tests.e2e.proxy import FaultProxy
from tests.helpers import customer
from tests.server.conftest import REPO, LiveServer, start_server, stop_server
from tests.sync.conftest import memory_keyring  # noqa: F401  (autouse: a keyring in memory)
from tests.views.test_sync_window import PASSWORD, _fill, _ok

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real server with firms ``delta``, ``omega`` and ``sigma`` (owner 老板)."""
    from marketplace.accounts import create_firm as create_server_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = tmp_path_factory.mktemp("server") / "data"
    setup = Server(Settings(data=data))
    try:
        for code in ("delta", "omega", "sigma"):
            create_server_firm(setup, code, f"{code} 商行", "老板", PASSWORD)
    finally:
        setup.close()
    live = start_server(data)
    yield live
    stop_server(live)


def _fresh(folder: Path, name: str) -> Ledger:
    made = Ledger.open(folder / f"{name}.zhangfang", create=True, actor=name)
    with made.unit() as uow:
        create_firm(uow, "商行")
    return made


def _firm_with_data(server: LiveServer, firm: str, folder: Path) -> None:
    """Another desk's ledger, with customers, becomes the firm's first state."""
    one = _fresh(folder, f"first-{firm}")
    for n in range(200):
        customer(one, f"甲商行{n}")
    signed = login(one, server.url, firm, "老板", PASSWORD, "one")
    first_state.begin(one)
    outcome = first_state.settle_in_place(one, signed.client)
    assert outcome is not None and outcome.action == "uploaded"
    signed.client.close()
    one.close()


def _window(qtbot: Any, folder: Path, name: str) -> MainWindow:
    two = _fresh(folder, name)
    path = two.path
    two.close()
    prefs = Prefs()
    prefs.backup_hours = 0
    win = MainWindow(Context(path, prefs))
    qtbot.addWidget(win)
    return win


def _contents(path: Path) -> list[str]:
    """Every row of the ledger but its local settings (the sign-in keeps the enrolment)."""
    with closing(sqlite3.connect(path)) as conn:
        return [line for line in conn.iterdump() if "local_setting" not in line]


def _progress(win: MainWindow) -> QProgressDialog:
    (dialog,) = win.findChildren(QProgressDialog)
    return dialog


def test_joining_downloads_on_a_worker_with_a_progress_bar(
    qtbot: Any,
    server: LiveServer,
    messages: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    original = QProgressDialog.setLabelText

    def label(dialog: QProgressDialog, text: str) -> None:
        said.append(text)
        original(dialog, text)

    monkeypatch.setattr(QProgressDialog, "setLabelText", label)
    _firm_with_data(server, "delta", tmp_path)
    win = _window(qtbot, tmp_path, "two")
    path = win.ctx.path
    dialog = sync_menu.open_sign_in(win)
    _fill(dialog, server.url, "delta", "老板", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: win.sync.running, timeout=60000)
    # the bar moved with the download, to the end (queued from the worker, the steps may
    # arrive out of order)
    pattern = re.compile(r"正在下载商号的账本…\n已下载 ([\d.]+) / ([\d.]+) MB")

    def figures() -> list[tuple[float, float]]:
        found = [pattern.fullmatch(text) for text in said]
        return [(float(m.group(1)), float(m.group(2))) for m in found if m is not None]

    qtbot.waitUntil(lambda: any(done == total for done, total in figures()), timeout=30000)
    totals = {total for _, total in figures()}
    assert len(totals) == 1 and totals.pop() > 0 and len(set(figures())) > 1, said
    with win.ctx.ledger.read() as session:
        assert "甲商行0" in set(session.scalars(select(Party.name)))
    assert not first_state.unsettled(win.ctx.ledger) and win.ctx.path == path
    win.sync.stop()
    win.close()
    win.ctx.close()


def test_cancelling_the_download_leaves_the_ledger_as_it_was_and_signing_in_again_joins(
    qtbot: Any, server: LiveServer, messages: list[tuple[str, str]], tmp_path: Path
) -> None:
    _firm_with_data(server, "omega", tmp_path)
    proxy = FaultProxy(int(server.url.rsplit(":", 1)[1]))
    try:
        held = proxy.add("/api/v1/snapshot", "hold")  # the download's answer waits
        win = _window(qtbot, tmp_path, "three")
        path = win.ctx.path
        before = _contents(path)
        dialog = sync_menu.open_sign_in(win)
        _fill(dialog, proxy.url, "omega", "老板", PASSWORD)
        _ok(dialog)
        qtbot.waitUntil(held.reached.is_set, timeout=60000)
        # the window is not frozen: it shows the progress bar while the download waits
        qtbot.waitUntil(
            lambda: any(bar.isVisible() for bar in win.findChildren(QProgressDialog)),
            timeout=30000,
        )
        _progress(win).findChild(QPushButton).click()  # 取消
        held.release.set()
        qtbot.waitUntil(lambda: "已取消加入商号" in win.statusBar().currentMessage(), timeout=60000)
        assert not win.sync.running
        assert first_state.unsettled(win.ctx.ledger)  # still to be joined
        assert not snapshot.has_business(path)
        with win.ctx.ledger.read() as session:  # the window's ledger still works
            assert list(session.scalars(select(Party.name))) == []
        win.ctx.close()
        assert _contents(path) == before  # every row as it was (but the enrolment's settings)
        win.use_ledger(Context(path, win.ctx.prefs))
        win.opened()

        again = sync_menu.open_sign_in(win)
        _fill(again, proxy.url, "omega", "老板", PASSWORD)
        _ok(again)
        qtbot.waitUntil(lambda: win.sync.running, timeout=60000)
        with win.ctx.ledger.read() as session:
            assert "甲商行199" in set(session.scalars(select(Party.name)))
        win.sync.stop()
        win.close()
        win.ctx.close()
    finally:
        proxy.close()


def test_told_to_resync_the_window_starts_over_from_the_firms_ledger_and_syncs_again(
    qtbot: Any, server: LiveServer, messages: list[tuple[str, str]], tmp_path: Path
) -> None:
    _firm_with_data(server, "sigma", tmp_path)
    win = _window(qtbot, tmp_path, "four")
    dialog = sync_menu.open_sign_in(win)
    _fill(dialog, server.url, "sigma", "老板", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: win.sync.running, timeout=60000)
    qtbot.waitUntil(lambda: win.sync.status().state == "online", timeout=60000)
    # another desk goes on; the server then compacts its history past this desk
    other = _fresh(tmp_path, "other")
    signed = login(other, server.url, "sigma", "老板", PASSWORD, "other")
    first_state.begin(other)
    other, _ = first_state.settle(other, signed.client)
    customer(other, "乙商行")
    SyncEngine(other, signed.client, signed.settings).sync_once()
    signed.client.close()
    other.close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "marketplace",
            "compact",
            "--keep-days",
            "0",
            "--data",
            str(server.data),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    first = win.ctx.ledger
    win.sync.sync_now()  # told resync_required: the window starts over by itself
    qtbot.waitUntil(
        lambda: any(t.startswith("已从商号的账本重新开始") for _, t in messages), timeout=60000
    )
    assert win.ctx.ledger is not first
    qtbot.waitUntil(lambda: win.sync.running, timeout=60000)  # its session starts again
    with win.ctx.ledger.read() as session:
        assert "乙商行" in set(session.scalars(select(Party.name)))
    qtbot.waitUntil(lambda: win.sync.status().state == "online", timeout=60000)
    win.sync.stop()
    win.close()
    win.ctx.close()
