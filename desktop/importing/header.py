"""Find the real table in a sheet: the header row under titles and instructions, and its rows.

Real ledgers start with a company title, a merged block of instructions ("带星号的为必填项"),
sometimes at B2 rather than A1; they have blank rows, template rows holding only a 序号, a
合计 row at the end, and sometimes a second table below the first.  Every row that is not
imported is reported with its Excel row number and a reason, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any, NamedTuple

from desktop.importing.mapping import is_known_header, normalize_header
from desktop.importing.values import blank_to_none, cell_to_text, is_empty

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


class DataRow(NamedTuple):
    """One data row: its Excel row number and its cells, indexed by absolute column.

    A named tuple, not a dataclass: a big file makes hundreds of thousands of them.
    """

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
        if v is not None and not (isinstance(v, str) and not v.strip())
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
    seen = 0
    for v in cells[first_col:]:
        if v is None:
            continue
        if isinstance(v, str):
            if not v.strip():
                continue
            if is_total_word(v):
                return True
        seen += 1
        if seen >= 3:
            break
    return False


def is_total_word(text: str) -> bool:
    """A cell's text that makes its row a totals row (合计, Total:, ＴＯＴＡＬ...)."""
    if not _may_be_total(text):
        return False
    norm = normalize_header(text)
    return norm in _TOTAL_WORDS or bool(_TOTAL_PREFIX.match(norm) and len(norm) <= 6)


_TOTAL_LETTERS = (frozenset("total"), frozenset("sum"))


def _may_be_total(text: str) -> bool:
    """Cheap test that ``normalize_header(text)`` could be a totals word (no false negative).

    Normalising only folds width and case and drops characters, so a totals word's letters
    must all be present in the folded text.
    """
    folded = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).lower()
    if "计" in folded:
        return True
    chars = set(folded)
    return any(letters <= chars for letters in _TOTAL_LETTERS)


class _HeaderMatcher:
    """Whether a row repeats the header or starts a new table, with early exits.

    Most data rows fail after a cell or two (numbers, dates, codes), so the normalisation of
    every cell that the plain checks would do is avoided; the answers are the same.
    """

    def __init__(self, header_norms: dict[int, str], kind: str | None) -> None:
        self.norms = [(c, n, n.isascii()) for c, n in sorted(header_norms.items())]
        self._norm_cache: dict[str, str] = {}
        self.need = max(2, (len(header_norms) * 6 + 9) // 10)
        self.kind = kind
        self._known: dict[str, bool] = {}

    def same_as_header(self, cells: Sequence[Any]) -> bool:
        need = self.need
        allowed = len(self.norms) - need  # misses before a match becomes impossible
        if allowed < 0:
            return False
        matches = misses = 0
        n = len(cells)
        for col, norm, ascii_norm in self.norms:
            v = cells[col] if col < n else None
            if isinstance(v, str) and (
                v == norm
                # NFKC keeps ASCII text ASCII, so it can never become a non-ASCII header
                or ((ascii_norm or not v.isascii()) and self._normalized(v) == norm)
            ):
                matches += 1
                if matches >= need:
                    return True
            else:
                misses += 1
                if misses > allowed:
                    return False
        return matches >= need

    def _normalized(self, text: str) -> str:
        cache = self._norm_cache
        norm = cache.get(text)
        if norm is None:
            norm = normalize_header(text)
            if len(cache) >= 50_000:
                cache.clear()
            cache[text] = norm
        return norm

    def _is_known(self, text: str) -> bool:
        hit = self._known.get(text)
        if hit is None:
            hit = is_known_header(text, self.kind) or is_known_header(text)
            if len(self._known) < 10_000:
                self._known[text] = hit
        return hit

    def looks_like_new_header(self, filled: list[tuple[int, Any]]) -> bool:
        if len(filled) < 2:
            return False
        for _, v in filled:
            if not isinstance(v, str):
                return False
        need = max(2, (len(filled) + 1) // 2)
        allowed = len(filled) - need
        known = misses = 0
        for _, v in filled:
            if self._is_known(v):
                known += 1
                if known >= need:
                    return True
            else:
                misses += 1
                if misses > allowed:
                    return False
        return known >= need


def _same_as_header(cells: Sequence[Any], header_norms: dict[int, str]) -> bool:
    return _HeaderMatcher(header_norms, None).same_as_header(cells)


def _looks_like_new_header(cells: Sequence[Any], kind: str | None) -> bool:
    return _HeaderMatcher({}, kind).looks_like_new_header(_nonempty(cells))


def row_text(cells: Sequence[Any], limit: int = 200) -> str:
    return " | ".join(cell_to_text(v) for _, v in _nonempty(cells))[:limit]


class TableScanner:
    """Walk the rows below a header one at a time, as :func:`find_table` does.

    ``feed`` takes each row (0-based index, cells) in order and returns False once the table
    has ended (a long blank run or the next table's header). Data rows go to ``on_row``;
    rows that turn out to be the next table's titles are taken back through ``on_retract``
    (with their Excel row numbers; it returns each one's text for the skipped list), so a
    caller may stream rows without keeping them.
    """

    def __init__(
        self,
        table: Table,
        kind: str | None,
        on_row: Callable[[DataRow], object],
        on_retract: Callable[[list[int]], dict[int, str]],
    ) -> None:
        self.table = table
        self.on_row = on_row
        self.on_retract = on_retract
        header_norms = {}
        for i, v in enumerate(table.headers):
            if v:
                norm = normalize_header(v)
                if norm:
                    header_norms[i] = norm
        self.header_norms = header_norms
        self.matcher = _HeaderMatcher(header_norms, kind)
        self.seq_cols = {i for i, n in header_norms.items() if n in _SEQUENCE_HEADERS}
        self.pending_blank: list[int] = []
        # data rows after the latest blank run: (excel row, filled cells)
        self.since_gap: list[tuple[int, int]] | None = None
        self.last_data = 0
        self.done = False
        self._lanes: dict[tuple[type, ...], _Lane | None] = {}
        self._total_cache: dict[str, bool] = {}

    def feed(self, i: int, cells: list[Any]) -> bool:
        if not self.pending_blank:
            sig = tuple(map(type, cells))
            lane = self._lanes.get(sig, _NO_LANE)
            if lane is _NO_LANE:
                lane = self._lanes[sig] = _Lane.for_signature(sig, self)
            if lane is not None and lane.plain(cells, self._total_cache):
                self.last_data = i + 1
                if self.since_gap is not None:
                    self.since_gap.append((i + 1, lane.filled))
                pad = lane.pad
                # tuple.__new__: without the Python-level __new__ a NamedTuple call runs
                self.on_row(_new_tuple(DataRow, (i + 1, cells + pad if pad else cells)))
                return True
        return self._feed(i, cells)

    def _feed(self, i: int, cells: list[Any]) -> bool:
        table = self.table
        if any(v.__class__ is str and not v.strip() for v in cells):
            cells = blank_to_none(cells)  # a streamed row's cells of spaces only
        present = _nonempty(cells)
        if not present:
            self.pending_blank.append(i)
            if len(self.pending_blank) >= MAX_BLANK_RUN:
                self.done = True
                return False
            return True
        repeated = self.matcher.same_as_header(cells)
        if repeated or self.matcher.looks_like_new_header(present):
            since_gap = self.since_gap
            titles_only = since_gap is not None and all(n <= 1 for _, n in since_gap)
            if self.pending_blank or (since_gap and titles_only):
                if since_gap:
                    texts = self.on_retract([r for r, _ in since_gap])
                    for r, _ in since_gap:
                        table.skipped.append(SkippedRow(r, "next_table_title", texts.get(r, "")))
                table.next_table_index = i
                self.done = True
                return False
            if repeated:
                table.skipped.append(SkippedRow(i + 1, "repeated_header", row_text(cells)))
                return True
        if self.pending_blank:
            self.since_gap = []
            if self.last_data:
                table.skipped.extend(SkippedRow(b + 1, "blank") for b in self.pending_blank)
            self.pending_blank = []
        last_col = table.last_col
        first_col = table.first_col
        if len(cells) <= last_col:
            cells = cells + [None] * (last_col + 1 - len(cells))
        if is_total_row(cells, first_col):
            table.skipped.append(SkippedRow(i + 1, "total", row_text(cells)))
            return True
        seq_cols = self.seq_cols
        if seq_cols and all(c in seq_cols for c, _ in present):
            table.skipped.append(SkippedRow(i + 1, "number_only", row_text(cells)))
        elif all(is_empty(v) or c in seq_cols for c, v in present):
            table.skipped.append(SkippedRow(i + 1, "placeholder", row_text(cells)))
        elif all(c < first_col or c > last_col for c, _ in present):
            table.skipped.append(SkippedRow(i + 1, "outside_table", row_text(cells)))
        else:
            self.last_data = i + 1
            if self.since_gap is not None:
                self.since_gap.append((i + 1, len(present)))
            self.on_row(DataRow(i + 1, cells))
        return True

    def finish(self, last_data_row: int | None = None) -> None:
        """Sort the skipped rows; trailing blank rows are not reported."""
        table = self.table
        last = last_data_row or table.header_row
        table.skipped = sorted(
            (s for s in table.skipped if s.reason != "blank" or s.excel_row < last),
            key=lambda s: s.excel_row,
        )


_NONE_TYPE = type(None)
_new_tuple = tuple.__new__
_NO_LANE: Any = object()
_PLAIN_TYPES = frozenset({int, float, date, datetime})
_KNOWN_TYPES = _PLAIN_TYPES | {str, bool, _NONE_TYPE}


class _Lane:
    """What the cell *types* of a row already settle, so most data rows skip the full tests.

    Rows whose cells have the same types (a signature) get the same answers to "repeats the
    header?", "starts a new table?", "placeholder?", "outside the table?" — provided their
    text cells are not blank, which :meth:`plain` checks per row, with the totals test on the
    few cells it concerns. A signature where the types do not settle it gets no lane (None)
    and its rows take :meth:`TableScanner._feed`; the answers are the same either way.
    """

    __slots__ = ("anchor", "anchor_is_float", "filled", "pad", "texts", "total_texts")

    def __init__(self) -> None:
        self.filled = 0
        self.pad: list[None] = []
        self.texts: Callable[[list[Any]], tuple[Any, ...]] = tuple
        self.total_texts: Callable[[list[Any]], tuple[Any, ...]] = tuple
        self.anchor = 0
        self.anchor_is_float = False

    @classmethod
    def for_signature(cls, sig: tuple[type, ...], scanner: TableScanner) -> _Lane | None:
        table = scanner.table
        present = [c for c, t in enumerate(sig) if t is not _NONE_TYPE]
        texts = [c for c in present if sig[c] is str]
        # a value of another type: not a new header (all text), not a placeholder
        anchors = [c for c in present if sig[c] in _PLAIN_TYPES and c not in scanner.seq_cols]
        if not anchors or not _KNOWN_TYPES.issuperset(sig):
            return None
        matcher = scanner.matcher
        header_texts = sum(1 for c, _, _ in matcher.norms if c < len(sig) and sig[c] is str)
        if header_texts >= matcher.need:
            return None  # could repeat the header: the full test decides
        if not any(table.first_col <= c <= table.last_col for c in present):
            return None
        lane = cls()
        lane.filled = len(present)
        width = table.last_col + 1
        lane.pad = [None] * (width - len(sig)) if len(sig) <= table.last_col else []
        lane.texts = _getter(texts)
        totals = [c for c in present if c >= table.first_col][:3]
        lane.total_texts = _getter([c for c in totals if sig[c] is str])
        non_float = [c for c in anchors if sig[c] is not float]
        lane.anchor = non_float[0] if non_float else anchors[0]
        lane.anchor_is_float = not non_float
        return lane

    def plain(self, cells: list[Any], total_cache: dict[str, bool]) -> bool:
        """True when this row is an ordinary data row (no blank text, no totals word)."""
        texts = self.texts(cells)
        if not all(map(str.strip, texts)):
            return False
        if self.anchor_is_float:
            v = cells[self.anchor]
            if v != v:  # NaN counts as empty
                return False
        for v in self.total_texts(cells):
            hit = total_cache.get(v)
            if hit is None:
                # the whole test, not only _may_be_total: most text with the letters of
                # "total" (a product called "...HOLDER") is no totals word, and the row
                # stays in its lane instead of taking the full tests
                hit = is_total_word(v)
                if len(total_cache) >= 100_000:
                    total_cache.clear()
                total_cache[v] = hit
            if hit:
                return False
        return True


def _getter(columns: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The cells at ``columns`` as a tuple (itemgetter gives a bare value for one column)."""
    if not columns:
        return lambda _cells: ()
    if len(columns) == 1:
        col = columns[0]
        return lambda cells: (cells[col],)
    return itemgetter(*columns)


def start_table(
    rows: Sequence[Sequence[Any]],
    start: int = 0,
    kind: str | None = None,
    header_index: int | None = None,
) -> Table:
    """The header part of :func:`find_table`: a Table with no rows yet (last_col -1: none)."""
    h = find_header(rows, start, kind) if header_index is None else header_index
    if h < 0:
        return Table(start, 0, -1, [], [])
    header = list(rows[h])
    filled = _nonempty(header)
    first_col = filled[0][0] if filled else 0
    last_col = filled[-1][0] if filled else -1
    headers = ["" if v is None else str(cell_to_text(v)).strip() for v in header]
    title_lines = [row_text(r, 4000) for r in rows[start:h] if _nonempty(r)]
    return Table(h, first_col, last_col, headers, [], [], title_lines)


def find_table(
    rows: Sequence[Sequence[Any]],
    start: int = 0,
    kind: str | None = None,
    header_index: int | None = None,
) -> Table:
    """The table starting at or below ``start``; ``header_index`` overrides the detection."""
    table = start_table(rows, start, kind, header_index)
    if table.last_col < 0 and not table.headers:
        return table
    kept: list[DataRow] = table.rows

    def retract(excel_rows: list[int]) -> dict[int, str]:
        gone = kept[-len(excel_rows) :]
        del kept[-len(excel_rows) :]
        return {r.excel_row: row_text(r.cells) for r in gone}

    scanner = TableScanner(table, kind, kept.append, retract)
    for i in range(table.header_index + 1, len(rows)):
        if not scanner.feed(i, list(rows[i])):
            break
    scanner.finish(kept[-1].excel_row if kept else None)
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
