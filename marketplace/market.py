"""Buyers' inquiries and orders (issue 17): into the firm's ledger, onto the desks, and
their status back.

Placing one: the server keeps the request first (``market_request``, unique per buyer and
the buyer's own request id), then, under the firm's write lock, the core's
``receive_request`` makes the draft quote or sales order in a unit of the firm's ledger
(desk code SRV; deduplicated there on the request's ref), and the intents that unit
recorded are appended to the firm's change log as any desk's applied changes are, so the
desks pull and replay them; then they are marked sent in the ledger.

A process killed in between leaves intents unsent in the ledger: the next request (or
push) of the firm sends them (:func:`send_outbox`: a change already in the log is never
appended twice), and the buyer's retry with the same request id finds the same draft.
Status: ``status_of`` (the core's forward-only rule) for the firm's open requests after
every push and every request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.codes import OutboxState
from desktop.errors import DomainError
from desktop.ids import new_id
from desktop.models import OutboxEntry
from desktop.services.ledger import Ledger
from marketplace import catalog, ratelimit
from marketplace.buyers import Me
from marketplace.changes import ChangeEntry, record_changes
from marketplace.context import Server
from marketplace.errors import ApiError, not_found
from marketplace.ledgers import SERVER_DESK
from marketplace.models import Change, Firm, MarketRequest

log = logging.getLogger("zhangfang.server")

#: requests are counted in the rate limit under this "firm"
REQUEST_SCOPE = ratelimit.REQUEST_SCOPE
#: statuses after which nothing changes any more
FINAL = frozenset({"paid", "declined"})
#: the intents the server's own units record in a firm's ledger
MARKET_INTENTS = "market.%"
MAX_LINES = 100
MAX_NOTE = 500
MAX_QTY = Decimal(1_000_000)


@dataclass(frozen=True)
class Line:
    product_id: uuid.UUID
    unit: str  # "" : the product's base unit
    qty: Decimal


def _refused(exc: DomainError) -> ApiError:
    return ApiError(422, exc.code, exc.en, exc.zh)


def _conflict(en: str, zh: str) -> ApiError:
    return ApiError(409, "conflict", en, zh)


def body_hash(kind: str, lines: Sequence[Line], note: str) -> str:
    body = [kind, [[str(x.product_id), x.unit, str(x.qty.normalize())] for x in lines], note]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def check_shape(kind: str, lines: Sequence[Line], note: str) -> None:
    """Sizes and shapes (the core checks the business rules once more, and the rest)."""
    if kind not in ("inquiry", "order"):
        raise ApiError(422, "invalid", "Ask for an inquiry or an order.", "请选择询价或下单。")
    if not lines:
        raise ApiError(422, "invalid", "Give at least one quantity.", "请至少填写一个数量。")
    if len(lines) > MAX_LINES:
        raise ApiError(422, "invalid", f"At most {MAX_LINES} lines.", f"一次最多 {MAX_LINES} 行。")
    if len(note) > MAX_NOTE:
        raise ApiError(
            422, "invalid", f"The note is longer than {MAX_NOTE}.", f"备注超过 {MAX_NOTE} 字。"
        )
    for line in lines:
        if not line.qty.is_finite() or line.qty <= 0 or line.qty > MAX_QTY:
            raise ApiError(
                422,
                "invalid",
                "A quantity is more than 0 and at most 1,000,000.",
                "数量须大于 0 且不超过 1,000,000。",
            )


def place(
    server: Server,
    me: Me,
    firm: Firm,
    kind: str,
    lines: Sequence[Line],
    note: str,
    key: str | None,
    address: str,
) -> MarketRequest:
    """Send an inquiry or order to ``firm``; the same ``key`` again is the same request."""
    check_shape(kind, lines, note)
    settings = server.settings
    with server.db.read() as session:
        named = []
        for line in lines:  # only what this firm publishes; another firm's ids: not found
            item = catalog.item(session, firm.id, line.product_id)
            if item is None:
                raise not_found()
            named.append(Line(line.product_id, line.unit or item.base_unit, line.qty))
        lines = named
        key = (key or "").strip()[:100] or new_id().hex
        row = _mine_by_key(session, me.buyer_id, key)
        if row is None:
            ratelimit.check(
                session,
                settings,
                REQUEST_SCOPE,
                str(me.buyer_id),
                address,
                what="requests",
                per_account=settings.requests_per_buyer,
                per_address=settings.requests_per_address,
            )
    digest = body_hash(kind, lines, note)
    if row is None:
        row = _keep(server, me, firm, kind, lines, note, key, digest, address)
    if row.body_hash != digest or row.firm_id != firm.id:
        raise _conflict(
            "This request id was used before for another request.",
            "这个请求编号已用于另一份询价或订单。",
        )
    if row.status != "new":
        return row  # in the ledger already: the same answer
    return _into_ledger(server, me, row)


def _mine_by_key(session: Session, buyer_id: uuid.UUID, key: str) -> MarketRequest | None:
    return session.scalar(
        select(MarketRequest).where(
            MarketRequest.buyer_id == buyer_id, MarketRequest.idem_key == key
        )
    )


def _keep(
    server: Server,
    me: Me,
    firm: Firm,
    kind: str,
    lines: Sequence[Line],
    note: str,
    key: str,
    digest: str,
    address: str,
) -> MarketRequest:
    now = server.now()
    row = MarketRequest(
        id=new_id(),
        firm_id=firm.id,
        buyer_id=me.buyer_id,
        kind=kind,
        idem_key=key,
        body_hash=digest,
        lines=[[str(x.product_id), x.unit, str(x.qty)] for x in lines],
        note=note,
        status="new",
        detail={},
        created_at=now,
        updated_at=now,
    )
    try:
        with server.db.write() as session:
            ratelimit.record_failure(
                session, server.settings, REQUEST_SCOPE, str(me.buyer_id), address
            )
            session.add(row)
    except IntegrityError:  # the same request, sent twice at once: the other one's row
        with server.db.read() as session:
            found = _mine_by_key(session, me.buyer_id, key)
        if found is None:
            raise
        return found
    return row


def _into_ledger(server: Server, me: Me, row: MarketRequest) -> MarketRequest:
    from desktop.services.market import BuyerInfo, receive_request
    from desktop.services.market import MarketRequest as CoreRequest

    request = CoreRequest(
        ref=row.id,
        kind=row.kind,
        buyer=BuyerInfo(
            id=me.buyer_id, name=me.name, company=me.company, phone=me.phone, email=me.email
        ),
        lines=[(uuid.UUID(line[0]), line[1], Decimal(line[2])) for line in row.lines],
        note=row.note,
    )
    with server.ledgers.writing(row.firm_id) as ledger:
        before = _last_outbox(ledger)
        try:
            with ledger.unit() as uow:
                receive_request(uow, request)
        except DomainError as exc:
            with server.db.write() as session:  # refused: the buyer may correct and resend
                session.execute(
                    delete(MarketRequest).where(
                        MarketRequest.id == row.id, MarketRequest.status == "new"
                    )
                )
            raise _refused(exc) from None
        send_outbox(server, row.firm_id, ledger, before)
    products = {uuid.UUID(line[0]) for line in row.lines}
    refresh_status(server, row.firm_id, [row.id])
    after_change(server, row.firm_id, products)
    with server.db.read() as session:
        return session.get_one(MarketRequest, row.id)


def _last_outbox(ledger: Ledger) -> int:
    with ledger.read() as session:
        return int(session.scalar(select(func.max(OutboxEntry.seq))) or 0)


def send_outbox(server: Server, firm_id: uuid.UUID, ledger: Ledger, after: int | None) -> int:
    """The intents the server's own units recorded in the firm's ledger (those after
    outbox position ``after``, and any marketplace intent left unsent by a process killed
    before it got here) appended to the firm's change log, then marked sent. Call with the
    firm's write lock held. Returns the firm's cursor."""
    with ledger.read() as session:
        where: ColumnElement[bool] = OutboxEntry.intent.like(MARKET_INTENTS)
        if after is not None:
            where = where | (OutboxEntry.seq > after)
        rows = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state == OutboxState.PENDING, where)
                .order_by(OutboxEntry.seq)
            )
        )
    if not rows:
        return 0
    with server.db.write() as session:
        ids = [r.id for r in rows]
        logged = set(
            session.scalars(
                select(Change.mutation_id).where(
                    Change.firm_id == firm_id, Change.mutation_id.in_(ids)
                )
            )
        )
        entries = [
            ChangeEntry(r.id, SERVER_DESK, r.intent, dict(r.args), "applied", {}, r.actor)
            for r in rows
            if r.id not in logged
        ]
        cursor = record_changes(session, firm_id, entries) if entries else 0
    with ledger.read() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id.in_(ids))
            .values(state=OutboxState.APPLIED, result={"status": "logged"})
        )
        session.commit()
    return cursor


def refresh_status(
    server: Server, firm_id: uuid.UUID, refs: Sequence[uuid.UUID] | None = None
) -> int:
    """The status of the firm's open requests (or of ``refs``) as the ledger says now."""
    from desktop.services.market import advance, status_of

    with server.db.read() as session:
        where = [MarketRequest.firm_id == firm_id]
        if refs is not None:
            where += [MarketRequest.id.in_(list(refs)), MarketRequest.status.not_in(FINAL)]
        else:
            where.append(MarketRequest.status.not_in([*FINAL, "new"]))
        wanted = list(session.scalars(select(MarketRequest.id).where(*where)))
    if not wanted:
        return 0
    with server.ledgers.firm_ledger(firm_id).read() as session:
        statuses = status_of(session, wanted)
    changed = 0
    with server.db.write() as session:
        for ref, now in statuses.items():
            row = session.get(MarketRequest, ref)
            if row is None:
                continue
            # forward only: what the buyer was shown is never taken back (a receipt reversed)
            status = now if row.status == "new" else advance(row.status, now)
            detail = {
                # [product id, qty, unit price, delivered qty, unit]
                "lines": [
                    [
                        str(x.product_id),
                        catalog.plain(x.qty),
                        catalog.plain(x.unit_price),
                        catalog.plain(x.delivered_qty),
                        x.unit,
                    ]
                    for x in status.lines
                ],
                "total": catalog.plain(status.total),
                "reason": str(status.reason or ""),
                "number": str(status.number or ""),
            }
            if (row.detail or {}).get("accepted"):
                detail["accepted"] = row.detail["accepted"]
            if row.status != status.status or row.detail != detail:
                row.status, row.detail, row.updated_at = status.status, detail, server.now()
                changed += 1
    return changed


def after_change(
    server: Server,
    firm_id: uuid.UUID,
    products: set[uuid.UUID] | None,
    statuses: bool = False,
    refs: Sequence[uuid.UUID] | None = None,
) -> None:
    """What buyers see brought up to date after the firm's ledger changed: the touched
    products in the projection and, with ``statuses``, the status of the requests
    ``refs`` (None: every open one, as after a ledger adopted whole). Never fails the
    change itself (a failure is logged; the next change refreshes)."""
    try:
        catalog.refresh(server, firm_id, products)
        if statuses and (refs is None or refs):
            refresh_status(server, firm_id, refs)
    except Exception:
        log.exception("the marketplace's view of firm %s was not refreshed", firm_id)


def after_push(server: Server, firm_id: uuid.UUID, args: Sequence[dict[str, Any]]) -> None:
    """Hook of ``push.push``: a desk's applied changes (their arguments). Only what they
    touched is read again: the products they name (or whose documents they name), and
    the requests whose documents or follow-ups they name (``touched_refs``) — a push
    costs what it changed, not the firm's count of open requests."""
    from desktop.services.market import touched_refs

    if not args:
        return
    try:
        ledger = server.ledgers.firm_ledger(firm_id)
        ids = catalog.named_ids(args)
        products = catalog.touched_products(ledger, ids)
        with ledger.read() as session:
            refs = touched_refs(session, ids)
    except Exception:
        log.exception("what a push touched was not found (firm %s)", firm_id)
        return
    after_change(server, firm_id, products, statuses=True, refs=sorted(refs))


def mine(server: Server, me: Me, firm: Firm, request_id: uuid.UUID) -> MarketRequest:
    """One of this buyer's requests to this firm; anyone else's: not found."""
    with server.db.read() as session:
        row = session.get(MarketRequest, request_id)
    if row is None or row.buyer_id != me.buyer_id or row.firm_id != firm.id:
        raise not_found()
    return row


def my_requests(server: Server, me: Me, firm: Firm, limit: int = 200) -> list[MarketRequest]:
    with server.db.read() as session:
        return list(
            session.scalars(
                select(MarketRequest)
                .where(
                    MarketRequest.firm_id == firm.id,
                    MarketRequest.buyer_id == me.buyer_id,
                    MarketRequest.status != "new",
                )
                .order_by(MarketRequest.created_at.desc())
                .limit(limit)
            )
        )


def accept(
    server: Server, me: Me, firm: Firm, request_id: uuid.UUID, address: str
) -> MarketRequest:
    """Accept the quote of an inquiry: the core's ``accept_quote`` makes the draft sales
    order (followed under the same request from then on). Sent again: the same answer."""
    from desktop.services.market import accept_quote

    row = mine(server, me, firm, request_id)
    if row.kind == "inquiry" and (row.detail or {}).get("accepted"):
        return row
    if row.kind != "inquiry" or row.status != "quoted":
        raise _conflict("Only a quoted inquiry can be accepted.", "只有已报价的询价可以接受。")
    with server.db.read() as session:
        ratelimit.check(
            session,
            server.settings,
            REQUEST_SCOPE,
            str(me.buyer_id),
            address,
            what="requests",
            per_account=server.settings.requests_per_buyer,
            per_address=server.settings.requests_per_address,
        )
    with server.ledgers.writing(row.firm_id) as ledger:
        before = _last_outbox(ledger)
        try:
            with ledger.unit() as uow:
                accept_quote(uow, row.id)
        except DomainError as exc:
            raise _refused(exc) from None
        send_outbox(server, row.firm_id, ledger, before)
        with server.db.write() as session:
            kept = session.get_one(MarketRequest, row.id)
            kept.detail = {**(kept.detail or {}), "accepted": server.now().isoformat()}
            kept.updated_at = server.now()
            ratelimit.record_failure(
                session, server.settings, REQUEST_SCOPE, str(me.buyer_id), address
            )
    refresh_status(server, row.firm_id, [row.id])
    after_change(server, row.firm_id, {uuid.UUID(line[0]) for line in row.lines})
    with server.db.read() as session:
        return session.get_one(MarketRequest, row.id)
