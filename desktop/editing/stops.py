"""Where Enter goes in the editor's lines table: the columns the clerk chose to stop at.

Tab (and the arrow keys) still reach every cell that can be typed into; Enter visits only the
chosen columns and, after the last of them, starts the next line at its product cell. By
default Enter stops at the product and the quantity, so a line is a product, Enter, a
quantity, Enter: the proposed unit, price, discount and tax are kept. The choice is this
desk's preference (``views/prefs.py`` stores :func:`dump`, reads :func:`parse`)."""

from __future__ import annotations

from collections.abc import Iterable

#: the lines table's columns, in table order (the view numbers them the same way)
COLUMNS = ("product", "name", "unit", "qty", "price", "discount", "tax", "amount", "last")
#: the columns a clerk types into: Tab visits these, Enter those chosen among them
TYPED = ("product", "unit", "qty", "price", "discount", "tax")
#: a line needs a product and a quantity, so Enter always stops at both
REQUIRED = ("product", "qty")
DEFAULT = REQUIRED


def normalise(names: Iterable[str]) -> tuple[str, ...]:
    """The chosen stops in table order, unknown names dropped, the required ones added."""
    chosen = set(names) | set(REQUIRED)
    return tuple(c for c in TYPED if c in chosen)


def parse(text: object) -> tuple[str, ...]:
    """Stops from their stored form ("product,qty,price"); nothing stored: :data:`DEFAULT`."""
    if not isinstance(text, str | list | tuple):
        return DEFAULT
    parts = text.split(",") if isinstance(text, str) else [str(p) for p in text]
    return normalise(p.strip() for p in parts)


def dump(stops: Iterable[str]) -> str:
    return ",".join(normalise(stops))


def next_stop(column: str, stops: Iterable[str]) -> str | None:
    """The column Enter moves to from ``column`` on a line that has a product; None: the
    product cell of the next line."""
    here = COLUMNS.index(column)
    later = [c for c in normalise(stops) if COLUMNS.index(c) > here]
    return later[0] if later else None
