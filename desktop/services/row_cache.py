"""The firm's row and the products with their units, kept per ledger between units of work.

Every step of an order reads the firm (its tax and stock policies) and the products of its
lines with their units: rows that change seldom, read four and three times per order. The
values read are kept here (plain column values, never a session's objects) and each unit
of work that asks gets objects of its own made from them, attached to its session as if
loaded: no statement, and the session works with them as with any loaded row (changes
flush, unloaded relationships load on access).

Kept only while provably current, and only for units of work (a unit holds the ledger's
write lock from its first statement, so nothing else commits while it runs):

- a unit that wrote the firm, a product or a unit of one (its :class:`Changes`, or a
  rollback) empties the cache before its commit, so no other unit sees the old values;
- another connection's commit (another program at the same file, another desk's sync
  writing through its own connection) moves SQLite's ``PRAGMA data_version`` of this
  unit's connection: checked once per unit, the cache is emptied when it moved.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from desktop.models import Firm, Product, ProductUnit
from desktop.services import session_events
from desktop.services.attach import attach_loaded

#: the tables whose rows are kept: a unit that writes one of them empties the cache
TABLES = frozenset({Firm.__tablename__, Product.__tablename__, ProductUnit.__tablename__})
#: the key of the cache (and of the unit's state) in a unit's ``session.info``
_KEY = "row_cache"
_CHECKED = "row_cache_checked"
_UOW = "row_cache_uow"
#: the key of a pooled connection's last seen ``data_version`` in its ``info``
_SEEN = "row_cache_data_version"
#: products kept at most (the oldest go first): a stocktake of every product is not kept
MAX_PRODUCTS = 2000

T = TypeVar("T")
Values = dict[str, Any]


class RowCache:
    """The kept rows of one ledger (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.firm: Values | None = None
        #: product id → (its values, its units' values)
        self.products: dict[uuid.UUID, tuple[Values, list[Values]]] = {}
        #: moved by every emptying: a fill started before one is dropped
        self.generation = 0

    def clear(self) -> None:
        with self._lock:
            self.firm = None
            self.products = {}
            self.generation += 1

    def bind(self, session: Session, changes: Callable[[], Any]) -> None:
        """Serve the unit of work of ``session`` (``changes``: gives its :class:`Changes`
        as they stand): it empties the cache before committing a write of a kept table,
        and on a rollback."""
        session.info[_KEY] = self  # its events come here (see the end of this module)
        session.info[_UOW] = changes

    def _before_commit(self, session: Session) -> None:
        session.flush()  # what the commit would flush counts as written too
        changes = session.info[_UOW]()
        if changes.touches(TABLES):
            self.clear()

    def _after_rollback(self, session: Session) -> None:
        self.clear()
        session.info.pop(_CHECKED, None)


def serving(session: Session) -> RowCache | None:
    """The cache, when ``session`` is a unit's that may use it now: checked against
    ``data_version`` once per unit, and not after the unit wrote a kept table itself."""
    cache: RowCache | None = session.info.get(_KEY)
    if cache is None:
        return None
    if session.info[_UOW]().touches(TABLES):
        return None
    if _CHECKED not in session.info:
        conn = session.connection()
        dbapi = conn.connection.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        (version,) = dbapi.execute("PRAGMA data_version").fetchone()
        if conn.info.get(_SEEN) != version:  # another connection committed meanwhile
            cache.clear()
            conn.info[_SEEN] = version
        session.info[_CHECKED] = cache.generation
    return cache


def firm(session: Session) -> Firm | None:
    """The firm as a loaded object of ``session``, from the cache (None when not kept)."""
    cache = serving(session)
    if cache is None or cache.firm is None:
        return None
    return _attach(session, Firm, cache.firm)


def keep_firm(session: Session, row: Firm) -> None:
    """Keep the firm just read by ``session``, unless it changed since (or is changing)."""
    cache = serving(session)
    values = _values(session, row) if cache is not None else None
    if cache is not None and values is not None:
        with cache._lock:
            if cache.generation == session.info.get(_CHECKED):
                cache.firm = values


def products(session: Session, ids: Iterable[uuid.UUID]) -> tuple[list[Product], list[uuid.UUID]]:
    """The products of ``ids`` the session holds or the cache keeps, as the session's
    loaded objects with their units; and the ids neither has (to be read)."""
    cache = serving(session)
    found: list[Product] = []
    missing: list[uuid.UUID] = []
    kept = cache.products if cache is not None else {}
    held_map = session.identity_map
    for ident in ids:
        held = held_map.get(identity_key(Product, ident))
        if held is not None and "units" in inspect(held).dict:
            found.append(held)
            continue
        entry = kept.get(ident) if held is None else None
        if entry is None or any(identity_key(ProductUnit, u["id"]) in held_map for u in entry[1]):
            missing.append(ident)
            continue
        product = _attach(session, Product, entry[0], add=False)
        units = [_attach(session, ProductUnit, u, add=False) for u in entry[1]]
        for unit in units:
            set_committed_value(unit, "product", product)
        set_committed_value(product, "units", units)
        attach_loaded(session, (product, *units))
        found.append(product)
    return found, missing


def keep_products(session: Session, loaded: Iterable[Product]) -> None:
    """Keep products just read by ``session`` with their units (those unchanged in it)."""
    cache = serving(session)
    if cache is None:
        return
    entries: dict[uuid.UUID, tuple[Values, list[Values]]] = {}
    for product in loaded:
        values = _values(session, product)
        units = [_values(session, u) for u in product.units]
        if values is not None and all(u is not None for u in units):
            entries[product.id] = (values, units)  # type: ignore[assignment]
    if not entries or len(entries) > MAX_PRODUCTS:
        return
    with cache._lock:
        if cache.generation != session.info.get(_CHECKED):
            return
        kept = cache.products
        kept.update(entries)
        if len(kept) > MAX_PRODUCTS:  # the oldest kept go
            cache.products = dict(list(kept.items())[-MAX_PRODUCTS:])


def _values(session: Session, obj: Any) -> Values | None:
    """The object's column values as loaded; None when it changed in ``session`` since, or
    has a column not loaded."""
    state = inspect(obj)
    if not state.persistent or state.modified or obj in session.dirty:
        return None
    loaded = state.dict
    values: Values = {}
    for prop in state.mapper.column_attrs:
        if prop.key not in loaded:
            return None
        values[prop.key] = loaded[prop.key]
    return values


def _attach(session: Session, model: type[T], values: Values, *, add: bool = True) -> T:
    """A new object of ``model`` holding ``values`` as loaded, made the session's."""
    held = session.identity_map.get(identity_key(model, values["id"]))
    if held is not None:
        return held
    obj: Any = inspect(model).class_manager.new_instance()
    obj.__dict__.update(values)  # as the ORM's loader fills a row's columns
    if add:
        attach_loaded(session, (obj,))  # its values now the loaded ones; the rest unloaded
    return obj


#: heard once for every session (see desktop.services.session_events)
session_events.route("before_commit", _KEY, "_before_commit")
session_events.route("after_rollback", _KEY, "_after_rollback")
