"""Page planning: which rows and blocks go on which page (the first pass).

Why a separate pass: "第 x 页 / 共 y 页" needs the page count before the first
page is drawn, and carried-forward sums need to know where pages break. The
plan is pure arithmetic on precomputed heights, so it is cheap and testable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

EPS = 0.01


@dataclass
class PagePlan:
    """One page: its slice of rows, carry rows, and tail blocks with their tops."""

    rows: range
    table: bool = True
    body_top: float = 0.0  # y where the first body row starts (below 承前页)
    brought_forward: bool = False  # 承前页 row
    subtotal: bool = False  # 本页小计 row
    carried_forward: bool = False  # 过次页 row
    tail: list[tuple[int, float]] = field(default_factory=list)  # (block index, top y)


def _place_tail(
    pages: list[PagePlan], y: float, tail_top: float, bottom: float, tail_h: Sequence[float]
) -> None:
    """Put tail blocks after the table, opening tail-only pages when full."""
    for i, h in enumerate(tail_h):
        if h <= 0:
            continue
        if y - h < bottom - EPS:
            pages.append(PagePlan(range(0), table=False))
            y = tail_top
        pages[-1].tail.append((i, y))
        y -= h


def _even_out(
    pages: list[PagePlan],
    row_h: Sequence[float],
    top: float,
    bottom: float,
    carry_h: float,
    tail: float,
) -> None:
    """A last page opened for one row and the totals takes more of the rows before it,
    up to half of the two pages' rows, as long as they and the totals still fit: a bill a
    little too long for one page splits evenly instead of leaving one line on page 2."""
    prev, last = pages[-2], pages[-1]
    room = top - carry_h - tail - bottom  # the last page: rows, then 本页小计, then the tail
    used = sum(row_h[k] for k in last.rows)
    while len(prev.rows) - 1 >= len(last.rows) + 1:
        k = prev.rows.stop - 1
        if used + row_h[k] > room + EPS:
            break
        used += row_h[k]
        prev.rows = range(prev.rows.start, k)
        last.rows = range(k, last.rows.stop)


def plan_cut_sheet(
    row_h: Sequence[float],
    first_top: float,
    cont_top: float,
    tail_top: float,
    bottom: float,
    carry_h: float,
    tail_h: Sequence[float],
) -> list[PagePlan]:
    """Flowing layout for cut sheets (rows of varying height).

    ``first_top``/``cont_top`` are where the body starts below the column header
    on the first/following pages (before any 承前页 row); ``tail_top`` is where
    content starts on a page holding only tail blocks. When the table spans
    several pages, each page gets 本页小计, pages after the first 承前页, and all
    but the last 过次页. If the totals would be pushed alone onto a new page, the
    last row goes with them so the table continues there.
    """
    n = len(row_h)
    total = sum(row_h)
    if first_top - total - sum(tail_h) >= bottom - EPS:
        page = PagePlan(range(n), body_top=first_top)
        pages = [page]
        _place_tail(pages, first_top - total, tail_top, bottom, tail_h)
        return pages

    pages = []
    i = 0
    while i < n or not pages:
        top = first_top if not pages else cont_top - carry_h
        limit = bottom + 2 * carry_h
        y, j = top, i
        while j < n and y - row_h[j] >= limit - EPS:
            y -= row_h[j]
            j += 1
        if j == i and i < n:
            j = i + 1  # a row taller than the space left: it still gets a page
        pages.append(PagePlan(range(i, j), body_top=top, brought_forward=bool(pages)))
        i = j

    def end_y(page: PagePlan, multi: bool) -> float:
        used = sum(row_h[k] for k in page.rows)
        return page.body_top - used - (carry_h if multi else 0.0)

    # Keep the tail (totals, notes, signatures) together with at least one row:
    # if it does not fit under the last rows, move the last row to a new page.
    last = pages[-1]
    whole = sum(tail_h)
    fresh = cont_top - carry_h - row_h[n - 1] - carry_h if n else 0.0
    if whole > 0 and fresh - whole < bottom - EPS:
        whole = next((h for h in tail_h if h > 0), 0.0)  # too big: keep the totals at least
    if (
        whole
        and len(last.rows) >= 2
        and end_y(last, True) - whole < bottom - EPS
        and fresh - whole >= bottom - EPS
    ):
        last.rows = range(last.rows.start, n - 1)
        pages.append(PagePlan(range(n - 1, n), body_top=cont_top - carry_h, brought_forward=True))
        _even_out(pages, row_h, cont_top - carry_h, bottom, carry_h, whole)

    multi = len(pages) > 1
    for k, page in enumerate(pages):
        page.subtotal = multi
        page.carried_forward = multi and k < len(pages) - 1
        page.brought_forward = multi and k > 0
        if not multi:
            page.body_top = first_top
    _place_tail(pages, end_y(pages[-1], multi), tail_top, bottom, tail_h)
    return pages


def plan_continuous(
    n_rows: int,
    rows_per_page: int,
    body_top: float,
    tail_top: float,
    bottom: float,
    tail_h: Sequence[float],
) -> list[PagePlan]:
    """Fixed layout for continuous forms: ``rows_per_page`` rows on every page.

    Blocks that have no place in the fixed zones (extra tables, the stamp box)
    follow on extra pages.
    """
    count = max(1, math.ceil(n_rows / rows_per_page))
    multi = count > 1
    pages = [
        PagePlan(
            range(k * rows_per_page, min(n_rows, (k + 1) * rows_per_page)),
            body_top=body_top,
            brought_forward=multi and k > 0,
            subtotal=multi,
            carried_forward=multi and k < count - 1,
        )
        for k in range(count)
    ]
    if any(h > 0 for h in tail_h):
        _place_tail(pages, bottom - 1, tail_top, bottom, tail_h)
    return pages
