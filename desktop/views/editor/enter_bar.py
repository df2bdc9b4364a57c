"""Above the lines: where Enter goes (a hint) and the menu that chooses it (Alt+E)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from desktop.editing import stops
from desktop.views.theme import current_colors


class EnterStopsBar(QWidget):
    """``headers``: the lines table's column titles, in :data:`stops.COLUMNS` order."""

    #: the new choice of stops (names, table order)
    changed = Signal(object)

    def __init__(
        self, headers: list[str], chosen: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = dict(zip(stops.COLUMNS, headers, strict=True))
        self.hint = QLabel()
        self.hint.setObjectName("enter_hint")
        palette = self.hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, current_colors()["muted"])
        self.hint.setPalette(palette)
        self.button = QToolButton()
        self.button.setObjectName("enter_stops_button")
        self.button.setText(self.tr("回车停在(&E)…"))
        self.button.setToolTip(self.tr("选择回车键在明细中停留的列；其余的列用 Tab 或方向键到达"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        # off the Tab chain, so Tab still goes from the header straight into the lines
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.menu = QMenu(self.button)
        self.actions_by_column: dict[str, QAction] = {}
        for name in stops.TYPED:
            action = self.menu.addAction(self.headers[name])
            action.setCheckable(True)
            action.setObjectName(f"stop_{name}")
            if name in stops.REQUIRED:
                action.setEnabled(False)  # a line needs it: always a stop
            action.toggled.connect(lambda _on: self._toggled())
            self.actions_by_column[name] = action
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.button)
        self.set_stops(chosen)

    def chosen(self) -> tuple[str, ...]:
        return stops.normalise(n for n, a in self.actions_by_column.items() if a.isChecked())

    def set_stops(self, chosen: tuple[str, ...]) -> None:
        chosen = stops.normalise(chosen)
        for name, action in self.actions_by_column.items():
            action.blockSignals(True)
            action.setChecked(name in chosen)
            action.blockSignals(False)
        self._show_hint(chosen)

    def _toggled(self) -> None:
        chosen = self.chosen()
        self._show_hint(chosen)
        self.changed.emit(chosen)

    def _show_hint(self, chosen: tuple[str, ...]) -> None:
        path = " → ".join(self.headers[name] for name in chosen)
        self.hint.setText(self.tr("回车：{path} → 下一行；Tab 逐格").format(path=path))
