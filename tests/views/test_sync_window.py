"""Sync in the window: signing in against the real server process, the status line fed from
the engine's thread, the password asked each session without a usable keyring, signing
out, and a desk that never signs in seeing none of it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select, update
from tenacity import wait_none

from desktop.models import OutboxEntry, OutboxState
from desktop.services.ledger import Ledger
from desktop.sync.engine import SyncStatus
from desktop.sync.settings import read_settings
from desktop.views import sync_menu
from desktop.views.prefs import Prefs
from tests.server.conftest import LiveServer, start_server, stop_server
from tests.sync.conftest import (
    MemoryKeyring,
    memory_keyring,  # noqa: F401  (autouse: a keyring in memory)
)
from tests.sync.fake_server import FakeServer

pytestmark = pytest.mark.gui

PASSWORD = "password-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real ``python -m marketplace`` on a free port: firm ``acme`` (owner 老板; 小王 and
    小李 clerks) and firm ``beta`` (owner 老板), every password ``password-1``. A firm takes
    one desk's ledger with data as its first state: a test whose desk must upload its own
    uses a firm of its own."""
    from marketplace.accounts import add_user, create_firm
    from marketplace.context import Server
    from marketplace.settings import Settings

    data = tmp_path_factory.mktemp("server") / "data"
    setup = Server(Settings(data=data))
    try:
        create_firm(setup, "acme", "顶好商行", "老板", PASSWORD)
        add_user(setup, "acme", "小王", PASSWORD, "clerk")
        add_user(setup, "acme", "小李", PASSWORD, "clerk")
        create_firm(setup, "beta", "贝塔商行", "老板", PASSWORD)
        create_firm(setup, "gamma", "伽马商行", "老板", PASSWORD)
    finally:
        setup.close()
    live = start_server(data)
    yield live
    stop_server(live)


@pytest.fixture
def settled(ledger_path: Path) -> Path:
    """The desk's changes so far count as the firm's first state (nothing left to push)."""
    ledger = Ledger.open(ledger_path, actor="setup")
    with ledger.read() as session:
        session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
        session.commit()
    ledger.close()
    return ledger_path


def _menu_texts(window: Any) -> list[str]:
    file_menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in file_menu.actions() if not a.isSeparator()]


def _nav_keys(window: Any) -> list[str]:
    from desktop.views.main_window import KEY_ROLE

    return [window.nav.item(i).data(KEY_ROLE) for i in range(window.nav.count())]


def _fill(dialog: Any, server: str, firm: str, user: str, password: str) -> None:
    dialog.server.setText(server)
    dialog.firm.setText(firm)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.desk_name.setText("front")


def _ok(dialog: Any) -> None:
    dialog.ok_button.click()


def _refused(qtbot: Any, dialog: Any, expected: str) -> None:
    _ok(dialog)
    qtbot.waitUntil(lambda: dialog.busy.error.isVisible(), timeout=30000)
    assert expected in dialog.busy.error.text()
    assert dialog.isVisible() and dialog.signed is None
    assert dialog.password.text() == ""  # the window keeps no copy of a password


def test_a_desk_that_never_signed_in_sees_one_entry_and_nothing_else(window: Any) -> None:
    texts = _menu_texts(window)
    assert "联网同步…" in texts
    assert "立即同步" not in texts and "退出同步登录" not in texts
    assert window.findChild(object, "sync_status") is None
    assert window.sync_label is None and not window.sync.running
    assert "sync" not in _nav_keys(window)
    go = window.menuBar().actions()[1].menu()
    assert "同步状态" not in [a.text() for a in go.actions()]
    window.statusBar().clearMessage()
    assert "同步" not in window.statusBar().currentMessage()


def test_signing_in_enrols_the_desk_on_the_real_server_and_sync_shows_up(
    qtbot: Any,
    settled: Path,
    window: Any,
    server: LiveServer,
    messages: list[tuple[str, str]],
    memory_keyring: MemoryKeyring,  # noqa: F811  (the fixture imported above)
) -> None:
    dialog = sync_menu.open_sign_in(window)
    assert dialog.desk_name.text()  # the computer's name, offered
    _fill(dialog, server.url, "acme", "小王", "wrong-password")
    _refused(qtbot, dialog, "商号、用户名或密码不对。")

    with socket.socket() as held:  # bound, never listening: refused, and nobody else's
        held.bind(("127.0.0.1", 0))
        dialog.server.setText(f"127.0.0.1:{held.getsockname()[1]}")
        dialog.password.setText(PASSWORD)
        _refused(qtbot, dialog, "连不上同步服务器")

    dialog.server.setText(server.url)
    dialog.password.setText(PASSWORD)
    dialog.password.setFocus()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter signs in
    dialog.reject()  # Esc while the sign-in is under way: it finishes first
    assert dialog.isVisible() and dialog.busy.running
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)

    settings = read_settings(window.ctx.ledger)
    assert settings.enrolled and settings.firm == "acme" and settings.user == "小王"
    assert settings.desk_code == "A" and window.ctx.ledger.desk == "A"
    title, text = messages[-1]
    assert title == "联网同步" and "工作站代号是 A" in text
    assert window.ctx.prefs.market_account == "小王@acme"
    # the token went to the keyring; the password went nowhere
    assert list(memory_keyring.items.values()) and PASSWORD not in memory_keyring.items.values()
    settings_file = Path(Prefs().qs.fileName()).read_text(encoding="utf-8")
    assert PASSWORD not in settings_file and "小王@acme" in settings_file
    # the sync screen, its menu entries and the status line appear; the engine syncs
    assert "sync" in _nav_keys(window)
    assert {"立即同步", "退出同步登录"} <= set(_menu_texts(window))
    assert window.sync.running
    qtbot.waitUntil(lambda: "在线" in window.sync_label.text(), timeout=30000)
    assert "待同步 0 条" in window.sync_label.text()
    assert "上次同步" in window.sync_label.text()

    sync_menu.sign_out(window)
    assert not window.sync.running and window.ctx.prefs.market_account == ""
    assert window.sync_label is None and "sync" not in _nav_keys(window)
    qtbot.waitUntil(lambda: not memory_keyring.items, timeout=30000)  # the token forgotten
    assert read_settings(window.ctx.ledger).desk_id  # the enrolment and the ledger stay


def test_the_sign_in_limit_and_an_old_version_are_said_plainly(
    qtbot: Any, settled: Path, window: Any, server: LiveServer
) -> None:
    dialog = sync_menu.open_sign_in(window)
    _fill(dialog, server.url, "acme", "小李", "wrong-password")
    for _ in range(5):  # five failures for one user in ten minutes
        _refused(qtbot, dialog, "商号、用户名或密码不对。")
        dialog.password.setText("wrong-password")
    _refused(qtbot, dialog, "尝试次数太多，请约")
    dialog.reject()

    old = FakeServer(firm="acme", users={"小王": PASSWORD}, min_protocol=2, max_protocol=3)
    dialog = sync_menu.open_sign_in(window, transport=old.transport(), wait=wait_none())
    _fill(dialog, "http://sync.test", "acme", "小王", PASSWORD)
    _refused(qtbot, dialog, "需要升级账房")
    dialog.reject()
    assert window.ctx.prefs.market_account == ""


def test_the_status_line_follows_the_engine_from_its_thread(
    qtbot: Any, settled: Path, window: Any
) -> None:
    delivered_on: list[bool] = []  # for each status: did it arrive on the GUI thread?
    window.sync.status_changed.connect(
        lambda _s: delivered_on.append(QThread.currentThread() is QApplication.instance().thread())
    )
    fake = FakeServer(firm="acme", users={"小王": PASSWORD})
    dialog = sync_menu.open_sign_in(window, transport=fake.transport(), wait=wait_none())
    _fill(dialog, "http://sync.test", "acme", "小王", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: window.sync_label is not None, timeout=30000)
    qtbot.waitUntil(lambda: "在线" in window.sync_label.text(), timeout=30000)

    # a local save nudges the engine (it hooks the ledger's on_change): pushed, and counted
    from desktop.services.parties import create_party

    window.ctx.write(lambda uow: create_party(uow, name="新来的客户"))
    qtbot.waitUntil(lambda: any(r.url.path.endswith("/push") for r in fake.requests), timeout=30000)
    qtbot.waitUntil(lambda: "在线" in window.sync_label.text(), timeout=30000)
    qtbot.waitUntil(lambda: "待同步 0 条" in window.sync_label.text(), timeout=30000)

    # 立即同步 on the sync screen: a sync now, not at the next tick of the timer
    screen = window.show_screen("sync")
    assert screen.sync_button.isEnabled()
    assert "商号 acme · 用户 小王 · 本机工作站 A" in screen.summary.text()

    def pulls() -> int:
        return sum(r.url.path.endswith("/pull") for r in fake.requests)

    before = pulls()
    screen.sync_button.click()
    qtbot.waitUntil(lambda: pulls() > before, timeout=30000)
    window.sync.stop()

    # what the engine says on its thread reaches the status line on the GUI thread
    upgrade = SyncStatus(
        "upgrade_required",
        False,
        "",
        3,
        0,
        True,
        {"code": "upgrade_required", "zh": "需要升级账房才能继续同步", "en": "Upgrade"},
    )
    worker = threading.Thread(target=lambda: window.sync._heard.emit(upgrade))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "需要升级" in window.sync_label.text(), timeout=10000)
    assert delivered_on and all(delivered_on)  # every status arrived on the GUI thread
    assert "待同步 3 条" in window.sync_label.text()
    assert "需要升级账房才能继续同步" in window.sync_label.toolTip()


def test_without_a_usable_keyring_the_password_is_asked_each_session(
    qtbot: Any,
    qapp: Any,
    settled: Path,
    ctx: Any,
    server: LiveServer,
    messages: list[tuple[str, str]],
) -> None:
    from desktop.views.context import Context
    from desktop.views.main_window import MainWindow
    from desktop.views.sync_dialog import PasswordDialog

    keyring.set_keyring(fail.Keyring())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    dialog = sync_menu.open_sign_in(win)
    _fill(dialog, server.url, "beta", "老板", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: win.sync_label is not None, timeout=30000)
    assert "没有可用的系统密钥环" in messages[-1][1]  # said once, when signing in
    win.sync.stop()
    win.close()

    # the next session: asked for the password; cancelled, the desk works offline
    path = ctx.path
    ctx.close()
    for answer in ("cancel", "sign in"):
        later = Context(path, Prefs())
        again = MainWindow(later)
        qtbot.addWidget(again)
        qtbot.waitUntil(lambda w=again: bool(w.findChildren(PasswordDialog)), timeout=30000)
        box = again.findChildren(PasswordDialog)[0]
        assert "没有可用的系统密钥环" in box.findChild(QLabel, "why").text()
        if answer == "cancel":
            box.reject()
            assert not again.sync.running
            assert "离线（未登录）" in again.sync_label.text()
        else:
            box.password.setText(PASSWORD)
            _ok(box)
            qtbot.waitUntil(lambda w=again: w.sync.running, timeout=30000)
            qtbot.waitUntil(lambda w=again: "在线" in w.sync_label.text(), timeout=30000)
        again.sync.stop()
        again.close()
        later.close()


def test_signing_out_keeps_the_outbox(qtbot: Any, settled: Path, window: Any) -> None:
    fake = FakeServer(firm="acme", users={"小王": PASSWORD})
    dialog = sync_menu.open_sign_in(window, transport=fake.transport(), wait=wait_none())
    _fill(dialog, "http://sync.test", "acme", "小王", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: window.sync_label is not None, timeout=30000)
    qtbot.waitUntil(lambda: "在线" in window.sync_label.text(), timeout=30000)
    fake.min_protocol = fake.max_protocol = 2  # the server moved on: this desk must upgrade
    window.sync.sync_now()
    qtbot.waitUntil(lambda: "需要升级" in window.sync_label.text(), timeout=30000)
    assert window.sync.engine.halted  # stopped syncing until a person acts
    from desktop.services.parties import create_party

    window.ctx.write(lambda uow: create_party(uow, name="离线时的客户"))
    qtbot.waitUntil(window.ctx.writer.idle, timeout=20000)
    qtbot.waitUntil(lambda: "待同步 1 条" in window.sync_label.text(), timeout=30000)
    sync_menu.sign_out(window)
    qtbot.waitUntil(lambda: any(r.url.path.endswith("/signout") for r in fake.requests))
    with window.ctx.ledger.read() as session:
        pending = session.scalars(
            select(OutboxEntry).where(OutboxEntry.state == OutboxState.PENDING)
        ).all()
    assert [e.intent for e in pending] == ["party.create"]
    assert _menu_texts(window).count("联网同步…") == 1
    assert "立即同步" not in _menu_texts(window)


def test_an_empty_desk_joins_the_firms_ledger_from_the_window(
    qtbot: Any, qapp: Any, server: LiveServer, messages: list[tuple[str, str]], tmp_path: Path
) -> None:
    """The firm's first state came from another desk's ledger; a new, empty desk signs in
    from the window: it downloads the firm's ledger, the window lets go of its own and
    opens the firm's, and syncing starts."""
    from sqlalchemy import select

    from desktop.models import Party
    from desktop.services.firm import create_firm
    from desktop.sync import first_state
    from desktop.sync.account import login
    from desktop.views.context import Context
    from desktop.views.main_window import MainWindow
    from tests.helpers import customer

    def fresh(name: str) -> Ledger:
        made = Ledger.open(tmp_path / f"{name}.zhangfang", create=True, actor=name)
        with made.unit() as uow:
            create_firm(uow, "伽马商行")
        return made

    one = fresh("one")
    customer(one, "甲商行")
    signed = login(one, server.url, "gamma", "老板", PASSWORD, "one")
    first_state.begin(one)
    outcome = first_state.settle_in_place(one, signed.client)
    assert outcome is not None and outcome.action == "uploaded"
    signed.client.close()
    one.close()

    two = fresh("two")
    path = two.path
    two.close()
    prefs = Prefs()
    prefs.backup_hours = 0
    win = MainWindow(Context(path, prefs))
    qtbot.addWidget(win)
    dialog = sync_menu.open_sign_in(win)
    _fill(dialog, server.url, "gamma", "老板", PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: win.sync.running, timeout=60000)
    with win.ctx.ledger.read() as session:
        assert "甲商行" in set(session.scalars(select(Party.name)))
    assert not first_state.unsettled(win.ctx.ledger) and win.ctx.path == path
    win.sync.stop()
    win.close()
    win.ctx.close()
