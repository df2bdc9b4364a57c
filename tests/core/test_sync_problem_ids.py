"""A sync problem named by the start of its id, as ``zhangfang conflicts`` lists it.

Problem ids are UUIDv7: their first twelve characters are the time, so problems one sync
raised share their first eight. The list shows each as far as it takes to tell it from the
others, and a start two problems share is refused rather than taken for the older one."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.models import SyncProblem
from desktop.services import parties, sync_problems
from desktop.services.sync_problems import find_problem, shown_ids
from tests.core.test_sync_apply import firm_ledgers  # noqa: F401  (the fixture)
from tests.helpers import customer


def _two_conflicts(hub: Any, a: Any, b: Any) -> list[SyncProblem]:
    """Two customers both desks change offline; one sync raises both conflicts."""
    who = [customer(a, name, credit_limit="1000") for name in ("冲突五金", "冲突建材")]
    hub.sync(a, b)
    for desk, limit in ((a, "5000"), (b, "8000")):
        with desk.unit() as uow:
            for party in who:
                parties.update_party(uow, party, credit_limit=limit)
    hub.sync(a, b)
    hub.sync(a, b)
    with b.read() as session:
        found = sync_problems.open_problems(session)
        session.expunge_all()
    assert len(found) == 2
    return found


def test_problems_raised_together_are_listed_apart_and_settled_by_what_is_shown(
    firm_ledgers: Any,  # noqa: F811
    capsys: Any,
) -> None:
    hub, a, b = firm_ledgers
    first, second = _two_conflicts(hub, a, b)
    # what made the CLI list both as the same eight characters
    assert first.id.hex[:8] == second.id.hex[:8]
    with b.read() as session, pytest.raises(ValidationError, match="2 个同步问题"):
        find_problem(session, first.id.hex[:8])
    assert main(["conflicts", "--ledger", str(b.path)]) == 1
    listed = [line.split()[1] for line in capsys.readouterr().out.splitlines()]
    with b.read() as session:
        shown = shown_ids(session)
    assert listed == [shown[first.id], shown[second.id]] and len(set(listed)) == 2
    assert all(str(p.id).startswith(shown[p.id]) for p in (first, second))

    assert main(["conflicts", "--settle", first.id.hex[:8], "--ledger", str(b.path)]) == 1
    assert "2 个同步问题" in capsys.readouterr().err
    assert main(["conflicts", "--settle", listed[1], "--ledger", str(b.path)]) == 0
    with b.read() as session:
        assert session.get(SyncProblem, second.id).resolved_at is not None
        assert session.get(SyncProblem, first.id).resolved_at is None


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["01a24f1e-b9c4-7000-8000-000000000001"], ["01a24f1e"]),
        (
            ["01a24f1e-b9c4-7abc-8000-000000000001", "01a24f1e-b9c4-7abd-8000-000000000002"],
            ["01a24f1e-b9c4-7abc", "01a24f1e-b9c4-7abd"],
        ),
        (
            ["12345678-9abc-4def-8123-456789abcdef", "12345679-0000-4000-8000-000000000000"],
            ["12345678", "12345679"],
        ),
    ],
    ids=["alone", "same-millisecond", "digits"],
)
def test_the_shown_start_is_the_shortest_that_names_one_problem(
    ledger: Any, ids: list[str], expected: list[str]
) -> None:
    with ledger.unit() as uow:
        for ident in ids:
            uow.session.add(
                SyncProblem(
                    id=uuid.UUID(ident),
                    kind="conflict",
                    mutation_id=uuid.UUID(ident),
                    desk="B",
                    message_zh="冲突",
                    message_en="Conflict",
                )
            )
    with ledger.read() as session:
        shown = shown_ids(session)
        assert [shown[uuid.UUID(i)] for i in ids] == expected
        for ident, start in zip(ids, expected, strict=True):
            assert find_problem(session, start).id == uuid.UUID(ident)
