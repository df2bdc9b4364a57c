"""Pushing a desk's real mutations: applied to the firm's ledger through the sync core,
answered once and the same on every retry, appended to the change log for other desks;
a copied ledger refused; a refused change never blocks the ones behind it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.models import Party
from desktop.sync.apply import apply_mutations
from desktop.sync.protocol import Mutation
from marketplace.models import Change, Firm
from tests.server.desks import add_customers, desk_ledger, envelope
from tests.server.helpers import add_firm, bearer, enrol, error_of, server_of


@pytest.fixture
def client(make_client: Any, db_url: str) -> Any:
    """An in-process server on SQLite, and again on PostgreSQL."""
    client = make_client(db_url)
    add_firm(client, "acme", "老板", "小王")
    return client


def _firm_id(client: Any) -> uuid.UUID:
    with server_of(client).db.read() as session:
        return session.scalars(select(Firm.id).where(Firm.code == "acme")).one()


def _firm_parties(client: Any) -> list[str]:
    ledger = server_of(client).ledgers.firm_ledger(_firm_id(client))
    with ledger.read() as session:
        return sorted(session.scalars(select(Party.name)))


def _log_size(client: Any) -> int:
    with server_of(client).db.read() as session:
        return session.scalar(select(func.count()).select_from(Change)) or 0


def test_push_applies_answers_and_logs_for_the_other_desks(client: Any, tmp_path: Path) -> None:
    a = enrol(client, "acme", "小王", epoch="epoch-1")
    b = enrol(client, "acme")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, "华东五金", "西湖茶庄")
    body = envelope(desk)
    intents = [m["intent"] for m in body["mutations"]]
    assert intents == ["firm.create", "party.create", "party.create"]

    answer = client.post("/api/v1/sync/push", json=body, headers=bearer(a))
    assert answer.status_code == 200, answer.text
    result = answer.json()
    statuses = [r["status"] for r in result["results"]]
    # the firm's ledger has its firm already: that one is refused, for a person, and the
    # customers behind it are applied all the same
    assert statuses == ["rejected", "applied", "applied"]
    assert result["results"][0]["reason"] and result["results"][0]["reason_zh"]
    assert [r["id"] for r in result["results"]] == [m["id"] for m in body["mutations"]]
    assert result["cursor"] == 2
    assert _firm_parties(client) == ["华东五金", "西湖茶庄"]

    pulled = client.get("/api/v1/sync/pull", params={"since": 0}, headers=bearer(b)).json()
    changes = pulled["changes"]
    assert [(c["seq"], c["desk"], c["actor"], c["intent"]) for c in changes] == [
        (1, "A", "小王", "party.create"),
        (2, "A", "小王", "party.create"),
    ]
    assert [c["id"] for c in changes] == [m["id"] for m in body["mutations"][1:]]
    assert changes[0]["args"]["name"] == "华东五金"
    assert pulled["cursor"] == 2

    # the same push again (its answer was lost): the same answers, nothing applied twice
    again = client.post("/api/v1/sync/push", json=body, headers=bearer(a)).json()
    assert [r["status"] for r in again["results"]] == ["rejected", "duplicate", "duplicate"]
    assert again["results"][0]["reason"] == result["results"][0]["reason"]
    assert again["cursor"] == 2
    assert _log_size(client) == 2
    assert _firm_parties(client) == ["华东五金", "西湖茶庄"]
    desk.close()


def test_a_push_applied_to_the_ledger_but_never_logged_is_logged_on_the_retry(
    client: Any, tmp_path: Path
) -> None:
    """The server died after the firm's ledger committed and before its own database did:
    the retry finds the change in the ledger, applies nothing again, and logs it once."""
    a = enrol(client, "acme", "小王")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, "华东五金")
    body = envelope(desk)
    body["mutations"] = body["mutations"][1:]  # the customer only
    m = body["mutations"][0]
    firm_ledger = server_of(client).ledgers.firm_ledger(_firm_id(client))
    first = apply_mutations(
        firm_ledger,
        "A",
        [Mutation(m["seq"], m["id"], m["intent"], m["args"], m["hash"], m["actor"])],
    )
    assert [r.status for r in first] == ["applied"]
    assert _log_size(client) == 0

    answer = client.post("/api/v1/sync/push", json=body, headers=bearer(a)).json()
    assert [r["status"] for r in answer["results"]] == ["duplicate"]
    assert answer["cursor"] == 1 and _log_size(client) == 1
    assert _firm_parties(client) == ["华东五金"]
    again = client.post("/api/v1/sync/push", json=body, headers=bearer(a)).json()
    assert [r["status"] for r in again["results"]] == ["duplicate"]
    assert _log_size(client) == 1
    desk.close()


def test_one_refused_change_does_not_block_the_twenty_behind_it(
    client: Any, tmp_path: Path
) -> None:
    a = enrol(client, "acme", "小王")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, *(f"客户{n:02d}" for n in range(20)))
    body = envelope(desk)  # firm.create (refused here) and then twenty customers
    answer = client.post("/api/v1/sync/push", json=body, headers=bearer(a)).json()
    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["rejected"] + ["applied"] * 20
    assert len(_firm_parties(client)) == 20 and answer["cursor"] == 20
    desk.close()


def test_a_copied_ledger_is_diverged_desk(client: Any, tmp_path: Path) -> None:
    a = enrol(client, "acme", "小王", epoch="epoch-1")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, "华东五金")
    body = envelope(desk)
    assert client.post("/api/v1/sync/push", json=body, headers=bearer(a)).status_code == 200
    before = (_log_size(client), _firm_parties(client))

    # another epoch: a restored or copied file
    answer = client.post("/api/v1/sync/push", json={**body, "epoch": "epoch-2"}, headers=bearer(a))
    assert answer.status_code == 409 and error_of(answer) == "diverged_desk"
    # the same desk number for another change
    copy = dict(body["mutations"][1], id=str(uuid.uuid4()))
    answer = client.post("/api/v1/sync/push", json={**body, "mutations": [copy]}, headers=bearer(a))
    assert answer.status_code == 409 and error_of(answer) == "diverged_desk"
    # the same change id with another body
    changed = dict(body["mutations"][1], hash="0" * 64)
    answer = client.post(
        "/api/v1/sync/push", json={**body, "mutations": [changed]}, headers=bearer(a)
    ).json()
    assert [r["status"] for r in answer["results"]] == ["diverged"]
    assert (_log_size(client), _firm_parties(client)) == before
    desk.close()


def test_an_epoch_left_out_at_enrolment_is_bound_by_the_first_push(
    client: Any, tmp_path: Path
) -> None:
    a = enrol(client, "acme", "小王")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, "华东五金")
    body = envelope(desk, epoch="mine")
    assert client.post("/api/v1/sync/push", json=body, headers=bearer(a)).status_code == 200
    answer = client.post("/api/v1/sync/push", json={**body, "epoch": "x"}, headers=bearer(a))
    assert answer.status_code == 409 and error_of(answer) == "diverged_desk"
    desk.close()


def test_push_refuses_a_wrong_desk_protocol_or_repeated_ids(client: Any, tmp_path: Path) -> None:
    a = enrol(client, "acme", "小王")
    desk = desk_ledger(tmp_path / "a.zhangfang", a["desk_code"])
    add_customers(desk, "华东五金")
    body = envelope(desk)
    answer = client.post("/api/v1/sync/push", json={**body, "desk": "Q"}, headers=bearer(a))
    assert answer.status_code == 409 and error_of(answer) == "diverged_desk"
    answer = client.post("/api/v1/sync/push", json={**body, "protocol": 2}, headers=bearer(a))
    assert answer.status_code == 426 and error_of(answer) == "upgrade_required"
    twice = {**body, "mutations": [body["mutations"][1], body["mutations"][1]]}
    answer = client.post("/api/v1/sync/push", json=twice, headers=bearer(a))
    assert answer.status_code == 400
    answer = client.post("/api/v1/sync/push", json=body)
    assert answer.status_code == 401 and error_of(answer) == "bad_token"
    assert _log_size(client) == 0 and _firm_parties(client) == []
    desk.close()
