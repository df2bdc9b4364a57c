"""At 175 % text every window fits the screen it opens on (it once opened the editor at
1560 × 1000 on a 1366 × 768 laptop). The offscreen screen here is smaller still."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from desktop.codes import DocKind
from desktop.views.firm_dialog import FirmDialog
from desktop.views.people_dialog import PeopleDialog
from desktop.views.screen_fit import FRAME_H, FRAME_W
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.theme import apply_appearance

pytestmark = pytest.mark.gui


def _fits(widget: QWidget) -> None:
    area = widget.screen().availableGeometry()
    geo = widget.geometry()
    assert geo.width() <= area.width() - FRAME_W and geo.height() <= area.height() - FRAME_H, (
        widget.objectName() or type(widget).__name__,
        geo,
        area,
    )
    assert area.contains(geo), (type(widget).__name__, geo, area)


def test_windows_fit_at_large_text(qtbot: Any, qapp: Any, ctx: Any, window: Any) -> None:
    apply_appearance(qapp, 175, False)
    editor = window.new_record(DocKind.SALES_ORDER)
    assert editor is not None
    qtbot.addWidget(editor)
    editor.show()
    _fits(editor)
    for dialog in (SettingsDialog(ctx), FirmDialog(ctx), PeopleDialog(ctx)):
        qtbot.addWidget(dialog)
        dialog.show()
        _fits(dialog)
