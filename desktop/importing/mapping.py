"""Map the headers people really write (客户名称, 单位名称, 往来单位, Customer...) to ledger fields.

The synonym table is plain data so it can grow from real files without touching code.  A
mapping is only a proposal: the preview lets the user change it, and ``layout_key`` lets the app
remember that choice for the next file with the same header layout.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.importing.header_words import (
    EXTRA_SYNONYMS,
    bare_entity_as_code,
    is_rule_header,
    rule_fields,
    split_header,
)
from desktop.importing.synonyms import KINDS as KINDS
from desktop.importing.synonyms import SECONDARY_FIELDS, SYNONYMS

_PAREN_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_REQUIRED_MARK = re.compile(r"[*＊※★]")
_SEPARATORS = re.compile(r"[\s_\-·:：.,，、/]+")


def normalize_header(text: Any) -> str:
    """Canonical header text: NFKC, no spaces/line breaks, no `*` marks or "(必填)" notes.

    English is lowercased and joined ("Customer ID" → "customerid"), so spelling variants meet.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _REQUIRED_MARK.sub("", s)
    previous = None
    while previous != s:
        previous, s = s, _PAREN_NOTE.sub("", s)
    s = _SEPARATORS.sub("", s)
    return s.lower()


def _build_index() -> dict[str, dict[str, list[tuple[str, int]]]]:
    """normalised header → [(field, rank)] per kind: the synonym table first, then the
    export layouts of ``header_words`` (ranked after it, so the table's order still wins)."""
    index: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for kind, fields in SYNONYMS.items():
        table: dict[str, list[tuple[str, int]]] = {}
        for fname, words in fields.items():
            base = 100 if fname in SECONDARY_FIELDS else 0
            for rank, word in enumerate(words):
                table.setdefault(normalize_header(word), []).append((fname, base + rank))
        for fname, words in EXTRA_SYNONYMS.get(kind, {}).items():
            for rank, word in enumerate(words):
                entries = table.setdefault(normalize_header(word), [])
                if not any(f == fname for f, _ in entries):
                    entries.append((fname, 50 + rank))
        index[kind] = table
    return index


_INDEX = _build_index()
ALL_SYNONYMS = frozenset(key for table in _INDEX.values() for key in table)


@dataclass(frozen=True)
class Mapping:
    """Which column (0-based, absolute in the grid) feeds which field of one import kind."""

    kind: str
    fields: dict[str, int]
    headers: list[str]
    unmapped: list[int] = field(default_factory=list)

    def column_of(self, field_name: str) -> int | None:
        """The column feeding a field, or None when the file has no such column."""
        return self.fields.get(field_name)

    def with_field(self, field_name: str, column: int | None) -> Mapping:
        """A copy where the user moved one field to another column (None: not imported)."""
        fields = {f: c for f, c in self.fields.items() if f != field_name and c != column}
        if column is not None:
            fields[field_name] = column
        return replace(self, fields=fields, unmapped=_unmapped(self.headers, fields))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form to save a user's mapping next to its ``layout_key``."""
        return {"kind": self.kind, "fields": dict(self.fields), "layout": layout_key(self.headers)}

    @classmethod
    def from_dict(cls, data: dict[str, Any], headers: Sequence[Any]) -> Mapping:
        """Re-apply a saved mapping to a file's headers (the caller checks the layout key)."""
        texts = [_header_text(h) for h in headers]
        fields = {str(f): int(c) for f, c in data["fields"].items() if 0 <= int(c) < len(texts)}
        return cls(str(data["kind"]), fields, texts, _unmapped(texts, fields))


def _header_text(h: Any) -> str:
    return "" if h is None else str(h).strip()


def _unmapped(headers: list[str], fields: dict[str, int]) -> list[int]:
    used = set(fields.values())
    return [i for i, h in enumerate(headers) if h and i not in used]


#: how a rule match (``header_words``) ranks: after every exact synonym, before a header
#: that merely contains one
_RULE_QUALITY = 500


def auto_map(headers: Sequence[Any], kind: str) -> Mapping:
    """Propose a mapping: exact synonyms first, then the general entity + role rule
    ("客户 ID", "InvoiceDate"), then Chinese headers that contain a synonym."""
    if kind not in SYNONYMS:
        raise ValueError(f"unknown import kind: {kind}")
    texts = [_header_text(h) for h in headers]
    norms = [normalize_header(h) for h in headers]
    table = _INDEX[kind]
    candidates: list[tuple[int, int, str, int]] = []  # (quality, rank, field, column)
    for col, norm in enumerate(norms):
        if not norm:
            continue
        for fname, rank in table.get(norm, []):
            candidates.append((0, rank, fname, col))
        by_rule = rule_fields(norm, kind)
        if by_rule is not None:
            candidates.append((_RULE_QUALITY, by_rule[1], by_rule[0], col))
        if _names_an_entity(norm):
            continue  # 订单编号 is an order's number, never a 编号 of something else
        for key, entries in table.items():
            # Only Chinese labels are matched inside longer headers: "unit" in "unitprice" lies.
            if len(key) >= 2 and not key.isascii() and key != norm and key in norm:
                for fname, rank in entries:
                    candidates.append((1000 - len(key), rank, fname, col))
    fields: dict[str, int] = {}
    ordered = sorted(candidates)
    _assign(fields, [c for c in ordered if c[0] <= _RULE_QUALITY])
    # a bare 客户 beside 客户名称 is the code, before 客户名称 could pass for a 名称 below
    fields = bare_entity_as_code(norms, kind, fields)
    _assign(fields, [c for c in ordered if c[0] > _RULE_QUALITY])
    return Mapping(kind, fields, texts, _unmapped(texts, fields))


def _names_an_entity(norm: str) -> bool:
    """A header the rule reads as some entity's code or name (客户名称, 订单编号)."""
    split = split_header(norm)
    return split is not None and bool(split[0]) and split[1] in ("code", "name")


def _assign(fields: dict[str, int], candidates: list[tuple[int, int, str, int]]) -> None:
    """Give each field the first free column among the candidates, in their order."""
    used = set(fields.values())
    for _quality, _rank, fname, col in candidates:
        if fname in fields or col in used:
            continue
        fields[fname] = col
        used.add(col)


def rank_kinds(
    headers: Sequence[Any], rows: Sequence[Sequence[Any]] | None = None
) -> list[tuple[str, float]]:
    """Every kind with a plausibility score, best first; ``rows`` (the data under the
    header, cells by absolute column) let the values decide too (see ``kind_guess``)."""
    from desktop.importing.kind_guess import rank

    return rank(headers, rows)


def guess_kind(headers: Sequence[Any], rows: Sequence[Sequence[Any]] | None = None) -> str | None:
    """The most plausible import kind for these headers (and rows), or None."""
    from desktop.importing.kind_guess import guess

    return guess(headers, rows).kind


def layout_key(headers: Sequence[Any]) -> str:
    """A stable fingerprint of a header layout, to remember the user's mapping for it."""
    norms = [normalize_header(h) for h in headers]
    while norms and not norms[-1]:
        norms.pop()
    while norms and not norms[0]:
        norms.pop(0)
    return hashlib.sha256("\x1f".join(norms).encode("utf-8")).hexdigest()[:20]


def is_known_header(text: Any, kind: str | None = None) -> bool:
    """Whether a cell reads like a column header we know (for any kind, or the given one)."""
    norm = normalize_header(text)
    if not norm:
        return False
    if kind is not None:
        return norm in _INDEX.get(kind, {}) or rule_fields(norm, kind) is not None
    return norm in ALL_SYNONYMS or is_rule_header(norm)
