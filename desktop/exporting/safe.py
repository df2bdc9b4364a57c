"""Formula neutralisation: text that starts with = + - @ (or a tab/CR) must stay text.

In an .xlsx we write such text as a string cell with Excel's quote prefix, so the value is
exact and editing the cell in Excel keeps it text. CSV has no cell types, so there the text
gets a leading apostrophe (the OWASP advice); our importer removes it again (:func:`restore`,
for every text and code field), and only where this module would have put it.
"""

from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS)


def neutralise(text: str) -> str:
    """The CSV form: ``=1+1`` → ``'=1+1``; other text unchanged."""
    return "'" + text if text.startswith(DANGEROUS) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: ``'=1+1`` → ``=1+1``, ``'+86 138`` → ``+86 138``; an
    apostrophe before anything else is the user's own and stays."""
    return text[1:] if text.startswith("'") and text[1:].startswith(DANGEROUS) else text
