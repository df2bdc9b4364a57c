"""Checks 1 and "tokens never on disk" of docs/sync.md over the real server: two desks edit
one customer offline; a session leaves no token in any file."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models import Party, SyncProblem
from desktop.services import parties
from tests.e2e.harness import Desk, ServerProcess
from tests.helpers import D
from tests.replay import snapshot
from tests.sync.conftest import MemoryKeyring


def books(path: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    """The books of a copy, less what each copy counts for itself (its number series, the
    time it noted a credit override)."""
    found = snapshot(path)
    found.pop("number_series", None)
    found.pop("credit_override", None)
    return found


def test_two_desks_edit_one_customer_offline_fields_merge_and_the_credit_limit_conflicts(
    shared_server: ServerProcess, firm: str, desks: Any
) -> None:
    server = shared_server
    a: Desk = desks(server.url, "柜台一", firm=firm)
    b: Desk = desks(server.url, "柜台二", firm=firm)
    assert (a.code, b.code) == ("A", "B")
    with a.ledger.unit() as uow:
        zhang = parties.create_party(uow, name="张三五金", credit_limit="1000").id
    a.sync()
    assert b.sync().applied == 1
    # offline, from the same base: different fields, and both change the credit limit
    with a.ledger.unit() as uow:
        parties.update_party(uow, zhang, phone="13800000001", credit_limit="5000")
    with b.ledger.unit() as uow:
        parties.update_party(uow, zhang, contact="王经理", credit_limit="8000")
    a.sync()  # A reaches the server first: its credit limit stands
    b.sync()
    a.sync()
    for desk in (a, b):
        with desk.ledger.read() as session:
            party = session.get(Party, zhang)
            assert (party.phone, party.contact, party.credit_limit) == (
                "13800000001",
                "王经理",
                D("5000"),
            )
            (problem,) = session.scalars(select(SyncProblem)).all()
            assert problem.kind == "conflict" and problem.data["offered"] == "8000.00"
    ((phone, contact, limit, version),) = server.ledger_rows(
        "SELECT phone, contact, credit_limit, version FROM party WHERE name = '张三五金'",
        firm=firm,
    )
    assert (phone, contact) == ("13800000001", "王经理")
    assert server.ledger_rows("SELECT kind FROM sync_problem", firm=firm) == [("conflict",)]
    assert books(a.path) == books(b.path)
    assert a.rows("SELECT credit_limit, version FROM party") == [(limit, version)]


def _files_holding(folders: list[Path], secret: str) -> list[Path]:
    needle = secret.encode()
    return [
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    ]


def test_a_session_leaves_no_token_in_any_file(
    server: ServerProcess, desks: Any, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    a: Desk = desks(server.url, "柜台一")
    b: Desk = desks(server.url, "柜台二")
    seen: set[str] = set()

    def note() -> None:
        seen.update(memory_keyring.items.values())
        seen.update(t for t in (a.client.access_token, b.client.access_token) if t)

    note()
    a.add_customers("甲商行", "乙商行")
    a.sync()
    b.sync()
    a.client.refresh()  # a rotation: the old pair and the new
    note()
    a.client.access_token = "expired"  # the next call is refused, refreshed, and retried
    a.add_customers("丙商行")
    a.sync()
    b.sync()
    note()
    assert len(seen) >= 7 and "pending" not in a.outbox()
    assert b.rows("SELECT count(*) FROM party") == [(3,)]
    a.close()
    b.close()
    server.stop()
    folders = [server.data, tmp_path / "desks", Path(os.environ["ZHANGFANG_HOME"])]
    assert any(f.is_file() for f in server.data.rglob("*"))
    for secret in seen:
        assert _files_holding(folders, secret) == []
        assert secret not in server.log.read_text()
