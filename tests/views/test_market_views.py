"""The marketplace in the window: the product form's 网店 page and the dashboard's inbox."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.views.forms.product_form import ProductForm
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def _png(path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    assert image.save(str(path), "PNG")
    return path


def _product_id(ctx: Any, code: str) -> uuid.UUID:
    from desktop.services.products import get_product

    with ctx.ledger.read() as session:
        ident: uuid.UUID = get_product(session, code).id
        return ident


def _listing(ctx: Any, ident: uuid.UUID) -> tuple[Any, ...] | None:
    from desktop.models import Listing

    with ctx.ledger.read() as session:
        listing = session.get(Listing, ident)
        if listing is None:
            return None
        return (
            listing.published,
            listing.title,
            format(listing.safety_buffer.normalize(), "f"),
            listing.show_stock,
            len(listing.pictures),
        )


def test_the_product_form_publishes_with_pictures(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    ident = _product_id(ctx, "00123")
    form = ProductForm(ctx, ident)
    qtbot.addWidget(form)
    form.show()
    page = form.listing
    assert form.tabs.count() == 2 and page.title.placeholderText() == "不锈钢螺丝"
    assert "个" in page.available.text()
    form.min_order_qty.setText("48")
    form.tabs.setCurrentWidget(page)
    page.published.setChecked(True)
    page.title.setText("304 不锈钢螺丝")
    page.buffer.setText("十个")
    form.submit()
    assert "数字" in page.buffer_error.text() and _listing(ctx, ident) is None
    page.buffer.setText("10")
    page.show_stock.setCurrentIndex(page.show_stock.findData("level"))
    (tmp_path / "notes.txt").write_text("不是图片")
    page.add_files([_png(tmp_path / "a.png"), tmp_path / "notes.txt"])
    assert page.pictures.count() == 1 and "notes.txt" in page.picture_error.text()
    form.submit()
    wait_idle(qtbot, ctx)
    assert _listing(ctx, ident) == (True, "304 不锈钢螺丝", "10", "level", 1)
    again = ProductForm(ctx, ident)
    qtbot.addWidget(again)
    assert again.min_order_qty.text() == "48"
    assert again.listing.published.isChecked() and again.listing.pictures.count() == 1
    again.listing.pictures.item(0).setSelected(True)
    again.listing.remove_picture.click()
    again.submit()
    wait_idle(qtbot, ctx)
    assert _listing(ctx, ident) == (True, "304 不锈钢螺丝", "10", "level", 0)


def test_saving_a_product_without_touching_the_page_lists_nothing(qtbot: Any, ctx: Any) -> None:
    ident = _product_id(ctx, "00123")
    form = ProductForm(ctx, ident)
    qtbot.addWidget(form)
    form.submit()
    wait_idle(qtbot, ctx)
    assert _listing(ctx, ident) is None


def _receive(ctx: Any, qtbot: Any, kind: str, buyer_name: str) -> tuple[uuid.UUID, uuid.UUID]:
    from desktop.models import Listing
    from desktop.services import market

    ident = _product_id(ctx, "00123")
    buyer = market.BuyerInfo(id=uuid.uuid4(), name=buyer_name, company=f"{buyer_name}公司")
    made: list[uuid.UUID] = []

    def write(uow: Any) -> None:
        if uow.session.get(Listing, ident) is None:
            market.publish(uow, ident)
        req = market.MarketRequest(uuid.uuid4(), kind, buyer, [(ident, "个", "5")])
        made.append(market.receive_request(uow, req).id)

    ctx.write(write)
    wait_idle(qtbot, ctx)
    return made[0], buyer.id


def test_the_dashboard_inbox(qtbot: Any, ctx: Any, window: Any) -> None:
    dashboard = window.show_screen("dashboard")
    inbox = dashboard.inbox
    assert not inbox.isVisible(), "no listing, no buyer: no inbox"
    order, wang = _receive(ctx, qtbot, "order", "王五")
    inquiry, _li = _receive(ctx, qtbot, "inquiry", "李四")
    qtbot.waitUntil(lambda: inbox.isVisible() and inbox.drafts.rowCount() == 2)
    assert inbox.buyers.rowCount() == 2
    assert inbox.pages.tabText(0) == "询价与订单（2）"
    texts = [inbox.drafts.item(0, c).text() for c in range(7)]
    assert texts[0] == "销售订单" and texts[2] == "王五（王五公司）" and texts[3] == "（待接受）"
    assert texts[4] == "1"
    inbox.drafts.selectRow(0)
    inbox.open_selected()
    qtbot.waitUntil(lambda: any(type(w).__name__ == "DocumentEditor" for w in window.windows))
    editor = next(w for w in window.windows if type(w).__name__ == "DocumentEditor")
    assert editor.header.buyer.text() == "王五（王五公司） · 待审核"
    inbox.accept_buyer(wang, "C001")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: inbox.buyers.rowCount() == 1)
    qtbot.waitUntil(lambda: inbox.drafts.item(0, 3).text() == "张三五金")
    inbox.decline_draft(inquiry, "没有货")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: inbox.drafts.rowCount() == 1)
    assert order in inbox.draft_ids
