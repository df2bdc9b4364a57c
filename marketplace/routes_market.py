"""``/api/v1/market``: the buyers' JSON API — the same actions as the buyer's web pages
(docs/marketplace.md). A buyer's bearer token opens these and nothing else; a desk's
token opens none of them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from marketplace import buyers, catalog, market
from marketplace.accounts import find_firm
from marketplace.context import Server
from marketplace.deps import AddressDep, ServerDep, get_server
from marketplace.errors import ErrorBody, not_found
from marketplace.market_schemas import (
    BuyerOut,
    BuyerTokenOut,
    OkOut,
    ProductOut,
    ProductPageOut,
    RequestIn,
    RequestListOut,
    RequestOut,
    SignInIn,
    SignUpIn,
)
from marketplace.models import Firm

router = APIRouter(prefix="/api/v1/market", tags=["market"])

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="BuyerToken",
    description="A buyer's token from /api/v1/market/buyers/signup or signin",
)


def _me(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> buyers.Me:
    token = credentials.credentials if credentials else None
    return buyers.required(get_server(request), token, "api")


MeDep = Annotated[buyers.Me, Depends(_me)]
FirmCode = Annotated[str, Path(min_length=1, max_length=40)]


def _firm(server: Server, code: str) -> Firm:
    with server.db.read() as session:
        firm = find_firm(session, code)
    if firm is None:
        raise not_found()
    return firm


def _errors(*statuses: int) -> dict[int | str, dict[str, object]]:
    return {status: {"model": ErrorBody} for status in (400, *statuses, 503)}


def _buyer(me: buyers.Me | buyers.Signed) -> BuyerOut:
    if isinstance(me, buyers.Signed):
        b = me.buyer
        return BuyerOut(id=b.id, name=b.name, company=b.company, email=b.email, phone=b.phone)
    return BuyerOut(
        id=me.buyer_id, name=me.name, company=me.company, email=me.email, phone=me.phone
    )


@router.post("/buyers/signup", response_model=BuyerTokenOut, responses=_errors(409, 422, 429))
def signup(body: SignUpIn, server: ServerDep, address: AddressDep) -> BuyerTokenOut:
    """A new buyer account (an e-mail address or a phone number to sign in with), signed in."""
    form = buyers.SignUp(body.login, body.password, body.name, body.company)
    signed = buyers.sign_up(server, form, address, "api")
    return BuyerTokenOut(token=signed.token, buyer=_buyer(signed))


@router.post("/buyers/signin", response_model=BuyerTokenOut, responses=_errors(401, 429))
def signin(body: SignInIn, server: ServerDep, address: AddressDep) -> BuyerTokenOut:
    """A new token for a buyer's account."""
    signed = buyers.sign_in(server, body.login, body.password, address, "api")
    return BuyerTokenOut(token=signed.token, buyer=_buyer(signed))


@router.post("/buyers/signout", response_model=OkOut, responses=_errors(401))
def signout(server: ServerDep, me: MeDep) -> OkOut:
    """End this token's sign-in."""
    buyers.sign_out(server, me)
    return OkOut()


@router.get("/buyers/me", response_model=BuyerOut, responses=_errors(401))
def whoami(me: MeDep) -> BuyerOut:
    return _buyer(me)


@router.get("/firms/{firm}/products", response_model=ProductPageOut, responses=_errors(404))
def products(
    server: ServerDep,
    firm: FirmCode,
    q: Annotated[str, Query(max_length=100)] = "",
    category: Annotated[str, Query(max_length=100)] = "",
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    after: Annotated[str, Query(max_length=400)] = "",
) -> ProductPageOut:
    """The firm's published products whose title, spec, code, category or their pinyin
    hold every word of ``q``, in code order; no sign-in needed. The next page: ``after`` =
    the answer's ``next`` (``offset`` still works, but costs the rows it skips)."""
    found = _firm(server, firm)
    with server.db.read() as session:
        page = catalog.search(session, found.id, q, category, offset, limit, after)
        first = offset == 0 and not after
        names = catalog.categories(session, found.id) if first else []
    return ProductPageOut(
        products=[ProductOut.of(found.code, item) for item in page.items],
        more=page.more,
        next=page.next,
        categories=names,
    )


@router.get(
    "/firms/{firm}/products/{product_id}", response_model=ProductOut, responses=_errors(404)
)
def product(server: ServerDep, firm: FirmCode, product_id: uuid.UUID) -> ProductOut:
    found = _firm(server, firm)
    with server.db.read() as session:
        item = catalog.item(session, found.id, product_id)
    if item is None:
        raise not_found()
    return ProductOut.of(found.code, item)


@router.post(
    "/firms/{firm}/requests",
    response_model=RequestOut,
    responses=_errors(401, 404, 409, 422, 429),
)
def send(
    body: RequestIn,
    server: ServerDep,
    me: MeDep,
    address: AddressDep,
    firm: FirmCode,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> RequestOut:
    """Send an inquiry (the firm answers with a quote) or place an order. Send your own
    ``request_id`` (or an ``Idempotency-Key`` header): the same one again, after a lost
    answer, is the same request and makes no second draft at the firm."""
    found = _firm(server, firm)
    lines = [market.Line(x.product_id, x.unit.strip(), x.qty) for x in body.lines]
    key = body.request_id or idempotency_key
    row = market.place(server, me, found, body.kind, lines, body.note, key, address)
    return RequestOut.of(row)


@router.get("/firms/{firm}/requests", response_model=RequestListOut, responses=_errors(401, 404))
def requests(server: ServerDep, me: MeDep, firm: FirmCode) -> RequestListOut:
    """Your inquiries and orders to this firm, newest first, with their status."""
    found = _firm(server, firm)
    return RequestListOut(
        requests=[RequestOut.of(r) for r in market.my_requests(server, me, found)]
    )


@router.get(
    "/firms/{firm}/requests/{request_id}", response_model=RequestOut, responses=_errors(401, 404)
)
def one(server: ServerDep, me: MeDep, firm: FirmCode, request_id: uuid.UUID) -> RequestOut:
    found = _firm(server, firm)
    return RequestOut.of(market.mine(server, me, found, request_id))


@router.post(
    "/firms/{firm}/requests/{request_id}/accept",
    response_model=RequestOut,
    responses=_errors(401, 404, 409, 422, 429),
)
def accept(
    server: ServerDep, me: MeDep, address: AddressDep, firm: FirmCode, request_id: uuid.UUID
) -> RequestOut:
    """Accept a quoted inquiry: it becomes an order of what was quoted (the same order
    when sent again)."""
    found = _firm(server, firm)
    return RequestOut.of(market.accept(server, me, found, request_id, address))
