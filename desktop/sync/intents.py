"""The registry of intents: every change a desk records, and how to apply it again.

A desk records each user action in its outbox as one intent (``sales_order.deliver``,
``receipt.record``, ``party.update`` …) with everything needed to make the same change on
another copy of the ledger: the arguments the service was called with, resolved (dates,
quantities per order line, allocations), and the keys of the rows it made (``made``: ids,
document numbers, codes). Applying an intent calls the very same service with those
arguments while the unit of work hands out the recorded keys (``UnitOfWork.pins``), so the
copy gets the same documents under the same numbers through the same rules — posting,
lifecycle, credit, numbering — never a second implementation of them. Intents of posted
documents also carry what they posted (``posted``: quantities and amounts per line and the
total), and the copy refuses to diverge from it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.models import DocKind, Document, FlowName, OutboxEntry
from desktop.services import (
    counter,
    credit,
    documents,
    fapiao,
    firm,
    market,
    opening,
    parties,
    payments,
    people,
    products,
    quotes,
    reversal,
    statement_tracking,
    stock,
    sync_problems,
    trade,
)
from desktop.services.documents import LineInput, posted_args
from desktop.services.ledger import Ledger
from desktop.services.print_record import record_in_unit
from desktop.services.uow import ReplayMismatch, UnitOfWork

Args = dict[str, Any]
Apply = Callable[[UnitOfWork, Args], None]

ORDER_KINDS = (DocKind.SALES_ORDER, DocKind.PURCHASE_ORDER)
BILL_KINDS = (DocKind.SALES_BILL, DocKind.SUPPLIER_BILL)
POSTING_KINDS = (
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
)
DRAFTED_KINDS = (DocKind.QUOTE, *ORDER_KINDS, *POSTING_KINDS, DocKind.STOCKTAKE)


class UnknownIntent(ReplayMismatch):
    """An intent this version of the program does not know how to apply."""


# --- reading arguments back from JSON -----------------------------------------------------


def _id(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _opt_id(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else _id(value)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _opt_day(value: Any) -> date | None:
    return None if value in (None, "") else _day(value)


def _rest(args: Args, *drop: str) -> Args:
    """The arguments other than the intent's bookkeeping and those named."""
    return {k: v for k, v in args.items() if k not in {"made", "id", "owner", *drop}}


def _header(args: Args) -> Args:
    header = dict(args.get("header") or {})
    if "due_date" in header:
        header["due_date"] = _opt_day(header["due_date"])
    return header


def _lines(raw: list[Args]) -> list[LineInput]:
    return [
        LineInput(
            product=_id(x["product"]),
            qty=x["qty"],
            unit=x["unit"],
            unit_price=x["unit_price"],
            discount_rate=x["discount_rate"],
            tax_rate=x["tax_rate"],
            source_line_id=_opt_id(x.get("source_line_id")),
            notes=x.get("notes", ""),
        )
        for x in raw
    ]


def _quantities(raw: dict[str, Any]) -> dict[uuid.UUID, Decimal]:
    return {_id(k): Decimal(str(v)) for k, v in raw.items()}


# --- one function per intent ----------------------------------------------------------------


def _firm_create(uow: UnitOfWork, a: Args) -> None:
    firm.create_firm(uow, a["name"], **_rest(a, "name"))


def _firm_update(uow: UnitOfWork, a: Args) -> None:
    firm.update_firm(uow, **_rest(a))


def _owner_password(uow: UnitOfWork, a: Args) -> None:
    firm.take_owner_password_hash(uow, a["hash"])


def _person_add(uow: UnitOfWork, a: Args) -> None:
    people.add_person(uow, a["name"], a["role"])


def _person_update(uow: UnitOfWork, a: Args) -> None:
    people.update_person(uow, _id(a["id"]), **_rest(a))


def _person_password(uow: UnitOfWork, a: Args) -> None:
    people.take_password_hash(uow, _id(a["id"]), a["hash"])


def _party_create(uow: UnitOfWork, a: Args) -> None:
    parties.create_party(uow, **_rest(a))


def _party_update(uow: UnitOfWork, a: Args) -> None:
    parties.update_party(uow, _id(a["id"]), **_rest(a, "base_version", "before"))


def _product_values(a: Args, *drop: str) -> Args:
    values = _rest(a, *drop)
    for key in ("units", "tiers", "levels"):
        if values.get(key) is None:
            values.pop(key, None)
    if "levels" in values:
        values["levels"] = {int(k): v for k, v in values["levels"].items()}
    return values


def _product_create(uow: UnitOfWork, a: Args) -> None:
    products.create_product(uow, **_product_values(a))


def _product_update(uow: UnitOfWork, a: Args) -> None:
    products.update_product(uow, _id(a["id"]), **_product_values(a, "base_version", "before"))


def _draft_create(kind: str) -> Apply:
    def apply(uow: UnitOfWork, a: Args) -> None:
        documents.create_draft(
            uow, kind, _opt_id(a["party"]), _lines(a["lines"]), _day(a["date"]), **_header(a)
        )

    return apply


def _draft_update(uow: UnitOfWork, a: Args) -> None:
    lines = a.get("lines")
    documents.update_draft(
        uow,
        _id(a["id"]),
        _lines(lines) if lines is not None else None,
        party=_opt_id(a["party"]),
        doc_date=_day(a["date"]),
        **_header(a),
    )


def _cancel(uow: UnitOfWork, a: Args) -> None:
    documents.cancel(uow, _id(a["id"]), a.get("reason", ""))


def _confirm(uow: UnitOfWork, a: Args) -> None:
    credit.confirm_order(
        uow,
        _id(a["id"]),
        override_reason=a.get("override_reason", ""),
        as_of=_opt_day(a.get("as_of")),
        approved=bool(a.get("owner_approved")),
    )


def _from_source(make: Callable[..., Document]) -> Apply:
    def apply(uow: UnitOfWork, a: Args) -> None:
        make(uow, _id(a["source"]), _quantities(a["quantities"]), _day(a["date"]), **_header(a))

    return apply


def _post(uow: UnitOfWork, a: Args) -> None:
    trade.post(uow, _id(a["id"]))


def _post_paid(uow: UnitOfWork, a: Args) -> None:
    counter.post_bill(
        uow,
        _id(a["id"]),
        paid=a.get("paid"),
        method=a.get("method", ""),
        reference=a.get("reference", ""),
        override_reason=a.get("override_reason", ""),
        as_of=_opt_day(a.get("as_of")),
        approved=bool(a.get("owner_approved")),
    )


def _close(uow: UnitOfWork, a: Args) -> None:
    trade.close_order(uow, _id(a["id"]), a.get("reason", ""))


def _quote_send(uow: UnitOfWork, a: Args) -> None:
    quotes.send_quote(uow, _id(a["id"]))


def _quote_reject(uow: UnitOfWork, a: Args) -> None:
    quotes.reject_quote(uow, _id(a["id"]), a.get("reason", ""))


def _quote_accept(uow: UnitOfWork, a: Args) -> None:
    quotes.order_from_quote(uow, _id(a["id"]), _day(a["date"]))


def _money(flow: str) -> Apply:
    def apply(uow: UnitOfWork, a: Args) -> None:
        payments.record_payment(
            uow,
            _id(a["party"]),
            a["amount"],
            flow=flow,
            doc_date=_day(a["date"]),
            method=a.get("method", ""),
            reference=a.get("reference", ""),
            notes=a.get("notes", ""),
            allocations=[(_id(b), amount) for b, amount in a["allocations"]] or None,
            auto_allocate=False,
        )

    return apply


def _allocate(uow: UnitOfWork, a: Args) -> None:
    payments.allocate_credit(uow, _id(a["from"]), _id(a["to"]), a["amount"], _day(a["date"]))


def _opening_balance(uow: UnitOfWork, a: Args) -> None:
    opening.opening_balance(
        uow,
        _id(a["party"]),
        a["amount"],
        _day(a["date"]),
        flow=a["flow"],
        due=_opt_day(a.get("due")),
        reference=a["reference"],
        notes=a.get("notes", ""),
    )


def _opening_stock(uow: UnitOfWork, a: Args) -> None:
    items: dict[uuid.UUID | str, tuple[Decimal | str, Decimal | str]] = {
        _id(k): (qty, cost) for k, (qty, cost) in a["items"].items()
    }
    opening.opening_stock(uow, items, _day(a["date"]), a.get("notes", ""))


def _stocktake(uow: UnitOfWork, a: Args) -> None:
    counts: dict[uuid.UUID | str, Decimal | str] = {_id(k): c for k, c in a["counts"].items()}
    stock.stocktake(uow, counts, _day(a["date"]), a.get("notes", ""))


def _fapiao_record(uow: UnitOfWork, a: Args) -> None:
    fapiao.record_fapiao(
        uow,
        number=a["number"],
        code=a.get("code", ""),
        party=_id(a["party"]),
        issue_date=_day(a["date"]),
        net_amount=a["net"],
        tax_amount=a["tax"],
        kind=a["kind"],
        direction=a["direction"],
        links=[(_id(d), amount) for d, amount in a["links"]],
        notes=a.get("notes", ""),
    )


def _fapiao_cancel(uow: UnitOfWork, a: Args) -> None:
    fapiao.cancel_fapiao(uow, _id(a["id"]), a.get("reason", ""))


def _fapiao_red(uow: UnitOfWork, a: Args) -> None:
    fapiao.red_fapiao(
        uow, _id(a["original"]), number=a["number"], issue_date=_day(a["date"]), code=a["code"]
    )


def _reverse(uow: UnitOfWork, a: Args) -> None:
    reversal.reverse(uow, _id(a["id"]), a["reason"], _day(a["date"]))


def _print(uow: UnitOfWork, a: Args) -> None:
    doc_id = _id(a["id"])
    record_in_unit(uow, doc_id, _rest(a) | {"id": doc_id})


def _import_bills(uow: UnitOfWork, a: Args) -> None:
    """Bills imported in bulk come in parts (one per slice the import wrote); stock moves
    are valued across the whole import, so the bills are written when the last part comes,
    from this part and the earlier ones this copy recorded."""
    from desktop.importing.kinds.bulk import write_documents
    from desktop.importing.kinds.bulk_sync import bills_from_parts

    own = {k: v for k, v in a.items() if k != "made"}
    if a["part"] < a["parts"]:
        uow.record_text("import.bills", json.dumps(own, ensure_ascii=False))
        return
    batch = func.json_extract(OutboxEntry.args, "$.batch")
    earlier = list(
        uow.session.scalars(
            select(OutboxEntry.args)
            .where(
                OutboxEntry.intent == "import.bills",
                batch.is_(None) if a["batch"] is None else batch == a["batch"],
            )
            .order_by(OutboxEntry.seq)
        )
    )
    parts = [*earlier, own]
    if sorted(part["part"] for part in parts) != list(range(1, a["parts"] + 1)):
        raise ReplayMismatch("import.bills: a part of the import is missing or doubled")
    flow, ctx, docs = bills_from_parts(parts)
    write_documents(uow, flow, docs, ctx, record=False)
    uow.record_text("import.bills", json.dumps(own, ensure_ascii=False))


def _problem_resolve(uow: UnitOfWork, a: Args) -> None:
    sync_problems.resolve(
        uow, _id(a["id"]), a.get("note", ""), take_offered=bool(a.get("take_offered"))
    )


def _statement_track(uow: UnitOfWork, a: Args) -> None:
    statement_tracking.track(
        uow,
        _id(a["party"]),
        _day(a["date_from"]),
        _day(a["date_to"]),
        _day(a["sent_on"]),
        a["via"],
        a["account"],
        closing=Decimal(str(a["closing"])),
    )


def _statement_confirm(uow: UnitOfWork, a: Args) -> None:
    statement_tracking.confirm(uow, _id(a["id"]), _day(a["on"]), a["by"])


def _statement_dispute(uow: UnitOfWork, a: Args) -> None:
    statement_tracking.dispute(
        uow, _id(a["id"]), _day(a["on"]), a["by"], a["note"], list(a.get("lines") or [])
    )


def _import_undo(uow: UnitOfWork, a: Args) -> None:
    """What undoing an import changed besides its reversals (which came before as
    ``document.reverse``): the desk's decision, made again by the same code."""
    from desktop.importing.undo_apply import UndoPlan, apply_recorded

    apply_recorded(uow, UndoPlan.from_args(a))


def _layout_save(uow: UnitOfWork, a: Args) -> None:
    """A print layout stored whole (loaded here: the printing package pulls in reportlab)."""
    from desktop.printing.layouts import from_body
    from desktop.services import print_layouts

    layout = from_body(a["kind"], a["paper"], a["name"], a["body"])
    print_layouts.save_layout(uow, layout, version=int(a["version"]))


def _layout_reset(uow: UnitOfWork, a: Args) -> None:
    from desktop.services import print_layouts

    print_layouts.reset_layout(uow, a["kind"], a["paper"], a["name"])


def _listing_set(uow: UnitOfWork, a: Args) -> None:
    market.publish(
        uow,
        _id(a["product"]),
        title=a["title"],
        spec=a["spec"],
        show_stock=a["show_stock"],
        safety_buffer=a["safety_buffer"],
        published=bool(a["published"]),
    )


def _listing_pictures(uow: UnitOfWork, a: Args) -> None:
    from desktop.services.market_listing import pictures_from_args

    market.set_pictures(uow, _id(a["product"]), pictures_from_args(a["pictures"]))


def _market_receive(uow: UnitOfWork, a: Args) -> None:
    buyer = a["buyer"]
    request = market.MarketRequest(
        ref=_id(a["ref"]),
        kind=a["kind"],
        buyer=market.BuyerInfo(
            id=_id(buyer["id"]),
            name=buyer["name"],
            company=buyer.get("company", ""),
            phone=buyer.get("phone", ""),
            email=buyer.get("email", ""),
        ),
        lines=[(_id(p), unit, qty) for p, unit, qty in a["lines"]],
        note=a.get("note", ""),
    )
    market.receive_request(
        uow, request, doc_date=_day(a["date"]), party=_opt_id(a.get("party")), prices=a["prices"]
    )


def _market_accept_quote(uow: UnitOfWork, a: Args) -> None:
    market.accept_quote(uow, _id(a["ref"]), _day(a["date"]))


def _market_decline(uow: UnitOfWork, a: Args) -> None:
    market.decline(uow, _id(a["id"]), a["reason"])


def _market_accept_buyer(uow: UnitOfWork, a: Args) -> None:
    market.accept_buyer(
        uow, _id(a["buyer"]), _opt_id(a.get("party")), drafts=[_id(d) for d in a["drafts"]]
    )


def _market_decline_buyer(uow: UnitOfWork, a: Args) -> None:
    market.decline_buyer(uow, _id(a["buyer"]), a["reason"], drafts=[_id(d) for d in a["drafts"]])


def _registry() -> dict[str, Apply]:
    table: dict[str, Apply] = {
        "firm.create": _firm_create,
        "firm.update": _firm_update,
        "firm.owner_password": _owner_password,
        "person.add": _person_add,
        "person.update": _person_update,
        "person.password": _person_password,
        "party.create": _party_create,
        "party.update": _party_update,
        "product.create": _product_create,
        "product.update": _product_update,
        "document.cancel": _cancel,
        "document.reverse": _reverse,
        "document.print": _print,
        "order.close": _close,
        "quote.send": _quote_send,
        "quote.reject": _quote_reject,
        "quote.accept": _quote_accept,
        "receipt.record": _money(FlowName.SALES),
        "payment.record": _money(FlowName.PURCHASE),
        "allocation.create": _allocate,
        "opening.balance": _opening_balance,
        "opening.stock": _opening_stock,
        "stocktake.post": _stocktake,
        "fapiao.record": _fapiao_record,
        "fapiao.cancel": _fapiao_cancel,
        "fapiao.red": _fapiao_red,
        "import.bills": _import_bills,
        "import.undo": _import_undo,
        "sync_problem.resolve": _problem_resolve,
        "statement.track": _statement_track,
        "statement.confirm": _statement_confirm,
        "statement.dispute": _statement_dispute,
        "print_layout.save": _layout_save,
        "print_layout.reset": _layout_reset,
        "listing.set": _listing_set,
        "listing.pictures": _listing_pictures,
        "market.receive": _market_receive,
        "market.decline": _market_decline,
        "market.accept_quote": _market_accept_quote,
        "market.accept_buyer": _market_accept_buyer,
        "market.decline_buyer": _market_decline_buyer,
    }
    for kind in DRAFTED_KINDS:
        table[f"{kind}.create"] = _draft_create(kind)
        table[f"{kind}.update"] = _draft_update
    for kind in POSTING_KINDS:
        table[f"{kind}.post"] = _post
    for kind in ORDER_KINDS:
        table[f"{kind}.confirm"] = _confirm
        table[f"{kind}.deliver"] = _from_source(trade.fulfil)
        table[f"{kind}.bill"] = _from_source(trade.bill_order)
    for kind in BILL_KINDS:
        table[f"{kind}.return"] = _from_source(trade.return_goods)
        table[f"{kind}.post_paid"] = _post_paid
    return table


#: every intent a desk records, and how to apply it again
INTENTS: dict[str, Apply] = _registry()


def apply_intent(uow: UnitOfWork, intent: str, args: Args) -> None:
    """Make the change ``intent`` recorded, in ``uow``, with the keys it made back then.

    Raises :class:`ReplayMismatch` when the copy would make other rows or post other
    quantities or amounts than the original did (the copies have diverged).
    """
    handler = INTENTS.get(intent)
    if handler is None:
        raise UnknownIntent(f"unknown intent {intent!r}")
    uow.pins = [list(key) for key in args.get("made", [])]
    uow.replayed_owner = args.get("owner")  # what the owner approved there (no password)
    try:
        handler(uow, args)
        if uow.pins:
            raise ReplayMismatch(f"{intent}: the original change made more rows: {uow.pins}")
    finally:
        uow.pins = None
        uow.replayed_owner = None
    if "posted" in args:
        _same_posting(uow, intent, args["posted"])


def _same_posting(uow: UnitOfWork, intent: str, recorded: Args) -> None:
    doc = uow.session.scalar(select(Document).where(Document.number == recorded["number"]))
    if doc is None:
        raise ReplayMismatch(f"{intent}: no document {recorded['number']} was posted")
    now = posted_args(doc)

    def figures(data: Args) -> tuple[Decimal, list[tuple[str, str, Decimal, Decimal]]]:
        lines = [
            (str(_id(i)), str(_id(p)), Decimal(str(q)), Decimal(str(t)))
            for i, p, q, t in data["lines"]
        ]
        return Decimal(str(data["total"])), lines

    if figures(now) != figures(recorded):
        raise ReplayMismatch(f"{intent}: {doc.number} posted other quantities or amounts")


def replay(ledger: Ledger, intents: Iterable[tuple[str, Args, str]], desk: str) -> int:
    """Apply intents recorded at ``desk`` to ``ledger`` in order, each in its own
    transaction and in the name of whoever recorded it (``(intent, args, actor)``)."""
    count = 0
    for intent, args, actor in intents:
        with ledger.unit() as uow:
            uow.actor, uow.desk = actor, desk
            apply_intent(uow, intent, args)
        count += 1
    return count
