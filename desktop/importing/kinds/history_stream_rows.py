"""The rows of a streamed history import's report, made only when asked for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

from desktop.importing.kinds.history import _OUTCOME
from desktop.importing.rows import ERROR, NEW, UNCHANGED, Row

if TYPE_CHECKING:
    from desktop.importing.kinds.history_stream import HistoryStream


class LineRows(Sequence[Row]):
    """``report.rows`` of a streamed history import: a Row per line, made when asked for.

    Lines that carry an error or a note keep their Row (values included); the others come
    back as a Row with the row number and outcome, and (in a preview) the bill's number,
    date and the line's amount, so 500,000 lines stay small.
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

    def excel_row(self, i: int) -> int:
        """Line i's Excel row number, without making its Row."""
        return int(self._s.excel_rows[i])

    def outcome(self, i: int) -> str:
        """Line i's outcome, without making its Row."""
        s = self._s
        kept = s.kept.get(s.excel_rows[i])
        return kept.outcome or ERROR if kept is not None else _OUTCOME.get(s.outcomes[i], ERROR)

    def with_issues(self) -> list[Row]:
        """The lines that carry an error or a note (the only ones with a Row kept)."""
        return list(self._s.kept.values())

    def _row(self, i: int) -> Row:
        s = self._s
        excel_row = s.excel_rows[i]
        kept = s.kept.get(excel_row)
        if kept is not None:
            return kept
        values: dict[str, Any] = {}
        if len(s.lines) == len(s.excel_rows):  # a preview keeps its lines: what they hold
            line = s.lines[i]
            if line.number:
                values["doc_number"] = line.number
            if line.on is not None:
                values["doc_date"] = line.on
            if line.total is not None:
                values["amount"] = Decimal(line.total).scaleb(-2)
        return Row(excel_row, values, _OUTCOME.get(s.outcomes[i], ERROR))

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
