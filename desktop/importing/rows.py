"""Rows of typed values with per-cell problems: what every import kind plans and applies.

A row's outcome is one of ``new``, ``update``, ``unchanged``, ``skipped`` or ``error``, and
each reason is kept in Chinese and English with the column it is about, so the preview, the
JSON summary and the error workbook all say the same thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from desktop.errors import ValidationError
from desktop.exporting.safe import restore
from desktop.importing.errors import ValueProblem
from desktop.importing.header import DataRow, SkippedRow, Table, row_text
from desktop.importing.mapping import Mapping
from desktop.importing.text_files import WholeLine
from desktop.importing.values import (
    DATE_ORDERS,
    floats_to_decimals,
    parse_amount,
    parse_bool,
    parse_code,
    parse_date,
    parse_discount,
    parse_percent,
    parse_text,
)
from desktop.labels import parse_terms
from desktop.money import MONEY, PRICE, QTY, RATE
from desktop.services import validate as v

NEW, UPDATE, UNCHANGED, SKIPPED, ERROR = "new", "update", "unchanged", "skipped", "error"
OUTCOMES = (NEW, UPDATE, UNCHANGED, SKIPPED, ERROR)
OUTCOME_ZH = {NEW: "新增", UPDATE: "更新", UNCHANGED: "无变化", SKIPPED: "跳过", ERROR: "错误"}


@dataclass(frozen=True, slots=True)
class Issue:
    """One reason, about one column (None: the row as a whole)."""

    zh: str
    en: str
    column: int | None = None
    field: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en


_ISSUES: dict[Issue, Issue] = {}


def shared_issue(issue: Issue) -> Issue:
    """One object for every equal Issue: a file's many rows with the same problem (the same
    unknown customer, say) share its texts instead of each keeping a copy."""
    found = _ISSUES.get(issue)
    if found is None:
        if len(_ISSUES) >= 50_000:
            _ISSUES.clear()
        found = _ISSUES[issue] = issue
    return found


@dataclass(slots=True)
class Row:
    """One data row on its way into the ledger (slots: a big file with many problems
    keeps a Row for each of those lines)."""

    excel_row: int
    values: dict[str, Any]
    outcome: str = ""
    errors: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)  # warnings and explanations
    target: uuid.UUID | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    group: str = ""

    def fail(self, zh: str, en: str, column: int | None = None, fld: str | None = None) -> None:
        self.errors.append(shared_issue(Issue(zh, en, column, fld)))
        self.outcome = ERROR

    def note(self, zh: str, en: str, column: int | None = None, fld: str | None = None) -> None:
        self.notes.append(shared_issue(Issue(zh, en, column, fld)))

    def reason(self, lang: str = "zh") -> str:
        issues = self.errors or self.notes
        return (
            "；".join(i.message(lang) for i in issues)
            if lang == "zh"
            else "; ".join(i.message(lang) for i in issues)
        )

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str | None:
    """Free text; the apostrophe our CSV exports put before = + - @ (``safe.neutralise``)
    taken off again."""
    text = parse_text(value)
    return restore(text) if text and text[0] == "'" else text


def _code(value: Any) -> str | None:
    """A code, phone or account number; the export's apostrophe taken off as for text."""
    if value.__class__ is str and value[:1] == "'":
        value = restore(value.strip())
    return parse_code(value)


def _int(value: Any) -> int | None:
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ValueProblem(f"应为整数：{amount}", f"A whole number is needed: {amount}")
    return int(amount)


def _date(value: Any) -> date | None:
    return parse_date(value)


def _terms(value: Any) -> tuple[str, int] | None:
    """账期: days (30, 30天) or month-end plus days (月结30天), as ``labels.parse_terms``
    reads them."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        days = _int(value)
        return None if days is None else ("days", days)
    try:
        return parse_terms(str(value))
    except ValueError:
        raise ValueProblem(
            f"看不懂的账期：{value}（可写 30、30天、月结30天、现结）",
            f"Payment terms not understood: {value} (write 30, 30 days, month-end + 30 days, cash)",
        ) from None


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "code": _code,
    "amount": parse_amount,  # a number the ledger does not store as it is (it derives one)
    "qty": parse_amount,
    "price": parse_amount,
    "money": parse_amount,
    "int": _int,
    "terms": _terms,
    "date": _date,
    "percent": parse_percent,
    "discount": parse_discount,
    "bool": parse_bool,
}


# The services' own rules for what a stored value may be (``validate.fits``, ``date_value``,
# ``plain_text``), applied to each parsed value of a column of that kind; a value they
# refuse is refused for its row, in the service's words.
CHECKS: dict[str, Callable[[Any, FieldSpec], Any]] = {
    "qty": lambda value, spec: v.fits(value, QTY, spec.zh, spec.en),
    "price": lambda value, spec: v.fits(value, PRICE, spec.zh, spec.en),
    "money": lambda value, spec: v.fits(value, MONEY, spec.zh, spec.en),
    "percent": lambda value, spec: v.fits(value, RATE, spec.zh, spec.en),
    "date": lambda value, spec: v.date_value(value, spec.zh, spec.en),
    "text": lambda value, spec: v.plain_text(
        value, spec.zh, spec.en, multiline=spec.name in v.MULTILINE_FIELDS
    ),
    "code": lambda value, spec: v.plain_text(value, spec.zh, spec.en),
}


@dataclass(frozen=True)
class FieldSpec:
    """A field an import kind reads: its parser, whether it is required, template headers."""

    name: str
    type: str
    zh: str
    en: str
    required: bool = False


@dataclass
class ParsedColumns:
    """A chunk of data rows parsed column by column: ``columns[field][j]`` is row j's value
    (None when empty or bad); ``problems[j]`` the reasons row j cannot be used as it is.

    It holds no cells, only row numbers and parsed values, so it is cheap to hand from a
    reader process to the importer (see ``parsed_stream``)."""

    excel_rows: list[int]
    columns: dict[str, list[Any]]
    problems: dict[int, list[Issue]]

    def column(self, name: str) -> list[Any]:
        """A field's values, all None when the field is not mapped."""
        found = self.columns.get(name)
        return found if found is not None else [None] * len(self.excel_rows)

    def row(self, j: int) -> Row:
        """Row j as :func:`parse_rows` gives it."""
        values = {name: col[j] for name, col in self.columns.items() if col[j] is not None}
        row = Row(self.excel_rows[j], values)
        issues = self.problems.get(j)
        if issues:
            row.errors.extend(issues)
            row.outcome = ERROR
        return row


def parse_columns(
    data_rows: list[DataRow],
    mapping: Mapping,
    fields: tuple[FieldSpec, ...],
    memo: dict[str, dict[Any, Any]] | None = None,
) -> ParsedColumns:
    """Parse every mapped cell, column by column, remembering each cell's problem.

    Each distinct value of a column is parsed once (codes, names, units and dates repeat
    down a ledger); the cells of a column get their value by lookup. ``memo`` (a dict per
    scan, see ``parsed_stream``) keeps the values parsed for the next chunks too.
    """
    problems: dict[int, list[Issue]] = {}
    columns: dict[str, list[Any]] = {}
    cells_list = [d.cells for d in data_rows]
    whole = _whole_lines(cells_list, problems)
    for spec in fields:
        col = mapping.fields.get(spec.name)
        if col is None:
            continue
        known = None if memo is None else memo.setdefault(spec.name, {})
        parsed, bad = _parse_column(_column(cells_list, col), PARSERS[spec.type], known)
        if bad:
            for j, hit in enumerate(parsed):
                if isinstance(hit, ValueProblem):
                    problems.setdefault(j, []).append(
                        shared_issue(
                            Issue(
                                f"{spec.zh}：{hit.message_zh}",
                                f"{spec.en}: {hit.message_en}",
                                col,
                                spec.name,
                            )
                        )
                    )
                    parsed[j] = None
        check = CHECKS.get(spec.type)
        if check is not None:
            _check_column(parsed, check, spec, col, problems)
        columns[spec.name] = parsed
    for spec in fields:
        if not spec.required:
            continue
        name = spec.name
        values = columns.get(name)
        where = mapping.fields.get(name)
        for j in range(len(data_rows)) if values is None else _none_at(values):
            if j in whole:
                continue  # already refused as a whole
            issues = problems.setdefault(j, [])
            if not any(e.field == name for e in issues):
                issues.append(
                    shared_issue(Issue(f"缺少{spec.zh}", f"{spec.en} is missing", where, name))
                )
    return ParsedColumns([d.excel_row for d in data_rows], columns, problems)


def _whole_lines(cells_list: list[list[Any]], problems: dict[int, list[Issue]]) -> set[int]:
    """Rows that are a text file's line not split into columns (``text_files.WholeLine``,
    always the row's first cell): refused, never read as a name that holds every column."""
    firsts = [cells[0] if cells else None for cells in cells_list]
    if WholeLine not in set(map(type, firsts)):
        return set()
    whole = {j for j, cell in enumerate(firsts) if cell.__class__ is WholeLine}
    for j in whole:
        shown = str(firsts[j])[:60]
        problems.setdefault(j, []).append(
            Issue(
                f"这一行没有按分隔符分成和表头一样多的列（{shown}）：可能某个名称或地址里有空格，"
                "或整行被引号括成了一格。请改用逗号或 Tab 分隔（或另存为 .xlsx）后再导入这一行。",
                f"This line does not split into the header's columns ({shown}): a name or "
                "address may contain a space, or the whole line is quoted as one cell. Use "
                "commas or tabs (or save as .xlsx) and import this line again.",
                0,
            )
        )
    return whole


def with_date_order(
    data_rows: list[DataRow], mapping: Mapping, fields: tuple[FieldSpec, ...], order: str | None
) -> list[DataRow]:
    """With a date order chosen for ambiguous text dates (05-06-23), the text cells of the
    date columns read in that order; a cell that does not read is left for its row to
    report."""
    if not order or order not in DATE_ORDERS:
        return data_rows
    cols = [mapping.fields[f.name] for f in fields if f.type == "date" and f.name in mapping.fields]
    if not cols:
        return data_rows
    out = []
    for row in data_rows:
        cells = list(row.cells)
        for col in cols:
            if col < len(cells) and isinstance(cells[col], str):
                with suppress(ValueError):  # ValueProblem too
                    cells[col] = parse_date(cells[col], order)
        out.append(DataRow(row.excel_row, cells))
    return out


def parse_rows(
    data_rows: list[DataRow], mapping: Mapping, fields: tuple[FieldSpec, ...]
) -> list[Row]:
    """Every row with its typed values and the problems of its cells."""
    parsed = parse_columns(data_rows, mapping, fields)
    return [parsed.row(j) for j in range(len(data_rows))]


_TEXT_TYPES = frozenset({"text", "code"})


def _check_column(
    parsed: list[Any],
    check: Callable[[Any, FieldSpec], Any],
    spec: FieldSpec,
    col: int,
    problems: dict[int, list[Issue]],
) -> None:
    """Apply a stored column's rule to each distinct parsed value; a refused value becomes
    its rows' problem (and None)."""
    distinct = set(parsed)
    distinct.discard(None)
    if spec.type in _TEXT_TYPES and distinct:
        try:  # the rule is per character: text all of whose values pass passes as one string
            check("".join(distinct), spec)
            return
        except ValidationError:
            pass  # find the values it is about
    refused: dict[Any, Issue] = {}
    for value in distinct:
        try:
            check(value, spec)
        except ValidationError as exc:
            refused[value] = shared_issue(Issue(exc.zh, exc.en, col, spec.name))
    if refused:
        for j, value in enumerate(parsed):
            issue = refused.get(value) if value is not None else None
            if issue is not None:
                problems.setdefault(j, []).append(issue)
                parsed[j] = None


def _none_at(values: list[Any]) -> list[int]:
    return [j for j, v in enumerate(values) if v is None]


def _column(cells_list: list[list[Any]], col: int) -> list[Any]:
    try:
        return list(map(itemgetter(col), cells_list))
    except IndexError:  # some rows are shorter than the column
        return [cells[col] if col < len(cells) else None for cells in cells_list]


def _parse_column(
    column: list[Any], parser: Callable[[Any], Any], known: dict[Any, Any] | None = None
) -> tuple[list[Any], bool]:
    """Each cell's parsed value (or its ValueProblem), parsing each distinct value once;
    and whether any cell has a problem. ``known``: the values (keyed by type and value)
    parsed in earlier chunks, added to.

    When a column mixes types the cache keys carry the type: 1, 1.0 and True are equal
    dictionary keys but do not parse alike.
    """
    try:
        types = set(map(type, column))
        if parser is parse_amount and types == {float}:  # prices and amounts, mostly distinct
            values = list(dict.fromkeys(column))
            decimals = floats_to_decimals(values)
            if decimals is not None:
                return list(
                    map(dict(zip(values, decimals, strict=True)).__getitem__, column)
                ), False
        if known is not None and len(known) >= _MEMO_LIMIT:
            known.clear()
        if len(types) == 1:
            distinct = dict.fromkeys(column)
            if known is None:
                for raw in distinct:
                    distinct[raw] = _parse_one(parser, raw)
            else:
                kind = next(iter(types))
                for raw in distinct:
                    hit = known.get((kind, raw), _NOT_PARSED)
                    if hit is _NOT_PARSED:
                        hit = known[(kind, raw)] = _parse_one(parser, raw)
                    distinct[raw] = hit
            results: Any = distinct.values()
            parsed = list(map(distinct.__getitem__, column))
        else:
            keys = [(raw.__class__, raw) for raw in column]
            by_key = dict.fromkeys(keys)
            for key in by_key:
                hit = _NOT_PARSED if known is None else known.get(key, _NOT_PARSED)
                if hit is _NOT_PARSED:
                    hit = _parse_one(parser, key[1])
                    if known is not None:
                        known[key] = hit
                by_key[key] = hit
            results = by_key.values()
            parsed = list(map(by_key.__getitem__, keys))
    except TypeError:  # an unhashable cell: parse one by one
        results = parsed = [_parse_one(parser, raw) for raw in column]
    return parsed, any(isinstance(hit, ValueProblem) for hit in results)


#: values kept per column by a scan's memo: codes, names and dates repeat, amounts may not
_MEMO_LIMIT = 100_000
_NOT_PARSED: Any = object()


def _parse_one(parser: Callable[[Any], Any], raw: Any) -> Any:
    try:
        return parser(raw)
    except ValueProblem as exc:
        # without its traceback: the frame it holds would hold the problem back (a cycle
        # only the cyclic collector frees, and it is paused during a big import)
        return exc.with_traceback(None)


def counts(rows: Sequence[Row], skipped_extra: int = 0) -> dict[str, int]:
    """total/new/updated/unchanged/skipped/error, as the summary shows them."""
    tally = dict.fromkeys(OUTCOMES, 0)
    fast = getattr(rows, "tally", None)  # compact rows of a streamed import
    if fast is not None:
        tally.update(fast())
    else:
        for row in rows:
            tally[row.outcome or ERROR] += 1
    return {
        "total": len(rows) + skipped_extra,
        "new": tally[NEW],
        "updated": tally[UPDATE],
        "unchanged": tally[UNCHANGED],
        "skipped": tally[SKIPPED] + skipped_extra,
        "error": tally[ERROR],
    }


#: field types that name a row's record or date; a totals row has none of them
_NAMING_TYPES = frozenset({"text", "code", "date", "terms", "bool"})
TRAILING_TOTALS = 3  # at most this many rows at the bottom are looked at


def trailing_totals(
    data_rows: Sequence[DataRow], mapping: Mapping, fields: tuple[FieldSpec, ...]
) -> list[int]:
    """Indexes of the totals rows at the bottom of a table, for every import kind.

    A 合计/总计/小计/Total cell anywhere in the row (``header.is_total_row`` looks only at
    the first cells, before the columns are known), or a row with numbers but nothing in any
    column that names a record or a date (no code, no name, no party, no date): such a row
    sums the rows above it and is not a record. Only the last rows are looked at, so a row
    in the middle that merely lacks its name is still reported as an error.
    """
    from desktop.importing.header import is_total_row

    naming = [
        mapping.fields[f.name]
        for f in fields
        if f.type in _NAMING_TYPES and f.name in mapping.fields
    ]
    numeric = [
        mapping.fields[f.name]
        for f in fields
        if f.type not in _NAMING_TYPES and f.name in mapping.fields
    ]
    found: list[int] = []
    for j in range(len(data_rows) - 1, max(-1, len(data_rows) - 1 - TRAILING_TOTALS), -1):
        row = data_rows[j]
        cells = [c for c in row.cells if c is not None and c != ""]
        if is_total_row([c for c in row.cells if isinstance(c, str)]):
            found.append(j)
            continue
        named = any(row.get(c) not in (None, "") for c in naming)
        has_number = any(isinstance(row.get(c), int | float | Decimal) for c in numeric)
        only_numbers = all(isinstance(c, int | float | Decimal) for c in cells)
        if cells and not named and has_number and only_numbers:
            found.append(j)
            continue
        break
    return sorted(found)


def without_trailing_totals(table: Table, mapping: Mapping, fields: tuple[FieldSpec, ...]) -> Table:
    """The table with its :func:`trailing_totals` rows moved to the skipped rows, reported
    as totals rows (the same reason the header scan gives a 合计 row)."""
    from dataclasses import replace

    found = trailing_totals(table.rows, mapping, fields)
    if not found:
        return table
    drop = set(found)
    skipped = [
        SkippedRow(table.rows[j].excel_row, "total", row_text(table.rows[j].cells)) for j in found
    ]
    return replace(
        table,
        rows=[r for j, r in enumerate(table.rows) if j not in drop],
        skipped=sorted([*table.skipped, *skipped], key=lambda s: s.excel_row),
    )
