"""The marketplace's listing rules on the firm's ledger: publishing, pictures, THE
availability rule, the catalog rows the server projects, and the buyer's price."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import Listing, ListingPicture, OutboxEntry
from desktop.services import credit, documents, market, products, trade
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.opening import opening_stock
from tests.core.market_helpers import JPEG, PNG, buyer, listed, request
from tests.helpers import customer, product, row_counts

D = Decimal


def _free(ledger: Ledger, ident: uuid.UUID) -> market.Availability:
    with ledger.read() as session:
        return market.availability(session, [ident])[ident]


def test_publish_keeps_what_is_not_given_and_unpublish_hides(ledger: Ledger) -> None:
    ident = listed(ledger, buffer="5")
    with ledger.unit() as uow:
        market.publish(uow, ident, title="M8 螺栓（镀锌）", show_stock="level")
    with ledger.read() as session:
        listing = session.get(Listing, ident)
        assert listing is not None
        assert (listing.title, listing.safety_buffer, listing.show_stock) == (
            "M8 螺栓（镀锌）",
            D(5),
            "level",
        )
        assert listing.published and listing.version == 2
        intents = [e.intent for e in session.scalars(select(OutboxEntry))]
        assert intents.count("listing.set") == 2
    with ledger.unit() as uow:
        market.unpublish(uow, ident)
    with ledger.read() as session:
        (row,) = market.catalog_rows(session, [ident])
        assert row.published is False and row.title == "M8 螺栓（镀锌）"


def test_publishing_refuses_an_archived_product_and_a_bad_way_to_show_stock(
    ledger: Ledger,
) -> None:
    ident = product(ledger, code="0001", name="旧货")
    with ledger.unit() as uow:
        products.update_product(uow, ident, archived=True)
    before = row_counts(ledger)
    with pytest.raises(ValidationError) as archived, ledger.unit() as uow:
        market.publish(uow, ident)
    assert "已停用" in archived.value.zh and "archived" in archived.value.en
    other = product(ledger, code="0002", name="新货")
    before = row_counts(ledger)
    with pytest.raises(ValidationError) as bad, ledger.unit() as uow:
        market.publish(uow, other, show_stock="maybe")
    assert bad.value.code == "bad_show_stock"
    assert row_counts(ledger) == before


def test_pictures_are_checked_by_their_bytes_and_replace_the_old_ones(ledger: Ledger) -> None:
    ident = listed(ledger)
    with ledger.unit() as uow:
        market.set_pictures(uow, ident, [("image/png", PNG), ("image/jpeg", JPEG)])
    with ledger.unit() as uow:
        market.set_pictures(uow, ident, [("image/jpeg", JPEG)])
    with ledger.read() as session:
        kept = market.pictures(session, ident)
        assert [(p.position, p.mime, p.data) for p in kept] == [(1, "image/jpeg", JPEG)]
        assert session.scalars(select(ListingPicture)).all() == kept
        (row,) = market.catalog_rows(session, [ident])
        assert len(row.picture_shas) == 1 and len(row.picture_shas[0]) == 64
    for pictures, code in (
        ([("image/png", JPEG)], "bad_picture"),  # claims PNG, is a JPEG
        ([("image/gif", b"GIF89a" + b"\0" * 10)], "bad_picture"),
        ([("image/png", PNG + b"\0" * (1024 * 1024))], "picture_too_big"),
        ([("image/png", PNG)] * 9, "too_many_pictures"),
    ):
        with pytest.raises(ValidationError) as refused, ledger.unit() as uow:
            market.set_pictures(uow, ident, pictures)
        assert refused.value.code == code
        assert refused.value.zh and refused.value.en


def test_pictures_before_publishing_make_an_unpublished_listing(ledger: Ledger) -> None:
    ident = product(ledger, code="0003", name="垫片")
    with ledger.unit() as uow:
        market.set_pictures(uow, ident, [("image/png", PNG)])
    with ledger.read() as session:
        listing = session.get(Listing, ident)
        assert listing is not None and not listing.published and len(listing.pictures) == 1


def test_availability_is_on_hand_less_open_orders_less_the_buffer(ledger: Ledger) -> None:
    ident = listed(ledger, stock="100", buffer="10")
    assert _free(ledger, ident).figure == D(90)
    zhang = customer(ledger)
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", zhang, [LineInput(ident, D(1), "箱", "20")], date(2026, 12, 2)
        )
    assert _free(ledger, ident).figure == D(90), "a clerk's draft order promises nothing"
    with ledger.unit() as uow:
        credit.confirm_order(uow, order.id)
    assert _free(ledger, ident).figure == D(66)  # 100 − 24 − 10
    with ledger.unit() as uow:
        doc = documents.get_document(uow.session, order.id)
        line = doc.lines[0].id
        trade.fulfil(uow, order.id, {line: D("0.5")}, date(2026, 12, 3))
    # 12 delivered: on hand 88, still owed 12
    assert _free(ledger, ident).figure == D(66)
    with ledger.unit() as uow:
        market.receive_request(uow, request("order", buyer(), [(ident, "个", "30")]))
    assert _free(ledger, ident).figure == D(36), "a marketplace draft is counted"
    with ledger.unit() as uow:
        market.receive_request(uow, request("inquiry", buyer(), [(ident, "个", "30")]))
    assert _free(ledger, ident).figure == D(36), "an inquiry promises nothing"


def test_availability_is_floored_at_zero_and_gives_a_level(ledger: Ledger) -> None:
    ident = listed(ledger, stock="20", buffer="30")
    free = _free(ledger, ident)
    assert (free.figure, free.level, free.shown) == (D(0), "out", "figure")
    plenty = listed(ledger, code="0043", name="平垫 M8", stock="500", min_order_qty="50")
    low = listed(ledger, code="0044", name="弹垫 M8", stock="60", min_order_qty="100")
    with ledger.unit() as uow:
        market.publish(uow, low, show_stock="level")
    with ledger.read() as session:
        found = market.availability(session, [plenty, low])
    assert found[plenty].level == "in" and found[plenty].figure == D(500)
    assert (found[low].level, found[low].shown) == ("low", "level")
    # a box of 24 is bigger than what is left
    small = listed(ledger, code="0045", name="螺母 M8", stock="20")
    assert _free(ledger, small).level == "low"


def test_catalog_rows_carry_what_buyers_see_with_pinyin_search_text(ledger: Ledger) -> None:
    ident = listed(ledger, min_order_qty="10", stock="50", buffer="5")
    hidden = product(ledger, code="0099", name="不卖的")
    with ledger.read() as session:
        rows = market.catalog_rows(session)
        assert [r.product_id for r in rows] == [ident], "only listed products by default"
        (row,) = rows
        (never,) = market.catalog_rows(session, [hidden])
    assert (row.code, row.title, row.spec, row.category, row.base_unit) == (
        "0042",
        "六角螺栓 M8",
        "M8×30",
        "紧固件",
        "个",
    )
    assert row.pack_units == [("箱", D(24))]
    assert row.tiers == [(D(0), D(1)), (D(100), D("0.8"))]
    assert row.moq == D(10) and row.availability.figure == D(45)
    assert row.published and row.version == 1
    for piece in ("六角螺栓", "ljls", "liujiaoluoshuan", "0042", "紧固件", "jgj", "m8×30"):
        assert piece in row.search_text, piece
    assert never.published is False and never.version == 0


def test_an_archived_product_leaves_the_catalog(ledger: Ledger) -> None:
    ident = listed(ledger)
    with ledger.unit() as uow:
        products.update_product(uow, ident, archived=True)
    with ledger.read() as session:
        (row,) = market.catalog_rows(session, [ident])
    assert row.published is False


def test_buyer_price_goes_through_the_price_rule(ledger: Ledger) -> None:
    ident = listed(ledger)
    level2 = customer(ledger, "老客户", price_level=2)
    known = buyer()
    with ledger.unit() as uow:
        market.receive_request(uow, request("inquiry", known, [(ident, "个", "1")]))
        market.accept_buyer(uow, known.id, level2)
    with ledger.read() as session:
        item = products.get_product(session, ident)
        assert market.buyer_price(session, known.id, item, D(1)) == D("0.70")
        assert market.buyer_price(session, None, item, D(1)) == D("1.00")
        assert market.buyer_price(session, None, item, D(240)) == D("0.80")
        assert market.buyer_price(session, uuid.uuid4(), item, D(240)) == D("0.80")


def test_stock_added_later_raises_availability(ledger: Ledger) -> None:
    ident = listed(ledger, stock=None)
    assert _free(ledger, ident).figure == 0
    with ledger.unit() as uow:
        opening_stock(uow, {ident: (D(7), D(1))}, date(2026, 12, 1))
    assert _free(ledger, ident).figure == D(7)
