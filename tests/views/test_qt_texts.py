"""Qt's own texts (standard buttons, context menus) follow the UI's language."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from desktop.views import i18n

pytestmark = pytest.mark.gui


def _button_texts() -> list[str]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
    )
    return [b.text().replace("&", "") for b in box.buttons()]


def test_standard_buttons_and_menus_speak_chinese(qapp: Any) -> None:
    i18n.set_language("zh")
    texts = _button_texts()
    assert "确定" in texts and "取消" in texts and "OK" not in texts
    box = QMessageBox(QMessageBox.Icon.Warning, "标题", "内容", QMessageBox.StandardButton.Ok)
    assert box.button(QMessageBox.StandardButton.Ok).text().replace("&", "") == "确定"
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    words = " ".join(a.text() for a in menu.actions())
    menu.deleteLater()
    assert "复制" in words and "Copy" not in words


def test_english_takes_them_back(qapp: Any) -> None:
    try:
        i18n.set_language("en")
        assert "OK" in _button_texts()
    finally:
        i18n.set_language("zh")
    assert "确定" in _button_texts()
