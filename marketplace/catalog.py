"""Each firm's published catalog in the server's database (issue 17).

The firm's ledger says what buyers may see (``desktop.services.market.catalog_rows``: the
one rule); this module copies those rows into ``market_item`` so that a buyer's search
over a firm's whole catalog is an indexed query, never a walk through the ledger:

- after each applied push and each buyer's request, for the products they touched
  (:func:`refresh`), and whole on demand (``refresh(..., None)``);
- searched by substring of the title, spec, code, category and their pinyin: SQLite's
  FTS5 trigram index, PostgreSQL's pg_trgm GIN index (migration s0003), for terms of three
  characters or more; shorter terms (a two-character Chinese name: 螺丝) walk the firm's
  rows in code order and stop at the first page of matches.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Uuid,
    and_,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from desktop.models import DocumentLine
from desktop.services.ledger import Ledger
from marketplace.context import Server
from marketplace.models import CatalogItem
from marketplace.settings import utc_now

#: search terms shorter than this are matched by a scan (a trigram index needs three)
TRIGRAM = 3
MAX_QUERY = 100


def _catalog_rows(session: Session, product_ids: list[uuid.UUID] | None) -> list[Any]:
    from desktop.services.market import catalog_rows

    return list(catalog_rows(session, product_ids))


def plain(value: Any) -> str:
    """A decimal as a person writes it: no trailing zeros, no exponent (90, 0.8, 1200)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return format(number.normalize(), "f")


def item_values(row: Any) -> dict[str, Any]:
    """A ``CatalogRow`` of the core as the columns of ``market_item``."""
    availability = row.availability
    return {
        "product_id": row.product_id,
        "code": str(row.code)[:60],
        "title": str(row.title)[:200],
        "spec": str(row.spec or "")[:200],
        "category": str(row.category or "")[:100],
        "base_unit": str(row.base_unit or "")[:20],
        "moq": plain(row.moq),
        "pack_units": [[str(unit), plain(factor)] for unit, factor in row.pack_units],
        "tiers": [[plain(qty), plain(price)] for qty, price in row.tiers],
        "avail_figure": plain(availability.figure),
        "avail_level": str(availability.level),
        "avail_shown": str(availability.shown),
        "pictures": [str(sha) for sha in row.picture_shas],
        "search_text": str(row.search_text).casefold(),
        "published": bool(row.published),
        "version": int(row.version),
    }


def write_rows(
    session: Session, firm_id: uuid.UUID, rows: Iterable[Any], asked: set[uuid.UUID] | None
) -> int:
    """Upsert ``rows`` (``CatalogRow``) into the firm's projection; products in ``asked``
    (or, for a whole refresh, every one) that the ledger no longer lists are hidden."""
    now = utc_now()
    values = [item_values(row) for row in rows]
    ids = [v["product_id"] for v in values]
    existing: dict[uuid.UUID, int] = {}
    for chunk in range(0, len(ids), 500):
        for product_id, key in session.execute(
            select(CatalogItem.product_id, CatalogItem.id).where(
                CatalogItem.firm_id == firm_id,
                CatalogItem.product_id.in_(ids[chunk : chunk + 500]),
            )
        ):
            existing[product_id] = key
    fresh = [
        {**v, "firm_id": firm_id, "updated_at": now}
        for v in values
        if v["product_id"] not in existing
    ]
    changed = [
        {**v, "id": existing[v["product_id"]], "updated_at": now}
        for v in values
        if v["product_id"] in existing
    ]
    if asked is None:  # whole: what the ledger no longer lists is hidden (one transaction)
        session.execute(
            update(CatalogItem).where(CatalogItem.firm_id == firm_id).values(published=False)
        )
    elif asked - set(ids):
        session.execute(
            update(CatalogItem)
            .where(CatalogItem.firm_id == firm_id, CatalogItem.product_id.in_(asked - set(ids)))
            .values(published=False)
        )
    if fresh:
        session.execute(insert(CatalogItem), fresh)
    if changed:
        session.execute(update(CatalogItem), changed)
    return len(values)


def refresh(server: Server, firm_id: uuid.UUID, product_ids: Iterable[uuid.UUID] | None) -> int:
    """Copy the ledger's catalog rows of ``product_ids`` (None: all) into the projection."""
    asked = None if product_ids is None else set(product_ids)
    if asked is not None and not asked:
        return 0
    ledger = server.ledgers.firm_ledger(firm_id)
    with ledger.read() as session:
        rows = _catalog_rows(session, None if asked is None else sorted(asked))
    with server.db.write() as session:
        return write_rows(session, firm_id, rows, asked)


def forget(session: Session, firm_id: uuid.UUID) -> None:
    """The firm's projection emptied (its ledger was replaced: refreshed whole next)."""
    session.execute(delete(CatalogItem).where(CatalogItem.firm_id == firm_id))


def touched_products(ledger: Ledger, args: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
    """The products changes with these arguments may have moved in buyers' eyes: every id
    they name that is a product, and the products of every document they name (a sale
    confirmed, delivered or cancelled changes what is available)."""
    ids: set[uuid.UUID] = set()
    for item in args:
        _ids_in(item, ids)
    if not ids:
        return set()
    found: set[uuid.UUID] = set(ids)
    with ledger.read() as session:
        listed = list(ids)
        for chunk in range(0, len(listed), 500):
            part = listed[chunk : chunk + 500]
            found.update(
                session.scalars(
                    select(DocumentLine.product_id).where(DocumentLine.document_id.in_(part))
                )
            )
    return found


def _ids_in(value: Any, into: set[uuid.UUID]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _ids_in(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            _ids_in(item, into)
    elif isinstance(value, str) and len(value) in (32, 36):
        try:
            into.add(uuid.UUID(value))
        except ValueError:
            return


# --- searching ---------------------------------------------------------------------------


#: what a page shows of a product: every column but the search text and the bookkeeping,
#: read as plain rows (an ORM object per product cost more than the query)
SHOWN = [
    c
    for c in CatalogItem.__table__.c
    if c.name not in ("search_text", "updated_at", "firm_id", "version")
]


@dataclass(frozen=True)
class Found:
    #: rows with the attributes of :class:`CatalogItem` (those in ``SHOWN``)
    items: list[Any]
    #: another page follows
    more: bool


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def terms(query: str) -> list[str]:
    """The words of a search, lower-cased (at most five; each matched as a substring)."""
    return [t for t in query.casefold()[:MAX_QUERY].split() if t][:5]


#: a SQLite search whose long terms match at most this many rows starts from the full-text
#: index's matches; more, and it walks the firm's rows in code order (the first page of a
#: common word is met at once)
FEW = 2000


def search(
    session: Session,
    firm_id: uuid.UUID,
    query: str = "",
    category: str = "",
    offset: int = 0,
    limit: int = 50,
) -> Found:
    """A page of the firm's published products whose search text holds every term of
    ``query`` (and in ``category``, when given), in code order."""
    where: list[ColumnElement[bool]] = [
        CatalogItem.firm_id == firm_id,
        CatalogItem.published.is_(True),
    ]
    if category:
        where.append(CatalogItem.category == category)
    sqlite = session.get_bind().dialect.name == "sqlite"
    words = terms(query)
    long = [t for t in words if sqlite and len(t) >= TRIGRAM]
    for term in words:
        if term not in long:
            where.append(CatalogItem.search_text.like(_like(term), escape="\\"))
    if long:
        phrase = " AND ".join('"' + t.replace('"', '""') + '"' for t in long)
        few = list(
            session.scalars(
                text(
                    "SELECT rowid FROM market_search WHERE market_search MATCH :q LIMIT :n"
                ).bindparams(q=phrase, n=FEW + 1)
            )
        )
        if len(few) <= FEW:  # rare: from the index's matches, by key
            return _among(session, few, firm_id, category, words, long, offset, limit)
        # common: walking the firm's rows in code order meets a page of them at once
        # (cheaper than collecting every match from the index first)
        where += [CatalogItem.search_text.like(_like(t), escape="\\") for t in long]
    rows = list(
        session.execute(
            select(*SHOWN)
            .where(and_(*where))
            .order_by(CatalogItem.code, CatalogItem.id)
            .offset(max(0, offset))
            .limit(limit + 1)
        )
    )
    return Found(rows[:limit], len(rows) > limit)


def _among(
    session: Session,
    keys: list[int],
    firm_id: uuid.UUID,
    category: str,
    words: list[str],
    long: list[str],
    offset: int,
    limit: int,
) -> Found:
    """The page among a few rows the full-text index matched: their keys looked up one by
    one (SQLite's planner would rather walk the firm's whole code index), the rest of the
    search applied to them here, the page's rows read whole."""
    short = [t for t in words if t not in long]
    found: list[Any] = []
    for start in range(0, len(keys), 500):
        found += session.execute(
            select(
                CatalogItem.id,
                CatalogItem.firm_id,
                CatalogItem.published,
                CatalogItem.category,
                CatalogItem.code,
                CatalogItem.search_text,
            ).where(CatalogItem.id.in_(keys[start : start + 500]))
        ).all()
    kept = sorted(
        (code, key)
        for key, firm, published, cat, code, text_ in found
        if firm == firm_id
        and published
        and (not category or cat == category)
        and all(t in text_ for t in short)
    )
    page = [key for _code, key in kept[max(0, offset) : max(0, offset) + limit]]
    rows = {row.id: row for row in session.execute(select(*SHOWN).where(CatalogItem.id.in_(page)))}
    return Found([rows[key] for key in page], len(kept) > max(0, offset) + limit)


#: the firm's categories, one index seek each (a loose index scan: both databases would
#: otherwise read every published product's row for a DISTINCT)
_CATEGORIES = text(
    """
    WITH RECURSIVE c(cat) AS (
        SELECT min(category) FROM market_item
        WHERE firm_id = :firm AND published = :yes
        UNION ALL
        SELECT (SELECT min(category) FROM market_item
                WHERE firm_id = :firm AND published = :yes AND category > c.cat)
        FROM c WHERE c.cat IS NOT NULL
    )
    SELECT cat FROM c WHERE cat IS NOT NULL LIMIT 200
    """
).bindparams(bindparam("firm", type_=Uuid), bindparam("yes", type_=Boolean))


def categories(session: Session, firm_id: uuid.UUID) -> list[str]:
    """The categories of the firm's published products, for the catalog's menu."""
    return [c for c in session.scalars(_CATEGORIES, {"firm": firm_id, "yes": True}) if c]


def item(session: Session, firm_id: uuid.UUID, product_id: uuid.UUID) -> CatalogItem | None:
    """One published product of the firm; another firm's, or an unpublished one: None."""
    return session.scalar(
        select(CatalogItem).where(
            CatalogItem.firm_id == firm_id,
            CatalogItem.product_id == product_id,
            CatalogItem.published.is_(True),
        )
    )
