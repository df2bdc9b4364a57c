"""Remember the column mapping used for a header layout, so next month's file maps itself.

The key is ``mapping.layout_key(headers)``: the same headers in the same order. Only a
mapping that was actually imported with is saved (a preview saves nothing).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.importing.mapping import Mapping, layout_key
from desktop.models import ImportMapping
from desktop.models.base import utcnow


def load_mapping(session: Session, headers: list[str], kind: str) -> Mapping | None:
    """The mapping saved for this layout and kind, re-applied to these headers."""
    row = session.scalar(
        select(ImportMapping).where(
            ImportMapping.layout_key == layout_key(headers), ImportMapping.kind == kind
        )
    )
    if row is None:
        return None
    try:
        return Mapping.from_dict(row.mapping, headers)
    except (KeyError, TypeError, ValueError):
        return None


def save_mapping(session: Session, mapping: Mapping) -> None:
    """Store (or refresh) the mapping for its header layout, in the caller's transaction."""
    key = layout_key(mapping.headers)
    row = session.get(ImportMapping, (key, mapping.kind))
    data = mapping.to_dict()
    if row is None:
        session.add(ImportMapping(layout_key=key, kind=mapping.kind, mapping=data))
    else:
        row.mapping = data
        row.used_at = utcnow()


def forget_mapping(session: Session, headers: list[str], kind: str) -> bool:
    row = session.get(ImportMapping, (layout_key(headers), kind))
    if row is None:
        return False
    session.delete(row)
    return True
