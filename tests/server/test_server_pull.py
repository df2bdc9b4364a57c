"""Pulling the firm's change log: pages, the cursor, resync_required."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update

from marketplace.changes import ChangeEntry, record_changes
from marketplace.models import Firm
from tests.server.helpers import add_firm, bearer, enrol, error_of, server_of


def _record(client: Any, code: str, count: int) -> None:
    server = server_of(client)
    with server.db.write() as session:
        firm_id = session.scalar(select(Firm.id).where(Firm.code == code))
        assert firm_id is not None
        record_changes(
            session,
            firm_id,
            [ChangeEntry(uuid.uuid4(), "B", "product.create", {"n": i}) for i in range(count)],
        )


def test_pull_pages_from_the_cursor(make_client: Any) -> None:
    client = make_client()
    add_firm(client, "acme")
    _record(client, "acme", 5)
    tokens = enrol(client, "acme")
    assert tokens["cursor"] == 5
    # the firm's ledger itself says whether it holds business (these log rows are made up)
    assert tokens["ledger_state"] == "empty"
    page = client.get("/api/v1/sync/pull", params={"limit": 3}, headers=bearer(tokens)).json()
    assert [c["seq"] for c in page["changes"]] == [1, 2, 3]
    assert (page["cursor"], page["more"], page["horizon"]) == (3, True, 0)
    first = page["changes"][0]
    assert (first["desk"], first["intent"], first["args"], first["status"]) == (
        "B",
        "product.create",
        {"n": 0},
        "applied",
    )
    page = client.get("/api/v1/sync/pull", params={"since": 3}, headers=bearer(tokens)).json()
    assert ([c["seq"] for c in page["changes"]], page["cursor"], page["more"]) == ([4, 5], 5, False)
    page = client.get("/api/v1/sync/pull", params={"since": 5}, headers=bearer(tokens)).json()
    assert (page["changes"], page["cursor"], page["more"]) == ([], 5, False)


def test_a_cursor_outside_the_kept_history_is_resync_required(make_client: Any) -> None:
    client = make_client()
    add_firm(client, "acme")
    _record(client, "acme", 4)
    tokens = enrol(client, "acme")
    with server_of(client).db.write() as session:
        session.execute(update(Firm).values(horizon=3))
    for since in (0, 2, 5):  # before the horizon, or past the end of the log
        answer = client.get("/api/v1/sync/pull", params={"since": since}, headers=bearer(tokens))
        assert answer.status_code == 409 and error_of(answer) == "resync_required"
    page = client.get("/api/v1/sync/pull", params={"since": 3}, headers=bearer(tokens)).json()
    assert [c["seq"] for c in page["changes"]] == [4] and page["horizon"] == 3


def test_pull_refuses_bad_limits(make_client: Any) -> None:
    client = make_client()
    add_firm(client, "acme")
    tokens = enrol(client, "acme")
    for params in ({"limit": 0}, {"limit": 1001}, {"since": -1}, {"since": "x"}):
        answer = client.get("/api/v1/sync/pull", params=params, headers=bearer(tokens))
        assert answer.status_code == 400 and error_of(answer) == "bad_request"
