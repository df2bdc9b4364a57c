"""the marketplace's search: an index for terms of one or two characters

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-07

A trigram index cannot find a term shorter than three characters (螺母, m8, a letter), so
such a search walked the firm's whole catalog. Now:

- SQLite: ``market_search_terms``, an ``fts5vocab`` view of the trigram index's terms:
  the trigrams that *begin* with a short term are a range of it, and the rows holding
  any of them are the rows holding the term. So that every occurrence begins some
  trigram, each search text ends with two spaces (the rows are padded here; the
  projection pads new ones).
- PostgreSQL: ``market_grams(text)``, the distinct one- and two-character pieces of a
  text (immutable), and a GIN index over it: ``market_grams(search_text) @> ARRAY[term]``.
"""

from alembic import op
import sqlalchemy as sa


revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None

#: appended to every search text (marketplace.catalog.PAD)
PAD = "  "

GRAMS = """
CREATE OR REPLACE FUNCTION market_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
        SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
        UNION ALL
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    ) AS pieces WHERE position(' ' IN g) = 0
$$
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE market_search_terms USING fts5vocab(market_search, 'row')")
        op.execute(
            f"UPDATE market_item SET search_text = search_text || '{PAD}' "
            f"WHERE substr(search_text, -2) != '{PAD}'"
        )
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql(GRAMS)
                bind.exec_driver_sql(
                    "CREATE INDEX ix_market_item_grams ON market_item "
                    "USING gin (market_grams(search_text))"
                )
        except sa.exc.DBAPIError:
            pass


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS market_search_terms")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_market_item_grams")
        op.execute("DROP FUNCTION IF EXISTS market_grams(text)")
