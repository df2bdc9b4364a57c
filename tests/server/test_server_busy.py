"""A server database that stays locked answers 503 busy with Retry-After (the desk retries
with backoff), never a bare 500 and never a half-made desk."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import marketplace.db
from marketplace.models import Desk
from tests.server.helpers import HEADERS, PASSWORD, add_firm, error_of, server_of


def test_a_locked_database_is_503_busy(
    make_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(marketplace.db, "SQLITE_BUSY_MS", 200)
    client = make_client()
    add_firm(client, "acme")
    path = server_of(client).db.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        answer = client.post(
            "/api/v1/auth/enrol",
            json={"firm": "acme", "user": "老板", "password": PASSWORD},
            headers=HEADERS,
        )
        assert answer.status_code == 503 and error_of(answer) == "busy"
        assert int(answer.headers["Retry-After"]) > 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    with server_of(client).db.read() as session:
        assert session.scalar(select(func.count()).select_from(Desk)) == 0
    answer = client.post(
        "/api/v1/auth/enrol", json={"firm": "acme", "user": "老板", "password": PASSWORD}
    )
    assert answer.status_code == 200
