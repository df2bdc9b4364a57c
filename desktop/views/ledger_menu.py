"""The 文件 menu's ledger entries: 打开账本…, 新建账本…, 最近的账本 and 从备份恢复….

A switch opens the new ledger first, with every check the start makes
(:func:`desktop.views.opening.open_ledger`), and only then lets go of the current one, so
a refusal leaves the window where it was. A restore must let go first (it needs the
ledger to itself); when it fails, the window opens the original again and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.paths import default_ledger_path
from desktop.services.ledger_files import recent_menu, same_file
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.opening import open_ledger, waiting
from desktop.views.worker import wait_for_threads

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

#: what the file dialogs offer
LEDGER_FILTER = "账房账本 (*.zhangfang);;所有文件 (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("LedgerMenu", text)


def install(menu: QMenu, window: MainWindow) -> None:
    """Add the entries to ``menu`` (the window's 文件 menu)."""
    window._act(menu, tr("打开账本…"), lambda: choose_and_open(window), QKeySequence("Ctrl+O"))
    window._act(menu, tr("新建账本…"), lambda: choose_new(window))
    recent = menu.addMenu(tr("最近的账本"))
    recent.setObjectName("recent_ledgers")
    recent.aboutToShow.connect(lambda: fill_recent(recent, window))
    fill_recent(recent, window)
    window._act(menu, tr("从备份恢复…"), lambda: choose_and_restore(window))


def fill_recent(menu: QMenu, window: MainWindow) -> None:
    """The recent ledgers, newest first, but the one open now; a file no longer there is
    shown greyed out; 清除列表 empties the list."""
    menu.clear()
    prefs = window.ctx.prefs
    shown = recent_menu(prefs.recent_ledgers, window.ctx.path)
    for n, entry in enumerate(shown, start=1):
        # the file's name first (what tells ledgers apart), its folder after; 1–8 to pick it
        text = tr("&{n}  {name}（{folder}）").format(
            n=n, name=entry.path.name.replace("&", "&&"), folder=entry.path.parent
        )
        if not entry.exists:
            text = tr("{entry} — 文件不在了").format(entry=text)
        action = menu.addAction(text)
        action.setData(str(entry.path))
        action.setToolTip(str(entry.path))
        action.setEnabled(entry.exists)
        action.triggered.connect(lambda _=False, p=entry.path: switch_to(window, p))
    if not shown:
        menu.addAction(tr("（没有）")).setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction(tr("清除列表"))
    clear.setEnabled(bool(shown))
    clear.triggered.connect(lambda: _clear_recent(window))


def _clear_recent(window: MainWindow) -> None:
    window.ctx.prefs.recent_ledgers = [str(window.ctx.path)]  # the open one stays known


def choose_and_open(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(
        window, tr("打开账本"), str(default_ledger_path().parent), tr(LEDGER_FILTER)
    )
    if name:
        switch_to(window, Path(name))


def choose_new(window: MainWindow) -> None:
    """A new ledger file: the first-run wizard makes it (as at the very first start)."""
    name, _ = QFileDialog.getSaveFileName(
        window, tr("新建账本"), str(default_ledger_path().parent), tr(LEDGER_FILTER)
    )
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".zhangfang")
    if path.exists() and path.stat().st_size > 0:
        QMessageBox.warning(
            window,
            tr("新建账本"),
            tr("这个文件已经存在：{path}。要打开它，请用“打开账本…”；文件未改动。").format(
                path=path
            ),
        )
        return
    switch_to(window, path)


def _not_now(window: MainWindow) -> bool:
    """Say so when a save or a backup is still running (the ledger cannot be left yet)."""
    if not window.busy_with_ledger():
        return False
    QMessageBox.information(window, tr("请稍候"), tr("账本正在保存或备份，请等它完成后再试。"))
    return True


def switch_to(window: MainWindow, path: Path) -> bool:
    """Show the ledger at ``path`` in ``window``; whether it does now."""
    ctx = window.ctx
    if same_file(path, ctx.path):
        window.statusBar().showMessage(tr("这个账本已经打开了。"), 5000)
        return False
    if _not_now(window):
        return False
    try:
        opening = open_ledger(path, ctx.prefs, eager=True)
    except Exception as exc:  # every refusal (in use, not a ledger, damaged, too new) said
        show_error(window, exc)
        return False
    if opening is None:  # the first-run wizard cancelled
        return False
    if not window.close_windows():
        opening.ledger.close()
        return False
    window.leave_ledger()
    window.use_ledger(Context(opening.path, ctx.prefs, opening.ledger))
    window.opened()
    if opening.wants_import:
        window.import_excel()
    return True


def choose_and_restore(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(
        window, tr("选择备份文件"), window.ctx.prefs.backup_folder, tr(LEDGER_FILTER)
    )
    if name:
        restore_from(window, Path(name))


def restore_from(window: MainWindow, backup: Path) -> bool:
    """Replace the open ledger with ``backup`` after the user confirms; whether it was."""
    from desktop.services import backup as backups
    from desktop.services.ledger_files import restore_and_open

    ctx = window.ctx
    path, prefs = ctx.path, ctx.prefs
    if same_file(backup, path):
        QMessageBox.warning(
            window, tr("从备份恢复"), tr("这是现在打开的账本本身，不是备份；账本未改动。")
        )
        return False
    try:
        backups.verify(backup)  # a ledger, intact, not from a newer version: before asking
    except Exception as exc:
        show_error(window, exc)
        return False
    if _not_now(window):
        return False
    question = tr(
        "要用这份备份替换现在的账本吗？\n\n备份：{backup}\n备份时间：{date}\n"
        "被替换的账本：{ledger}\n\n现在的账本会先另存为一份“恢复前”的备份。"
    ).format(date=f"{backups.made_at(backup):%Y-%m-%d %H:%M}", backup=backup, ledger=path)
    no = QMessageBox.StandardButton.No
    answer = QMessageBox.question(
        window, tr("从备份恢复"), question, QMessageBox.StandardButton.Yes | no, no
    )
    if answer != QMessageBox.StandardButton.Yes or not window.close_windows():
        return False
    window.leave_ledger()
    wait_for_threads()  # a list's reader still on the file would keep it from being replaced
    try:
        with waiting():
            restored = restore_and_open(backup, path, prefs.operator or None)
    except Exception as exc:
        window.use_ledger(Context(path, prefs))  # the original, as it was
        window.opened()
        show_error(window, exc)
        return False
    window.use_ledger(Context(path, prefs, restored.ledger))
    window.opened()
    done = tr("已从备份 {backup} 恢复账本。").format(backup=backup)
    if restored.kept is not None:
        done += tr("原来的账本另存为 {kept}。").format(kept=restored.kept)
    QMessageBox.information(window, tr("恢复完成"), done)
    return True
