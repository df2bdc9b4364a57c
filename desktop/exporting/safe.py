"""Formula neutralisation: text that starts with = + - @ (or a tab/CR) must stay text.

In an .xlsx we write such text as a string cell with Excel's quote prefix, so the value is
exact and editing the cell in Excel keeps it text. CSV has no cell types, so there the text
gets a leading apostrophe (the OWASP advice); our importer removes it again.
"""

from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS)


def neutralise(text: str) -> str:
    """The CSV form: ``=1+1`` → ``'=1+1``; other text unchanged."""
    return "'" + text if text.startswith(DANGEROUS) else text
