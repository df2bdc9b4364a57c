"""History compaction (``marketplace.compaction``): what goes, what an active desk keeps,
and a desk below the horizon told to start over (in-process, SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from marketplace.compaction import compact
from marketplace.models import Change, Desk, Firm
from tests.server.helpers import PASSWORD, add_firm, bearer, enrol, error_of, server_of


@pytest.fixture
def client(make_client: Any, db_url: str) -> Any:
    client = make_client(db_url)
    add_firm(client, "acme")
    add_firm(client, "other")
    return client


def log(client: Any, firm_code: str, ages_days: list[int]) -> uuid.UUID:
    """The firm's change log made of one change per age given (oldest first)."""
    server = server_of(client)
    now = server.now()
    with server.db.write() as session:
        firm = session.scalars(select(Firm).where(Firm.code == firm_code)).one()
        for seq, age in enumerate(ages_days, start=1):
            session.add(
                Change(
                    firm_id=firm.id,
                    seq=seq,
                    mutation_id=uuid.uuid4(),
                    desk="A",
                    actor="",
                    intent="party.create",
                    args={},
                    status="applied",
                    result={},
                    at=now - timedelta(days=age),
                )
            )
        firm.change_seq = len(ages_days)
        return firm.id


def pulled(client: Any, desk: dict[str, Any], seq: int) -> None:
    with server_of(client).db.write() as session:
        session.execute(
            update(Desk).where(Desk.id == uuid.UUID(desk["desk_id"])).values(pulled_seq=seq)
        )


def state(client: Any, firm_id: uuid.UUID) -> tuple[int, list[int]]:
    with server_of(client).db.read() as session:
        firm = session.get_one(Firm, firm_id)
        seqs = session.scalars(select(Change.seq).where(Change.firm_id == firm_id))
        return firm.horizon, sorted(seqs)


def signin(client: Any, desk: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "老板", "password": PASSWORD, "desk_id": desk["desk_id"]},
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def pull(client: Any, desk: dict[str, Any], since: int) -> Any:
    return client.get(f"/api/v1/sync/pull?since={since}", headers=bearer(desk))


def test_compaction_keeps_what_active_desks_need_and_the_days_kept(client: Any, clock: Any) -> None:
    a, b = enrol(client, "acme"), enrol(client, "acme")
    firm = log(client, "acme", [100] * 6 + [0] * 4)  # six changes 100 days old, four new
    other = log(client, "other", [100] * 3)
    pulled(client, a, 8)
    pulled(client, b, 4)
    found = {row.firm: row for row in compact(server_of(client))}
    # older than 90 days: 1-6; but desk B has only pulled up to 4
    assert (found["acme"].horizon_before, found["acme"].horizon, found["acme"].removed) == (0, 4, 4)
    assert state(client, firm) == (4, [5, 6, 7, 8, 9, 10])
    # a firm with no desk: everything old enough goes
    assert state(client, other) == (3, [])
    assert pull(client, b, 4).status_code == 200
    assert pull(client, a, 8).status_code == 200
    # 91 days later: A syncs (seen), B was never seen again
    clock.advance(91 * 24 * 3600)
    a = client.post(
        "/api/v1/auth/signin",
        json={"firm": "acme", "user": "老板", "password": "password-1", "desk_id": a["desk_id"]},
    ).json()
    assert pull(client, a, 8).status_code == 200
    compact(server_of(client))
    assert state(client, firm) == (8, [9, 10])  # what A still needs stays
    told = pull(client, signin(client, b), 4)  # B comes back
    assert told.status_code == 409 and error_of(told) == "resync_required"
    # the horizon never goes back
    pulled(client, a, 2)
    compact(server_of(client))
    assert state(client, firm)[0] == 8


def test_keep_days_below_zero_is_refused(client: Any) -> None:
    with pytest.raises(ValueError):
        compact(server_of(client), -1)


def test_a_pull_notes_how_far_the_desk_holds_the_log(client: Any) -> None:
    a = enrol(client, "acme")
    log(client, "acme", [0] * 5)

    def noted() -> int:
        with server_of(client).db.read() as session:
            return session.get_one(Desk, uuid.UUID(a["desk_id"])).pulled_seq

    assert pull(client, a, 0).status_code == 200 and noted() == 0
    assert pull(client, a, 3).status_code == 200 and noted() == 3
    assert pull(client, a, 1).status_code == 200 and noted() == 3  # never goes back
