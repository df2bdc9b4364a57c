"""Ledger data → print data: one small module per document family.

``build_document`` picks the builder by the document's kind; ``build_statement``
turns a period's statement into a 对账单. Both only read: recording that a
document was printed is ``desktop.printing.jobs``'s business.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from desktop.codes import Account, DocKind
from desktop.errors import ValidationError
from desktop.printing.builders import bills, deliveries, orders
from desktop.printing.builders.common import BuildOptions
from desktop.printing.model import PrintDocument
from desktop.printing.paper import Paper

if TYPE_CHECKING:  # the ORM loads only when a builder reads through a session
    from sqlalchemy.orm import Session

    from desktop.models import Document, Firm, Party
    from desktop.services.statements import Statement

Builder = Callable[["Firm", "Document", BuildOptions], PrintDocument]


def _money(firm: Firm, doc: Document, opts: BuildOptions) -> PrintDocument:
    """A 收款单/付款单: its builder (and the statement services it reads allocations
    with) loads only when one is printed, not for every ``zhangfang print``."""
    from desktop.printing.builders import receipts

    return receipts.build(firm, doc, opts)


BUILDERS: dict[str, Builder] = {
    **dict.fromkeys(orders.SPECS, orders.build),
    **dict.fromkeys(deliveries.SPECS, deliveries.build),
    **dict.fromkeys(bills.SPECS, bills.build),
    DocKind.RECEIPT: _money,
    DocKind.PAYMENT: _money,
}
#: the kinds whose print data come from the document, its lines, party and firm alone
#: (``plain_print`` prints these without the ORM; a receipt also reads its allocations)
LINE_KINDS = frozenset({*orders.SPECS, *deliveries.SPECS, *bills.SPECS})


def build_document(
    session: Session,
    key: uuid.UUID | str,
    *,
    prices: bool = True,
    reprint_count: int | None = None,
    paper: Paper | None = None,
) -> PrintDocument:
    """Print data for the document with this number (or id).

    ``prices=False`` leaves out prices and amounts (a 送货单 for the driver).
    ``reprint_count`` is the number of earlier prints (default: the document's
    ``print_count``); above zero the copy is marked 补打. ``paper`` lets the
    layout suit small paper (A5, continuous forms: no extra tables there).
    """
    from desktop.services.documents import get_document

    doc = get_document(session, key)
    return build_for(session, doc, prices=prices, reprint_count=reprint_count, paper=paper)


def build_for(
    session: Session,
    doc: Document,
    *,
    prices: bool = True,
    reprint_count: int | None = None,
    paper: Paper | None = None,
) -> PrintDocument:
    from desktop.services.firm import get_firm

    firm = get_firm(session)
    return build_with(firm, doc, prices=prices, reprint_count=reprint_count, paper=paper)


def build_with(
    firm: Firm,
    doc: Document,
    *,
    prices: bool = True,
    reprint_count: int | None = None,
    paper: Paper | None = None,
) -> PrintDocument:
    """Print data for ``doc`` of ``firm``, read through the ORM or without it."""
    builder = BUILDERS.get(doc.kind)
    if builder is None:
        raise ValidationError(
            "not_printable",
            f"{doc.number} 这种单据不能打印。",
            f"{doc.number}: this kind of document cannot be printed.",
        )
    count = doc.print_count if reprint_count is None else reprint_count
    compact = paper is not None and (paper.continuous or paper.height_mm < 200)
    opts = BuildOptions(prices=prices, reprint_count=count, compact=compact)
    return builder(firm, doc, opts)


def build_statement(
    session: Session,
    party: Party | uuid.UUID | str,
    date_from: date,
    date_to: date,
    account: str | None = None,
) -> tuple[Statement, PrintDocument]:
    """The statement of one party and its print data (AR for customers, else AP)."""
    from desktop.models import Party
    from desktop.printing.builders import statement as statement_builder
    from desktop.services.firm import get_firm
    from desktop.services.parties import get_party
    from desktop.services.statements import statement

    row = party if isinstance(party, Party) else get_party(session, party)
    acct = account or (Account.AR if row.is_customer else Account.AP)
    st = statement(session, row, date_from, date_to, acct)
    return st, statement_builder.build(get_firm(session), row, st)


def print_statement_data(firm: Firm, party: Party, st: Statement) -> PrintDocument:
    """Print data for an already computed statement (batch printing)."""
    from desktop.printing.builders import statement as statement_builder

    return statement_builder.build(firm, party, st)


__all__ = [
    "BUILDERS",
    "BuildOptions",
    "build_document",
    "build_for",
    "build_statement",
    "build_with",
    "print_statement_data",
]
