"""Turning model values into JSON-safe data (audit log, outbox, --json output)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect

from desktop.models import Base

#: how JSON writes what it has no type for: decimals as strings (exact), UUIDs and dates as
#: their text forms (looked up by exact type: fast); the one convention of both encoders
_PLAIN: dict[type, Any] = {
    Decimal: str,
    uuid.UUID: str,
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def jsonable(value: Any) -> Any:
    """``value`` with decimals, UUIDs and dates as text (``_PLAIN``), dict keys as text."""
    encode = _PLAIN.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    try:
        return _PLAIN[type(value)](value)
    except KeyError:
        raise TypeError(f"{type(value).__name__} is not JSON-safe") from None


_ENCODER = json.JSONEncoder(default=_plain, ensure_ascii=False, separators=(",", ":"))


def json_text(value: Any) -> str:
    """:func:`jsonable` and ``json.dumps`` in one pass, for bulk writers: the C encoder
    calls back only for decimals, UUIDs and dates. Dict keys must be text or numbers."""
    return _ENCODER.encode(value)


def row_dict(obj: Base) -> dict[str, Any]:
    """The column values of a mapped object, JSON-safe."""
    mapper = inspect(obj).mapper
    return {attr.key: jsonable(getattr(obj, attr.key)) for attr in mapper.column_attrs}
