"""Two firms on one server: every endpoint tried with the other firm's ids and tokens
reads nothing of it and changes nothing of it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models import Party
from marketplace.changes import ChangeEntry, record_changes
from marketplace.models import Desk, Firm, RefreshToken
from tests.server.desks import add_customers, desk_ledger, envelope
from tests.server.helpers import HEADERS, PASSWORD, add_firm, bearer, enrol, error_of, server_of


def _state(client: Any) -> list[tuple[Any, ...]]:
    """Everything of the firms' desks and tokens that a request could change."""
    with server_of(client).db.read() as session:
        desks = [
            (d.id, d.code, d.revoked_at, d.token_generation)
            for d in session.scalars(select(Desk).order_by(Desk.id))
        ]
        tokens = [
            (t.id, t.used_at, t.revoked_at)
            for t in session.scalars(select(RefreshToken).order_by(RefreshToken.id))
        ]
        firms = [(f.id, f.change_seq) for f in session.scalars(select(Firm).order_by(Firm.id))]
    return [*desks, *tokens, *firms]


def test_one_firm_reaches_nothing_of_another(make_client: Any, db_url: str) -> None:
    client = make_client(db_url)
    add_firm(client, "acme", "老板")
    add_firm(client, "other", "boss")
    acme = enrol(client, "acme")
    other = enrol(client, "other", "boss")
    server = server_of(client)
    with server.db.read() as session:
        acme_firm = session.scalars(select(Firm.id).where(Firm.code == "acme")).one()
    with server.db.write() as session:
        record_changes(
            session,
            acme_firm,
            [ChangeEntry(uuid.uuid4(), "A", "party.create", {"name": "秘密客户"})],
        )
    before = _state(client)

    # the other firm's owner with acme's firm code, or at acme's desk
    answer = client.post(
        "/api/v1/auth/enrol", json={"firm": "acme", "user": "boss", "password": PASSWORD}
    )
    assert answer.status_code == 401 and error_of(answer) == "bad_credentials"
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "other", "user": "boss", "password": PASSWORD, "desk_id": acme["desk_id"]},
    )
    assert answer.status_code == 404 and error_of(answer) == "not_found"

    # other's token on acme's ids
    answer = client.delete(f"/api/v1/desks/{acme['desk_id']}", headers=bearer(other))
    assert answer.status_code == 404 and error_of(answer) == "not_found"
    desks = client.get("/api/v1/desks", headers=bearer(other)).json()["desks"]
    assert [d["id"] for d in desks] == [other["desk_id"]]
    pulled = client.get("/api/v1/sync/pull", params={"since": 0}, headers=bearer(other)).json()
    assert pulled["changes"] == [] and pulled["cursor"] == 0
    assert "秘密客户" not in str(pulled)
    # a cursor from acme's log means nothing in other's
    answer = client.get("/api/v1/sync/pull", params={"since": 1}, headers=bearer(other))
    assert answer.status_code == 409 and error_of(answer) == "resync_required"

    assert _state(client) == before
    # acme itself still sees its own
    mine = client.get("/api/v1/sync/pull", params={"since": 0}, headers=bearer(acme)).json()
    assert [c["args"] for c in mine["changes"]] == [{"name": "秘密客户"}]
    assert HEADERS  # the protocol headers are optional for these calls


def test_a_push_never_reaches_another_firms_ledger_or_log(
    make_client: Any, db_url: str, tmp_path: Path
) -> None:
    """Firm other's desk pushes exactly the mutations acme's desk pushed (same ids): they
    are new to other's ledger (applied there, not "duplicate", which would tell it acme
    has them), and acme's ledger and log are untouched."""
    client = make_client(db_url)
    add_firm(client, "acme", "老板")
    add_firm(client, "other", "boss")
    acme = enrol(client, "acme")
    other = enrol(client, "other", "boss")
    desk = desk_ledger(tmp_path / "a.zhangfang", "A")
    add_customers(desk, "秘密客户")
    body = envelope(desk)
    body["mutations"] = body["mutations"][1:]
    mine = client.post("/api/v1/sync/push", json=body, headers=bearer(acme)).json()
    assert [r["status"] for r in mine["results"]] == ["applied"]
    server = server_of(client)
    with server.db.read() as session:
        ids = {code: ident for code, ident in session.execute(select(Firm.code, Firm.id))}
    acme_log = client.get("/api/v1/sync/pull", headers=bearer(acme)).json()

    theirs = client.post("/api/v1/sync/push", json=body, headers=bearer(other)).json()
    assert [r["status"] for r in theirs["results"]] == ["applied"]
    assert client.get("/api/v1/sync/pull", headers=bearer(acme)).json() == acme_log
    with server.ledgers.firm_ledger(ids["acme"]).read() as session:
        assert list(session.scalars(select(Party.name))) == ["秘密客户"]
    desk.close()


def test_unknown_desk_ids_are_404_like_foreign_ones(make_client: Any) -> None:
    client = make_client()
    add_firm(client, "acme", "老板")
    tokens = enrol(client, "acme")
    answer = client.delete(f"/api/v1/desks/{uuid.uuid4()}", headers=bearer(tokens))
    assert answer.status_code == 404 and error_of(answer) == "not_found"
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "老板", "password": PASSWORD, "desk_id": str(uuid.uuid4())},
    )
    assert answer.status_code == 404
