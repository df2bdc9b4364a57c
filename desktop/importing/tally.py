"""Notes that would say the same thing on many rows, said once with a count instead.

A products sheet without codes had "Barcode X used as code." on each of its 348 rows: the
summary's problem rows were all that note, and the rows that did need a look were buried.
A kind that applies the same default to many rows counts them here (:class:`Tally`) and
adds one report note ("Barcode used as the code on 348 rows without a code: A, B…").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.importing.rows import Issue, Row

#: examples named in a tallied note; the rest are "…"
SHOWN = 5


@dataclass(frozen=True)
class Said:
    """How a tallied note reads: ``{n}`` the number of rows, ``{rows}`` "row" or "rows" for
    the English, ``{shown}`` the first examples."""

    zh: str
    en: str


@dataclass
class Tally:
    """Rows noted per :class:`Said`, each with its example (if any), in the order added."""

    noted: dict[Said, list[tuple[Row, str | None]]] = field(default_factory=dict)

    def add(self, said: Said, row: Row, example: str | None = None) -> None:
        self.noted.setdefault(said, []).append((row, example))

    def issues(self, counts: Callable[[Row], bool] = lambda row: row.ok) -> list[Issue]:
        """One report note per :class:`Said` for the rows that ``counts`` (by default the
        rows not refused since), in the order first added."""
        out = []
        for said, noted in self.noted.items():
            kept = [example for row, example in noted if counts(row)]
            if not kept:
                continue
            n = len(kept)
            shown = [e for e in kept if e is not None][: SHOWN + 1]
            more = "…" if len(shown) > SHOWN else ""
            out.append(
                Issue(
                    said.zh.format(n=n, shown="、".join(shown[:SHOWN]) + more),
                    said.en.format(
                        n=n, rows="row" if n == 1 else "rows", shown=", ".join(shown[:SHOWN]) + more
                    ),
                )
            )
        return out
