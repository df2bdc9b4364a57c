"""What a cell will be read as, when that is not plainly what the cell shows.

The import preview puts it beside the raw value ("2024/1/5 → 2024-01-05", "1,234.5 →
1234.5", "00123.0 → 00123"), so the person sees before importing how each value is
understood, not only the text of the file.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.importing.values import cell_to_text


def _plain_decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def read_as_text(parsed: Any) -> str:
    """The parsed value as text, in the plain form the ledger keeps."""
    if isinstance(parsed, Decimal):
        return _plain_decimal(parsed)
    if isinstance(parsed, datetime):
        return parsed.isoformat(sep=" ")
    if isinstance(parsed, date):
        return parsed.isoformat()
    if isinstance(parsed, bool):
        return "是" if parsed else "否"
    return cell_to_text(parsed)


def read_as(raw: Any, parsed: Any) -> str | None:
    """The value as read, when it differs from what the cell shows; None when the same
    (or nothing was read)."""
    if parsed is None:
        return None
    shown = cell_to_text(raw).strip()
    if isinstance(parsed, Decimal):
        try:
            if Decimal(shown) == parsed:
                return None
        except InvalidOperation:
            pass
    read = read_as_text(parsed)
    return None if read == shown else read
