"""The lookups' conditions for "the search key contains what was typed" (``find_products``,
``find_parties``): a LIKE on the stored key, which an ``ORDER BY code LIMIT`` stops early for
common text, narrowed first to the few rows the trigram index finds for rare text
(``search_keys.rare_rows``), so a rare word never reads the whole table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, TextClause
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from desktop.search_keys import LIKE_ESCAPE, like_contains, rare_rows


def key_contains(session: Session, model: Any, text: str) -> list[ColumnElement[bool] | TextClause]:
    """Conditions on ``model`` (Product or Party) for rows whose key contains ``text``."""
    table = model.__tablename__
    conditions: list[ColumnElement[bool] | TextClause] = [
        model.search_key.like(like_contains(text), escape=LIKE_ESCAPE)
    ]

    def rowids(sql: str, value: str) -> list[int]:
        # straight through the driver: up to RARE + 1 plain integers, where the ORM's result
        # handling would cost ten times the index's own work
        dbapi = session.connection().connection.driver_connection
        assert dbapi is not None
        return [r[0] for r in dbapi.execute(sql, (value,))]

    rare = rare_rows(table, text, rowids)
    if rare is not None:
        conditions.append(
            sql_text(f"{table}.rowid IN (SELECT value FROM json_each(:rare))").bindparams(
                rare=json.dumps(rare)
            )
        )
    return conditions
