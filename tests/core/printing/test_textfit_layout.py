"""Wrapping, fitting, number formatting and page planning, without poppler."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.printing import CONTINUOUS_241_93, CONTINUOUS_241_140
from desktop.printing.fonts import register_fonts
from desktop.printing.layout import plan_continuous, plan_cut_sheet
from desktop.printing.textfit import (
    fit_box,
    fit_line,
    format_value,
    pack_items,
    parse_decimal,
    unit_width,
    wrap,
)


@pytest.fixture(autouse=True, scope="module")
def _font() -> None:
    register_fonts()


ADDR = "广东省佛山市南海区桂城街道南海大道北88号东方广场写字楼A座二十三层2301室（电梯右转），请提前电话联系。"


@pytest.mark.parametrize("width", [40.0, 90.0, 150.0])
def test_wrap_fits_width_and_keeps_all_text(width: float) -> None:
    lines = wrap(ADDR, 9, width)
    assert len(lines) > 1
    assert all(unit_width(line) * 9 <= width + 0.01 for line in lines)
    assert "".join(lines) == ADDR


def test_wrap_keeps_latin_words_and_punctuation_rules() -> None:
    lines = wrap("型号 ABC-12345 不锈钢（加厚）螺栓，规格齐全。", 10, 60)
    assert any("ABC-12345" in line for line in lines)
    assert not any(line[0] in "，。）" for line in lines)
    assert not any(line[-1] in "（" for line in lines)


def test_fit_box_cuts_with_ellipsis_when_too_long() -> None:
    fitted = fit_box(ADDR * 3, 9, 80, 12, 8)
    assert len(fitted.lines) == 1 and fitted.lines[0].endswith("…")
    assert unit_width(fitted.lines[0]) * fitted.size <= 80.01


def test_fit_line_shrinks_huge_amount() -> None:
    size = fit_line("123,456,789,012.34", 10, 40)
    assert size < 10 and unit_width("123,456,789,012.34") * size <= 40


def test_pack_items_keeps_items_whole() -> None:
    lines = pack_items(["税号：91440101MA5XXXXX1K", "账号：3602 0012 3456 7890 123"], 9, 160)
    assert lines == ["税号：91440101MA5XXXXX1K", "账号：3602 0012 3456 7890 123"]


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (Decimal("1234.5"), "money", "1,234.50"),
        (Decimal("0.125"), "money", "0.13"),  # half up, not banker's rounding
        (Decimal("100"), "qty", "100"),
        (Decimal("12.500"), "qty", "12.5"),
        (Decimal("12.5"), "price", "12.50"),
        (Decimal("0.1234"), "price", "0.1234"),
        ("00123", "text", "00123"),
        (None, "money", ""),
    ],
)
def test_format_value(value: Decimal | str | None, kind: str, text: str) -> None:
    assert format_value(value, kind) == text  # type: ignore[arg-type]


def test_parse_decimal() -> None:
    assert parse_decimal("1,234.50") == Decimal("1234.50")
    assert parse_decimal("¥12") == Decimal(12)
    assert parse_decimal("加急") is None
    assert parse_decimal(None) is None


def test_cut_sheet_single_page_when_everything_fits() -> None:
    pages = plan_cut_sheet([10] * 5, 500, 700, 720, 50, 12, [40, 20])
    assert len(pages) == 1 and not pages[0].subtotal
    assert [i for i, _ in pages[0].tail] == [0, 1]


def test_cut_sheet_breaks_with_carry_rows() -> None:
    pages = plan_cut_sheet([20] * 60, 500, 700, 720, 50, 12, [60])
    assert sum(len(p.rows) for p in pages) == 60
    assert pages[0].carried_forward and not pages[0].brought_forward
    assert pages[-1].brought_forward and not pages[-1].carried_forward
    assert all(p.subtotal for p in pages)
    for p in pages:  # rows + carry rows never go below the bottom margin
        used = sum(20 for _ in p.rows) + 12 * (p.subtotal + p.carried_forward)
        assert p.body_top - used >= 50 - 0.01


def test_cut_sheet_moves_a_row_with_the_totals() -> None:
    # 22 rows fill page 1 exactly; the totals must not sit alone on page 2
    pages = plan_cut_sheet([20] * 22, 500, 700, 720, 36, 12, [100])
    assert len(pages) == 2
    assert len(pages[-1].rows) >= 1 and pages[-1].tail


def test_continuous_fixed_rows_per_page() -> None:
    per = CONTINUOUS_241_140.rows_per_page
    assert per is not None and per >= 8
    pages = plan_continuous(25, per, 300, 320, 20, [])
    assert [len(p.rows) for p in pages[:-1]] == [per] * (len(pages) - 1)
    assert sum(len(p.rows) for p in pages) == 25


def test_rows_per_page_setting_is_capped() -> None:
    fits = CONTINUOUS_241_93.rows_per_page
    assert fits is not None and fits >= 4
    assert CONTINUOUS_241_93.with_rows_per_page(3).rows_per_page == 3
    assert CONTINUOUS_241_93.with_rows_per_page(99).rows_per_page == fits
