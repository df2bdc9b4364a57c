"""Where the rest of the window reaches import and export: light to import, loads on use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QPushButton, QWidget

#: lists whose data can come from a file (the wizard starts with that kind)
IMPORTABLE = {"customers": "customer", "suppliers": "supplier", "products": "product"}
DROPPABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb", ".et", ".txt", ".tsv")


def open_wizard(ctx: Any, parent: QWidget | None, path: Path | None = None) -> Any:
    from desktop.views.importer.wizard import open_import_wizard

    wizard = open_import_wizard(ctx, parent, path)
    _keep(parent, wizard)
    return wizard


def open_history(ctx: Any, parent: QWidget | None) -> Any:
    from desktop.views.importer.history import open_import_history

    dialog = open_import_history(ctx, parent)
    _keep(parent, dialog)
    return dialog


def _keep(parent: QWidget | None, widget: QWidget) -> None:
    window = parent.window() if parent is not None else None
    if window is not None and hasattr(window, "keep"):
        window.keep(widget)


def list_buttons(screen: Any) -> list[QPushButton]:
    """导入 (for customers, suppliers, products) and 导出 Excel, for a list screen's bar."""
    from desktop.views.icons import icon  # QStyle's enums: ~10 ms, not before the first paint

    buttons = []
    name = screen.spec.name
    if name in IMPORTABLE:
        imp = QPushButton(icon("import"), QCoreApplication.translate("ListScreen", "导入…"))
        imp.setObjectName(f"import_{name}")
        imp.clicked.connect(lambda: open_wizard(screen.ctx, screen))
        buttons.append(imp)
    exp = QPushButton(icon("export"), QCoreApplication.translate("ListScreen", "导出 Excel…"))
    exp.setObjectName(f"export_{name}")

    def export() -> None:
        from desktop.views.importer.export import export_list

        export_list(screen)

    exp.clicked.connect(export)
    buttons.append(exp)
    return buttons


def dropped_file(event: QDropEvent) -> Path | None:
    """The spreadsheet being dragged in, if it is one file we can read."""
    data = event.mimeData()
    if not data.hasUrls():
        return None
    files = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
    if len(files) != 1 or files[0].suffix.lower() not in DROPPABLE:
        return None
    return files[0]


class _DropFilter(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDropEvent)
            if dropped_file(event) is not None:
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                open_wizard(self.window.ctx, self.window, path)
                return True
        return False


def accept_drops(window: Any) -> None:
    """Dropping a spreadsheet on the main window opens the import wizard with it."""
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window))
