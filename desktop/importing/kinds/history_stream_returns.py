"""Cancelled invoices in a streamed history: the lines kept per bill checked against the
bills they cancel (``history_returns.plan_returns``), as the whole-sheet path checks its
rows (``history_returns.plan_rows``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from desktop.importing.kinds.history_returns import (
    file_bill,
    plan_returns,
    return_line,
    whole_document,
)

if TYPE_CHECKING:
    from desktop.importing.kinds.history_stream import HistoryStream


def plan_stream_returns(
    stream: HistoryStream, session: Session, groups: dict[str, list[int]], refs: list[str]
) -> None:
    """The plans of the new returns (``refs``; ``groups``: line indexes by ref) into
    ``stream.plans`` and ``stream.apart``; a return taking back more than its bill has left
    is an error on its lines and no longer one of the returns (``stream.links``)."""
    lines, links, outcomes = stream.lines, stream.links, stream.outcomes

    def items(ref: str) -> list[tuple[Any, tuple[Any, ...], int]]:
        return [(lines[i].product, lines[i].terms or (), lines[i].qty) for i in groups[ref]]

    bills = {s: file_bill(s, items(s)) for s in set(links.values()) if s and s in groups}
    returns = []
    for ref in refs:
        first = lines[groups[ref][0]]
        bill = stream.bills.get(ref) if stream.bills is not None else None
        texts = (bill[4], bill[5]) if bill is not None else ("", "")  # salesperson, notes
        back = [return_line(k, *item) for k, item in enumerate(items(ref))]
        returns.append((ref, first.on, first.number, *texts, back))
    stream.plans, stream.apart, over = plan_returns(session, links, returns, bills)
    for ref, (at, issue) in over.items():
        members = groups[ref]
        bad = members[at]
        stream.fail_line(bad, issue.zh, issue.en, "qty")
        for i in members:
            if stream.ok[i]:
                stream.fail_line(i, *whole_document(lines[bad].excel_row))
            outcomes[i] = 0
        del links[ref]
