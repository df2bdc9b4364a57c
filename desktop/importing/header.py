"""Find the real table in a sheet: the header row under titles and instructions, and its rows.

Real ledgers start with a company title, a merged block of instructions ("带星号的为必填项"),
sometimes at B2 rather than A1; they have blank rows, template rows holding only a 序号, a
合计 row at the end, and sometimes a second table below the first.  Every row that is not
imported is reported with its Excel row number and a reason, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.importing.mapping import is_known_header, normalize_header
from desktop.importing.values import cell_to_text, is_empty

SCAN_ROWS = 30
MAX_BLANK_RUN = 10
_TOTAL_WORDS = frozenset(
    {
        "合计",
        "总计",
        "小计",
        "共计",
        "总合计",
        "本页合计",
        "本月合计",
        "本年合计",
        "累计",
        "合计金额",
        "total",
        "totals",
        "grandtotal",
        "subtotal",
        "sum",
    }
)
_TOTAL_PREFIX = re.compile(r"^(合计|总计|小计|共计)")
_SEQUENCE_HEADERS = frozenset({"序号", "行号", "no", "#", "序", "编号no"})
_LONG_TEXT = 40


@dataclass(frozen=True)
class DataRow:
    """One data row: its Excel row number and its cells, indexed by absolute column."""

    excel_row: int
    cells: list[Any]

    def get(self, column: int | None) -> Any:
        """The cell in a column, None when the row is shorter or the column is unmapped."""
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]


@dataclass(frozen=True)
class SkippedRow:
    """A row below the header that is not data, and why (blank/total/placeholder/...)."""

    excel_row: int
    reason: str
    text: str = ""


@dataclass
class Table:
    """A table found in a sheet grid."""

    header_index: int
    first_col: int
    last_col: int
    headers: list[str]
    rows: list[DataRow]
    skipped: list[SkippedRow] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    next_table_index: int | None = None

    @property
    def header_row(self) -> int:
        """The header's row number as Excel shows it (1-based)."""
        return self.header_index + 1

    @property
    def next_table_row(self) -> int | None:
        """Excel row number of a second table's header below this one, if any."""
        return None if self.next_table_index is None else self.next_table_index + 1

    @property
    def columns(self) -> dict[str, int]:
        """Header text → absolute column index; repeated headers get " (2)", " (3)"."""
        out: dict[str, int] = {}
        for col, text in enumerate(self.headers):
            if not text:
                continue
            name, n = text, 2
            while name in out:
                name, n = f"{text} ({n})", n + 1
            out[name] = col
        return out

    @property
    def totals(self) -> list[SkippedRow]:
        """The totals rows that were recognised and left out."""
        return [s for s in self.skipped if s.reason == "total"]


def _nonempty(row: Sequence[Any]) -> list[tuple[int, Any]]:
    return [
        (i, v)
        for i, v in enumerate(row)
        if not (v is None or (isinstance(v, str) and not v.strip()))
    ]


def _is_numberish(v: Any) -> bool:
    return isinstance(v, int | float | date | datetime) and not isinstance(v, bool)


def header_score(row: Sequence[Any], following: Sequence[Sequence[Any]], kind: str | None) -> float:
    """How much a row looks like a header: short distinct labels, known names, data below."""
    cells = _nonempty(row)
    if len(cells) < 2:
        return float("-inf")
    texts = [v for _, v in cells if isinstance(v, str)]
    short = [t for t in texts if len(t.strip()) <= _LONG_TEXT]
    numeric = sum(1 for _, v in cells if _is_numberish(v) or isinstance(v, bool))
    known = sum(1 for t in short if is_known_header(t, kind) or is_known_header(t))
    score = len(short) + 3.0 * known - 2.0 * numeric - 1.0 * (len(texts) - len(short))
    norms = [normalize_header(t) for t in short]
    if len(set(norms)) < len(norms):
        score -= 1.0
    cols = {i for i, _ in cells}
    filled: list[Sequence[Any]] = []
    blanks = 0
    for r in following:  # the block right below: stop at a double blank line
        if not _nonempty(r):
            blanks += 1
            if blanks >= 2:
                break
            continue
        blanks = 0
        filled.append(r)
        if len(filled) >= 5:
            break
    if filled:
        overlap = [len(cols & {i for i, _ in _nonempty(r)}) / len(cols) for r in filled]
        score += 2.0 * sum(overlap) / len(overlap)
        if any(_is_numberish(v) for r in filled for _, v in _nonempty(r)):
            score += 1.0
    return score


def find_header(rows: Sequence[Sequence[Any]], start: int = 0, kind: str | None = None) -> int:
    """Index of the most header-like row among the first non-empty rows from ``start``."""
    best, best_score = -1, float("-inf")
    seen = 0
    for i in range(start, len(rows)):
        if not _nonempty(rows[i]):
            continue
        seen += 1
        if seen > SCAN_ROWS:
            break
        score = header_score(rows[i], rows[i + 1 : i + 12], kind)
        if score > best_score:
            best, best_score = i, score
    if best < 0:  # only single-cell rows: a one-column list
        for i in range(start, len(rows)):
            if _nonempty(rows[i]):
                return i
    return best


def is_total_row(cells: Sequence[Any], first_col: int = 0) -> bool:
    """A 合计/总计/小计/Total row: such a word in one of the first three filled cells."""
    filled = [v for _, v in _nonempty(cells[first_col:])][:3]
    for v in filled:
        if not isinstance(v, str):
            continue
        norm = normalize_header(v)
        if norm in _TOTAL_WORDS or (_TOTAL_PREFIX.match(norm) and len(norm) <= 6):
            return True
    return False


def _same_as_header(cells: Sequence[Any], header_norms: dict[int, str]) -> bool:
    matches = sum(
        1
        for col, norm in header_norms.items()
        if col < len(cells) and isinstance(cells[col], str) and normalize_header(cells[col]) == norm
    )
    return matches >= max(2, (len(header_norms) * 6 + 9) // 10)


def _looks_like_new_header(cells: Sequence[Any], kind: str | None) -> bool:
    filled = _nonempty(cells)
    if len(filled) < 2 or any(not isinstance(v, str) for _, v in filled):
        return False
    known = sum(1 for _, v in filled if is_known_header(v, kind) or is_known_header(v))
    return known >= max(2, (len(filled) + 1) // 2)


def _row_text(cells: Sequence[Any], limit: int = 200) -> str:
    return " | ".join(cell_to_text(v) for _, v in _nonempty(cells))[:limit]


def find_table(
    rows: Sequence[Sequence[Any]],
    start: int = 0,
    kind: str | None = None,
    header_index: int | None = None,
) -> Table:
    """The table starting at or below ``start``; ``header_index`` overrides the detection."""
    h = find_header(rows, start, kind) if header_index is None else header_index
    if h < 0:
        return Table(start, 0, -1, [], [])
    header = list(rows[h])
    filled = _nonempty(header)
    first_col = filled[0][0] if filled else 0
    last_col = filled[-1][0] if filled else -1
    headers = ["" if v is None else str(cell_to_text(v)).strip() for v in header]
    header_norms = {i: normalize_header(v) for i, v in filled if normalize_header(v)}
    seq_cols = {i for i, n in header_norms.items() if n in _SEQUENCE_HEADERS}
    title_lines = [_row_text(r, 4000) for r in rows[start:h] if _nonempty(r)]
    table = Table(h, first_col, last_col, headers, [], [], title_lines)

    pending_blank: list[int] = []
    since_gap: list[DataRow] | None = None  # data rows after the latest blank run
    for i in range(h + 1, len(rows)):
        cells = list(rows[i])
        present = _nonempty(cells)
        if not present:
            pending_blank.append(i)
            if len(pending_blank) >= MAX_BLANK_RUN:
                break
            continue
        repeated = _same_as_header(cells, header_norms)
        if repeated or _looks_like_new_header(cells, kind):
            titles_only = since_gap is not None and all(
                len(_nonempty(r.cells)) <= 1 for r in since_gap
            )
            if pending_blank or (since_gap and titles_only):
                for r in since_gap or []:
                    table.rows.remove(r)
                    table.skipped.append(
                        SkippedRow(r.excel_row, "next_table_title", _row_text(r.cells))
                    )
                table.next_table_index = i
                break
            if repeated:
                table.skipped.append(SkippedRow(i + 1, "repeated_header", _row_text(cells)))
                continue
        if pending_blank:
            since_gap = []
            if table.rows:
                table.skipped.extend(SkippedRow(b + 1, "blank") for b in pending_blank)
            pending_blank = []
        width = max(last_col + 1, len(cells))
        padded = cells + [None] * (width - len(cells))
        if is_total_row(padded, first_col):
            table.skipped.append(SkippedRow(i + 1, "total", _row_text(cells)))
        elif all(c in seq_cols for c, _ in present):
            table.skipped.append(SkippedRow(i + 1, "number_only", _row_text(cells)))
        elif all(is_empty(v) or c in seq_cols for c, v in present):
            table.skipped.append(SkippedRow(i + 1, "placeholder", _row_text(cells)))
        elif all(c < first_col or c > last_col for c, _ in present):
            table.skipped.append(SkippedRow(i + 1, "outside_table", _row_text(cells)))
        else:
            row = DataRow(i + 1, padded)
            table.rows.append(row)
            if since_gap is not None:
                since_gap.append(row)
    last = table.rows[-1].excel_row if table.rows else table.header_row
    table.skipped = sorted(
        (s for s in table.skipped if s.reason != "blank" or s.excel_row < last),
        key=lambda s: s.excel_row,
    )
    return table


def find_tables(rows: Sequence[Sequence[Any]], kind: str | None = None) -> list[Table]:
    """Every table stacked in a sheet, top to bottom."""
    tables: list[Table] = []
    start = 0
    while start < len(rows):
        table = find_table(rows, start, kind)
        if table.last_col < 0:
            break
        tables.append(table)
        if table.next_table_index is None:
            break
        start = _title_start(rows, table.next_table_index)
    return tables


def _title_start(rows: Sequence[Sequence[Any]], header_index: int) -> int:
    """Step back from a header over its single-cell title rows."""
    i = header_index
    while i - 1 >= 0 and len(_nonempty(rows[i - 1])) == 1:
        i -= 1
    return i
