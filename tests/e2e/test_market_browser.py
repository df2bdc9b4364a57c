"""The buyer's journey in a real browser (issue 17): Chromium from the distribution
(``/usr/bin/chromium``), driven by Playwright, against the real server process and a
real desk. The desk publishes and syncs; a buyer signs up, finds a product by its Chinese
name, sends an inquiry and places an order; the desk has the drafts; the clerk confirms,
delivers and bills; the buyer's page shows confirmed, shipped, billed. An inquiry quoted,
accepted and confirmed shows quoted → confirmed; one declined shows 已拒绝 and the reason.

Screenshots (desktop 1280 wide and phone 390 wide, Chinese and English) are kept in the
test's folder and copied to /tmp/market-shots for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models import Document
from desktop.services import credit, market
from tests.e2e.harness import Desk, ServerProcess
from tests.e2e.market_steps import (
    bill,
    confirm,
    deliver,
    document_of,
    drafts,
    publish,
    send_quote,
)

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/market-shots")
D = Decimal
PHONE = 390


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour with a darker band (a product picture for the test)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b""
    for y in range(height):
        shade = tuple(c // 2 for c in rgb) if height // 3 < y < 2 * height // 3 else rgb
        rows += b"\x00" + bytes(shade) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: apt-get install chromium fonts-wqy-microhei")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []

    def take(self, page: Any, name: str) -> None:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)

    def copy_out(self) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for path in self.taken:
            shutil.copyfile(path, SHOTS / path.name)


def _status(page: Any, kind_zh: str) -> str:
    """The status of the newest request of this kind on the buyer's list."""
    row = page.locator("li.request", has=page.locator(".kind", has_text=kind_zh)).first
    return str(row.locator(".status").get_attribute("data-status"))


def test_a_buyer_in_a_real_browser(
    browser: Any,
    shared_server: ServerProcess,
    firm: str,
    desks: Callable[..., Desk],
    tmp_path: Path,
) -> None:
    desk = desks(shared_server.url, f"front-{firm}", firm=firm)
    bolt = publish(desk.ledger, "0042", "六角螺栓 M8", "500")
    nut = publish(desk.ledger, "0043", "六角螺母 M8", "100", buffer="10", min_order_qty="24")
    washer = publish(desk.ledger, "0044", "不锈钢平垫圈 8mm", "3", category="垫圈")
    with desk.ledger.unit() as uow:
        market.publish(uow, washer, show_stock="level")
        market.set_pictures(uow, bolt, [("image/png", _png(96, 96, (40, 110, 200)))])
    desk.sync()
    shots = Shots(tmp_path / "shots")
    base = f"{shared_server.url}/m/{firm}"

    wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = wide.new_page()
    page.goto(f"{base}/")
    assert page.locator("li.product").count() == 3
    shots.take(page, "catalog-zh-1280")

    # sign up
    page.get_by_role("link", name="注册").first.click()
    page.fill("input[name=login]", f"{firm}@example.cn")
    page.fill("input[name=password]", "buyer-pass-1")
    page.fill("input[name=name]", "王五")
    page.fill("input[name=company]", "王五建材")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url(f"{base}/")
    assert "王五" in page.locator(".hello").inner_text()

    # find the bolt by its Chinese name and ask for a quote
    page.fill("input[name=q]", "螺栓")
    page.get_by_role("button", name="搜索").click()
    assert page.locator("li.product h2").all_inner_texts() == ["六角螺栓 M8 紧固件"]
    page.fill(f"input[name=qty_{bolt}]", "10")
    page.fill("textarea[name=note]", "请报价，周五前要")
    shots.take(page, "search-zh-1280")
    page.get_by_role("button", name="询价").click()
    page.wait_for_url(f"{base}/requests*")
    assert _status(page, "询价") == "received"

    # an order below the minimum is refused plainly; at the minimum it goes through
    page.goto(f"{base}/?q=螺母")
    page.fill(f"input[name=qty_{nut}]", "10")
    page.get_by_role("button", name="下单").click()
    assert page.locator("p.error").count() == 1
    shots.take(page, "refused-zh-1280")
    page.fill(f"input[name=qty_{nut}]", "2")
    page.select_option(f"select[name=unit_{nut}]", "箱")
    page.get_by_role("button", name="下单").click()
    page.wait_for_url(f"{base}/requests*")
    assert _status(page, "订单") == "received"

    # the desk: one draft quote and one draft sales order, the buyer's prices
    desk.sync()
    made = drafts(desk.ledger)
    assert sorted((kind, status) for kind, status, _ref, _lines in made) == [
        ("quote", "draft"),
        ("sales_order", "draft"),
    ]
    lines = {kind: got for kind, _s, _r, got in made}
    assert lines["quote"] == [(bolt, "个", D(10), D("1"))]
    assert lines["sales_order"] == [(nut, "箱", D(2), D("24"))]
    order_ref = next(ref for kind, _s, ref, _l in made if kind == "sales_order")[4:]
    buyer_id = _buyer_of(shared_server, f"{firm}@example.cn")

    # the clerk, step by step; the buyer's page follows
    order = confirm(desk.ledger, order_ref, buyer_id)
    desk.sync()
    page.reload()
    assert _status(page, "订单") == "confirmed"
    deliver(desk.ledger, order)
    desk.sync()
    page.reload()
    assert _status(page, "订单") == "shipped"
    bill(desk.ledger, order)
    desk.sync()
    page.reload()
    assert _status(page, "订单") == "billed"

    # the clerk quotes the inquiry; the buyer accepts the quote: an order at its price
    quote_ref = next(ref for kind, _s, ref, _l in made if kind == "quote")[4:]
    send_quote(desk.ledger, quote_ref, "0.95")
    desk.sync()
    page.reload()
    assert _status(page, "询价") == "quoted"
    assert "¥0.95" in page.locator("li.request", has_text="询价").first.inner_text()
    shots.take(page, "requests-zh-1280")
    page.get_by_role("button", name="接受报价并下单").click()
    page.wait_for_url(f"{base}/requests*")
    assert page.locator("li.request").count() == 2
    assert "您已接受报价" in page.locator("li.request", has_text="询价").first.inner_text()
    desk.sync()
    accepted = [
        got
        for kind, status, ref, got in drafts(desk.ledger)
        if (kind, status, ref) == ("sales_order", "draft", "")
    ]
    assert accepted == [[(bolt, "个", D(10), D("0.95"))]]

    # the clerk confirms the order the accepted quote made: the inquiry goes quoted →
    # confirmed on the buyer's page
    with desk.ledger.unit() as uow:
        credit.confirm_order(uow, _quote_order(desk))
    desk.sync()
    page.reload()
    assert _status(page, "询价") == "confirmed"
    # "waiting for the firm to confirm" is gone once it did
    assert "您已接受报价" not in page.locator("li.request", has_text="询价").first.inner_text()

    # another inquiry, declined with a reason: the buyer sees 已拒绝 and why
    page.goto(f"{base}/?q=垫圈")
    page.fill(f"input[name=qty_{washer}]", "500")
    page.get_by_role("button", name="询价").click()
    page.wait_for_url(f"{base}/requests*")
    assert _status(page, "询价") == "received"
    desk.sync()
    fresh = [
        ref for kind, status, ref, _l in drafts(desk.ledger) if (kind, status) == ("quote", "draft")
    ]
    assert len(fresh) == 1
    with desk.ledger.unit() as uow:
        market.decline(uow, document_of(desk.ledger, fresh[0][4:]), "本月缺货，下月初再来")
    desk.sync()
    page.reload()
    newest = page.locator("li.request").first
    assert newest.locator(".status").get_attribute("data-status") == "declined"
    assert "已拒绝" in newest.inner_text() and "本月缺货，下月初再来" in newest.inner_text()
    shots.take(page, "declined-zh-1280")

    page.goto(f"{base}/p/{bolt}")
    assert page.locator(".pictures img").count() == 1
    assert page.evaluate("document.querySelector('.pictures img').naturalWidth") == 96
    shots.take(page, "product-zh-1280")

    # English, by the language link
    page.goto(f"{base}/requests")
    page.locator("a.lang").click()
    assert page.locator("html").get_attribute("lang") == "en"
    shown = page.locator("ul.requests").inner_text()
    assert "Billed" in shown and "Confirmed" in shown
    assert "Declined" in shown and "本月缺货，下月初再来" in shown
    shots.take(page, "requests-en-1280")
    page.goto(f"{base}/")
    shots.take(page, "catalog-en-1280")
    cookies = wide.cookies()
    wide.close()

    # a phone, 390 wide: the same session, Chinese and English
    for lang in ("zh", "en"):
        phone = browser.new_context(
            viewport={"width": PHONE, "height": 844}, device_scale_factor=2, is_mobile=True
        )
        phone.add_cookies([c for c in cookies if c["name"] != "zf_lang"])
        phone.add_cookies([{"name": "zf_lang", "value": lang, "url": shared_server.url}])
        small = phone.new_page()
        for name, url in (
            ("catalog", f"{base}/"),
            ("requests", f"{base}/requests"),
            ("product", f"{base}/p/{bolt}"),
        ):
            small.goto(url)
            # nothing wider than the screen
            assert small.evaluate("document.documentElement.scrollWidth") <= PHONE, name
            shots.take(small, f"{name}-{lang}-{PHONE}")
        # the declined inquiry's reason and the confirmed one, on the phone too
        small.goto(f"{base}/requests")
        assert (
            small.locator("li.request").first.locator(".status").get_attribute("data-status")
            == "declined"
        )
        phone.close()
    shots.copy_out()


def _quote_order(desk: Desk) -> Any:
    """The draft sales order a buyer's accepting a quote made (it has no ref of its own)."""
    with desk.ledger.read() as session:
        return session.scalar(
            select(Document.id).where(
                Document.kind == "sales_order",
                Document.status == "draft",
                Document.buyer_id.is_not(None),
                Document.external_ref.is_(None),
            )
        )


def _buyer_of(server: ServerProcess, login: str) -> Any:
    import uuid

    ((ident,),) = server.db("SELECT id FROM buyer_account WHERE login_key = :k", k=login)
    return uuid.UUID(str(ident))
