"""Cancelled invoices in a sales or purchase history become returns, linked to their bill.

A document of the file whose every line has a negative quantity is a return (退货), not a
bill with negative amounts: it is written as a 销售退货 (or 采购退货) with the quantities and
amounts positive, moving stock and the balance the other way. Its bill is the one its number
names: an invoice number with a ``C`` prefix (``C536379``, as in the Online Retail data set)
cancels ``536379``. That bill is looked for in the same file first, then in the ledger
(imported before, ``imp:<flow>:536379``, or entered with that reference), the same party's.

When the history is posted as the app posts its bills (balances and stock), a return whose
bill is found is made as the app makes a return against a bill, by ``trade.return_goods``
(:func:`make_returns`): its lines point at the bill's lines, it takes back no more than the
bill has left (billed less returned before, ``trade.returnable``: checked on the row in the
preview, enforced by the service when writing), and its credit goes against the bill's open
amount. Each of its lines takes a line of the bill with the same product, unit, price,
discount and tax rate (:func:`fit_return`), so the return is worth what the file says; a
return that does not follow its bill so, or whose bill is a closed history record, keeps
only the link to the bill (``source_id``) and is written with the other documents, as are
the returns of a history kept as closed records. Not found, or a line without a number, it
is a return without a link. The report says once how many of each. A document mixing
positive and negative lines stays a bill, as the file has it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import DomainError
from desktop.importing.kinds.bulk_rows import Figures, LineRow
from desktop.importing.rows import Issue, Row
from desktop.models import DocKind, DocStatus, Document, DocumentLine, FlowName, Product
from desktop.money import PRICE_SCALE, QTY_SCALE, RATE_SCALE, ZERO, fmt_qty, to_scaled
from desktop.services.uow import UnitOfWork

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


def returns_notice(
    links: dict[str, str | None],
    numbers: dict[str, str],
    flow: str,
    apart: Iterable[str] = (),
) -> list[Issue]:
    """What the report says once about the returns among the new documents (``apart``: the
    linked ones that do not follow their bill line by line, see :func:`fit_return`)."""
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
    loose = sum(1 for ref in apart if links.get(ref))
    if loose:
        zh += (
            f"；其中 {loose} 张的商品、单位或单价与原单不符（或商品已停用），只关联了原单号，"
            "不冲减原单欠款"
        )
        en += (
            f"; {loose} of those do not match their bill's products, units or prices (or "
            "name an archived product): linked to the bill only, not set against what it is owed"
        )
    return [Issue(zh + "。", en + ".")]


# --- returns made as the app makes them -------------------------------------------------


class BillLine(NamedTuple):
    """A line of the bill a return names: its key (a ledger line's id, or ``(bill ref, line
    number)`` for a bill of this import), product, terms (:func:`terms_of`), what may still
    be returned of it (base quantity) and how it is shown."""

    key: Any
    product: Any
    terms: tuple[Any, ...]
    left: Decimal
    unit: str


class ReturnLine(NamedTuple):
    """A line of a cancelled invoice: its place among the document's rows, product, terms,
    quantity (positive, in its unit) and base quantity."""

    at: int
    product: Any
    terms: tuple[Any, ...]
    qty: Decimal
    base: Decimal


class Planned(NamedTuple):
    """A return to make with ``trade.return_goods``: its bill (a ref of this import or a
    ledger bill's id as hex), the quantity per bill line key and its header."""

    bill: str
    quantities: dict[Any, Decimal]
    on: date
    number: str
    salesperson: str
    notes: str


def terms_of(figures: Figures) -> tuple[Any, ...]:
    """What a return line must share with the bill line it takes back: unit, pack factor,
    price, discount and tax rate (as stored), so that it is worth what the file says."""
    return (
        figures.unit,
        figures.unit_factor,
        figures.unit_price,
        figures.discount_rate,
        figures.tax_rate,
    )


def return_line(at: int, product: Any, terms: tuple[Any, ...], qty: int) -> ReturnLine:
    """A line of a cancelled invoice: its terms (:func:`terms_of`) and quantity as the file
    gives them (×10⁴, negative)."""
    back = Decimal(-qty).scaleb(-QTY_SCALE)
    return ReturnLine(at, product, terms, back, back * Decimal(terms[1]).scaleb(-QTY_SCALE))


def file_bill(ref: str, lines: Iterable[tuple[Any, tuple[Any, ...], int]]) -> list[BillLine]:
    """The lines (product, terms, quantity ×10⁴) of a bill of this import, in order: all of
    each still to be returned."""
    out = []
    for no, (product, terms, qty) in enumerate(lines, 1):
        base = Decimal(qty * terms[1]).scaleb(-2 * QTY_SCALE)
        out.append(BillLine((ref, no), product, terms, base, terms[0]))
    return out


def fit_return(
    bill: list[BillLine], lines: list[ReturnLine], left: dict[Any, Decimal]
) -> tuple[dict[Any, Decimal] | None, tuple[ReturnLine, BillLine] | None]:
    """Which bill line each return line takes back: the first of the same product and terms
    not taken yet, preferring one with enough left. ``(quantity per bill line, None)`` when
    every line fits (``left``, the base quantity left per bill line, is reduced);
    ``(None, None)`` when a line has no such bill line (the return does not follow its
    bill); ``(None, (line, bill line))`` when a line takes back more than is left."""
    taken: dict[Any, tuple[ReturnLine, BillLine]] = {}
    for line in lines:
        same = [
            b
            for b in bill
            if b.product == line.product and b.terms == line.terms and b.key not in taken
        ]
        if not same:
            return None, None
        hit = next((b for b in same if left.get(b.key, ZERO) >= line.base), same[0])
        taken[hit.key] = (line, hit)
    for key, (line, hit) in taken.items():
        if line.base > left.get(key, ZERO):
            return None, (line, hit)
    for key, (line, _hit) in taken.items():
        left[key] -= line.base
    return {key: line.qty for key, (line, _hit) in taken.items()}, None


def too_much(number: str, line: ReturnLine, bill_line: BillLine, left: Decimal) -> Issue:
    """The row error of a return line taking back more than its bill has left."""
    factor = line.base / line.qty
    have, unit = fmt_qty(left / factor), bill_line.unit
    return Issue(
        f"退货数量超过原单 {number} 可退的数量：最多还能退 {have} {unit}，此行退 {fmt_qty(line.qty)} "
        f"{unit}（原单数量减去已退数量）。",
        f"Returns more than bill {number} has left: at most {have} {unit} can still be "
        f"returned, this line returns {fmt_qty(line.qty)} (billed less returned before).",
    )


def ledger_bills(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, list[BillLine]]]:
    """The posted ledger bills (id hex → number in the file or ours, lines) that returns
    name, with what each line has left to return as ``trade.returnable`` counts it."""
    from desktop.services.trade import returnable

    wanted = [uuid.UUID(hex=i) for i in set(ids)]
    out: dict[str, tuple[str, list[BillLine]]] = {}
    found = session.scalars(
        select(Document).where(Document.id.in_(wanted), Document.status == DocStatus.POSTED)
    )
    for bill in found:
        left = returnable(session, bill)
        lines = [
            BillLine(
                x.id,
                x.product_id,
                (
                    x.unit,
                    to_scaled(x.unit_factor, QTY_SCALE),
                    to_scaled(x.unit_price, PRICE_SCALE),
                    to_scaled(x.discount_rate, RATE_SCALE),
                    to_scaled(x.tax_rate, RATE_SCALE),
                ),
                left[x.id],
                x.unit,
            )
            for x in sorted(bill.lines, key=lambda x: x.line_no)
        ]
        out[bill.id.hex] = (bill.reference or bill.number, lines)  # as the file names it
    return out


def plan_returns(
    session: Session,
    links: dict[str, str | None],
    returns: list[tuple[str, date, str, str, str, list[ReturnLine]]],
    bills: dict[str, list[BillLine]],
) -> tuple[dict[str, Planned], set[str], dict[str, tuple[int, Issue]]]:
    """The linked returns to make with ``trade.return_goods``, in the order the commit
    makes them (date, then ref). ``returns``: (ref, date, number, salesperson, notes,
    lines) of each new return; ``bills``: the lines of this import's bills by ref. Returns
    the plans by ref, the refs of returns that do not follow their bill (kept as linked
    documents) and, by ref, the row (place among its lines) and error of a return that
    takes back more than its bill has left."""
    stored = ledger_bills(session, {s for s in links.values() if s and s not in bills})
    left: dict[Any, Decimal] = {}
    for bill_lines in [*bills.values(), *(b[1] for b in stored.values())]:
        for b in bill_lines:
            left[b.key] = b.left
    plans: dict[str, Planned] = {}
    apart: set[str] = set()
    over: dict[str, tuple[int, Issue]] = {}
    # the service takes back no goods of an archived product (a history's bills may name one)
    products = {x.product for r in returns for x in r[5] if isinstance(x.product, uuid.UUID)}
    archived = set(
        session.scalars(
            select(Product.id).where(Product.id.in_(products), Product.archived.is_(True))
        )
    )
    for ref, on, number, salesperson, notes, lines in sorted(returns, key=lambda r: r[1:2] + r[:1]):
        source = links.get(ref)
        if not source:
            continue
        bill = bills.get(source)
        bill_number = cancelled_number(number) or ""
        if bill is None:
            if source not in stored:
                continue  # a closed history record: linked only
            bill_number, bill = stored[source]
        if any(x.product in archived for x in lines):
            apart.add(ref)
            continue
        quantities, excess = fit_return(bill, lines, left)
        if excess is not None:
            line, bill_line = excess
            over[ref] = (line.at, too_much(bill_number, line, bill_line, left[bill_line.key]))
        elif quantities is None:
            apart.add(ref)
        else:
            plans[ref] = Planned(source, quantities, on, number, salesperson, notes)
    return plans, apart, over


def make_returns(
    uow: UnitOfWork,
    plans: dict[str, Planned],
    made: dict[str, str],
    note: str,
    first_row: Callable[[str], Row],
) -> None:
    """Make the planned returns with ``trade.return_goods`` (a return against a bill, as the
    app makes it), in plan order, once this import's bills are written (``made``: their
    ids by ref). A return the service refuses fails its first row and the whole import."""
    from desktop.importing.kinds.base import RowFailed
    from desktop.services.trade import return_goods

    if not plans:
        return
    session = uow.session
    session.flush()
    refs = {made[p.bill]: p.bill for p in plans.values() if p.bill in made}
    lines: dict[Any, uuid.UUID] = {}
    ids = [uuid.UUID(hex=h) for h in refs]
    for start in range(0, len(ids), 500):
        for doc, no, ident in session.execute(
            select(DocumentLine.document_id, DocumentLine.line_no, DocumentLine.id).where(
                DocumentLine.document_id.in_(ids[start : start + 500])
            )
        ):
            lines[(refs[doc.hex], no)] = ident
    for ref, plan in plans.items():
        bill = made.get(plan.bill, plan.bill)
        quantities = {lines.get(k, k): qty for k, qty in plan.quantities.items()}
        try:
            return_goods(
                uow,
                uuid.UUID(hex=bill),
                quantities,
                plan.on,
                reference=plan.number[:120],
                external_ref=ref,
                notes="；".join(x for x in (note, plan.notes) if x),
                salesperson=plan.salesperson,
            )
        except DomainError as exc:
            row = first_row(ref)
            row.fail(exc.zh, exc.en)
            raise RowFailed(row) from exc


def enabled(ctx: Any) -> bool:
    """Whether linked returns are made as the app makes them: the history is posted as the
    app posts its bills (balances and stock); closed history records keep theirs linked."""
    return bool(ctx.options.post_balances and ctx.options.move_stock)


def plan_rows(
    session: Session,
    groups: dict[str, list[Row]],
    refs: list[str],
    ctx: Any,
    figures_of: Callable[[Row], Figures],
) -> None:
    """:func:`plan_returns` for the returns (``refs``) among the documents of a sheet read
    whole (``groups``: rows by ref), into ``ctx.state``: the plans, the returns that do not
    follow their bill; a return taking back more than its bill has left is an error on its
    rows (and no longer counted among the returns)."""
    ctx.state["return_plans"], ctx.state["returns_apart"] = {}, set()
    links: dict[str, str | None] = ctx.state["return_links"]
    if not enabled(ctx) or not refs:
        return

    def lines(ref: str) -> list[tuple[Any, tuple[Any, ...], int]]:
        return [(r.target, terms_of(f), f.qty) for r in groups[ref] for f in (figures_of(r),)]

    bills = {s: file_bill(s, lines(s)) for s in set(links.values()) if s and s in groups}
    returns = []
    for ref in refs:
        first = groups[ref][0].values
        header = (first.get("doc_number") or "", first.get("salesperson") or "")
        back = [return_line(i, *line) for i, line in enumerate(lines(ref))]
        returns.append((ref, first["doc_date"], *header, first.get("notes") or "", back))
    plans, apart, over = plan_returns(session, links, returns, bills)
    for ref, (at, issue) in over.items():
        members = groups[ref]
        members[at].fail(issue.zh, issue.en, None, "qty")
        for r in members:
            if r.ok:
                r.fail(*whole_document(members[at].excel_row))
        del links[ref], ctx.state["return_numbers"][ref]
    ctx.state["return_plans"], ctx.state["returns_apart"] = plans, apart


def whole_document(bad: int) -> tuple[str, str]:
    """What the other rows of a document with a row in error say."""
    return (
        f"同一单据的第 {bad} 行有错误，整张单据未导入。",
        f"Row {bad} of the same document has an error; the whole document is left out.",
    )
