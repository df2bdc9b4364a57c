"""The 文件 menu's ledger entries: open another ledger, the recent list, restore a backup.

Each test drives the real window on two ledgers made here; file dialogs and message boxes
are patched (the ``messages`` fixture records the boxes instead of blocking).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from desktop import file_lock
from desktop.paths import backup_dir
from desktop.queries import lookups
from desktop.services import backup as backups
from desktop.services import firm, parties
from desktop.services.ledger import Ledger
from desktop.views import ledger_menu

pytestmark = pytest.mark.gui


@pytest.fixture
def window(window: Any) -> Any:
    """The conftest's window; whichever ledger it ends on is closed after the test (the
    conftest closes only the one it started with)."""
    yield window
    window.ctx.close()


@pytest.fixture
def second(tmp_path: Path) -> Path:
    """Another firm's ledger, with one customer of its own."""
    path = tmp_path / "other" / "第二家.zhangfang"
    led = Ledger.open(path, create=True, actor="tester")
    with led.unit() as uow:
        firm.create_firm(uow, "第二商行")
    with led.unit() as uow:
        parties.create_party(uow, code="K001", name="第二家的客户")
    led.close()
    return path


def names(window: Any) -> list[str]:
    screen = window.show_screen("customers")
    return [screen.model.value(r, "name") for r in range(screen.model.rowCount())]


def action(menu: Any, text: str) -> Any:
    """The entry of ``menu`` (a QMenu or the menu bar) whose text starts with ``text``."""
    for act in menu.actions():
        if act.text().replace("&", "").startswith(text):
            return act
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def file_menu(window: Any) -> QMenu:
    return action(window.menuBar(), "文件").menu()


def recent_menu(window: Any) -> QMenu:
    menu = action(file_menu(window), "最近的账本").menu()
    ledger_menu.fill_recent(menu, window)  # what showing it does
    return menu


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def can_take_exclusive(path: Path) -> bool:
    """Whether another program could now restore over ``path`` (nobody holds it open)."""
    lock = file_lock.LedgerLock(path)
    try:
        return lock.try_exclusive()
    finally:
        lock.release()


def test_opening_another_ledger_switches_the_whole_window(
    qtbot: Any,
    window: Any,
    second: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = window.ctx.path
    old_ctx = window.ctx
    assert "张三五金" in names(window)
    assert not can_take_exclusive(first)  # the window holds its ledger
    choose(monkeypatch, second)
    with caplog.at_level(logging.INFO, logger="zhangfang"):
        action(file_menu(window), "打开账本").trigger()
    assert window.ctx is not old_ctx and old_ctx.closed
    assert window.ctx.path == second
    assert window.windowTitle().startswith("第二商行 — 账房 Zhangfang — 第二家.zhangfang")
    assert names(window) == ["第二家的客户"]
    assert window.status.text().endswith(str(second))
    assert f"window open on {second}" in caplog.text
    assert can_take_exclusive(first)  # the first ledger's lock is let go
    assert not can_take_exclusive(second)
    # the new ledger takes writes, on the writer thread of the new context
    assert window.ctx.ledger.path == second
    # the recent list: the first ledger offered, the open one not
    entries = recent_menu(window).actions()
    assert entries[0].text() == f"&1  ledger.zhangfang（{first.resolve().parent}）"
    assert entries[0].data() == str(first.resolve())
    assert str(second.resolve()) not in [a.data() for a in entries]
    entries[0].trigger()
    assert window.ctx.path == first.resolve()
    assert "张三五金" in names(window)
    assert window.ctx.prefs.recent_ledgers[:2] == [str(first.resolve()), str(second.resolve())]


def test_a_ledger_another_program_holds_is_refused(
    window: Any, second: Path, monkeypatch: pytest.MonkeyPatch, messages: list[Any]
) -> None:
    from desktop.services import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "OPEN_WAIT_SECONDS", 0.3)
    first, ctx = window.ctx.path, window.ctx
    # another program restoring or upgrading the second ledger holds it whole
    with file_lock.held(second, "exclusive"):
        assert not ledger_menu.switch_to(window, second)
    assert window.ctx is ctx and window.ctx.path == first and not ctx.closed
    assert QApplication.overrideCursor() is None  # the busy cursor went with the wait
    assert "正被其他程序使用" in messages[-1][1] and str(second) in messages[-1][1]
    assert "张三五金" in names(window)
    assert lookups.firm_name(window.ctx.conn) == "测试商贸有限公司"
    assert str(second.resolve()) not in window.ctx.prefs.recent_ledgers


def test_a_file_that_is_not_a_ledger_is_refused(
    window: Any, tmp_path: Path, messages: list[Any]
) -> None:
    bad = tmp_path / "坏的.zhangfang"
    bad.write_bytes(b"this is no database, just bytes\n" * 200)
    ctx = window.ctx
    assert not ledger_menu.switch_to(window, bad)
    assert window.ctx is ctx and not ctx.closed
    assert "损坏或不是账本" in messages[-1][1]
    assert "张三五金" in names(window)
    assert bad.read_bytes().startswith(b"this is no database")


def test_the_recent_list_newest_first_at_most_eight_missing_greyed(
    window: Any, tmp_path: Path
) -> None:
    files = []
    for i in range(10):
        path = tmp_path / f"账本{i}.zhangfang"
        path.write_bytes(b"x")
        files.append(path)
    files[8].unlink()  # moved away since
    prefs = window.ctx.prefs
    prefs.recent_ledgers = []
    for path in files:
        window_opened_on(window, path)
    window.opened()  # the window's own ledger comes first
    assert len(prefs.recent_ledgers) == 8
    from desktop.views.prefs import Prefs

    assert Prefs().recent_ledgers == prefs.recent_ledgers  # read back from the file as written
    assert prefs.recent_ledgers[0] == str(window.ctx.path.resolve())
    menu = recent_menu(window)
    entries = [a for a in menu.actions() if a.text() and not a.isSeparator()]
    # newest first, the open ledger left out, the oldest three gone
    assert [a.data() for a in entries[:-1]] == [str(p.resolve()) for p in reversed(files[3:])]
    assert entries[-1].text() == "清除列表"
    assert entries[0].text() == f"&1  账本9.zhangfang（{tmp_path}）"
    assert entries[1].text() == f"&2  账本8.zhangfang（{tmp_path}） — 文件不在了"
    assert not entries[1].isEnabled() and entries[0].isEnabled()
    entries[-1].trigger()  # 清除列表
    assert prefs.recent_ledgers == [str(window.ctx.path)]
    left = [a.text() for a in recent_menu(window).actions() if a.text()]
    assert left == ["（没有）", "清除列表"]


def window_opened_on(window: Any, path: Path) -> None:
    """What a switch to ``path`` records (without opening a ledger there)."""
    from desktop.services.ledger_files import remember

    prefs = window.ctx.prefs
    prefs.recent_ledgers = remember(prefs.recent_ledgers, path)


def add_customer(qtbot: Any, ctx: Any, name: str) -> None:
    done: list[Any] = []
    ctx.write(lambda uow: parties.create_party(uow, name=name), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)


def test_restore_from_a_backup_brings_the_data_back(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, messages: list[Any]
) -> None:
    path = window.ctx.path
    saved = backups.backup_ledger(path)
    add_customer(qtbot, window.ctx, "备份之后才来的客户")
    assert "备份之后才来的客户" in names(window)
    choose(monkeypatch, saved)
    old_ctx = window.ctx
    action(file_menu(window), "从备份恢复").trigger()
    question, done = messages[-2], messages[-1]
    made = backups.made_at(saved)
    assert f"{made:%Y-%m-%d %H:%M}" in question[1] and str(path) in question[1]
    assert done[0] == "恢复完成"
    assert old_ctx.closed and window.ctx.path == path
    assert "备份之后才来的客户" not in names(window)
    assert "张三五金" in names(window)
    kept = list(backup_dir().glob("*-before-restore.zhangfang"))
    assert len(kept) == 1 and str(kept[0]) in done[1]
    with Ledger.open(kept[0]).read() as session:  # the replaced ledger, kept whole
        assert "备份之后才来的客户" in [p.name for p in parties.find_parties(session)]
    add_customer(qtbot, window.ctx, "恢复之后的客户")  # the restored ledger takes writes
    assert "恢复之后的客户" in names(window)


def test_a_damaged_backup_is_refused_and_the_ledger_untouched(
    qtbot: Any, window: Any, tmp_path: Path, messages: list[Any]
) -> None:
    path = window.ctx.path
    saved = backups.backup_ledger(path, tmp_path / "saved.zhangfang")
    data = bytearray(saved.read_bytes())
    half = len(data) // 2
    data[half:] = b"\xff" * (len(data) - half)  # the second half of the pages overwritten
    saved.write_bytes(bytes(data))
    add_customer(qtbot, window.ctx, "恢复不该抹掉的客户")
    ctx = window.ctx
    assert not ledger_menu.restore_from(window, saved)
    assert window.ctx is ctx and not ctx.closed
    assert "损坏" in messages[-1][1]
    assert not list(backup_dir().glob("*-before-restore.zhangfang"))
    assert "恢复不该抹掉的客户" in names(window)


def test_a_restore_refused_reopens_the_ledger_and_says_why(
    qtbot: Any, window: Any, tmp_path: Path, messages: list[Any]
) -> None:
    path = window.ctx.path
    saved = backups.backup_ledger(path, tmp_path / "saved.zhangfang")
    add_customer(qtbot, window.ctx, "还在的客户")
    other = Ledger.open(path)  # another window on the same ledger
    try:
        assert not ledger_menu.restore_from(window, saved)
    finally:
        other.close()
    assert "正被其他程序使用" in messages[-1][1]
    assert window.ctx.path == path and not window.ctx.closed
    assert "还在的客户" in names(window)
    add_customer(qtbot, window.ctx, "之后的客户")  # open again, writes go on
    assert "之后的客户" in names(window)


def test_a_new_ledger_goes_through_the_first_run_wizard(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[Any]
) -> None:
    from PySide6.QtWidgets import QWizard

    from desktop.views.wizard import FirstRunWizard

    def exec_(wizard: FirstRunWizard) -> QWizard.DialogCode:
        wizard.show()
        wizard.next()
        wizard.firm.name.setText("新开分店")
        wizard.next()
        wizard.hide()
        return QWizard.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", exec_)
    target = tmp_path / "分店"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action(file_menu(window), "新建账本").trigger()
    assert window.ctx.path == target.with_suffix(".zhangfang")
    assert window.windowTitle().startswith("新开分店 — ")
    assert names(window) == []
    # a file that is there already is not made again
    existing = window.ctx.prefs.recent_ledgers[1]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (existing, ""))
    action(file_menu(window), "新建账本").trigger()
    assert "已经存在" in messages[-1][1]
    assert window.ctx.path == target.with_suffix(".zhangfang")


def test_the_entries_in_english(window: Any) -> None:
    from desktop.views import i18n

    try:
        i18n.set_language("en")
        window.rebuild()
        texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
        for entry in ("Open ledger…", "New ledger…", "Recent ledgers", "Restore from backup…"):
            assert entry in texts
    finally:
        i18n.set_language("zh")


def test_open_forms_close_and_unsaved_work_can_keep_the_ledger(
    qtbot: Any, window: Any, second: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    customers = window.show_screen("customers")
    form = window.open_record("party", customers.model.row_id(0))
    editor = window.new_record("sales_order")
    editor.dirty = True
    monkeypatch.setattr(editor.model, "filled", lambda: True)
    asked: list[str] = []

    def keep_it(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(keep_it))
    ctx = window.ctx
    assert not ledger_menu.switch_to(window, second)  # the unsaved order stays, and the ledger
    assert asked and window.ctx is ctx and editor.isVisible()
    assert can_take_exclusive(second)  # the second ledger, opened to check it, let go again
    editor.dirty = False
    assert ledger_menu.switch_to(window, second)
    assert not form.isVisible() and not editor.isVisible()
    assert window.ctx.path == second
