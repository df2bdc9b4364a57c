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
    """Which record a row means, how it was found, and look-alikes to flag.

    ``ambiguous``: the row's key (``how``) fits several records (listed in ``near``); it is
    matched to none of them, so that no record is overwritten by a guess."""

    id: uuid.UUID | None
    how: str = ""  # "code", "tax_id", "barcode", "name"
    near: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)  # (id, code, name)
    ambiguous: bool = False

    @property
    def found(self) -> bool:
        return self.id is not None


HOW_ZH = {"code": "编码", "tax_id": "税号", "barcode": "条码", "name": "名称"}
HOW_EN = {"code": "code", "tax_id": "tax id", "barcode": "barcode", "name": "name"}


class Index:
    """Look-up tables over existing records, extended as the import plans new ones.

    Every key holds a list: two records may share a key (a barcode, a name, codes that
    differ only in width or case), and a row whose key fits more than one is ambiguous.
    """

    def __init__(self, tax_how: str = "tax_id") -> None:
        self.by_code: dict[str, list[uuid.UUID]] = {}
        self.by_tax: dict[str, list[uuid.UUID]] = {}
        self.by_name: dict[str, list[uuid.UUID]] = {}
        #: products with a spec by their name alone, for rows without one
        self.by_bare: dict[str, list[uuid.UUID]] = {}
        self.by_core: dict[str, list[uuid.UUID]] = {}
        self.label: dict[uuid.UUID, tuple[str, str]] = {}
        self._keys: dict[uuid.UUID, list[tuple[dict[str, list[uuid.UUID]], str]]] = {}
        self.tax_of: dict[uuid.UUID, str] = {}
        self.unit_of: dict[uuid.UUID, str] = {}
        #: what the tax slot holds: "tax_id" (parties) or "barcode" (products)
        self.tax_how = tax_how
        #: codes the file being imported gives itself: a row without a code never matches
        #: them by name (the file describes those records on their own rows)
        self.spoken: set[str] = set()
        #: likewise the barcodes (tax ids) it gives: a row naming a record by its name alone
        #: never means one another row names by its barcode
        self.spoken_tax: set[str] = set()

    def add(
        self,
        ident: uuid.UUID,
        code: str,
        name: str,
        tax: str = "",
        extra: str = "",
        unit: str = "",
    ) -> None:
        """Register a record; ``extra`` joins the name key (a product's spec), ``unit`` goes
        with the barcode (a barcode names one unit of one product)."""
        self.label[ident] = (code, name)
        if code:
            self.put(self.by_code, normalize_code(code), ident)
        if tax:
            self.tax_of[ident] = normalize_code(tax)
            self.put(self.by_tax, normalize_code(tax), ident)
        if unit:
            self.unit_of[ident] = unit
        key = normalize_name(name) + ("|" + normalize_name(extra) if extra else "")
        if key:
            self.put(self.by_name, key, ident)
        core = core_name(name)
        if core:
            self.put(self.by_core, core, ident)

    def put(self, table: dict[str, list[uuid.UUID]], key: str, ident: uuid.UUID) -> None:
        """File a record under a key, remembering it so :meth:`remove` can take it out. A
        record filed again under a key it holds (a rename planned back onto its own name)
        stays one entry: counted twice it would make its own key look ambiguous."""
        found = table.setdefault(key, [])
        if ident in found:
            return
        found.append(ident)
        self._keys.setdefault(ident, []).append((table, key))

    def remove(self, ident: uuid.UUID) -> None:
        """Take a record out of every key (to file it again as an import changes it)."""
        for table, key in self._keys.pop(ident, []):
            found = table.get(key)
            if found and ident in found:
                found.remove(ident)
        self.tax_of.pop(ident, None)
        self.unit_of.pop(ident, None)

    def with_tax(self, tax: str, unit: str | None = None) -> list[uuid.UUID]:
        """The records holding this tax id or barcode (with this unit, when given)."""
        hits = self.by_tax.get(normalize_code(tax), [])
        if unit:
            hits = [i for i in hits if self.unit_of.get(i, unit) == unit]
        return hits

    def match(
        self,
        code: str | None,
        name: str | None,
        tax: str | None = None,
        extra: str | None = None,
        unit: str | None = None,
        *,
        by_code_only: bool = False,
    ) -> Match:
        """Code, then tax id / (barcode, unit), then normalised name (+ spec), each only
        when it fits one record; look-alikes otherwise. ``by_code_only``: a row that gives
        a code means the record with that code, even one not made yet (a list's rows)."""
        if code and (hit := _one(self.by_code.get(normalize_code(code)), "code", self)):
            return hit
        tax_key = normalize_code(tax) if tax else ""
        if tax_key and not (code and by_code_only):
            if self.tax_how == "barcode" and not code:
                # a product made from a row without a code took the barcode as its code
                for i in self.by_code.get(tax_key, []):
                    if self.tax_of.get(i, "") in ("", tax_key):
                        return Match(i, "code")
            if hit := _one(self.with_tax(tax_key, unit), self.tax_how, self):
                return hit
        key = normalize_name(name) + ("|" + normalize_name(extra) if extra else "")
        if name and not code:
            # a different tax id or barcode is a different record; so is one the file names
            # by its code on another row. Without a spec, a product with one is found by its
            # name alone when none lacks it.
            for hits in (self.by_name.get(key), None if extra else self.by_bare.get(key)):
                hits = [
                    i
                    for i in hits or []
                    if self._may_be(i, tax_key, unit)
                    and normalize_code(self.label[i][0]) not in self.spoken
                    and (tax_key or self.tax_of.get(i, "") not in self.spoken_tax)
                ]
                if hit := _one(hits, "name", self):
                    return hit
        # a name match with a different code is a look-alike, not the same record
        core = core_name(name)
        near = [(i, *self.label[i]) for i in self.by_core.get(core, [])] if core else []
        if name and (hits := self.by_name.get(key, [])):
            near = [(i, *self.label[i]) for i in hits] + [n for n in near if n[0] not in hits]
        return Match(None, "", near[:3])

    def _may_be(self, ident: uuid.UUID, tax_key: str, unit: str | None) -> bool:
        """Whether a record found by name may be the row's: not when the row gives another
        tax id or barcode, nor a barcode for another unit than the record's (a barcode
        names one unit of one product)."""
        if not tax_key:
            return True
        if self.tax_of.get(ident, tax_key) != tax_key:
            return False
        return not unit or self.unit_of.get(ident, unit) == unit


def _one(hits: list[uuid.UUID] | None, how: str, index: Index) -> Match | None:
    """The match when the key fits one record, an ambiguous one when it fits several."""
    if not hits:
        return None
    if len(hits) == 1:
        return Match(hits[0], how)
    return Match(None, how, [(i, *index.label[i]) for i in hits[:3]], ambiguous=True)


def party_index(session: Session) -> Index:
    index = Index()
    rows = session.execute(select(Party.id, Party.code, Party.name, Party.invoice_tax_id))
    for ident, code, name, tax in rows:
        index.add(ident, code, name, tax)
    return index


def product_index(session: Session) -> Index:
    """Products match by code, then (barcode, base unit), then name + spec."""
    index = Index("barcode")
    rows = session.execute(
        select(
            Product.id, Product.code, Product.name, Product.barcode, Product.spec, Product.base_unit
        )
    )
    for ident, code, name, barcode, spec, unit in rows:
        add_product(index, ident, code, name, barcode, spec, unit)
    return index


def add_product(
    index: Index, ident: uuid.UUID, code: str, name: str, barcode: str, spec: str, unit: str
) -> None:
    """A product in the index, as stored or as an import plans it (the same keys, so that a
    second run finds what the first made)."""
    index.add(ident, code, name, barcode or "", spec or "", unit or "个")
    if spec:  # also findable by name alone, for rows without a spec
        index.put(index.by_bare, normalize_name(name), ident)


def describe_near(near: Iterable[tuple[uuid.UUID, str, str]]) -> tuple[str, str]:
    """“C00003 张三五金店”、… for the message that flags look-alikes."""
    items = list(near)
    zh = "、".join(f"{code} {name}".strip() for _i, code, name in items)
    en = ", ".join(f"{code} {name}".strip() for _i, code, name in items)
    return zh, en
