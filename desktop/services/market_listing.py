"""What the firm publishes on the marketplace, what buyers may order of it, at what price.

THE availability rule (:func:`availability`) and THE buyer's price (:func:`buyer_price`,
through ``products.suggest_price``) live here; the server calls them on the firm's ledger
and never keeps a copy of either.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.codes import StockLevel, StockShown
from desktop.errors import ValidationError, not_found
from desktop.models import (
    Buyer,
    DocKind,
    DocStatus,
    Document,
    DocumentLine,
    Listing,
    ListingPicture,
    Product,
    StockBalance,
)
from desktop.money import QTY, ZERO
from desktop.services import validate as v
from desktop.services.products import suggest_price
from desktop.services.uow import UnitOfWork, intent_entry

#: the picture types buyers' browsers show, by the bytes a file of each starts with
PICTURE_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_PICTURE_BYTES = 1024 * 1024
MAX_PICTURES = 8
#: sales orders whose undelivered quantities are promised away (drafts from buyers too)
OPEN_ORDER = (DocStatus.CONFIRMED, DocStatus.PARTIAL)
#: what counts of a delivery (a reversed one and its reversal net out)
COUNTED = (DocStatus.POSTED, DocStatus.REVERSED)


@dataclass(frozen=True)
class Availability:
    """What buyers may still order of a product, and how the firm shows it.

    ``figure``: on hand − open sales orders' undelivered quantity (drafts from the
    marketplace included) − the safety buffer, never below 0, in base units. ``level``:
    "out" at 0; "low" below the larger of the buffer, the minimum order quantity and the
    biggest pack (less than one order's worth left); else "in". ``shown``: "figure" or
    "level" (then buyers see only the level)."""

    figure: Decimal
    level: str
    shown: str


def _listing(session: Session, product_id: uuid.UUID) -> Listing | None:
    return session.get(Listing, product_id)


def _product(session: Session, product_id: uuid.UUID) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise not_found("商品", "Product", product_id)
    return product


@intent_entry
def publish(
    uow: UnitOfWork,
    product_id: uuid.UUID,
    *,
    title: str | None = None,
    spec: str | None = None,
    show_stock: str | None = None,
    safety_buffer: Decimal | str | int | None = None,
    published: bool = True,
) -> Listing:
    """Publish a product (or change how it is shown). A value left ``None`` stays as it
    was (the product's own name and spec, figures, no buffer for a new listing)."""
    session = uow.session
    product = _product(session, product_id)
    if published and product.archived and not uow.replaying:
        raise ValidationError(
            "archived",
            f"商品 {product.code} 已停用，不能发布到网店。",
            f"Product {product.code} is archived; it cannot be published.",
        )
    listing = _listing(session, product.id)
    if listing is None:
        listing = Listing(
            product_id=product.id,
            published=False,
            title="",
            spec="",
            show_stock=StockShown.FIGURE,
            safety_buffer=ZERO,
            version=0,
        )
        session.add(listing)
    if title is not None:
        listing.title = _text(title, "网店名称", "The name buyers see")
    if spec is not None:
        listing.spec = _text(spec, "网店规格", "The spec buyers see")
    if show_stock is not None:
        if show_stock not in set(StockShown):
            raise ValidationError(
                "bad_show_stock",
                "库存显示方式只能是“显示数量”或“只显示有货/少量/缺货”。",
                "Stock is shown either as a quantity or as in stock / low / out.",
            )
        listing.show_stock = show_stock
    if safety_buffer is not None:
        listing.safety_buffer = v.decimal_value(
            safety_buffer, "安全库存", "The safety buffer", column=QTY
        )
    listing.published = bool(published)
    listing.version += 1
    session.flush()
    uow.record(
        "listing.set",
        {
            "product": product.id,
            "title": listing.title,
            "spec": listing.spec,
            "show_stock": listing.show_stock,
            "safety_buffer": listing.safety_buffer,
            "published": listing.published,
        },
    )
    return listing


def unpublish(uow: UnitOfWork, product_id: uuid.UUID) -> Listing:
    """Take a product off the marketplace (its settings and pictures are kept)."""
    if _listing(uow.session, product_id) is None:
        product = _product(uow.session, product_id)
        raise ValidationError(
            "not_published",
            f"商品 {product.code} 没有发布到网店。",
            f"Product {product.code} is not on the marketplace.",
        )
    return publish(uow, product_id, published=False)


def _text(value: str, zh: str, en: str) -> str:
    text = v.plain_text(str(value).strip(), zh, en)
    if len(text) > 200:
        raise ValidationError(
            "too_long",
            f"{zh}太长（最多 200 个字）。",
            f"{en} is too long (at most 200 characters).",
        )
    return text


def picture_type(data: bytes) -> str | None:
    """The picture's type by its first bytes (never by what the sender claims)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


@intent_entry
def set_pictures(
    uow: UnitOfWork, product_id: uuid.UUID, pictures: list[tuple[str, bytes]]
) -> Listing:
    """Replace a product's pictures, in order (JPEG, PNG or WebP, at most 1 MB each). A
    product not listed yet gets an unpublished listing to hold them."""
    session = uow.session
    product = _product(session, product_id)
    if len(pictures) > MAX_PICTURES:
        raise ValidationError(
            "too_many_pictures",
            f"每个商品最多 {MAX_PICTURES} 张图片。",
            f"A product has at most {MAX_PICTURES} pictures.",
        )
    for no, (mime, data) in enumerate(pictures, start=1):
        if len(data) > MAX_PICTURE_BYTES:
            raise ValidationError(
                "picture_too_big",
                f"第 {no} 张图片太大（最大 1 MB）。",
                f"Picture {no} is too big (at most 1 MB).",
            )
        found = picture_type(data)
        if found is None or mime not in PICTURE_TYPES or found != mime:
            raise ValidationError(
                "bad_picture",
                f"第 {no} 张图片不是 JPEG、PNG 或 WebP 图片。",
                f"Picture {no} is not a JPEG, PNG or WebP picture.",
            )
    listing = _listing(session, product.id)
    if listing is None:
        listing = publish(uow, product.id, published=False)
    listing.pictures = []
    session.flush()
    listing.pictures = [
        ListingPicture(
            id=uow.new_key("listing_picture")[0],
            product_id=product.id,
            position=no,
            mime=mime,
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        for no, (mime, data) in enumerate(pictures, start=1)
    ]
    listing.version += 1
    session.flush()
    uow.record(
        "listing.pictures",
        {
            "product": product.id,
            "pictures": [[mime, base64.b64encode(data).decode()] for mime, data in pictures],
        },
    )
    return listing


def pictures_from_args(raw: list[list[str]]) -> list[tuple[str, bytes]]:
    """The pictures of a ``listing.pictures`` intent, as :func:`set_pictures` takes them."""
    return [(mime, base64.b64decode(data)) for mime, data in raw]


def pictures(session: Session, product_id: uuid.UUID) -> list[ListingPicture]:
    """A product's pictures in order (for the window and the server's picture route)."""
    return list(
        session.scalars(
            select(ListingPicture)
            .where(ListingPicture.product_id == product_id)
            .order_by(ListingPicture.position)
        )
    )


def promised(
    session: Session, product_ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, Decimal]:
    """Per product, the base quantity open sales orders still have to deliver: confirmed
    and partly delivered orders, and drafts from marketplace buyers."""
    query = (
        select(DocumentLine.id, DocumentLine.product_id, DocumentLine.qty, DocumentLine.unit_factor)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            Document.kind == DocKind.SALES_ORDER,
            or_(
                Document.status.in_(OPEN_ORDER),
                (Document.status == DocStatus.DRAFT) & Document.buyer_id.is_not(None),
            ),
        )
    )
    if product_ids is not None:
        query = query.where(DocumentLine.product_id.in_(list(product_ids)))
    lines = list(session.execute(query))
    delivered: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    ids = [line.id for line in lines]
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(DocumentLine.source_line_id, DocumentLine.qty, DocumentLine.unit_factor)
            .join(Document, Document.id == DocumentLine.document_id)
            .where(
                DocumentLine.source_line_id.in_(ids[start : start + 500]),
                Document.kind == DocKind.DELIVERY,
                Document.status.in_(COUNTED),
            )
        )
        for source, qty, factor in rows:
            if source is not None:
                delivered[source] += qty * factor
    owed: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for line_id, product_id, qty, factor in lines:
        owed[product_id] += max(ZERO, qty * factor - delivered[line_id])
    return owed


def availability(
    session: Session, product_ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, Availability]:
    """THE availability rule (see :class:`Availability`), for the given products or every
    listed one."""
    if product_ids is None:
        wanted = list(session.scalars(select(Listing.product_id)))
    else:
        wanted = list(dict.fromkeys(product_ids))
    found: dict[uuid.UUID, Availability] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(chunk)))}
        listings = {
            x.product_id: x
            for x in session.scalars(select(Listing).where(Listing.product_id.in_(chunk)))
        }
        on_hand: dict[uuid.UUID, Decimal] = {
            pid: qty
            for pid, qty in session.execute(
                select(StockBalance.product_id, StockBalance.qty).where(
                    StockBalance.product_id.in_(chunk)
                )
            )
        }
        owed = promised(session, chunk)
        for ident in chunk:
            product = products.get(ident)
            if product is None:
                continue
            listing = listings.get(ident)
            buffer = listing.safety_buffer if listing else ZERO
            figure = max(ZERO, on_hand.get(ident, ZERO) - owed.get(ident, ZERO) - buffer)
            found[ident] = Availability(
                figure=figure,
                level=_level(figure, product, buffer),
                shown=listing.show_stock if listing else StockShown.FIGURE,
            )
    return found


def _level(figure: Decimal, product: Product, buffer: Decimal) -> str:
    if figure <= 0:
        return StockLevel.OUT
    biggest_pack = max((u.factor for u in product.units), default=Decimal(1))
    if figure < max(buffer, product.min_order_qty, biggest_pack):
        return StockLevel.LOW
    return StockLevel.IN


def buyer_price(
    session: Session, buyer_id: uuid.UUID | None, product: Product, base_qty: Decimal
) -> Decimal:
    """The price per base unit a buyer pays for ``base_qty``: THE price rule
    (``products.suggest_price``) with the customer the buyer is linked to; an unknown or
    not yet accepted buyer gets the quantity tier (else the retail price)."""
    buyer = session.get(Buyer, buyer_id) if buyer_id is not None else None
    party = buyer.party if buyer is not None and buyer.party_id is not None else None
    return suggest_price(session, product, party, base_qty, DocKind.SALES_ORDER).price
