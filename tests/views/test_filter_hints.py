"""Each list's filter says what it matches there (it once said "…或电话筛选" everywhere)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from desktop.queries.lists import SPECS
from desktop.views import i18n
from desktop.views.list_screen import ListScreen

pytestmark = pytest.mark.gui
CJK = re.compile(r"[\u4e00-\u9fff]")


def _hint(ctx: Any, name: str) -> str:
    screen = ListScreen(ctx, SPECS[name])
    try:
        return screen.filter.placeholderText()
    finally:
        screen.deleteLater()


def test_hints_match_what_each_list_searches(qtbot: Any, ctx: Any) -> None:
    assert "电话" in _hint(ctx, "customers") and "条码" not in _hint(ctx, "customers")
    for name in ("products", "stock"):
        assert "条码" in _hint(ctx, name) and "电话" not in _hint(ctx, name)
    assert "单号" in _hint(ctx, "sales_bills")
    assert "发票号码" in _hint(ctx, "fapiao") and "电话" not in _hint(ctx, "fapiao")


def test_hints_in_english(qtbot: Any, ctx: Any) -> None:
    i18n.set_language("en")
    try:
        for name in SPECS:
            hint = _hint(ctx, name)
            assert hint and not CJK.search(hint), (name, hint)
    finally:
        i18n.set_language("zh")
