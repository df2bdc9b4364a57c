"""Every scenario's books must come out the same when its outbox is replayed elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.checks import run_checks
from tests.replay import assert_same_books, replay_into_empty


@pytest.fixture
def ledger(ledger_path: Path, tmp_path: Path) -> Iterator[object]:
    from desktop.services.ledger import Ledger

    opened = Ledger.open(ledger_path, actor="tester")
    yield opened
    copy = tmp_path / "replayed.zhangfang"
    assert replay_into_empty(opened, copy) > 0
    opened.close()
    assert_same_books(ledger_path, copy)
    replica = Ledger.open(copy)
    try:
        with replica.read() as session:
            assert run_checks(session) == []
    finally:
        replica.close()
