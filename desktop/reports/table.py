"""A report as plain data: typed, captioned columns, rows, totals and, for each figure,
the documents behind it.

The core builds these; the CLI prints or dumps them, the exporters and the PDF renderer
draw them and the window shows them. Nothing here knows about a file format or Qt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

#: column kinds, the same words ``desktop.exporting.table`` formats
KINDS = ("text", "code", "money", "price", "qty", "int", "rate", "date")


@dataclass(frozen=True)
class ReportColumn:
    key: str
    zh: str
    en: str
    kind: str = "text"
    #: the column's figures add up (a 合计 in the totals row)
    total: bool = False

    def caption(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Drill:
    """The filter that lists the documents behind a figure (the document list opens with
    it): document kinds, a period, and at most a party, a product, a salesperson or a
    product category."""

    kinds: tuple[str, ...]
    date_from: date | None = None
    date_to: date | None = None
    party_id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    salesperson: str | None = None
    category: str | None = None
    #: the parties whose address names this region (``reports.region``)
    region: str | None = None
    #: one document
    document_number: str | None = None
    #: only documents still open (unpaid) at ``date_to``
    open_only: bool = False

    def with_dates(self, date_from: date | None, date_to: date | None) -> Drill:
        return replace(self, date_from=date_from, date_to=date_to)

    def but(self, **changes: Any) -> Drill:
        """A copy with these fields changed, made without the frozen init's eleven
        ``__setattr__`` calls: a report of 20,000 products makes one per row."""
        new = object.__new__(Drill)
        new.__dict__.update(self.__dict__, **changes)
        return new

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kinds": list(self.kinds)}
        for name in (
            "date_from",
            "date_to",
            "party_id",
            "product_id",
            "salesperson",
            "category",
            "region",
            "document_number",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value) if isinstance(value, uuid.UUID) else value
        if self.open_only:
            out["open_only"] = True
        return out


class DrillSource(Protocol):
    """Makes a row's drills from the little that identifies the row (its key): a report of
    thousands of rows keeps one source and a key a row, and only the rows clicked or
    dumped with their drills (``--json``) ever build them."""

    def drills_of(self, key: Any) -> tuple[Drill | None, dict[str, Drill]]: ...


class ReportRow:
    """One row: its cells, the documents behind its figures (``drill``; a column whose
    figure comes from other documents, last year's, has its own in ``drills``), the marks
    for the reader (``flags``: "below_cost", "below_minimum", "overdue", "disputed") and the
    cells whose figure is of another kind than their column's (``kinds``: the KPI table's
    rates). The drills are given, or made when first read (:meth:`lazy`)."""

    __slots__ = ("_drill", "_drills", "_key", "_source", "cells", "flags", "kinds")

    def __init__(
        self,
        cells: dict[str, Any],
        drill: Drill | None = None,
        drills: dict[str, Drill] | None = None,
        flags: tuple[str, ...] = (),
        kinds: dict[str, str] | None = None,
    ) -> None:
        self.cells = cells
        self.flags = flags
        self.kinds = kinds if kinds is not None else {}
        self._drill = drill
        self._drills = drills if drills is not None else {}
        self._source: DrillSource | None = None
        self._key: Any = None

    @classmethod
    def lazy(
        cls, cells: dict[str, Any], source: DrillSource, key: Any, flags: tuple[str, ...] = ()
    ) -> ReportRow:
        """A row whose drills ``source`` makes from ``key`` when first read."""
        row = cls(cells, flags=flags)
        row._source = source
        row._key = key
        return row

    def _made(self) -> None:
        if self._source is not None:
            self._drill, self._drills = self._source.drills_of(self._key)
            self._source = None

    @property
    def drill(self) -> Drill | None:
        """The documents behind the row's figures."""
        self._made()
        return self._drill

    @drill.setter
    def drill(self, value: Drill | None) -> None:
        self._made()
        self._drill = value

    @property
    def drills(self) -> dict[str, Drill]:
        """A column's own documents, where they are not the row's."""
        self._made()
        return self._drills

    def kind_of(self, column: ReportColumn) -> str:
        return self.kinds.get(column.key, column.kind)

    def drill_for(self, key: str) -> Drill | None:
        return self.drills.get(key, self.drill)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReportRow):
            return NotImplemented
        return (self.cells, self.drill, self.drills, self.flags, self.kinds) == (
            other.cells,
            other.drill,
            other.drills,
            other.flags,
            other.kinds,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ReportRow({self.cells!r}, drill={self.drill!r}, flags={self.flags!r})"


@dataclass
class ReportTable:
    name: str
    title_zh: str
    title_en: str
    columns: list[ReportColumn]
    rows: list[ReportRow]
    #: the parameters it was made with, as given back in JSON (dates, by, period...)
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def totals(self) -> dict[str, Decimal | int]:
        """Σ of each column marked ``total``."""
        out: dict[str, Decimal | int] = {}
        for col in self.columns:
            if col.total:
                out[col.key] = sum(
                    (r.cells.get(col.key) or 0 for r in self.rows),
                    Decimal(0) if col.kind != "int" else 0,
                )
        return out

    def column(self, key: str) -> ReportColumn:
        return next(c for c in self.columns if c.key == key)

    def as_json(self) -> dict[str, Any]:
        """The shape ``zhangfang report --json`` prints (README: Reports as JSON)."""
        return {
            "report": self.name,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "params": self.params,
            "columns": [
                {"key": c.key, "kind": c.kind, "zh": c.zh, "en": c.en, "total": c.total}
                for c in self.columns
            ],
            "rows": [
                {
                    "cells": r.cells,
                    **({"drill": r.drill.as_dict()} if r.drill else {}),
                    **(
                        {"drills": {k: d.as_dict() for k, d in r.drills.items()}}
                        if r.drills
                        else {}
                    ),
                    **({"flags": list(r.flags)} if r.flags else {}),
                    **({"kinds": r.kinds} if r.kinds else {}),
                }
                for r in self.rows
            ],
            "totals": self.totals,
            "notes": [{"zh": zh, "en": en} for zh, en in self.notes],
        }


@dataclass(frozen=True)
class ReportParams:
    """What a report is asked for; each report reads the fields it knows."""

    as_of: date | None = None
    date_from: date | None = None
    date_to: date | None = None
    by: str | None = None
    period: str | None = None
    #: slow movers: no sale in this many days
    days: int = 90
    #: aging: the upper limits in days past due of each bucket but the last (30, 60, 90)
    buckets: tuple[int, ...] | None = None
    #: KPIs: how many overdue customers to list; cash: how many weeks ahead
    top: int = 10
    weeks: int = 8

    def day(self) -> date:
        """The as-of date: --as-of, else the end of the period, else today."""
        return self.as_of or self.date_to or date.today()
