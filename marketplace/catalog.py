"""Each firm's published catalog in the server's database (issue 17).

The firm's ledger says what buyers may see (``desktop.services.market.catalog_rows``: the
one rule); this module copies those rows into ``market_item`` so that a buyer's search
over a firm's whole catalog is an indexed query, never a walk through the ledger:

- after each applied push and each buyer's request, for the products they touched
  (:func:`refresh`), and whole on demand (``refresh(..., None)``);
- searched by substring of the title, spec, code, category and their pinyin, in code
  order, a page at a time by keyset (never a count of all matches): a common word meets
  its page in the first rows of a walk in code order; a rarer one comes from an index —
  SQLite's FTS5 trigram index (a term of one or two characters: the trigrams it begins),
  PostgreSQL's pg_trgm index and, for short terms, its index of one- and two-character
  pieces (migrations s0003, s0004).
"""

from __future__ import annotations

import base64
import json
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
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from desktop.models import DocumentLine
from desktop.services.ledger import Ledger
from marketplace.context import Server
from marketplace.models import CatalogItem
from marketplace.settings import utc_now

#: search terms shorter than this cannot go through a trigram index as they are
TRIGRAM = 3
#: every search text ends with this (migration s0004): each occurrence of a term of one or
#: two characters then begins a trigram, so the trigram index finds those too
PAD = "  "
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
        "search_text": str(row.search_text).casefold().rstrip() + PAD,
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


def named_ids(args: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
    """Every id the arguments of some changes name (documents, products, parties, ...)."""
    ids: set[uuid.UUID] = set()
    for item in args:
        _ids_in(item, ids)
    return ids


def touched_products(ledger: Ledger, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The products changes naming ``ids`` may have moved in buyers' eyes: every id that
    is a product, and the products of every document named (a sale confirmed, delivered
    or cancelled changes what is available)."""
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
    #: ask with ``after`` = this for the next page ("" when none follows)
    next: str = ""


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def terms(query: str) -> list[str]:
    """The words of a search, lower-cased (at most five; each matched as a substring)."""
    return [t for t in query.casefold()[:MAX_QUERY].split() if t][:5]


def cursor(row: Any) -> str:
    """The keyset of a page's last row: the next page starts after it (code order)."""
    raw = json.dumps([row.code, row.id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(value: str) -> tuple[str, int] | None:
    if not value:
        return None
    try:
        code, key = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return str(code), int(key)
    except (ValueError, TypeError):
        return None  # a cursor nobody made here: from the start


#: a search first walks this many of the firm's rows in code order: a common word fills
#: its page there, at once; a rarer one is then looked up in an index
WALK = 1500
#: a word met often enough in the walk's window that its page should lie within this many
#: rows is walked to it; a rarer one is looked up in an index
REACH = 15000
#: an index lookup that matches at most this many rows reads them by key and orders them
#: here; more (a common word), and the firm's rows are walked to the end of the page
FEW = 2000
#: a short term that begins more trigrams than this is common: walked, not looked up
MAX_PIECES = 400


def search(
    session: Session,
    firm_id: uuid.UUID,
    query: str = "",
    category: str = "",
    offset: int = 0,
    limit: int = 50,
    after: str = "",
) -> Found:
    """A page of the firm's published products whose search text holds every term of
    ``query`` (and in ``category``, when given), in code order: after the row ``after``
    names (``Found.next`` of the page before), or ``offset`` rows in. No count of all
    matches is ever made: ``more`` says whether another page follows."""
    where: list[ColumnElement[bool]] = [
        CatalogItem.firm_id == firm_id,
        CatalogItem.published.is_(True),
    ]
    if category:
        where.append(CatalogItem.category == category)
    start = _after(after)
    if start is not None:
        code, key = start
        where += [  # the first, alone, lets the index start there
            CatalogItem.code >= code,
            or_(CatalogItem.code > code, and_(CatalogItem.code == code, CatalogItem.id > key)),
        ]
    offset = 0 if start is not None else max(0, offset)
    words = terms(query)
    sqlite = session.get_bind().dialect.name == "sqlite"
    likes = [_holds(t, sqlite) for t in words]
    if not words or offset:
        return _walk(session, where + likes, offset, limit)
    if sqlite and min(map(len, words)) >= TRIGRAM:  # long words: the index answers at once
        keys = _sqlite_matches(session, words)
        if keys is not None and len(keys) <= FEW:
            return _among(session, keys, sqlite, firm_id, category, words, start, limit)
        return _walk(session, where + likes, 0, limit)  # common: met at once in code order
    # a common word: its page is met within the first rows of the walk
    bound = session.execute(
        select(CatalogItem.code, CatalogItem.id)
        .where(*where)
        .order_by(CatalogItem.code, CatalogItem.id)
        .offset(WALK - 1)
        .limit(1)
    ).first()
    window = (
        []
        if bound is None  # the first, alone, lets the index stop there
        else [
            CatalogItem.code <= bound[0],
            tuple_(CatalogItem.code, CatalogItem.id) <= tuple(bound),
        ]
    )
    found = _walk(session, where + likes + window, 0, limit)
    if found.more or bound is None:
        return found
    if len(found.items) * REACH >= limit * WALK:  # not rare: its page is within reach
        return _walk(session, where + likes, 0, limit)
    # a rarer one: from an index of the terms
    keys = _sqlite_matches(session, words) if sqlite else _postgres_matches(session, words)
    if keys is not None and len(keys) <= FEW:
        return _among(session, keys, sqlite, firm_id, category, words, start, limit)
    return _walk(session, where + likes, 0, limit)  # common after all: met in code order


def _holds(term: str, sqlite: bool) -> ColumnElement[bool]:
    """The search text holds ``term``: a ``LIKE`` (the trigram index can take it), or for
    a term too short for trigrams a plain position test (as a ``LIKE``, PostgreSQL would
    read its whole trigram index for it). Both sides are case-folded already."""
    if len(term) >= TRIGRAM:
        return CatalogItem.search_text.like(_like(term), escape="\\")
    position = func.instr if sqlite else func.strpos
    return position(CatalogItem.search_text, term) > 0


def _walk(session: Session, where: list[ColumnElement[bool]], offset: int, limit: int) -> Found:
    rows = list(
        session.execute(
            select(*SHOWN)
            .where(and_(*where))
            .order_by(CatalogItem.code, CatalogItem.id)
            .offset(offset)
            .limit(limit + 1)
        )
    )
    return _page(rows, limit)


def _page(rows: list[Any], limit: int) -> Found:
    more = len(rows) > limit
    return Found(rows[:limit], more, cursor(rows[limit - 1]) if more and limit else "")


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_matches(session: Session, words: list[str]) -> list[int] | None:
    """The keys of up to ``FEW`` + 1 rows holding every term, from the FTS5 trigram index:
    a long term is its own phrase; a short one, any of the trigrams it begins (the terms
    table is sorted: a range; every text ends in ``PAD``, so every occurrence begins one).
    None: a short term too common to look up this way."""
    parts = []
    for term in words:
        if len(term) >= TRIGRAM:
            parts.append(_quoted(term))
            continue
        pieces = list(
            session.scalars(
                text(
                    "SELECT term FROM market_search_terms WHERE term >= :lo AND term < :hi LIMIT :n"
                ).bindparams(lo=term, hi=term + "\U0010ffff", n=MAX_PIECES + 1)
            )
        )
        if not pieces:
            return []
        if len(pieces) > MAX_PIECES:
            return None
        parts.append("(" + " OR ".join(_quoted(p) for p in pieces) + ")")
    return list(
        session.scalars(
            text(
                "SELECT rowid FROM market_search WHERE market_search MATCH :q LIMIT :n"
            ).bindparams(q=" AND ".join(parts), n=FEW + 1)
        )
    )


def _postgres_matches(session: Session, words: list[str]) -> list[int] | None:
    """The keys of up to ``FEW`` + 1 rows holding every term (PostgreSQL), from one index
    asked alone (beside an ORDER BY … LIMIT, the planner may rather walk the firm's rows
    hoping to meet a page soon, and read them all for a rare word): the short terms'
    pieces index, else the long terms' trigram index. None: no index to ask."""
    short = [t for t in words if len(t) < TRIGRAM]
    if short and _has_grams(session):
        keys = list(
            session.scalars(
                text(
                    "SELECT id FROM market_item "
                    "WHERE market_grams(search_text) @> CAST(:grams AS text[]) LIMIT :n"
                ).bindparams(grams=short, n=FEW + 1)
            )
        )
        if len(keys) <= FEW:
            return keys
    long = [t for t in words if len(t) >= TRIGRAM]
    if not long:
        return None
    return list(
        session.scalars(
            select(CatalogItem.id)
            .where(*[_holds(t, False) for t in words])  # the long ones through the index
            .limit(FEW + 1)
        )
    )


_GRAMS: dict[str, bool] = {}


def _has_grams(session: Session) -> bool:
    """Whether this PostgreSQL database has the short pieces' index (migration s0004)."""
    url = str(session.get_bind().engine.url)
    if url not in _GRAMS:
        _GRAMS[url] = bool(
            session.scalar(text("SELECT to_regprocedure('market_grams(text)') IS NOT NULL"))
        )
    return _GRAMS[url]


def _among(
    session: Session,
    keys: list[int],
    sqlite: bool,
    firm_id: uuid.UUID,
    category: str,
    words: list[str],
    start: tuple[str, int] | None,
    limit: int,
) -> Found:
    """The page among a few rows an index matched: those rows alone looked up by key (the
    keys go in as one array, walked first: either planner would rather walk the firm's
    whole code index), the rest of the search applied to them, ordered here, the page's
    rows then read whole."""
    if sqlite:
        sql = [
            "SELECT m.code, m.id FROM json_each(:keys) AS k CROSS JOIN market_item AS m "
            "ON m.id = k.value WHERE m.firm_id = :firm AND m.published"
        ]
        params: dict[str, Any] = {"keys": json.dumps(keys), "firm": firm_id}
    else:
        sql = [
            "SELECT m.code, m.id FROM market_item AS m WHERE m.id = ANY(CAST(:keys AS bigint[])) "
            "AND m.firm_id = :firm AND m.published"
        ]
        params = {"keys": keys, "firm": firm_id}
    if category:
        sql.append("m.category = :category")
        params["category"] = category
    if start is not None:
        sql.append("(m.code > :code OR (m.code = :code AND m.id > :key))")
        params["code"], params["key"] = start
    position = "instr(m.search_text, :t{n})" if sqlite else "strpos(m.search_text, :t{n})"
    for n, term in enumerate(words):
        sql.append(position.format(n=n) + " > 0")
        params[f"t{n}"] = term
    query = text(" AND ".join(sql)).bindparams(bindparam("firm", type_=Uuid))
    kept = sorted((str(code), int(key)) for code, key in session.execute(query, params))
    page = [key for _code, key in kept[: limit + 1]]
    rows = {row.id: row for row in session.execute(select(*SHOWN).where(CatalogItem.id.in_(page)))}
    return _page([rows[key] for key in page], limit)


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
