"""Statement tracking on the golden ledger (tests/core/reports/conftest.py): 甲五金's March
statement closes at 20.00 + 426.00 − 50.00 − 100.00 = 296.00; 乙建材's at 90.00."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import TransitionError, ValidationError
from desktop.models import OutboxEntry, StatementRecord
from desktop.services import statement_tracking as tracking
from desktop.services.statements import statement
from tests.helpers import D, row_counts
from tests.replay import assert_same_books, replay_into_empty

FROM, TO = date(2026, 3, 1), date(2026, 3, 31)


def _send(ledger, party: str, on: date = date(2026, 4, 2), via: str = "微信"):  # type: ignore[no-untyped-def]
    with ledger.unit() as uow:
        return tracking.track(uow, party, FROM, TO, on, via).id


def test_sent_confirmed_disputed_and_who_has_not_confirmed(books, tmp_path: Path) -> None:
    jia, yi = _send(books, "甲五金"), _send(books, "乙建材", via="email")
    with books.read() as s:
        sent = s.get(StatementRecord, jia)
        assert (sent.closing, sent.sent_via, sent.status) == (D("296.00"), "微信", "sent")
        assert s.get(StatementRecord, yi).sent_via == "邮件"  # the usual words in Chinese
        waiting = tracking.pending(s, date(2026, 4, 12))
    assert [(p.party_name, p.waiting_days) for p in waiting] == [("甲五金", 10), ("乙建材", 10)]

    with books.read() as s:
        march_bill = next(x.number for x in statement(s, "甲五金", FROM, TO).lines if x.debit > 0)
    with books.unit() as uow:
        tracking.dispute(uow, jia, date(2026, 4, 5), "甲会计", "退货 10 个未扣", [march_bill])
    with books.unit() as uow:
        tracking.confirm(uow, yi, date(2026, 4, 6), "乙老板")
    with books.read() as s:
        waiting = tracking.pending(s, date(2026, 4, 12))
        disputed = s.get(StatementRecord, jia)
    assert [(p.party_name, p.record.status) for p in waiting] == [("甲五金", "disputed")]
    assert disputed.disputed_lines == [march_bill] and disputed.answered_by == "甲会计"

    # settled: 甲 confirms after all; a confirmed statement cannot be disputed any more
    with books.unit() as uow:
        tracking.confirm(uow, jia, date(2026, 4, 8), "甲会计")
    with pytest.raises(TransitionError), books.unit() as uow:
        tracking.dispute(uow, jia, date(2026, 4, 9), "甲会计", "又不对了")
    with books.read() as s:
        assert tracking.pending(s, date(2026, 4, 12)) == []
        intents = [r.intent for r in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert intents[-5:] == [
        "statement.track",
        "statement.track",
        "statement.dispute",
        "statement.confirm",
        "statement.confirm",
    ]
    copy = tmp_path / "copy.zhangfang"
    replay_into_empty(books, copy)
    books.close()
    assert_same_books(books.path, copy)


def test_a_new_statement_after_a_confirmed_one_is_pending_again(books) -> None:
    first = _send(books, "乙建材")
    with books.unit() as uow:
        tracking.confirm(uow, first, date(2026, 4, 3), "乙老板")
    with books.unit() as uow:
        tracking.track(uow, "乙建材", date(2026, 4, 1), date(2026, 4, 30), date(2026, 5, 2), "传真")
    with books.read() as s:
        assert [p.record.period_to for p in tracking.pending(s, date(2026, 5, 3))] == [
            date(2026, 4, 30)
        ]
        # as of before the second was sent, nobody is waiting
        assert tracking.pending(s, date(2026, 4, 20)) == []
        assert tracking.latest(s, "乙建材").sent_via == "传真"


def test_bad_answers_are_refused_and_write_nothing(books) -> None:
    jia = _send(books, "甲五金")
    before = row_counts(books)
    cases = [
        lambda uow: tracking.dispute(uow, jia, date(2026, 4, 5), "甲会计", "  "),
        lambda uow: tracking.dispute(uow, jia, date(2026, 4, 5), "甲会计", "不对", ["XS-404"]),
        lambda uow: tracking.confirm(uow, jia, date(2026, 4, 1), "甲会计"),  # before sent
        lambda uow: tracking.confirm(uow, jia, date(2026, 4, 5), ""),
        lambda uow: tracking.track(uow, "甲五金", FROM, TO, date(2026, 2, 1), "微信"),
        lambda uow: tracking.track(uow, "甲五金", FROM, TO, date(2026, 4, 1), ""),
    ]
    for case in cases:
        with pytest.raises(ValidationError), books.unit() as uow:
            case(uow)
    assert row_counts(books) == before
    with books.read() as s, pytest.raises(ValidationError, match="No statement"):
        tracking.latest(s, "乙建材")


def test_the_statements_report_lists_the_disputed_first(books) -> None:
    from desktop.reports import ReportParams, run

    jia = _send(books, "甲五金", on=date(2026, 4, 3))
    _send(books, "乙建材")
    with books.unit() as uow:
        tracking.dispute(uow, jia, date(2026, 4, 5), "甲会计", "退货未扣")
    with books.read() as s:
        t = run(s, "statements", ReportParams(as_of=date(2026, 4, 10)))
    assert [(r.cells["name"], r.cells["status"], r.cells["waiting_days"]) for r in t.rows] == [
        ("甲五金", "有异议", 7),
        ("乙建材", "未确认", 8),
    ]
    assert t.rows[0].flags == ("disputed",) and t.totals["closing"] == D("386.00")
    drill = t.rows[1].drill
    assert drill is not None and (drill.date_from, drill.date_to) == (FROM, TO)


def test_history_and_the_lines_a_dispute_can_name(books) -> None:
    """What the window lists: every statement sent to a party, newest first; and the
    documents on one, each once with its amount — the numbers ``dispute`` accepts."""
    first = _send(books, "甲五金")
    with books.unit() as uow:
        tracking.track(uow, "甲五金", date(2026, 4, 1), date(2026, 4, 30), date(2026, 5, 2), "传真")
    with books.read() as s:
        sent = tracking.history(s, "甲五金")
        assert [r.period_to for r in sent] == [date(2026, 4, 30), TO]
        assert tracking.history(s, "乙建材") == []
        on_it = tracking.lines_of(s, first)
        st = statement(s, "甲五金", FROM, TO)
    # March: the bill 426.00, the return −50.00, the receipt −100.00 (closing 296 = 20 + those)
    assert [x.amount for x in on_it] == [D("426.00"), D("-50.00"), D("-100.00")]
    assert [x.number for x in on_it] == [x.number for x in st.lines]
    assert st.opening + sum(x.amount for x in on_it) == D("296.00")
    with books.unit() as uow:
        tracking.dispute(
            uow, first, date(2026, 4, 5), "甲会计", "都不对", [x.number for x in on_it]
        )
    with pytest.raises(ValidationError) as refused, books.unit() as uow:
        tracking.dispute(uow, first, date(2026, 4, 6), "甲会计", "还有", ["NOT-ON-IT"])
    assert refused.value.code == "line_not_on_statement"
