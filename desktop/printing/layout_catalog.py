"""Which columns each printable kind has: the builders' own columns, read from them.

Why read from the builders: a layout names columns by key, and the column set (and which
ones may never be hidden: ``Column.hideable``) is the builders' business; listing them a
second time here would drift. The layout only chooses, orders, sizes and renames them.
"""

from __future__ import annotations

from desktop.codes import DocKind
from desktop.printing.builders import BUILDERS
from desktop.printing.builders.common import line_columns
from desktop.printing.model import Column

STATEMENT = "statement"
#: kinds a layout can be saved for: every printable document kind and the statement
KINDS: tuple[str, ...] = (*(str(k) for k in BUILDERS), STATEMENT)
MONEY_KINDS = (DocKind.RECEIPT, DocKind.PAYMENT)


class _Discounted:
    """A stand-in line with a discount, so the catalogue includes the 折扣 column."""

    discount_rate = 1


def catalog(kind: str) -> list[Column]:
    """Every column a document of ``kind`` can print, in the builders' order."""
    if kind == STATEMENT:  # these builders load the statement services: only when asked
        from desktop.printing.builders.statement import AR_TEXTS, columns

        return columns(AR_TEXTS[2], AR_TEXTS[3])
    if kind in MONEY_KINDS:
        from desktop.printing.builders import receipts

        return list(receipts.COLUMNS)
    if kind in BUILDERS:
        return line_columns([_Discounted()], prices=True, include_tax=False)  # type: ignore[list-item]
    raise KeyError(kind)


def kind_title(kind: str) -> tuple[str, str]:
    """The kind in words (zh, en) for lists and messages."""
    from desktop.labels import KIND_ZH

    if kind == STATEMENT:
        return "对账单", "statement"
    return KIND_ZH.get(kind, kind), kind.replace("_", " ")
