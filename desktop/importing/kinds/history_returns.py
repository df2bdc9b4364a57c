"""Cancelled invoices in a sales or purchase history become returns, linked to their bill.

A document of the file whose every line has a negative quantity is a return (退货), not a
bill with negative amounts: it is written as a 销售退货 (or 采购退货) with the quantities and
amounts positive, moving stock and the balance the other way, as ``trade.return_goods``
does (stock back in at the moving-average cost, ``services.costing``). Its bill is the one
its number names: an invoice number with a ``C`` prefix (``C536379``, as in the Online
Retail data set) cancels ``536379``. That bill is looked for in the same file first, then
in the ledger (imported before, ``imp:<flow>:536379``, or entered with that reference).
Found, the return is made from it (``source_id``); not found, or a line without a number,
it is a return without a link, and the report says which. A document mixing positive and
negative lines stays a bill, as the file has it. A posted return is not allocated against
its bill here: it stays a credit of the party (the balance is the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.importing.kinds.bulk_rows import Figures, LineRow
from desktop.importing.rows import Issue
from desktop.models import DocKind, Document, FlowName

_CANCELS = re.compile(r"^[Cc][-_ ]?(?=\d)")


def cancelled_number(number: str | None) -> str | None:
    """The invoice a cancellation's number names (C536379 → 536379), None if it names none."""
    if not number or not _CANCELS.match(number):
        return None
    return _CANCELS.sub("", number)


def is_return(quantities: Iterable[Any]) -> bool:
    """A document all of whose quantities are negative."""
    seen = False
    for q in quantities:
        if q is None or q >= 0:
            return False
        seen = True
    return seen


def link_returns(
    session: Session,
    flow: str,
    returns: dict[str, tuple[str, Any]],
    new_bills: dict[str, Any],
) -> dict[str, str | None]:
    """Each return's bill, by the return's ``ref``: the ref of a bill of this import, a
    ledger bill's id (hex), or None. ``returns`` maps a return's ref to its number in the
    file ("" when it has none) and its party; ``new_bills`` the refs of this import's new
    bills to their party. The bill must be the same party's: in a sales log whose invoices
    and cancellations share one series (Online Retail), the number a cancellation names
    may be someone else's invoice, and such a return stays unlinked."""
    head = f"imp:{flow}:"
    wanted = {ref: (cancelled_number(number), party) for ref, (number, party) in returns.items()}
    out: dict[str, str | None] = {}
    look: set[str] = set()
    for ref, (original, party) in wanted.items():
        if original and new_bills.get(head + original, _NOBODY) == party:
            out[ref] = head + original
        elif original:
            look.add(original)
    kind = DocKind.SALES_BILL if flow == FlowName.SALES else DocKind.SUPPLIER_BILL
    found: dict[tuple[str, Any], str] = {}
    numbers = sorted(look)
    for start in range(0, len(numbers), 400):
        chunk = numbers[start : start + 400]
        rows = session.execute(
            select(Document.id, Document.party_id, Document.external_ref, Document.reference)
            .where(Document.kind == kind)
            .where(
                or_(
                    Document.external_ref.in_([head + n for n in chunk]),
                    Document.reference.in_(chunk),
                )
            )
            .order_by(Document.doc_date, Document.number)
        )
        for ident, party, stored, reference in rows:
            number = stored[len(head) :] if stored and stored.startswith(head) else reference
            found.setdefault((number, party), ident.hex)  # the imported one, else the first
    for ref, (original, party) in wanted.items():
        if ref not in out:
            out[ref] = found.get((original, party)) if original else None
    return out


_NOBODY = object()


def as_return(row: LineRow) -> LineRow:
    """A negative line of a cancelled invoice as the return's line: positive figures."""
    return row._replace(
        qty=-row.qty,
        net_amount=-row.net_amount,
        tax_amount=-row.tax_amount,
        total_amount=-row.total_amount,
    )


def figures_returned(figures: Figures) -> Figures:
    """:func:`as_return` for the figures of a line not yet a row."""
    return figures._replace(
        qty=-figures.qty,
        net_amount=-figures.net_amount,
        tax_amount=-figures.tax_amount,
        total_amount=-figures.total_amount,
    )


def returns_notice(links: dict[str, str | None], numbers: dict[str, str], flow: str) -> list[Issue]:
    """What the report says once about the returns among the new documents."""
    if not links:
        return []
    what = (
        ("销售退货单", "sales returns")
        if flow == FlowName.SALES
        else ("采购退货单", "purchase returns")
    )
    linked = sum(1 for source in links.values() if source)
    alone = sorted(numbers[ref] for ref, source in links.items() if not source and numbers[ref])
    bare = sum(1 for ref, source in links.items() if not source and not numbers[ref])
    zh = f"{len(links)} 张单据的数量全为负数（作废的发票），作为{what[0]}导入，其中 {linked} 张已关联原单"
    en = (
        f"{len(links)} documents with only negative quantities (cancelled invoices) are "
        f"imported as {what[1]}, {linked} linked to their bill"
    )
    if alone:
        shown = "、".join(alone[:5]) + ("…" if len(alone) > 5 else "")
        shown_en = ", ".join(alone[:5]) + ("…" if len(alone) > 5 else "")
        zh += f"；{len(alone)} 张在文件和账上找不到原单，未关联：{shown}"
        en += f"; {len(alone)} name no bill found in the file or the ledger, unlinked: {shown_en}"
    if bare:
        zh += f"；{bare} 行没有单号，未关联"
        en += f"; {bare} lines without a number, unlinked"
    return [Issue(zh + "。", en + ".")]
