"""Enrolment, sign-in, token rotation and revocation, the rate limit, the protocol window
(in-process, through FastAPI's TestClient)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from marketplace.models import Desk, RefreshToken, User
from marketplace.tokens import refresh_hash
from tests.server.helpers import HEADERS, PASSWORD, add_firm, bearer, enrol, error_of, server_of


@pytest.fixture
def client(make_client: Any, db_url: str) -> Any:
    """An in-process server on SQLite, and again on PostgreSQL."""
    client = make_client(db_url)
    add_firm(client, "acme", "老板", "小王")
    return client


def test_enrol_hands_out_distinct_desk_codes(client: Any) -> None:
    codes = [enrol(client, "acme")["desk_code"] for _ in range(3)]
    assert codes == ["A", "B", "C"]
    first = enrol(client, " ACME ", "小王", ledger_id="L1", epoch="e1")
    assert first["desk_code"] == "D"
    assert first["firm"] == {"code": "acme", "name": "acme 商行"}
    assert first["ledger_state"] == "empty"
    assert first["cursor"] == 0
    assert first["access_expires_in"] == 15 * 60
    assert first["refresh_expires_in"] == 30 * 24 * 3600


def test_desk_codes_after_z() -> None:
    from marketplace.auth import desk_code

    assert [desk_code(n) for n in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "A2", "B2", "Z2", "A3"]


def test_wrong_password_user_or_firm_is_bad_credentials(client: Any) -> None:
    for firm, user, password in (
        ("acme", "老板", "wrong-password"),
        ("acme", "nobody", PASSWORD),
        ("nofirm", "老板", PASSWORD),
    ):
        answer = client.post(
            "/api/v1/auth/enrol",
            json={"firm": firm, "user": user, "password": password},
            headers=HEADERS,
        )
        assert answer.status_code == 401
        assert error_of(answer) == "bad_credentials"


def test_signin_gives_a_new_pair_for_an_enrolled_desk(client: Any) -> None:
    tokens = enrol(client, "acme")
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "小王", "password": PASSWORD, "desk_id": tokens["desk_id"]},
        headers=HEADERS,
    )
    assert answer.status_code == 200, answer.text
    again = answer.json()
    assert again["desk_id"] == tokens["desk_id"] and again["desk_code"] == "A"
    assert again["refresh_token"] != tokens["refresh_token"]
    assert client.get("/api/v1/desks", headers=bearer(again)).status_code == 200


def test_refresh_rotates_and_reuse_revokes_every_token_of_the_desk(client: Any, clock: Any) -> None:
    first = enrol(client, "acme")
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["desk_id"] == first["desk_id"]
    assert client.get("/api/v1/desks", headers=bearer(second)).status_code == 200

    # the first token again, after the grace: somebody holds a copy; the desk's tokens
    # all stop working
    clock.advance(61)
    reused = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 403 and error_of(reused) == "desk_revoked"
    later = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert later.status_code == 403 and error_of(later) == "desk_revoked"
    old_access = client.get("/api/v1/desks", headers=bearer(second))
    assert old_access.status_code == 401 and error_of(old_access) == "bad_token"

    # the person signs in again with the password: the desk works again
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "老板", "password": PASSWORD, "desk_id": first["desk_id"]},
    )
    assert answer.status_code == 200
    assert client.get("/api/v1/desks", headers=bearer(answer.json())).status_code == 200


def test_expired_access_token_is_token_expired(client: Any, clock: Any) -> None:
    tokens = enrol(client, "acme")
    clock.advance(15 * 60 - 5)
    assert client.get("/api/v1/desks", headers=bearer(tokens)).status_code == 200
    clock.advance(10)
    answer = client.get("/api/v1/desks", headers=bearer(tokens))
    assert answer.status_code == 401 and error_of(answer) == "token_expired"
    fresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert client.get("/api/v1/desks", headers=bearer(fresh.json())).status_code == 200


def test_expired_refresh_token_is_token_expired(client: Any, clock: Any) -> None:
    tokens = enrol(client, "acme")
    clock.advance(30 * 24 * 3600 + 1)
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 401 and error_of(answer) == "token_expired"


def test_bad_tokens_are_bad_token(client: Any) -> None:
    tokens = enrol(client, "acme")
    forged = tokens["access_token"][:-4] + (
        "AAAA" if not tokens["access_token"].endswith("AAAA") else "BBBB"
    )
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {forged}"},
    ):
        answer = client.get("/api/v1/desks", headers=headers)
        assert answer.status_code == 401 and error_of(answer) == "bad_token"
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": "not-a-token"})
    assert answer.status_code == 401 and error_of(answer) == "bad_token"


def test_signout_revokes_the_desks_tokens(client: Any) -> None:
    tokens = enrol(client, "acme")
    answer = client.post("/api/v1/auth/signout", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 200 and answer.json() == {"ok": True}
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 401 and error_of(answer) == "bad_token"
    assert client.get("/api/v1/desks", headers=bearer(tokens)).status_code == 401


def test_owner_revokes_a_desk_and_it_is_locked_out(client: Any) -> None:
    owner = enrol(client, "acme")
    clerk = enrol(client, "acme", "小王")
    # a clerk may not revoke desks
    answer = client.delete(f"/api/v1/desks/{owner['desk_id']}", headers=bearer(clerk))
    assert answer.status_code == 403 and error_of(answer) == "forbidden"

    answer = client.delete(f"/api/v1/desks/{clerk['desk_id']}", headers=bearer(owner))
    assert answer.status_code == 200 and answer.json()["revoked_at"] is not None
    answer = client.get("/api/v1/desks", headers=bearer(clerk))
    assert answer.status_code == 403 and error_of(answer) == "desk_revoked"
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": clerk["refresh_token"]})
    assert answer.status_code == 403 and error_of(answer) == "desk_revoked"
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "小王", "password": PASSWORD, "desk_id": clerk["desk_id"]},
    )
    assert answer.status_code == 403 and error_of(answer) == "desk_revoked"
    desks = client.get("/api/v1/desks", headers=bearer(owner)).json()["desks"]
    assert [(d["code"], d["revoked_at"] is None, d["current"]) for d in desks] == [
        ("A", True, True),
        ("B", False, False),
    ]
    # its code is never handed out again
    assert enrol(client, "acme")["desk_code"] == "C"


def test_signin_rate_limit_answers_429_with_retry_after(client: Any, clock: Any) -> None:
    def attempt(password: str, user: str = "老板") -> Any:
        return client.post(
            "/api/v1/auth/enrol",
            json={"firm": "acme", "user": user, "password": password},
        )

    for _ in range(5):
        assert attempt("wrong-password").status_code == 401
    # now even the right password waits: the account is limited
    limited = attempt(PASSWORD)
    assert limited.status_code == 429 and error_of(limited) == "rate_limited"
    wait = int(limited.headers["Retry-After"])
    assert 0 < wait <= 600
    # another user of the firm is not limited by 老板's failures
    assert attempt(PASSWORD, "小王").status_code == 200
    clock.advance(wait)
    assert attempt(PASSWORD).status_code == 200


def test_rate_limit_per_client_address(make_client: Any) -> None:
    client = make_client(rate_per_account=100)
    add_firm(client, "acme")
    for n in range(20):
        answer = client.post(
            "/api/v1/auth/signin",
            json={
                "firm": "acme",
                "user": f"guess{n}",
                "password": "x",
                "desk_id": str(n).zfill(32),
            },
        )
        assert answer.status_code == 401
    answer = client.post(
        "/api/v1/auth/enrol", json={"firm": "acme", "user": "老板", "password": PASSWORD}
    )
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0


@pytest.mark.parametrize("version", ["0", "2", "99"])
def test_protocol_outside_the_window_is_upgrade_required(client: Any, version: str) -> None:
    answer = client.post(
        "/api/v1/auth/enrol",
        json={"firm": "acme", "user": "老板", "password": PASSWORD},
        headers={"X-Zhangfang-Protocol": version},
    )
    assert answer.status_code == 426
    body = answer.json()
    assert body["error"] == "upgrade_required"
    assert (body["min_protocol"], body["max_protocol"]) == (1, 1)


def test_malformed_requests_are_bad_request(client: Any) -> None:
    answer = client.post("/api/v1/auth/enrol", json={"firm": "acme"})
    assert answer.status_code == 400 and error_of(answer) == "bad_request"
    answer = client.delete("/api/v1/desks/not-a-uuid", headers=bearer(enrol(client, "acme")))
    assert answer.status_code == 400
    answer = client.get("/api/v1/nowhere")
    assert answer.status_code == 404 and error_of(answer) == "not_found"


def test_passwords_are_argon2id_and_refresh_tokens_only_hashed(client: Any) -> None:
    tokens = enrol(client, "acme")
    with server_of(client).db.read() as session:
        hashes = list(session.scalars(select(User.password_hash)))
        stored = list(session.scalars(select(RefreshToken.token_hash)))
        desk = session.scalars(select(Desk)).one()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert PASSWORD not in "".join(hashes)
    assert stored == [refresh_hash(tokens["refresh_token"])]
    assert tokens["refresh_token"] not in stored
    assert desk.code == "A"


def test_two_refreshes_with_one_token_at_once_give_one_pair(make_client: Any, db_url: str) -> None:
    """Two holders of one refresh token refresh at the same moment (no grace window):
    exactly one gets a new pair; the other is reuse, and the desk's tokens are revoked."""
    import threading

    from marketplace import auth
    from marketplace.errors import ApiError

    client = make_client(db_url, refresh_grace=0)
    add_firm(client, "acme", "老板", "小王")
    tokens = enrol(client, "acme")
    server = server_of(client)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def refresh() -> None:
        start.wait()
        try:
            auth.refresh(server, tokens["refresh_token"])
            outcomes.append("pair")
        except ApiError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=refresh) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["desk_revoked"] * 3 + ["pair"]
    with server.db.read() as session:
        live = session.scalars(select(RefreshToken).where(RefreshToken.revoked_at.is_(None)))
        assert list(live) == []


def refresh(client: Any, token: str) -> Any:
    return client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def test_a_refresh_retried_within_the_grace_gets_a_fresh_pair_and_the_lost_one_stops(
    client: Any, clock: Any
) -> None:
    first = enrol(client, "acme")
    lost = refresh(client, first["refresh_token"]).json()  # the desk never got this answer
    clock.advance(30)
    again = refresh(client, first["refresh_token"])  # its retry, within the 60 s grace
    assert again.status_code == 200, again.text
    retried = again.json()
    assert retried["refresh_token"] not in (lost["refresh_token"], first["refresh_token"])
    assert retried["desk_id"] == first["desk_id"]
    # the desk goes on with the retry's pair
    assert client.get("/api/v1/desks", headers=bearer(retried)).status_code == 200
    goes_on = refresh(client, retried["refresh_token"])
    assert goes_on.status_code == 200
    # only hashes are kept: no token of any of these pairs is in the database
    with server_of(client).db.read() as session:
        rows = list(session.scalars(select(RefreshToken)))
        kept = {r.token_hash for r in rows}
        for token in (first, lost, retried, goes_on.json()):
            assert token["refresh_token"] not in kept
            assert refresh_hash(token["refresh_token"]) in kept
        assert {r.revoked_reason for r in rows} == {None, "replaced"}
    # the lost answer's token turning up later: someone else has it; the desk is revoked
    stolen = refresh(client, lost["refresh_token"])
    assert stolen.status_code == 403 and error_of(stolen) == "desk_revoked"
    assert error_of(refresh(client, goes_on.json()["refresh_token"])) == "desk_revoked"


def test_a_used_token_again_after_the_desk_went_on_is_reuse_even_within_the_grace(
    client: Any,
) -> None:
    first = enrol(client, "acme")
    second = refresh(client, first["refresh_token"]).json()
    assert refresh(client, second["refresh_token"]).status_code == 200  # the desk went on
    reused = refresh(client, first["refresh_token"])
    assert reused.status_code == 403 and error_of(reused) == "desk_revoked"


def test_the_grace_window_is_configurable(make_client: Any, clock: Any) -> None:
    client = make_client(refresh_grace=5)
    add_firm(client, "acme")
    first = enrol(client, "acme")
    refresh(client, first["refresh_token"])
    clock.advance(4)
    assert refresh(client, first["refresh_token"]).status_code == 200
    clock.advance(2)  # six seconds after the first rotation
    late = refresh(client, first["refresh_token"])
    assert late.status_code == 403 and error_of(late) == "desk_revoked"
