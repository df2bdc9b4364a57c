"""Paper sizes the offices actually print on, and per-printer offsets.

Cut sheets (A4 portrait, A5 landscape) use a flowing layout: rows grow to fit
wrapped text and the totals follow the last row. Continuous forms for
dot-matrix printers (241 mm wide 二等分 / 三等分 multi-part paper) use a
compact, fixed layout: a fixed header zone, a fixed number of equal rows per
page and a fixed footer zone, so every page tears off looking the same.
241 mm includes the two 12.7 mm tractor-hole strips, hence the wide side
margins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

MM = 72.0 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Offset:
    """Per-printer nudge in mm: +x moves everything right, +y moves it down."""

    x_mm: float = 0.0
    y_mm: float = 0.0


@dataclass(frozen=True)
class Paper:
    """A paper definition; all lengths in mm, font sizes in points."""

    key: str
    name: str
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_right_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    continuous: bool = False
    row_height_mm: float = 7.0  # minimum row height (fixed on continuous forms)
    header_row_mm: float = 7.5
    carry_row_mm: float = 6.0  # 承前页 / 本页小计 / 过次页 rows
    font_size: float = 10.0
    table_font_size: float = 9.5
    title_font_size: float = 18.0
    firm_font_size: float = 15.0
    meta_columns: int = 3
    logo_height_mm: float = 14.0
    # continuous forms only: fixed header/footer zones, and an optional
    # explicit rows-per-page setting that overrides the computed value
    header_zone_mm: float = 0.0
    footer_zone_mm: float = 0.0
    rows_per_page_setting: int | None = None

    @property
    def width(self) -> float:
        return self.width_mm * MM

    @property
    def height(self) -> float:
        return self.height_mm * MM

    @property
    def rows_per_page(self) -> int | None:
        """Fixed body rows per page on continuous forms (None on cut sheets).

        Computed from what is left of the height after margins, the header
        and footer zones, the column header and three carry rows; a per-paper
        setting wins when it fits, and is capped to what fits otherwise.
        """
        if not self.continuous:
            return None
        free = (
            self.height_mm
            - self.margin_top_mm
            - self.margin_bottom_mm
            - self.header_zone_mm
            - self.footer_zone_mm
            - self.header_row_mm
            - 3 * self.carry_row_mm
        )
        fits = max(1, math.floor(free / self.row_height_mm + 1e-6))
        if self.rows_per_page_setting is not None:
            return max(1, min(self.rows_per_page_setting, fits))
        return fits

    def with_rows_per_page(self, rows: int) -> Paper:
        """A copy with an explicit rows-per-page setting (per-printer template)."""
        return replace(self, rows_per_page_setting=rows)


A4_PORTRAIT = Paper(
    key="a4",
    name="A4 纵向",
    width_mm=210,
    height_mm=297,
    margin_top_mm=12,
    margin_right_mm=12,
    margin_bottom_mm=12,
    margin_left_mm=12,
)

A5_LANDSCAPE = Paper(
    key="a5l",
    name="A5 横向",
    width_mm=210,
    height_mm=148,
    margin_top_mm=8,
    margin_right_mm=10,
    margin_bottom_mm=8,
    margin_left_mm=10,
    row_height_mm=6.0,
    header_row_mm=6.5,
    carry_row_mm=5.5,
    font_size=9.0,
    table_font_size=9.0,
    title_font_size=15.0,
    firm_font_size=12.5,
    meta_columns=4,
    logo_height_mm=10.0,
)

CONTINUOUS_241_140 = Paper(
    key="c241x140",
    name="241×140 二等分连续纸",
    width_mm=241,
    height_mm=140,
    margin_top_mm=6,
    margin_right_mm=15,
    margin_bottom_mm=6,
    margin_left_mm=15,
    continuous=True,
    row_height_mm=6.0,
    header_row_mm=6.0,
    carry_row_mm=5.5,
    font_size=9.5,
    table_font_size=9.5,
    title_font_size=14.0,
    firm_font_size=14.0,
    header_zone_mm=22.0,
    footer_zone_mm=20.0,
)

CONTINUOUS_241_93 = Paper(
    key="c241x93",
    name="241×93 三等分连续纸",
    width_mm=241,
    height_mm=93,
    # a third of a 279 mm form holds 7 lines (it held 5): tighter rows and margins,
    # the text kept at 9 pt
    margin_top_mm=4,
    margin_right_mm=15,
    margin_bottom_mm=4,
    margin_left_mm=15,
    continuous=True,
    row_height_mm=4.8,
    header_row_mm=5.0,
    carry_row_mm=4.2,
    font_size=9.0,
    table_font_size=9.0,
    title_font_size=13.0,
    firm_font_size=13.0,
    header_zone_mm=17.0,
    footer_zone_mm=15.0,
)

PAPERS: dict[str, Paper] = {
    p.key: p for p in (A4_PORTRAIT, A5_LANDSCAPE, CONTINUOUS_241_140, CONTINUOUS_241_93)
}
