"""Which kind of list a sheet holds, from its headers and the values under them.

Headers alone mislead: a pharmacy's 日期/商品名称/数量/单价/金额 maps as well to opening
stock as to a sales history, and "菜品名称" reads as a customer's 名称. So each kind is scored
by how many of its fields map, weighted by how well the mapped columns' values fit the
field (dates in date fields, numbers in quantity/price/amount fields, text in names); a
column of dates or numbers that a kind has no place for counts against it; a kind whose
required fields do not map (or hold the wrong sort of values) is scored down. The best
kind is proposed and the runner-up shown, so a wrong guess is one click away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from desktop.importing.errors import ValueProblem
from desktop.importing.mapping import auto_map, normalize_header
from desktop.importing.synonyms import KIND_HINTS, KINDS, REQUIRED_FOR_GUESS
from desktop.importing.values import is_empty, parse_amount, parse_date

if TYPE_CHECKING:
    from desktop.importing.header import Table

#: data rows looked at per column: enough to see the types, cheap on a big file
SAMPLE_ROWS = 200
#: below this score no kind is proposed
MIN_SCORE = 4.0
_NUMBER_TYPES = frozenset({"qty", "price", "money", "amount", "percent", "discount", "int"})


@dataclass(frozen=True)
class KindGuess:
    """The proposed kind (None: nothing fits), the runner-up and every kind's score."""

    kind: str | None
    runner_up: str | None
    scores: list[tuple[str, float]]


@dataclass(frozen=True)
class _Profile:
    """Shares of a column's sampled cells that are dates, numbers and text."""

    dates: float = 0.0
    numbers: float = 0.0
    texts: float = 0.0
    filled: int = 0
    distinct: int = 0  # different values: a date or two down a column is an "as of" date


def _cell_sort(value: Any) -> str | None:
    """ "date", "number" or "text" for one cell (None when empty)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "text"
    if isinstance(value, datetime | date):
        return "date"
    if isinstance(value, int | float):
        return "number"
    text = str(value).strip()
    try:
        parse_amount(text)
        return "number"
    except ValueProblem:
        pass
    for order in (None, "day_first"):  # an ambiguous 11/8/2016 is still a date
        try:
            if parse_date(text, order) is not None:
                return "date"
        except ValueProblem:
            continue
    return "text"


def _profiles(rows: Sequence[Sequence[Any]], width: int) -> list[_Profile]:
    out = []
    sample = rows[:SAMPLE_ROWS]
    for col in range(width):
        tally = {"date": 0, "number": 0, "text": 0}
        values = set()
        for row in sample:
            cell = row[col] if col < len(row) else None
            sort = _cell_sort(cell)
            if sort is not None:
                tally[sort] += 1
                values.add(str(cell))
        filled = sum(tally.values())
        if not filled:
            out.append(_Profile())
            continue
        shares = (tally["date"] / filled, tally["number"] / filled, tally["text"] / filled)
        out.append(_Profile(*shares, filled, len(values)))
    return out


def _fit(field_type: str, profile: _Profile | None) -> float:
    """How well a column's values suit a field of this type, 0..1 (1 when there are none)."""
    if profile is None or not profile.filled:
        return 1.0
    if field_type == "date":
        return profile.dates
    if field_type in _NUMBER_TYPES:
        return profile.numbers
    if field_type == "text":  # names: text; a column of numbers is a poor name
        return profile.texts + 0.3 * profile.numbers
    if field_type == "code":
        return profile.texts + profile.numbers
    return 1.0 - profile.dates


def _moving(profile: _Profile) -> bool:
    """Dates that change down the column (a log), not one or two "as of" dates repeated over
    a long list (stock counted on 2020-01-01 and 2020-02-01); too few rows to tell: moving."""
    if profile.filled <= 2:
        return True
    return profile.distinct >= 2 and profile.distinct * 20 > profile.filled


def _field_types(kind: str) -> tuple[dict[str, str], set[str]]:
    from desktop.importing.plan import handler_for

    fields = handler_for(kind).fields
    types = {f.name: f.type for f in fields}
    required = {f.name for f in fields if f.required} | set(REQUIRED_FOR_GUESS[kind])
    return types, required


def score_kind(
    kind: str, headers: Sequence[Any], profiles: list[_Profile] | None, norms: list[str]
) -> float:
    """One kind's plausibility for these headers (and column profiles)."""
    mapping = auto_map(headers, kind)
    types, required = _field_types(kind)
    score = 0.0
    short = False
    for fname, col in mapping.fields.items():
        profile = profiles[col] if profiles is not None and col < len(profiles) else None
        fit = _fit(types.get(fname, "text"), profile)
        score += (3.0 if fname in required else 2.0) * fit
        if fname in required and fit < 0.5:
            short = True
    if any(f not in mapping.fields for f in required):
        short = True
    for hint in KIND_HINTS[kind]:
        key = normalize_header(hint.lstrip("="))
        exact = hint.startswith("=")
        score += sum(2.0 for n in norms if n and (n == key or (not exact and key in n)))
    if profiles is not None:
        used = set(mapping.fields.values())
        for col, profile in enumerate(profiles):
            if col in used or col >= len(norms) or not norms[col] or not profile.filled:
                continue
            if profile.dates >= 0.8 and _moving(profile):
                score -= 3.0  # dates that move row by row (transactions): no place for them
            elif profile.numbers >= 0.8:
                score -= 0.25
    return score / 4 if short else score


def rank(
    headers: Sequence[Any], rows: Sequence[Sequence[Any]] | None = None
) -> list[tuple[str, float]]:
    """Every kind with its score, best first (ties keep the order of ``KINDS``)."""
    norms = [normalize_header(h) for h in headers]
    profiles = _profiles(rows, len(headers)) if rows else None
    scores = [(kind, score_kind(kind, headers, profiles, norms)) for kind in KINDS]
    scores.sort(key=lambda ks: -ks[1])
    return scores


def guess(headers: Sequence[Any], rows: Sequence[Sequence[Any]] | None = None) -> KindGuess:
    """The most plausible kind and the next one, each only when its score is enough."""
    scores = rank(headers, rows)
    best = scores[0][0] if scores[0][1] >= MIN_SCORE else None
    second = scores[1][0] if best is not None and scores[1][1] >= MIN_SCORE else None
    return KindGuess(best, second, scores)


def guess_for_table(table: Table) -> tuple[str | None, str | None]:
    """(kind, runner-up) for a table found in a sheet, from its header and first rows."""
    if not table.headers:
        return None, None
    found = guess(table.headers, [r.cells for r in table.rows[:SAMPLE_ROWS]])
    return found.kind, found.runner_up


@dataclass(frozen=True)
class NearMiss:
    """The kind a header comes closest to when no kind fits: what mapped, what is missing."""

    kind: str
    mapped: dict[str, int]
    missing: list[str]  # field names


def near_miss(table: Table) -> NearMiss | None:
    """When nothing fits: the best-ranked kind whose header maps two or more fields but
    lacks a required one (an order list with no quantities), else None."""
    if not table.headers:
        return None
    rows = [r.cells for r in table.rows[:SAMPLE_ROWS]]
    for kind, _score in rank(table.headers, rows)[:3]:
        mapping = auto_map(table.headers, kind)
        _types, required = _field_types(kind)
        missing = sorted(f for f in required if f not in mapping.fields)
        if len(mapping.fields) >= 2 and missing:
            return NearMiss(kind, dict(mapping.fields), missing)
    return None
