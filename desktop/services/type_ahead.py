"""The lookups' conditions for "the search key contains what was typed" (``find_products``,
``find_parties``): a LIKE on the stored key, which an ``ORDER BY code LIMIT`` stops early for
common text, narrowed first to the rows the trigram index finds for rare text
(``search_keys.rare_count_sql``), so a rare word never reads the whole table.

Which rows come first stays the caller's ``ORDER BY``, done by SQLite on the rows found:
nothing is collected or sorted in Python."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, TextClause
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from desktop import search_keys
from desktop.search_keys import LIKE_ESCAPE, like_contains


def key_contains(session: Session, model: Any, text: str) -> list[ColumnElement[bool] | TextClause]:
    """Conditions on ``model`` (Product or Party) for rows whose key contains ``text``."""
    table = model.__tablename__
    conditions: list[ColumnElement[bool] | TextClause] = [
        model.search_key.like(like_contains(text), escape=LIKE_ESCAPE)
    ]
    counted = search_keys.rare_count_sql(table, text)
    if counted is None:
        return conditions
    # straight through the driver: one integer, counted inside SQLite up to RARE + 1
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    (found,) = dbapi.execute(*counted).fetchone()
    if found <= search_keys.RARE:
        probe = search_keys.index_probe(table, text, ":phrase", limited=False)
        assert probe is not None
        sql, phrase = probe
        conditions.append(sql_text(f"{table}.rowid IN ({sql})").bindparams(phrase=phrase))
    return conditions
