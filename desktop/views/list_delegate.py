"""Paints a list screen's cells from the model's prepared texts, as Qt's own delegate would.

Qt's delegate asks the model for seven roles per cell (seven calls into Python) and lays
the text out again on every paint: of a table's ~10 ms repaint that was most of it. This
one reads the row's display texts, colours and alignment from the model in one call, and
draws each text from a laid-out :class:`QStaticText` kept per text and font. A cell it
cannot draw exactly as Qt does (the current cell's focus, a struck-out status, text that
must be elided, a style sheet's look) is left to Qt's delegate. Same pixels either way
(``tests/views/test_list_paint.py`` compares them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from desktop.views.list_model import LazyListModel

#: laid-out texts kept per font; past this many the cache starts again (a list shows ~30
#: rows of ~10 texts; a day of filtering stays far below it)
KEPT = 20_000
# the state flags as plain ints: a Python enum operation per cell and flag costs more than
# drawing the cell's text
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
_RIGHT = Qt.AlignmentFlag.AlignRight.value
_PLAIN = Qt.TextFormat.PlainText
_HIGHLIGHT = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_ACTIVE_GROUP = QPalette.ColorGroup.Active
_INACTIVE_GROUP = QPalette.ColorGroup.Inactive
#: what makes the view's cells look otherwise: then the font's metrics, the style's margin,
#: the palette's colours and whether a style sheet draws the cells are looked up again
_LOOK_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange)


class ListDelegate(QStyledItemDelegate):
    """Draws a :class:`LazyListModel`'s plain cells itself; the rest through Qt's delegate.
    (Left to right only, as the app's languages are.)"""

    def __init__(self, view: QTableView, model: LazyListModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self._texts: dict[str, QStaticText] = {}
        self._ready = False
        self._qt_only = False
        self._height = 0
        self._margin = 0
        #: per colour group (active, inactive): the text pen, the selection's brush and pen
        self._colours: dict[QPalette.ColorGroup, tuple[QColor, QBrush, QColor]] = {}
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _LOOK_CHANGES:
            self._ready = False
        return False

    def _prepare(self, option: QStyleOptionViewItem) -> None:
        self._ready = True
        self._texts.clear()
        app = QApplication.instance()
        self._qt_only = isinstance(app, QApplication) and bool(app.styleSheet())
        metrics = QFontMetricsF(option.font)
        self._height = round(metrics.ascent() + metrics.descent())  # a text line, as Qt
        style = self.view.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        palette = option.palette
        self._colours = {
            group: (
                palette.color(group, _TEXT),
                palette.brush(group, _HIGHLIGHT),
                palette.color(group, _HIGHLIGHTED_TEXT),
            )
            for group in (_ACTIVE_GROUP, _INACTIVE_GROUP)
        }

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not self._ready:
            self._prepare(option)
        state = option.state.value
        r, c = index.row(), index.column()
        model = self.model
        if (
            self._qt_only
            or state & _FOCUS
            or not state & _ENABLED
            or not 0 <= r < len(model.rows)
            or model.struck_column(c)
        ):
            super().paint(painter, option, index)
            return
        texts, colours, _days = model.shown(r)
        text = texts[c]
        rect = option.rect
        static = None
        if text:
            static = self._texts.get(text)
            if static is None:
                if len(self._texts) >= KEPT:
                    self._texts.clear()
                static = self._texts[text] = QStaticText(text)
                static.setTextFormat(_PLAIN)
                static.prepare(font=option.font)
            if static.size().width() > rect.width() - 2 * self._margin:
                super().paint(painter, option, index)  # elided, as Qt elides
                return
        plain, highlight, highlighted = self._colours[
            _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP
        ]
        if state & _SELECTED:
            painter.fillRect(rect, highlight)
            painter.setPen(highlighted)
        else:
            colour = colours[c]
            painter.setPen(plain if colour is None else colour)
        if static is None:
            return
        margin = self._margin
        top = rect.y() + (rect.height() - self._height) // 2
        if model.alignment(c) & _RIGHT:  # where Qt's right-aligned line starts, unrounded
            x = rect.x() + rect.width() - margin - static.size().width()
        else:
            x = rect.x() + margin
        painter.drawStaticText(QPointF(x, top), static)
