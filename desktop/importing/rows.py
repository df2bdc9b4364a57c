"""Rows of typed values with per-cell problems: what every import kind plans and applies.

A row's outcome is one of ``new``, ``update``, ``unchanged``, ``skipped`` or ``error``, and
each reason is kept in Chinese and English with the column it is about, so the preview, the
JSON summary and the error workbook all say the same thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.importing.errors import ValueProblem
from desktop.importing.header import DataRow
from desktop.importing.mapping import Mapping
from desktop.importing.values import (
    parse_amount,
    parse_bool,
    parse_code,
    parse_date,
    parse_percent,
    parse_text,
)

NEW, UPDATE, UNCHANGED, SKIPPED, ERROR = "new", "update", "unchanged", "skipped", "error"
OUTCOMES = (NEW, UPDATE, UNCHANGED, SKIPPED, ERROR)
OUTCOME_ZH = {NEW: "新增", UPDATE: "更新", UNCHANGED: "无变化", SKIPPED: "跳过", ERROR: "错误"}
_NEUTRALISED = ("'=", "'+", "'-", "'@")


@dataclass(frozen=True)
class Issue:
    """One reason, about one column (None: the row as a whole)."""

    zh: str
    en: str
    column: int | None = None
    field: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass
class Row:
    """One data row on its way into the ledger."""

    excel_row: int
    values: dict[str, Any]
    outcome: str = ""
    errors: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)  # warnings and explanations
    target: uuid.UUID | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    group: str = ""

    def fail(self, zh: str, en: str, column: int | None = None, fld: str | None = None) -> None:
        self.errors.append(Issue(zh, en, column, fld))
        self.outcome = ERROR

    def note(self, zh: str, en: str, column: int | None = None, fld: str | None = None) -> None:
        self.notes.append(Issue(zh, en, column, fld))

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
    text = parse_text(value)
    if text and text.startswith(_NEUTRALISED):
        return text[1:]  # our own exports protect = + - @ with a leading apostrophe
    return text


def _money(value: Any) -> Decimal | None:
    amount = parse_amount(value)
    if amount is not None and amount != amount.quantize(Decimal("0.01")):
        raise ValueProblem(
            f"金额最多两位小数（到分）：{amount}", f"Amounts have at most 2 decimals: {amount}"
        )
    return amount


def _int(value: Any) -> int | None:
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ValueProblem(f"应为整数：{amount}", f"A whole number is needed: {amount}")
    return int(amount)


def _date(value: Any) -> date | None:
    return parse_date(value)


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "code": parse_code,
    "amount": parse_amount,
    "money": _money,
    "int": _int,
    "date": _date,
    "percent": parse_percent,
    "bool": parse_bool,
}


@dataclass(frozen=True)
class FieldSpec:
    """A field an import kind reads: its parser, whether it is required, template headers."""

    name: str
    type: str
    zh: str
    en: str
    required: bool = False


def parse_rows(
    data_rows: list[DataRow], mapping: Mapping, fields: tuple[FieldSpec, ...]
) -> list[Row]:
    """Parse every mapped cell, remembering each cell's problem; cache repeated cells."""
    plan: list[tuple[FieldSpec, int, Callable[[Any], Any], dict[Any, Any]]] = [
        (f, mapping.fields[f.name], PARSERS[f.type], {}) for f in fields if f.name in mapping.fields
    ]
    required = [(f, mapping.fields.get(f.name)) for f in fields if f.required]
    miss = _MISS
    out: list[Row] = []
    for data in data_rows:
        values: dict[str, Any] = {}
        row = Row(data.excel_row, values)
        cells = data.cells
        n = len(cells)
        for spec, col, parser, cache in plan:
            raw = cells[col] if col < n else None
            # text keys as they are; others with their type: 1, 1.0 and True are equal keys
            # but do not parse alike (a tuple never equals a str, so the two cannot meet)
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            try:
                hit = cache.get(key, miss)
                hashable = True
            except TypeError:
                hit, hashable = miss, False
            if hit is miss:
                try:
                    hit = parser(raw)
                except ValueProblem as exc:
                    hit = exc
                if hashable and len(cache) < 200_000:
                    cache[key] = hit
            if hit is None:
                continue
            if isinstance(hit, ValueProblem):
                row.fail(
                    f"{spec.zh}：{hit.message_zh}", f"{spec.en}: {hit.message_en}", col, spec.name
                )
            else:
                values[spec.name] = hit
        for spec, where in required:
            if spec.name not in values and not any(e.field == spec.name for e in row.errors):
                row.fail(f"缺少{spec.zh}", f"{spec.en} is missing", where, spec.name)
        out.append(row)
    return out


_MISS: Any = object()


def counts(rows: list[Row], skipped_extra: int = 0) -> dict[str, int]:
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
