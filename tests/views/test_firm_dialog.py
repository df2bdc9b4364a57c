"""公司资料 from the window: the firm's profile changes after the first run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from desktop.queries.lookups import firm_profile
from desktop.views.firm_dialog import FirmDialog
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def test_menu_opens_it_and_changes_are_saved(qtbot: Any, ctx: Any, window: Any, home: Path) -> None:
    actions = [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    assert "公司资料…" in actions
    dialog = FirmDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    before = firm_profile(ctx.conn)
    assert dialog.edits["name"].text() == before["name"]
    dialog.edits["phone"].setText("0574-8765 4321")
    dialog.edits["tax_id"].setText("91330203ma2abc")
    logo = home / "标志.png"
    Image.new("RGB", (60, 30), "blue").save(logo)
    dialog._show_logo(str(logo))
    assert dialog.changes().keys() == {"phone", "tax_id", "logo_path"}
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    after = firm_profile(ctx.conn)
    assert after["phone"] == "0574-8765 4321" and after["tax_id"] == "91330203MA2ABC"
    assert Path(after["logo_path"]).parent == home and after["name"] == before["name"]


def test_an_empty_name_is_refused_inline(qtbot: Any, ctx: Any) -> None:
    dialog = FirmDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    before = firm_profile(ctx.conn)
    dialog.edits["name"].setText("  ")
    dialog.edits["address"].setText("新地址")
    dialog.save()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and dialog.error.text() == "公司名称不能为空。"
    assert firm_profile(ctx.conn) == before
