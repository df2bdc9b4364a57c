"""Buyers' accounts (issue 17): sign up, sign in, sign out, the rate limits, and that a
buyer's token and a desk's token each open only their own endpoints (in-process)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.helpers import add_firm, bearer, enrol, error_of

BUYER = {"login": "buyer@example.cn", "password": "buyer-pass-1", "name": "张三", "company": "三建"}


@pytest.fixture
def client(make_client: Any, db_url: str) -> Any:
    client = make_client(db_url)
    add_firm(client, "acme")
    return client


def signup(client: Any, **values: Any) -> dict[str, Any]:
    answer = client.post("/api/v1/market/buyers/signup", json={**BUYER, **values})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def buyer_auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_sign_up_sign_in_sign_out(client: Any) -> None:
    made = signup(client)
    assert made["token"].startswith("zfb_")
    assert made["buyer"]["email"] == "buyer@example.cn"
    me = client.get("/api/v1/market/buyers/me", headers=buyer_auth(made["token"]))
    assert me.status_code == 200 and me.json()["name"] == "张三"
    # the e-mail compares case-folded; the same login twice is refused plainly
    again = client.post("/api/v1/market/buyers/signup", json={**BUYER, "login": "BUYER@example.cn"})
    assert again.status_code == 409 and error_of(again) == "taken"
    signed = client.post(
        "/api/v1/market/buyers/signin",
        json={"login": " Buyer@Example.CN ", "password": BUYER["password"]},
    )
    assert signed.status_code == 200
    token = signed.json()["token"]
    assert token != made["token"]
    out = client.post("/api/v1/market/buyers/signout", headers=buyer_auth(token))
    assert out.status_code == 200
    gone = client.get("/api/v1/market/buyers/me", headers=buyer_auth(token))
    assert gone.status_code == 401
    # the other sign-in still works
    assert (
        client.get("/api/v1/market/buyers/me", headers=buyer_auth(made["token"])).status_code == 200
    )


def test_phone_sign_up_and_bad_shapes(client: Any) -> None:
    made = signup(client, login="138 0013 8000")
    assert made["buyer"]["phone"] == "138 0013 8000"
    signed = client.post(
        "/api/v1/market/buyers/signin", json={"login": "13800138000", "password": BUYER["password"]}
    )
    assert signed.status_code == 200
    for login in ("not an address", "x@y", "12"):
        answer = client.post("/api/v1/market/buyers/signup", json={**BUYER, "login": login})
        assert answer.status_code in (400, 422), login


def test_wrong_password_is_refused_then_rate_limited(client: Any) -> None:
    signup(client)
    for _ in range(5):
        answer = client.post(
            "/api/v1/market/buyers/signin", json={"login": BUYER["login"], "password": "wrong-one"}
        )
        assert answer.status_code == 401 and error_of(answer) == "bad_credentials"
    limited = client.post(
        "/api/v1/market/buyers/signin",
        json={"login": BUYER["login"], "password": BUYER["password"]},
    )
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_sign_ups_from_one_address_are_rate_limited(make_client: Any) -> None:
    client = make_client(signup_per_address=3)
    for n in range(3):
        signup(client, login=f"b{n}@example.cn")
    answer = client.post("/api/v1/market/buyers/signup", json={**BUYER, "login": "b9@example.cn"})
    assert answer.status_code == 429
    assert "sign-ups" in answer.json()["message"]


def test_buyer_and_desk_tokens_open_only_their_own_endpoints(client: Any) -> None:
    buyer = {"access_token": signup(client)["token"]}
    desk = enrol(client, "acme")
    # a buyer's token is no desk's: every desk endpoint refuses it
    assert client.get("/api/v1/sync/pull", headers=bearer(buyer)).status_code == 401
    assert client.get("/api/v1/desks", headers=bearer(buyer)).status_code == 401
    # a desk's token is no buyer's
    for path in ("/api/v1/market/buyers/me", "/api/v1/market/firms/acme/requests"):
        assert client.get(path, headers=bearer(desk)).status_code == 401
    answer = client.post(
        "/api/v1/market/firms/acme/requests",
        headers=bearer(desk),
        json={"kind": "order", "lines": [{"product_id": "0" * 32, "qty": "1"}]},
    )
    assert answer.status_code == 401


def test_web_sign_up_needs_the_form_token(client: Any) -> None:
    form = {k: v for k, v in BUYER.items()}
    # without the page's CSRF token: refused, and no account made
    refused = client.post("/m/acme/signup", data=form, follow_redirects=False)
    assert refused.status_code == 403
    page = client.get("/m/acme/signup")
    assert page.status_code == 200
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    done = client.post("/m/acme/signup", data={**form, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "zf_buyer" in done.cookies
    # signed in: the page greets the buyer, escaped
    shown = client.get("/m/acme/")
    assert "张三" in shown.text


def test_pages_escape_what_buyers_typed(client: Any) -> None:
    page = client.get("/m/acme/signup")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    evil = "<script>alert(1)</script>"
    client.post(
        "/m/acme/signup",
        data={**BUYER, "name": evil, "csrf": csrf},
        follow_redirects=False,
    )
    shown = client.get("/m/acme/")
    assert evil not in shown.text
    assert "&lt;script&gt;" in shown.text


def test_language_follows_the_switch_and_the_browser(client: Any) -> None:
    assert "商品目录" in client.get("/m/acme/").text
    english = client.get("/m/acme/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Catalogue" in english.text and 'lang="en"' in english.text
    switched = client.get("/m/acme/lang/en?back=/m/acme/signin", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/m/acme/signin"
    assert "Sign in" in client.get("/m/acme/signin").text
    # never sent elsewhere
    away = client.get("/m/acme/lang/zh?back=https://evil.example/", follow_redirects=False)
    assert away.headers["location"] == "/m/acme/"


def test_sign_ups_are_counted_per_address(make_client: Any) -> None:
    from marketplace.buyers import SignUp, sign_up
    from marketplace.errors import ApiError
    from tests.server.helpers import server_of

    server = server_of(make_client(signup_per_address=2))
    for n in range(2):
        sign_up(server, SignUp(f"a{n}@example.cn", "buyer-pass-1", "甲"), "10.0.0.1", "api")
    with pytest.raises(ApiError) as limited:
        sign_up(server, SignUp("a9@example.cn", "buyer-pass-1", "甲"), "10.0.0.1", "api")
    assert limited.value.status == 429
    # another address is not held up by the first one's sign-ups
    sign_up(server, SignUp("b0@example.cn", "buyer-pass-1", "乙"), "10.0.0.2", "api")


def test_the_openapi_description_documents_every_buyer_action(client: Any) -> None:
    """Buyers' own systems read the actions from ``/openapi.json``: each one there, tagged
    market, with its answer's schema; the request's body and the catalog's paging too."""
    spec = client.get("/openapi.json").json()
    actions = {
        ("post", "/api/v1/market/buyers/signup"),
        ("post", "/api/v1/market/buyers/signin"),
        ("post", "/api/v1/market/buyers/signout"),
        ("get", "/api/v1/market/buyers/me"),
        ("get", "/api/v1/market/firms/{firm}/products"),
        ("get", "/api/v1/market/firms/{firm}/products/{product_id}"),
        ("post", "/api/v1/market/firms/{firm}/requests"),
        ("get", "/api/v1/market/firms/{firm}/requests"),
        ("get", "/api/v1/market/firms/{firm}/requests/{request_id}"),
        ("post", "/api/v1/market/firms/{firm}/requests/{request_id}/accept"),
    }
    for method, path in actions:
        operation = spec["paths"][path][method]
        assert "market" in operation["tags"], path
        assert "schema" in operation["responses"]["200"]["content"]["application/json"], path
    schemas = spec["components"]["schemas"]
    assert set(schemas["RequestIn"]["properties"]) >= {"kind", "lines", "note", "request_id"}
    assert set(schemas["LineIn"]["properties"]) == {"product_id", "unit", "qty"}  # no price
    assert set(schemas["ProductPageOut"]["properties"]) >= {"products", "more", "next"}
    listing = spec["paths"]["/api/v1/market/firms/{firm}/products"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"q", "category", "after", "limit"}


def test_buyers_requests_and_sign_ups_never_count_against_sign_ins(client: Any) -> None:
    """An address's counts are kept apart: a busy buyer's office (many orders, many
    sign-ups) does not lock its desks or buyers out of signing in, and failed sign-ins
    do not use up its orders."""
    from marketplace import ratelimit
    from marketplace.errors import ApiError
    from tests.server.helpers import server_of

    server = server_of(client)
    settings = server.settings
    office = "10.9.8.7"
    with server.db.write() as session:
        for n in range(settings.rate_per_address + 5):
            ratelimit.record_failure(session, settings, ratelimit.REQUEST_SCOPE, f"b{n}", office)
        for _n in range(settings.signup_per_address):
            ratelimit.record_failure(session, settings, ratelimit.SIGNUP_SCOPE, office, office)
    with server.db.read() as session:
        ratelimit.check(session, settings, "acme", "老板", office)  # a desk signs in
        ratelimit.check(session, settings, "~buyer", "b@example.cn", office)
        with pytest.raises(ApiError) as full:
            ratelimit.check(
                session, settings, ratelimit.SIGNUP_SCOPE, office, office,
                per_address=settings.signup_per_address,
            )  # fmt: skip
        assert full.value.status == 429
    with server.db.write() as session:  # failed sign-ins from the office: its own count
        for n in range(settings.rate_per_address):
            ratelimit.record_failure(session, settings, "acme", f"u{n}", office)
    with server.db.read() as session:
        with pytest.raises(ApiError):
            ratelimit.check(session, settings, "acme", "老板", office)
        ratelimit.check(
            session, settings, ratelimit.REQUEST_SCOPE, "b-new", office,
            per_account=60, per_address=600,
        )  # fmt: skip
