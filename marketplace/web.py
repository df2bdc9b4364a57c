"""The buyer's web pages (``/m/{firm}/…``): plain server-rendered HTML (Jinja2, every
value escaped), a little CSS, no script. Chinese first, English by the language link
(a cookie) or the browser's Accept-Language. Forms carry a CSRF token: the session's
own once signed in, a double-submit cookie's before. The same actions as the JSON API,
through the same functions (``buyers``, ``catalog``, ``market``)."""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.datastructures import FormData

from marketplace import buyers, catalog, market
from marketplace.accounts import find_firm
from marketplace.context import Server
from marketplace.deps import client_address, get_server
from marketplace.errors import ApiError
from marketplace.models import CatalogItem, Firm
from marketplace.web_text import translate

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(prefix="/m", include_in_schema=False)

SESSION_COOKIE = "zf_buyer"
CSRF_COOKIE = "zf_csrf"
LANG_COOKIE = "zf_lang"
PAGE = 30
#: times on the pages: China Standard Time (no daylight saving), whatever the server's zone
SHOWN_ZONE = timezone(timedelta(hours=8))


# --- who, which language, which firm ----------------------------------------------------------


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("zh", "en"):
        return chosen
    first = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh"


def signed_in(request: Request) -> buyers.Me | None:
    return buyers.who(get_server(request), request.cookies.get(SESSION_COOKIE), "web")


def _firm(server: Server, code: str) -> Firm:
    with server.db.read() as session:
        firm = find_firm(session, code[:40])
    if firm is None:
        raise ApiError(404, "not_found", "Not found.", "找不到。")
    return firm


def page(request: Request, name: str, firm: Firm, status: int = 200, **context: Any) -> Response:
    lang = language(request)
    me = context.pop("me", None) or signed_in(request)
    anon_csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    answer = templates.TemplateResponse(
        request,
        name,
        {
            "t": t,
            "lang": lang,
            "firm": firm,
            "me": me,
            "csrf": me.csrf if me else anon_csrf,
            "here": quote(
                str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
            ),
            **context,
        },
        status_code=status,
    )
    answer.headers["Cache-Control"] = "no-store"
    if me is None and CSRF_COOKIE not in request.cookies:
        answer.set_cookie(CSRF_COOKIE, anon_csrf, httponly=True, samesite="lax")
    return answer


def error_page(request: Request, exc: ApiError) -> Response:
    """An error answer of a page: the message in the page's language."""
    lang = language(request)
    code = request.path_params.get("firm", "")
    server = get_server(request)
    with server.db.read() as session:
        firm = find_firm(session, str(code)[:40]) if code else None
    message = exc.en if lang == "en" else exc.zh
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "t": lambda key, **v: translate(key, lang, **v),
            "lang": lang,
            "firm": firm,
            "me": None,
            "message": message,
            "here": "/",
        },
        status_code=exc.status,
        headers=exc.headers,
    )


def _check_csrf(request: Request, form: FormData, me: buyers.Me | None) -> None:
    sent = str(form.get("csrf", ""))
    wanted = me.csrf if me else request.cookies.get(CSRF_COOKIE, "")
    if not wanted or not hmac.compare_digest(sent.encode(), wanted.encode()):
        raise ApiError(
            403,
            "csrf",
            translate("form_expired", "en"),
            translate("form_expired", "zh"),
        )


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- the catalogue ---------------------------------------------------------------------------


@router.get("/{firm}/")
def catalogue(
    request: Request, firm: str, q: str = "", category: str = "", after: str = ""
) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    with server.db.read() as session:
        hits = catalog.search(session, found.id, q[:100], category[:100], 0, PAGE, after[:400])
        menu = catalog.categories(session, found.id)
    return page(
        request,
        "catalog.html",
        found,
        items=hits.items,
        more=hits.more,
        next=hits.next,
        q=q[:100],
        category=category[:100],
        categories=menu,
        request_id=uuid.uuid4().hex,
        error=None,
        entered={},
    )


@router.get("/{firm}/p/{product_id}")
def product(request: Request, firm: str, product_id: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    item = _item(server, found, product_id)
    return page(request, "product.html", found, item=item, request_id=uuid.uuid4().hex, error=None)


def _item(server: Server, firm: Firm, product_id: str) -> CatalogItem:
    try:
        ident = uuid.UUID(product_id)
    except ValueError:
        ident = None
    with server.db.read() as session:
        item = catalog.item(session, firm.id, ident) if ident else None
    if item is None:
        raise ApiError(404, "not_found", "Not found.", "找不到。")
    return item


@router.get("/{firm}/pic/{sha}")
def picture(request: Request, firm: str, sha: str) -> Response:
    """A published product's picture, by its SHA-256 (so it may be kept for good)."""
    server = get_server(request)
    found = _firm(server, firm)
    from desktop.models import ListingPicture

    if len(sha) != 64:
        raise ApiError(404, "not_found", "Not found.", "找不到。")
    with server.ledgers.firm_ledger(found.id).read() as session:
        pic = session.scalar(select(ListingPicture).where(ListingPicture.sha256 == sha.lower()))
        data, mime, product_id = (pic.data, pic.mime, pic.product_id) if pic else (b"", "", None)
    with server.db.read() as session:
        shown = product_id is not None and catalog.item(session, found.id, product_id)
    if not shown:
        raise ApiError(404, "not_found", "Not found.", "找不到。")
    return Response(
        data,
        media_type=mime,
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


# --- inquiries and orders --------------------------------------------------------------------


def _lines(form: FormData) -> tuple[list[market.Line], dict[str, str]]:
    """The quantities filled in (``qty_<product id>``, ``unit_<product id>``)."""
    lines, entered = [], {}
    for name, value in form.multi_items():
        if not name.startswith("qty_") or not str(value).strip():
            continue
        text = str(value).strip()[:20]
        entered[name[4:]] = text
        try:
            ident = uuid.UUID(name[4:])
            qty = Decimal(text.replace(",", ""))
        except (ValueError, InvalidOperation):
            raise ApiError(422, "invalid", f"Not a quantity: {text}", f"数量不对：{text}") from None
        unit = str(form.get(f"unit_{name[4:]}", ""))[:20]
        lines.append(market.Line(ident, unit, qty))
    return lines, entered


@router.post("/{firm}/request")
async def send(request: Request, firm: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    form = await request.form()
    me = signed_in(request)
    _check_csrf(request, form, me)
    if me is None:
        return _go(f"/m/{found.code}/signin")
    kind = str(form.get("kind", ""))
    note = str(form.get("note", ""))[:1000]
    lines, entered = _lines(form)
    back = str(form.get("back", ""))
    try:
        row = market.place(
            server,
            me,
            found,
            kind,
            lines,
            note,
            str(form.get("request_id", ""))[:100] or None,
            client_address(request),
        )
    except ApiError as exc:
        if exc.status not in (409, 422, 429):
            raise
        lang = language(request)
        if back:
            item = _item(server, found, back)
            return page(
                request,
                "product.html",
                found,
                status=exc.status,
                me=me,
                item=item,
                request_id=uuid.uuid4().hex,
                error=exc.en if lang == "en" else exc.zh,
            )
        with server.db.read() as session:
            hits = catalog.search(session, found.id, "", "", 0, PAGE)
            ids = [uuid.UUID(k) for k in entered if _is_id(k)]
            asked = [i for i in (catalog.item(session, found.id, x) for x in ids) if i]
            menu = catalog.categories(session, found.id)
        shown = asked + [i for i in hits.items if i.product_id not in set(ids)]
        return page(
            request,
            "catalog.html",
            found,
            status=exc.status,
            me=me,
            items=shown,
            more=hits.more,
            next=hits.next,
            q="",
            category="",
            categories=menu,
            request_id=uuid.uuid4().hex,
            error=exc.en if lang == "en" else exc.zh,
            entered=entered,
            note=note,
        )
    return _go(f"/m/{found.code}/requests?sent={row.id}")


def _is_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@router.get("/{firm}/requests")
def requests(request: Request, firm: str, sent: str = "") -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    me = signed_in(request)
    if me is None:
        return _go(f"/m/{found.code}/signin")
    rows = market.my_requests(server, me, found)
    ids = {uuid.UUID(x[0]) for r in rows for x in r.lines}
    ids |= {uuid.UUID(x[0]) for r in rows for x in (r.detail or {}).get("lines", [])}
    with server.db.read() as session:
        items = {
            i.product_id: i
            for i in session.scalars(
                select(CatalogItem).where(
                    CatalogItem.firm_id == found.id, CatalogItem.product_id.in_(list(ids))
                )
            )
        }
    return page(
        request,
        "requests.html",
        found,
        me=me,
        rows=rows,
        items=items,
        sent=sent[:40],
        uuid=uuid.UUID,
    )


@router.post("/{firm}/requests/{request_id}/accept")
async def accept(request: Request, firm: str, request_id: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    form = await request.form()
    me = signed_in(request)
    _check_csrf(request, form, me)
    if me is None:
        return _go(f"/m/{found.code}/signin")
    if not _is_id(request_id):
        raise ApiError(404, "not_found", "Not found.", "找不到。")
    row = market.accept(server, me, found, uuid.UUID(request_id), client_address(request))
    return _go(f"/m/{found.code}/requests?sent={row.id}")


# --- accounts --------------------------------------------------------------------------------


def _signed(found: Firm, signed: buyers.Signed) -> Response:
    answer = _go(f"/m/{found.code}/")
    answer.set_cookie(
        SESSION_COOKIE,
        signed.token,
        max_age=buyers.SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
    )
    return answer


@router.get("/{firm}/signin")
def signin_form(request: Request, firm: str) -> Response:
    found = _firm(get_server(request), firm)
    return page(request, "signin.html", found, error=None, login="")


@router.post("/{firm}/signin")
async def signin(request: Request, firm: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    form = await request.form()
    _check_csrf(request, form, None)
    login = str(form.get("login", ""))[:120]
    try:
        signed = buyers.sign_in(
            server, login, str(form.get("password", ""))[:1024], client_address(request), "web"
        )
    except ApiError as exc:
        return _refused(request, "signin.html", found, exc, login=login)
    return _signed(found, signed)


def _refused(
    request: Request, template: str, found: Firm, exc: ApiError, **values: Any
) -> Response:
    """The form again with the refusal in the buyer's language, as typed so far."""
    message = exc.en if language(request) == "en" else exc.zh
    return page(request, template, found, status=exc.status, error=message, **values)


@router.get("/{firm}/signup")
def signup_form(request: Request, firm: str) -> Response:
    found = _firm(get_server(request), firm)
    return page(request, "signup.html", found, error=None, values={})


@router.post("/{firm}/signup")
async def signup(request: Request, firm: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    form = await request.form()
    _check_csrf(request, form, None)
    values = {k: str(form.get(k, ""))[:120] for k in ("login", "name", "company")}
    try:
        signed = buyers.sign_up(
            server,
            buyers.SignUp(
                values["login"],
                str(form.get("password", ""))[:1024],
                values["name"],
                values["company"],
            ),
            client_address(request),
            "web",
        )
    except ApiError as exc:
        return _refused(request, "signup.html", found, exc, values=values)
    return _signed(found, signed)


@router.post("/{firm}/signout")
async def signout(request: Request, firm: str) -> Response:
    server = get_server(request)
    found = _firm(server, firm)
    form = await request.form()
    me = signed_in(request)
    if me is not None:
        _check_csrf(request, form, me)
        buyers.sign_out(server, me)
    answer = _go(f"/m/{found.code}/")
    answer.delete_cookie(SESSION_COOKIE)
    return answer


@router.get("/{firm}/lang/{to}")
def switch_language(request: Request, firm: str, to: str, back: str = "") -> Response:
    """Switch the pages' language (a cookie for a year) and go back where one was."""
    found = _firm(get_server(request), firm)
    target = back if back.startswith(f"/m/{found.code}/") else f"/m/{found.code}/"
    answer = _go(target)
    answer.set_cookie(
        LANG_COOKIE, "en" if to == "en" else "zh", max_age=365 * 86400, samesite="lax"
    )
    return answer


def fmt(value: str | Decimal | None) -> str:
    return "" if value is None or value == "" else catalog.plain(value)


def money(value: str | Decimal | None) -> str:
    """A price or amount: two decimals at least (24.00, 0.80, 0.125)."""
    text = fmt(value)
    whole, _, cents = text.partition(".")
    return f"{whole}.{cents.ljust(2, '0')}" if text else ""


def local_time(value: datetime) -> str:
    """A time as the firm's buyers read it (China Standard Time)."""
    return value.astimezone(SHOWN_ZONE).strftime("%Y-%m-%d %H:%M")


templates.env.filters["num"] = fmt
templates.env.filters["money"] = money
templates.env.filters["local"] = local_time
