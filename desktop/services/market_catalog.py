"""What buyers may see of the firm's products: one row per listed product, for the server
to project into its own database (search, categories, tier prices, availability)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models import Listing, ListingPicture, Product
from desktop.search_keys import search_key
from desktop.services.market_listing import Availability, availability


@dataclass(frozen=True)
class CatalogRow:
    """A product as buyers see it. ``published`` False: hide it (unpublished, archived, or
    never listed). ``tiers`` and ``pack_units`` are the product's own; quantities in base
    units; ``version`` is the listing's (0: never listed)."""

    product_id: uuid.UUID
    code: str
    title: str
    spec: str
    category: str
    base_unit: str
    pack_units: list[tuple[str, Decimal]]
    tiers: list[tuple[Decimal, Decimal]]
    moq: Decimal
    availability: Availability
    picture_shas: list[str]
    #: title, spec, code and category, each with its pinyin initials and full pinyin
    search_text: str
    published: bool
    version: int


def catalog_rows(
    session: Session, product_ids: Iterable[uuid.UUID] | None = None
) -> list[CatalogRow]:
    """The catalog rows of the given products (listed or not), or of every listed one."""
    if product_ids is None:
        wanted = list(session.scalars(select(Listing.product_id)))
    else:
        wanted = list(dict.fromkeys(product_ids))
    rows: list[CatalogRow] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        products = session.scalars(
            select(Product)
            .where(Product.id.in_(chunk))
            .options(selectinload(Product.units), selectinload(Product.prices))
            .order_by(Product.code)
        ).all()
        listings = {
            x.product_id: x
            for x in session.scalars(select(Listing).where(Listing.product_id.in_(chunk)))
        }
        shas: dict[uuid.UUID, list[str]] = {}
        for product_id, sha in session.execute(
            select(ListingPicture.product_id, ListingPicture.sha256)
            .where(ListingPicture.product_id.in_(chunk))
            .order_by(ListingPicture.position)
        ):
            shas.setdefault(product_id, []).append(sha)
        free = availability(session, chunk)
        rows += [_row(p, listings.get(p.id), free[p.id], shas.get(p.id, [])) for p in products]
    return rows


def _row(
    product: Product, listing: Listing | None, free: Availability, shas: list[str]
) -> CatalogRow:
    title = (listing.title if listing else "") or product.name
    spec = (listing.spec if listing else "") or product.spec
    return CatalogRow(
        product_id=product.id,
        code=product.code,
        title=title,
        spec=spec,
        category=product.category,
        base_unit=product.base_unit,
        pack_units=[(u.unit, u.factor) for u in product.units],
        tiers=sorted((p.min_qty, p.price) for p in product.prices if p.kind == "tier"),
        moq=product.min_order_qty,
        availability=free,
        picture_shas=shas,
        search_text=search_key(title, spec, product.code, product.category),
        published=bool(listing and listing.published and not product.archived),
        version=listing.version if listing else 0,
    )
