"""The ledger's migration chain read from the migration files' own lines
(``revision = "0009"``, ``down_revision = "0008"``), without loading Alembic or SQLAlchemy:
the window's first paint and a ledger already current cost a string comparison, not a
third of a second. One reader for the ORM side (``models.db``) and the plain sqlite3 side
(``queries.db``)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "models" / "migrations"

_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:None|['"]([\w.-]+)['"])\s*$""", re.M
)


@lru_cache(maxsize=4)
def revision_chain(location: Path = MIGRATIONS) -> dict[str, str | None] | None:
    """revision → down_revision. None when a file does not say both plainly (a merge's
    tuple): then only Alembic can read the folder."""
    chain: dict[str, str | None] = {}
    for file in (location / "versions").glob("*.py"):
        found = dict((m[0], m[1] or None) for m in _REVISION_LINE.findall(file.read_text("utf-8")))
        revision = found.get("revision")
        if revision is None or "down_revision" not in found or revision in chain:
            return None
        chain[revision] = found["down_revision"]
    return chain or None


def chain_head(location: Path = MIGRATIONS) -> str | None:
    """The newest revision when the chain is plain and has one head, else None."""
    chain = revision_chain(location)
    if chain is None:
        return None
    heads = set(chain) - {down for down in chain.values() if down}
    return heads.pop() if len(heads) == 1 else None
