"""Journey 2: a clerk enters a sales order by keyboard only, choosing 张三五金 by typing zs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.views.conftest import wait_idle
from tests.views.helpers import activate, enter, focus, press, type_text

pytestmark = pytest.mark.gui


def open_new_order(qtbot: Any, window: Any) -> Any:
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # 文件 → 新建销售订单
    editor = window.windows[-1]
    qtbot.addWidget(editor)
    activate(qtbot, editor)
    return editor


def test_clerk_enters_order_by_keyboard(qtbot: Any, window: Any, ctx: Any) -> None:
    editor = open_new_order(qtbot, window)
    assert focus().objectName() == "party_lookup"

    type_text(qtbot, "zs")  # pinyin initials of 张三五金
    popup = editor.header.party_edit.popup()
    assert popup.isVisible() and "张三五金" in popup.item(0).text()
    enter(qtbot)
    assert editor.header.party.name == "张三五金"
    # the credit panel shows limit, balance and overdue days at once
    assert editor.credit.limit.text() == "50,000.00"
    assert editor.credit.balance.text() == "576.00"
    assert editor.credit.overdue.text().startswith("19")

    # line 1: product by pinyin initials of 不锈钢螺丝, in packs (箱), tier price
    assert focus().objectName() == "product_lookup"
    type_text(qtbot, "bxg")
    enter(qtbot)  # pick the product → unit cell
    press(qtbot, Qt.Key.Key_Down)  # 个 → 箱 (=24个)
    enter(qtbot)  # → quantity
    type_text(qtbot, "100")
    enter(qtbot)  # → price (filled from the 1000+ tier: 2.00/个 = 48/箱)
    item = editor.model.items[0]
    assert (item.unit, item.qty, item.price, item.price_source) == ("箱", 100, 48, "tier")
    assert editor.model.index(0, 8).data() == "57.60"  # last price to 张三五金, per 箱
    enter(qtbot)  # keep the price → discount
    type_text(qtbot, "5")
    enter(qtbot)  # → tax rate
    enter(qtbot)  # keep 13% → next line's product

    # line 2: by code, base unit, retail price
    assert focus().objectName() == "product_lookup"
    type_text(qtbot, "00456")
    enter(qtbot)
    enter(qtbot)  # unit 个
    type_text(qtbot, "500")
    enter(qtbot, 4)  # qty → price → discount → tax → new line
    assert editor.totals.total.text() == "¥ 4,960.00"
    assert editor.totals.words.text() == "肆仟玖佰陆拾元整"
    assert editor.credit.after.text() == f"{50000 - 576 - 4960:,.2f}"

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert editor.state is not None and editor.state.status == "draft"

    from desktop.services.documents import get_document

    with ctx.ledger.read() as s:
        doc = get_document(s, editor.state.id)
        assert doc.kind == "sales_order" and doc.party.name == "张三五金"
        assert [
            (x.product.code, x.unit, x.qty, x.unit_price, x.discount_rate) for x in doc.lines
        ] == [("00123", "箱", 100, 48, Decimal("0.05")), ("00456", "个", 500, Decimal("0.8"), 0)]
        assert (doc.net_total, doc.tax_total, doc.total) == (
            Decimal("4389.38"),
            Decimal("570.62"),
            Decimal("4960.00"),
        )
    assert "action_confirm" in [b.objectName() for b in editor.buttons.values()]
    assert "action_deliver" not in [b.objectName() for b in editor.buttons.values()]


def test_invalid_number_is_marked_and_blocks_save(
    qtbot: Any, window: Any, ctx: Any, messages: list[Any]
) -> None:
    editor = open_new_order(qtbot, window)
    type_text(qtbot, "C002")
    enter(qtbot)
    type_text(qtbot, "00123")
    enter(qtbot, 2)
    type_text(qtbot, "1x")
    enter(qtbot)
    assert (0, 3) in editor.model.errors
    editor.save()
    assert editor.state is None
    assert messages and "无效" in messages[-1][1]
    QApplication.processEvents()
