"""The problems inbox (``desktop.sync.inbox``): sync's problems and this desk's refused
changes in one list, each settled once; a refused change is settled on this desk only."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import OutboxEntry, OutboxState, Party
from desktop.services import parties
from desktop.sync.inbox import inbox, key_of, settle
from tests.core.test_sync_apply import firm_ledgers  # noqa: F401  (the fixture)
from tests.helpers import D, customer


def _refuse_last(ledger: Any, state: str = OutboxState.REJECTED) -> int:
    with ledger.read() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        entry.state = state
        entry.result = {"reason": "Name taken.", "reason_zh": "名称已被占用。"}
        session.commit()
        return int(entry.seq)


def _outbox_size(ledger: Any) -> int:
    with ledger.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def test_conflicts_and_refused_changes_are_one_list_each_settled_once(
    firm_ledgers: Any,  # noqa: F811
) -> None:
    hub, a, b = firm_ledgers
    zhang = customer(a, "冲突五金", credit_limit="1000")
    hub.sync(a, b)
    with a.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="5000")
    with b.unit() as uow:
        parties.update_party(uow, zhang, credit_limit="8000")
    hub.sync(a, b)
    hub.sync(a, b)
    customer(b, "被拒的客户")
    seq = _refuse_last(b)
    with b.read() as session:
        conflict, refused = inbox(session, b.desk)
    assert conflict.kind == "conflict" and conflict.can_take and conflict.desk == "B"
    assert "8000" in conflict.message("zh") and "8000" in conflict.message("en")
    assert refused.kind == "rejected" and refused.key == f"outbox:{seq}"
    assert "名称已被占用" in refused.message("zh") and "Name taken." in refused.message("en")
    assert not refused.can_take

    with b.read() as session:  # what a person types on the command line
        assert key_of(f"#{seq}", session) == key_of(str(seq), session) == refused.key
        assert key_of(conflict.key.removeprefix("problem:")[:8], session) == conflict.key
    with b.unit() as uow, pytest.raises(ValidationError, match="只有修改冲突"):
        settle(uow, refused.key, take_offered=True)
    before = _outbox_size(b)
    with b.unit() as uow:
        settle(uow, refused.key, "改了名字重新录入")
    assert _outbox_size(b) == before  # this desk's own matter: nothing to send
    with b.unit() as uow, pytest.raises(ValidationError, match="已经处理过"):
        settle(uow, refused.key)
    with b.unit() as uow:
        settle(uow, conflict.key, "老板确认", take_offered=True)
    assert _outbox_size(b) == before + 1  # a settled problem travels to every desk
    with b.read() as session:
        assert inbox(session, b.desk) == []
        assert session.get(Party, zhang).credit_limit == D("8000")
        settled = inbox(session, b.desk, everything=True)
    assert [(i.kind, i.settled, i.resolution) for i in settled] == [
        ("conflict", True, "老板确认"),
        ("rejected", True, "改了名字重新录入"),
    ]


def test_a_diverged_change_is_said_as_such(firm_ledgers: Any) -> None:  # noqa: F811
    _hub, a, _b = firm_ledgers
    customer(a, "复制来的客户")
    _refuse_last(a, OutboxState.DIVERGED)
    with a.read() as session:
        (item,) = inbox(session, a.desk)
    assert "同一编号的改动内容不同" in item.message("zh")
    assert "another change under this number" in item.message("en")
