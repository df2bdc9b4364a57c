"""Streaming a big history file: lines kept as small tuples, rows rebuilt on demand.

The streamed path decides exactly what :class:`HistoryHandler` decides on the whole grid
(the tests compare both); it only keeps less in memory.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, overload

from sqlalchemy.orm import Session

from desktop.importing.kinds.base import Context
from desktop.importing.kinds.history import (
    _OUTCOME,
    HistoryHandler,
    _cents,
    _existing_refs,
)
from desktop.importing.rows import ERROR, NEW, UNCHANGED, Row
from desktop.money import fmt_money
from desktop.services.uow import UnitOfWork


class _LineRows(Sequence[Row]):
    """``report.rows`` of a streamed history import: a Row per line, made when asked for.

    Lines that carry an error or a note keep their Row (values included); the others come
    back as a Row with the row number and outcome only, so 500,000 lines stay small.
    """

    def __init__(self, stream: HistoryStream) -> None:
        self._s = stream

    def __len__(self) -> int:
        return len(self._s.excel_rows)

    def tally(self) -> dict[str, int]:
        """How many lines have each outcome, without making their Rows."""
        codes = self._s.outcomes
        new, unchanged = codes.count(1), codes.count(2)
        return {NEW: new, UNCHANGED: unchanged, ERROR: len(codes) - new - unchanged}

    def with_issues(self) -> list[Row]:
        """The lines that carry an error or a note (the only ones with a Row kept)."""
        return list(self._s.kept.values())

    def _row(self, i: int) -> Row:
        s = self._s
        excel_row = s.excel_rows[i]
        kept = s.kept.get(excel_row)
        if kept is not None:
            return kept
        return Row(excel_row, {}, _OUTCOME.get(s.outcomes[i], ERROR))

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...

    def __getitem__(self, i: int | slice) -> Row | list[Row]:
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._row(i)

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self._row(i)


class HistoryStream:
    """A history import fed in chunks of parsed rows, each line kept as one small tuple.

    Same decisions as :meth:`HistoryHandler.evaluate` / :meth:`HistoryHandler.apply`
    (``tests`` compare the two), for files too big to keep a Row object per line.
    """

    def __init__(self, handler: HistoryHandler, session: Session, ctx: Context) -> None:
        self.h = handler
        self.ctx = ctx
        handler.begin(session, ctx)
        # (excel row, ref, date, party, product, unit, factor, qty, price, rate,
        #  net, tax, total (cents), number, salesperson, notes)
        self.lines: list[tuple[Any, ...]] = []
        self.ok = bytearray()
        self.outcomes = bytearray()
        self.excel_rows = array("l")
        self.kept: dict[int, Row] = {}
        self._seen: Counter[str] = Counter()
        self._dates: dict[Any, Any] = {}

    def add(self, rows: list[Row]) -> None:
        h = self.h
        h.evaluate_rows(rows, self.ctx)
        flow = h.flow
        lines, ok_flags, kept, dates = self.lines, self.ok, self.kept, self._dates
        for row in rows:
            v = row.values
            number = v.get("doc_number")
            d = v.get("doc_date")
            d = dates.setdefault(d, d)
            if row.ok:
                c = row.changes
                if number:
                    ref = f"imp:{flow}:{number}"
                else:
                    base = hashlib.sha1(
                        f"{d}|{c['party']}|{row.target}|{v['qty']}|{c['price']}".encode()
                    ).hexdigest()[:24]
                    self._seen[base] += 1
                    ref = f"imp:{flow}:r:{base}:{self._seen[base]}"
                lines.append(
                    (
                        row.excel_row,
                        ref,
                        d,
                        c["party"],
                        row.target,
                        c["unit"],
                        c["factor"],
                        v["qty"],
                        c["price"],
                        c["rate"],
                        _cents(c["net"]),
                        _cents(c["tax"]),
                        _cents(c["total"]),
                        number or "",
                        v.get("salesperson") or "",
                        v.get("notes") or "",
                    )
                )
                ok_flags.append(1)
            else:
                ref = f"imp:{flow}:{number}" if number else ""
                lines.append((row.excel_row, ref, d, None) + (None,) * 9 + (number or "", "", ""))
                ok_flags.append(0)
            if row.errors or row.notes:
                kept[row.excel_row] = row

    def retract(self, excel_rows: list[int]) -> None:
        gone = set(excel_rows)
        while self.lines and self.lines[-1][0] in gone:
            self.lines.pop()
            self.ok.pop()
        for r in gone:
            self.kept.pop(r, None)

    def _fail(self, i: int, zh: str, en: str, fld: str | None = None) -> None:
        excel_row = self.lines[i][0]
        row = self.kept.get(excel_row)
        if row is None:
            row = self.kept[excel_row] = Row(excel_row, {})
        row.fail(zh, en, None, fld)
        self.ok[i] = 0

    def finish(self, session: Session) -> None:
        """Bills: consistent lines, all-or-nothing, recognised when imported before."""
        h, lines, ok = self.h, self.lines, self.ok
        who = h.who
        groups: dict[str, list[int]] = defaultdict(list)
        for i, line in enumerate(lines):
            if line[1]:
                groups[line[1]].append(i)
        existing = _existing_refs(session, f"imp:{h.flow}:")
        outcomes = self.outcomes = bytearray(len(lines))
        for ref, members in groups.items():
            bad = next((i for i in members if not ok[i]), None)
            first = lines[members[0]]
            if bad is None:
                for i in members[1:]:
                    if lines[i][2] != first[2]:
                        self._fail(
                            i,
                            f"同一单号的日期与第 {first[0]} 行不同。",
                            f"Same number as row {first[0]} but another date.",
                            "doc_date",
                        )
                    elif lines[i][3] != first[3]:
                        self._fail(
                            i,
                            f"同一单号的{who[0]}与第 {first[0]} 行不同。",
                            f"Same number as row {first[0]} but another {who[1]}.",
                            "party",
                        )
                bad = next((i for i in members if not ok[i]), None)
            if bad is not None:
                number = first[13]
                bad_row = lines[bad][0]
                for i in members:
                    if ok[i]:
                        self._fail(
                            i,
                            f"同一单据 {number} 的第 {bad_row} 行有错误，整张单据未导入。",
                            f"Row {bad_row} of the same document {number} has an error; "
                            "the whole document is left out.",
                        )
                continue
            total = Decimal(sum(lines[i][12] for i in members)).scaleb(-2)
            found = existing.get(ref)
            if found is None:
                code = 1
            elif found == (total, len(members)):
                code = 2
            else:
                for i in members:
                    self._fail(
                        i,
                        f"单号 {first[13]} 已导入过，但内容不同（账上合计 "
                        f"{fmt_money(found[0])}，{found[1]} 行）。",
                        f"Number {first[13]} was imported before with other "
                        f"content (total {fmt_money(found[0])}, {found[1]} lines).",
                    )
                continue
            for i in members:
                outcomes[i] = code
        self.excel_rows = array("l", (line[0] for line in lines))
        for i, line in enumerate(lines):
            row = self.kept.get(line[0])
            if row is not None:
                row.outcome = _OUTCOME.get(outcomes[i], ERROR)

    @property
    def rows(self) -> Sequence[Row]:
        return _LineRows(self)

    def has_new(self) -> bool:
        return 1 in self.outcomes

    def apply(self, uow: UnitOfWork) -> None:
        from desktop.importing.kinds.bulk import DocSpec, write_documents

        lines, outcomes = self.lines, self.outcomes
        used: set[Any] = set()
        first: list[int] = []
        for i, line in enumerate(lines):
            if outcomes[i] == 1:
                used.add(line[3])
                used.add(line[4])
                if not first:
                    first.append(i)

        def first_row() -> Row | None:
            if not first:
                return None
            excel_row = lines[first[0]][0]
            row = self.kept.get(excel_row)
            if row is None:
                row = self.kept[excel_row] = Row(excel_row, {}, NEW)
            return row

        ids = self.h._create_used(uow, used, self.ctx, first_row)
        docs: dict[str, DocSpec] = {}
        for i, line in enumerate(lines):
            if outcomes[i] != 1:
                continue
            doc = docs.get(line[1])
            if doc is None:
                doc = docs[line[1]] = DocSpec(
                    ref=line[1],
                    party_id=ids.get(line[3], line[3]),
                    doc_date=line[2],
                    number=line[13],
                    salesperson=line[14],
                    notes=line[15],
                )
            doc.lines.append((ids.get(line[4], line[4]), *line[5:13]))
        self.lines = []  # the report needs only row numbers and outcomes from here on
        write_documents(uow, self.h.flow, list(docs.values()), self.ctx)
