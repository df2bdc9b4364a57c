"""Find the existing customer, supplier or product a spreadsheet row means.

A row matches by code first, then by tax id (parties) or barcode (products), then by its
normalised name: full/half width, spaces, brackets and the legal-form variants
(有限公司 / 有限责任公司 / 股份有限公司 / Co., Ltd.) do not make two names different.
A *near* duplicate (the same name once the legal form and trade words are dropped, e.g.
张三五金有限公司 vs 张三五金店) is never merged: the row is flagged so the clerk decides.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Party, Product

_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_PUNCT = re.compile(r"[()\-_.,，、·'\"“”‘’/\\&＆+]+")
# Longest first: the legal forms written out, all meaning "a limited company".
_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "colimited",
    "coltd",
    "limited",
    "ltd",
    "inc",
    "llc",
    "gmbh",
)
# Trade words and shop forms dropped only to *detect* near duplicates, never to merge.
_CORE_SUFFIXES = (
    "集团",
    "公司",
    "总公司",
    "分公司",
    "经营部",
    "商行",
    "门市部",
    "贸易",
    "商贸",
    "实业",
    "科技",
    "店",
    "厂",
    "批发部",
    "批发",
    "company",
    "co",
    "corp",
    "corporation",
)


def normalize_name(text: str | None) -> str:
    """The comparison form of a party or product name (not shown to anyone)."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS).lower()
    s = _SPACES.sub("", s)
    s = _PUNCT.sub("", s)
    for form in _LEGAL_FORMS:
        if s.endswith(form) and len(s) > len(form):
            s = s[: -len(form)] + "有限公司"
            break
    return s


def core_name(text: str | None) -> str:
    """The name without legal form and trade words: equal cores mean "maybe the same"."""
    s = normalize_name(text)
    if s.endswith("有限公司"):
        s = s[: -len("有限公司")]
    changed = True
    while changed:
        changed = False
        for word in _CORE_SUFFIXES:
            if s.endswith(word) and len(s) > len(word) + 1:
                s = s[: -len(word)]
                changed = True
    return s


def normalize_code(text: str | None) -> str:
    """Codes compare exactly except for surrounding and full-width spaces and letter width."""
    if not text:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text))).upper()


@dataclass(frozen=True)
class Match:
    """Which record a row means, how it was found, and look-alikes to flag."""

    id: uuid.UUID | None
    how: str = ""  # "code", "tax_id", "barcode", "name"
    near: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)  # (id, code, name)

    @property
    def found(self) -> bool:
        return self.id is not None


HOW_ZH = {"code": "编码", "tax_id": "税号", "barcode": "条码", "name": "名称"}


class Index:
    """Look-up tables over existing records, extended as the import plans new ones."""

    def __init__(self) -> None:
        self.by_code: dict[str, uuid.UUID] = {}
        self.by_tax: dict[str, uuid.UUID] = {}
        self.by_name: dict[str, list[uuid.UUID]] = {}
        self.by_core: dict[str, list[uuid.UUID]] = {}
        self.label: dict[uuid.UUID, tuple[str, str]] = {}

    def add(self, ident: uuid.UUID, code: str, name: str, tax: str = "", extra: str = "") -> None:
        """Register a record; ``extra`` joins the name key (a product's spec)."""
        self.label[ident] = (code, name)
        if code:
            self.by_code.setdefault(normalize_code(code), ident)
        if tax:
            self.by_tax.setdefault(normalize_code(tax), ident)
        key = normalize_name(name) + ("|" + normalize_name(extra) if extra else "")
        if key:
            self.by_name.setdefault(key, []).append(ident)
        core = core_name(name)
        if core:
            self.by_core.setdefault(core, []).append(ident)

    def match(
        self, code: str | None, name: str | None, tax: str | None = None, extra: str | None = None
    ) -> Match:
        """Code, then tax id / barcode, then normalised name (+ spec); look-alikes otherwise."""
        if code and (hit := self.by_code.get(normalize_code(code))):
            return Match(hit, "code")
        if tax and (hit := self.by_tax.get(normalize_code(tax))):
            return Match(hit, "tax_id")
        key = normalize_name(name) + ("|" + normalize_name(extra) if extra else "")
        hits = self.by_name.get(key) if name else None
        if hits and (not code or self.label[hits[0]][0] == ""):
            return Match(hits[0], "name")
            # a name match with a different code is a look-alike, not the same record
        core = core_name(name)
        near = [(i, *self.label[i]) for i in self.by_core.get(core, [])] if core else []
        if name and (hits := self.by_name.get(key)):
            near = [(i, *self.label[i]) for i in hits] + [n for n in near if n[0] not in hits]
        return Match(None, "", near[:3])


def party_index(session: Session) -> Index:
    index = Index()
    rows = session.execute(select(Party.id, Party.code, Party.name, Party.invoice_tax_id))
    for ident, code, name, tax in rows:
        index.add(ident, code, name, tax)
    return index


def product_index(session: Session) -> Index:
    """Products match by code, then barcode (kept in the tax slot), then name + spec."""
    index = Index()
    rows = session.execute(select(Product.id, Product.code, Product.name, Product.barcode))
    specs = dict(session.execute(select(Product.id, Product.spec)).all())
    for ident, code, name, barcode in rows:
        index.add(ident, code, name, barcode, specs.get(ident, ""))
        # also findable by name alone, for files without a spec column
        if specs.get(ident):
            index.by_name.setdefault(normalize_name(name), []).append(ident)
    return index


def describe_near(near: Iterable[tuple[uuid.UUID, str, str]]) -> tuple[str, str]:
    """“C00003 张三五金店”、… for the message that flags look-alikes."""
    items = list(near)
    zh = "、".join(f"{code} {name}".strip() for _i, code, name in items)
    en = ", ".join(f"{code} {name}".strip() for _i, code, name in items)
    return zh, en
