"""A streamed history's bills decided once every line is in (``HistoryStream.finish``), as
:meth:`HistoryHandler.evaluate` decides them on the whole grid (the tests compare both)."""

from __future__ import annotations

from array import array
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from desktop.importing.kinds.history import _OUTCOME
from desktop.importing.kinds.history_returns import (
    enabled,
    is_return,
    link_returns,
    returns_notice,
)
from desktop.importing.kinds.history_rules import (
    ID_ONLY_PREFIX,
    WALK_IN_KEY,
    no_customer,
    notices,
    walk_in_wanted,
)
from desktop.importing.kinds.history_stream_returns import plan_stream_returns
from desktop.importing.rows import ERROR
from desktop.money import fmt_money

if TYPE_CHECKING:
    from desktop.importing.kinds.history_stream import HistoryStream


def check_bills(stream: HistoryStream, session: Session) -> None:
    """Each bill's lines consistent (one date, one party), all-or-nothing, and recognised
    when imported before; the outcome of every line into ``stream.outcomes``, the returns
    linked and planned, and the report's notes."""
    h, lines, ok = stream.h, stream.lines, stream.ok
    who = h.who
    blank = stream.blank
    if h.role == "customer" and not walk_in_wanted(
        stream.ctx.options.walk_in, blank.count(1), len(blank)
    ):
        for i in range(len(lines)):
            if blank[i] and ok[i]:
                no_customer(lambda zh, en, col, fld, i=i: stream.fail_line(i, zh, en, fld))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.ref and (ok[i] or line.number):
            groups[line.ref].append(i)
    existing = stream.existing
    outcomes = stream.outcomes = bytearray(len(lines))
    returns: dict[str, tuple[str, Any]] = {}  # ref → number and party of each return
    new_bills: dict[str, Any] = {}  # ref → party
    for ref, members in groups.items():
        bad = next((i for i in members if not ok[i]), None)
        first = lines[members[0]]
        if bad is None:
            for i in members[1:]:
                if lines[i].on != first.on:
                    stream.fail_line(
                        i,
                        f"同一单号的日期与第 {first.excel_row} 行不同。",
                        f"Same number as row {first.excel_row} but another date.",
                        "doc_date",
                    )
                elif lines[i].party != first.party:
                    stream.fail_line(
                        i,
                        f"同一单号的{who[0]}与第 {first.excel_row} 行不同。",
                        f"Same number as row {first.excel_row} but another {who[1]}.",
                        "party",
                    )
            bad = next((i for i in members if not ok[i]), None)
        if bad is not None:
            number = first.number
            bad_row = lines[bad].excel_row
            for i in members:
                if ok[i]:
                    stream.fail_line(
                        i,
                        f"同一单据 {number} 的第 {bad_row} 行有错误，整张单据未导入。",
                        f"Row {bad_row} of the same document {number} has an error; "
                        "the whole document is left out.",
                    )
            continue
        total = Decimal(sum(lines[i].total or 0 for i in members)).scaleb(-2)
        back = is_return(lines[i].qty for i in members)
        if back:  # stored as a return: its total positive
            total = -total
            returns[ref] = (first.number, first.party)
        found = existing.get(ref)
        if found is None:
            code = 1
            if not back:
                new_bills[ref] = first.party
        elif found == (total, len(members)):
            code = 2
        else:
            for i in members:
                stream.fail_line(
                    i,
                    f"单号 {first.number} 已导入过，但内容不同（账上合计 "
                    f"{fmt_money(found[0])}，{found[1]} 行）。",
                    f"Number {first.number} was imported before with other "
                    f"content (total {fmt_money(found[0])}, {found[1]} lines).",
                )
            continue
        for i in members:
            outcomes[i] = code
    new_returns = {ref: r for ref, r in returns.items() if outcomes[groups[ref][0]] == 1}
    if stream.early is not None:
        stream.early.wait()  # the ledger is read from here on
    stream.links = link_returns(session, h.flow, new_returns, new_bills)
    if enabled(stream.ctx) and new_returns:
        plan_stream_returns(stream, session, groups, list(new_returns))
    stream.excel_rows = array("l", (line.excel_row for line in lines))
    for i, line in enumerate(lines):
        row = stream.kept.get(line.excel_row)
        if row is not None:
            row.outcome = _OUTCOME.get(outcomes[i], ERROR)
    new = [i for i in range(len(lines)) if outcomes[i] == 1]
    parties = {lines[i].party for i in new}
    stream.ctx.state.setdefault("notes", []).extend(
        notices(
            sum(blank[i] for i in new),
            WALK_IN_KEY in parties,
            sorted(p[len(ID_ONLY_PREFIX) :] for p in parties if str(p).startswith(ID_ONLY_PREFIX)),
            [r for i in new if (r := stream.rounded.get(lines[i].excel_row)) is not None],
            h.who,
        )
        + returns_notice(
            stream.links, {ref: r[0] for ref, r in new_returns.items()}, h.flow, stream.apart
        )
    )
