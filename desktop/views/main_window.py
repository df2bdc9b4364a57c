"""The main window: navigation on the left, one screen at a time on the right.

It only wires things together; each screen, form and editor is its own module.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.codes import DocKind
from desktop.queries import lookups
from desktop.views import nav, sync_menu
from desktop.views.alive import alive
from desktop.views.backups import BackupScheduler, backup_now
from desktop.views.context import Context
from desktop.views.importer import hooks
from desktop.views.sync_session import SyncSession

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMenu

    from desktop.services.uow import Changes
    from desktop.views.update_notice import UpdateNotice

#: Qt.ItemDataRole.UserRole + 1, written out: ``Qt`` is not touched before the first paint
#: (PySide builds the Qt namespace's ~100 enum types at its first use, ~25 ms)
KEY_ROLE = 0x0100 + 1
log = logging.getLogger("zhangfang")


class MainWindow(QMainWindow):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        self.screens: dict[str, QWidget] = {}
        self.windows: list[QWidget] = []
        self.backups = BackupScheduler(ctx, self)
        self.sync = SyncSession(ctx, self)
        self.sync.status_changed.connect(self._sync_status)
        self.sync_label: QLabel | None = None
        self._updates: UpdateNotice | None = None
        self.build()
        # signed in to a server: ask it (at most daily, in the background) for a newer version
        self.sync.status_changed.connect(lambda _status: self._check_updates())
        self._watch(ctx)
        hooks.accept_drops(self)
        sync_menu.start_session(self)  # a spreadsheet dropped here opens the import wizard

    def _watch(self, ctx: Context) -> None:
        ctx.appearance_changed.connect(self.rebuild)
        ctx.writer.busy.connect(self._show_busy)
        ctx.changed.connect(self._ledger_changed)

    # ---------------------------------------------------------------- the ledger
    def opened(self, log_it: bool = True) -> None:
        """The window shows ``ctx.path`` (at the start or after a switch): the log says so and
        the 最近的账本 menu lists it first."""
        from desktop.services.ledger_files import remember

        if log_it:
            log.info("window open on %s", self.ctx.path)
        prefs = self.ctx.prefs
        recent = prefs.recent_ledgers
        updated = remember(recent, self.ctx.path)
        if updated != recent:  # the same ledger again: no settings file written before the paint
            prefs.recent_ledgers = updated

    def busy_with_ledger(self) -> bool:
        """A save or a backup still running: the ledger cannot be left now."""
        return not self.ctx.writer.idle() or self.backups.running

    def close_windows(self) -> bool:
        """Close the editors, forms and dialogs opened from here (each holds this ledger);
        False when one stays open (unsaved changes the user chose to keep)."""
        from PySide6.QtCore import Qt

        dialogs = [
            w
            for w in self.findChildren(QWidget)
            if w.isWindow()
            and w.isVisible()
            and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        ]
        for window in [*self.windows, *dialogs]:
            if alive(window) and window.isVisible() and not window.close():
                return False
        self.windows = []
        return True

    def leave_ledger(self) -> None:
        """Let go of the open ledger: the backup timer, every screen (none keeps the old
        connection), the writer thread and the ledger's lock."""
        self.backups.stop()
        self.backups.deleteLater()
        self.sync.stop()  # the outbox stays in the ledger left
        old = self.ctx
        self.opened(log_it=False)  # the ledger left is offered in 最近的账本 from now on
        for signal, slot in (
            (old.appearance_changed, self.rebuild),
            (old.writer.busy, self._show_busy),
            (old.changed, self._ledger_changed),
        ):
            signal.disconnect(slot)
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
        self.screens.clear()
        old.close()
        old.deleteLater()

    def use_ledger(self, ctx: Context) -> None:
        """Show ``ctx`` (after :meth:`leave_ledger`): title, menus and screens made anew."""
        self.ctx = ctx
        self.backups = BackupScheduler(ctx, self)
        self.sync.ctx = ctx
        self._watch(ctx)
        self.rebuild()
        sync_menu.start_session(self)

    # ---------------------------------------------------------------- building
    def build(self) -> None:
        self._title()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setUniformItemSizes(False)
        self.stack = QStackedWidget()
        current_group = None
        heads: list[QListWidgetItem] = []
        offered = nav.shown(bool(self.ctx.prefs.market_account))
        for item in offered:
            if item.group != current_group and nav.group_title(item.group):
                head = QListWidgetItem(nav.group_title(item.group))
                heads.append(head)
                font = QFont(self.font())
                font.setBold(True)
                head.setFont(font)
                # a heading, not a disabled entry: the palette's own text colour, not grey
                head.setForeground(self.palette().windowText())
                self.nav.addItem(head)
            current_group = item.group
            entry = QListWidgetItem(nav.title(item.key))
            entry.setData(KEY_ROLE, item.key)
            self.nav.addItem(entry)
        width = max(
            self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text())
            for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(width + 56)
        self.ctx.after_first_paint(lambda: _headings(heads))
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.nav.setSpacing(2)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._menus()
        self.status = QLabel(self.tr("账本：{path}").format(path=self.ctx.path))
        self.statusBar().addWidget(self.status, 1)
        self.sync_label = sync_menu.status_label(self)
        if self.sync_label is not None:  # once the ledger is open (the window shows first)
            QTimer.singleShot(0, self, self._sync_status_now)
        self.show_screen("dashboard")

    def _title(self) -> None:
        """The company's name first (so the taskbar tells ledgers apart), 演示账本 on a demo."""
        name = lookups.firm_name(self.ctx.conn)
        if lookups.is_demo(self.ctx.conn):
            title = self.tr("【演示账本】{firm} — 账房 Zhangfang — {path}")
        elif name:
            title = self.tr("{firm} — 账房 Zhangfang — {path}")
        else:
            title = self.tr("账房 Zhangfang — {path}")
        self.setWindowTitle(title.format(firm=name, path=self.ctx.path.name))

    def _ledger_changed(self, changes: Changes) -> None:
        """The firm renamed (or a whole ledger written): the title follows; a change queued
        for sync: the status line counts it (also while offline or stopped)."""
        if changes.touches(("firm",)):
            self._title()
        if changes.touches(("outbox",)):
            self._sync_status_now()

    @property
    def updates(self) -> UpdateNotice:
        """The status bar's "newer version" link: made when first needed (once signed in),
        not before the first paint."""
        if self._updates is None:
            from desktop.views.update_notice import UpdateNotice

            self._updates = UpdateNotice(self.statusBar())
        return self._updates

    def _check_updates(self) -> None:
        client = self.sync.client
        if client is not None:
            self.updates.check(str(getattr(client, "server", "") or ""))

    def _sync_status_now(self) -> None:
        if self.sync_label is not None and not self.ctx.closed:
            self._sync_status(self.sync.status())

    def _sync_status(self, status: object) -> None:
        """The engine's latest status (delivered on this thread): the status line follows."""
        sync_menu.show_status(self.sync_label, status, self.sync.running)
        sync_menu.heard(self, status)

    def _show_busy(self, waited: float | None) -> None:
        """While a save waits for another desk's (a big import): say so, with the time."""
        if waited is None:
            self.statusBar().clearMessage()
            return
        self.statusBar().showMessage(
            self.tr("另一台电脑正在保存，请稍候…（已等 {seconds} 秒）").format(seconds=int(waited))
        )

    def _menus(self) -> None:
        """The menu bar's three menus; their entries (and shortcuts) just after the start's
        first paint: QAction, QKeySequence and the file dialogs' types are not needed for it."""
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        go = bar.addMenu(self.tr("转到(&G)"))
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.ctx.after_first_paint(lambda: self._fill_menus(file_menu, go, help_menu))

    def _fill_menus(self, file_menu: QMenu, go: QMenu, help_menu: QMenu) -> None:
        from PySide6.QtGui import QKeySequence

        from desktop.views import ledger_menu

        self._act(
            file_menu,
            self.tr("新建销售订单"),
            lambda: self.new_record(DocKind.SALES_ORDER),
            QKeySequence("Ctrl+N"),
        )
        self._act(
            file_menu, self.tr("新建采购订单"), lambda: self.new_record(DocKind.PURCHASE_ORDER)
        )
        self._act(file_menu, self.tr("盘点…"), self.open_stocktake)
        file_menu.addSeparator()
        ledger_menu.install(file_menu, self)
        file_menu.addSeparator()
        self._act(file_menu, self.tr("导入 Excel…"), self.import_excel, QKeySequence("Ctrl+I"))
        self._act(file_menu, self.tr("导入记录…"), lambda: hooks.open_history(self.ctx, self))
        self._act(file_menu, self.tr("批量打印对账单…"), self._statements)
        self._act(file_menu, self.tr("打印版式…"), self.open_layouts)
        file_menu.addSeparator()
        self._act(file_menu, self.tr("立即备份"), lambda: backup_now(self, self.ctx))
        self._act(file_menu, self.tr("公司资料…"), self.open_firm)
        self._act(file_menu, self.tr("人员…"), self.open_people)
        self._act(file_menu, self.tr("设置…"), self.open_settings, QKeySequence("Ctrl+,"))
        file_menu.addSeparator()
        sync_menu.install(file_menu, self)
        file_menu.addSeparator()
        self._act(file_menu, self.tr("退出"), self.close, QKeySequence("Ctrl+Q"))
        for i, item in enumerate(nav.shown(bool(self.ctx.prefs.market_account))):
            shortcut = QKeySequence(f"Alt+{i + 1}") if i < 9 else None
            self._act(go, nav.title(item.key), lambda k=item.key: self.show_screen(k), shortcut)
        self._act(help_menu, self.tr("关于账房"), self._about)

    def _act(
        self, menu: object, text: str, slot: object, shortcut: QKeySequence | None = None
    ) -> QAction:
        from PySide6.QtGui import QAction

        action = QAction(text, self)
        if shortcut is not None:
            # the list form: setShortcut's overloads make PySide build Qt's enums (~25 ms)
            action.setShortcuts([shortcut])
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def rebuild(self) -> None:
        """After a language, text-size or theme change: rebuild every screen's texts."""
        key = self.current_key()
        old = self.centralWidget()
        for screen in self.screens.values():
            screen.deleteLater()
        self.screens.clear()
        self.statusBar().removeWidget(self.status)
        self.status.deleteLater()
        if self.sync_label is not None:
            self.statusBar().removeWidget(self.sync_label)
            self.sync_label.deleteLater()
            self.sync_label = None
        self.build()
        if old is not None:
            old.deleteLater()
        self.show_screen(key or "dashboard")

    # ---------------------------------------------------------------- screens
    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(KEY_ROLE) if item else None

    def _nav_changed(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None and item.data(KEY_ROLE):
            self._show(item.data(KEY_ROLE))

    def show_screen(self, key: str) -> QWidget:
        for i in range(self.nav.count()):
            if self.nav.item(i).data(KEY_ROLE) == key:
                self.nav.setCurrentRow(i)
                break
        return self._show(key)

    def _show(self, key: str) -> QWidget:
        screen = self.screens.get(key)
        if screen is None:
            screen = self._make(key)
            self.screens[key] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        return screen

    def _make(self, key: str) -> QWidget:
        if key == "dashboard":
            from desktop.views.dashboard import DashboardScreen

            dashboard = DashboardScreen(self.ctx)
            dashboard.open_requested.connect(self.open_record)
            return dashboard
        if key == "reports":
            from desktop.views.reports import ReportsScreen

            return ReportsScreen(self.ctx)
        if key == "sync":
            from desktop.views.sync_screen import SyncScreen

            return SyncScreen(self.ctx, self.sync)
        # the list screens and their print menus load with the first list opened, not at
        # the start (the window paints the dashboard first)
        from desktop.queries import lists
        from desktop.views.list_screen import ListScreen
        from desktop.views.printing.menus import install as install_list_menus

        item = next(i for i in nav.ITEMS if i.key == key)
        screen = ListScreen(self.ctx, lists.SPECS[key], item.new_what)
        screen.open_requested.connect(self.open_record)
        screen.new_requested.connect(self.new_record)
        install_list_menus(screen, self)
        return screen

    # ---------------------------------------------------------------- records
    def open_record(self, what: str, ident: str) -> QWidget | None:
        from desktop.views import opener

        return opener.open_record(self, self.ctx, what, ident)

    def new_record(self, what: str) -> QWidget | None:
        from desktop.views import opener

        return opener.new_record(self, self.ctx, what)

    def _statements(self) -> None:
        from desktop.views.printing.statements import open_batch

        open_batch(self, self.ctx)

    def import_excel(self, path: object = None) -> QWidget:
        return hooks.open_wizard(self.ctx, self, path)  # type: ignore[arg-type]

    def keep(self, window: QWidget) -> None:
        self.windows = [w for w in self.windows if alive(w)]
        self.windows.append(window)

    def open_stocktake(self) -> QWidget:
        from desktop.views.stocktake import StocktakeWindow

        window = StocktakeWindow(self.ctx, self)
        window.show()
        return window

    def open_firm(self) -> None:
        from desktop.views.firm_dialog import FirmDialog

        FirmDialog(self.ctx, self).exec()

    def open_layouts(self) -> None:
        from desktop.views.printing.layout_editor import open_editor

        open_editor(self, self.ctx)

    def open_people(self) -> None:
        from desktop.views.people_dialog import PeopleDialog

        PeopleDialog(self.ctx, self).exec()

    def open_settings(self) -> None:
        from desktop.views.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # its types: not before the first paint

        QMessageBox.about(
            self,
            self.tr("关于账房"),
            self.tr("账房 Zhangfang {version}：进销存账本。数据保存在本机：{path}").format(
                version=__version__, path=self.ctx.path
            ),
        )

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.stop()
        for window in self.windows:
            if alive(window):
                window.close()
        super().closeEvent(event)


def _headings(heads: list[QListWidgetItem]) -> None:
    """The nav's group headings take no click nor keyboard focus (they still look like text,
    not like disabled entries). Just after the first paint: the flag is one of ``Qt``'s."""
    from PySide6.QtCore import Qt

    for head in heads:
        head.setFlags(Qt.ItemFlag.NoItemFlags)
