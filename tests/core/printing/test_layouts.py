"""The layout model on its own: defaults, validation with messages that say what to change,
the seal check, and the exported file (versioned, validated whole on import)."""

from __future__ import annotations

import json

import pytest

from desktop.errors import ValidationError
from desktop.printing.layout_catalog import KINDS
from desktop.printing.layouts import (
    MAX_COPIES,
    CopySpec,
    LayoutColumn,
    default_layout,
    from_body,
    from_file,
    printable_mm,
    to_file,
    validate,
)
from desktop.printing.paper import PAPERS
from desktop.printing.seal import check_seal
from tests.core.printing.layout_samples import seal_png, three_part


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("kind", KINDS)
def test_every_default_is_valid_and_fills_the_paper(kind: str, paper: str) -> None:
    layout = default_layout(kind, paper)
    assert validate(layout) == layout
    total = sum(c.width_mm for c in layout.columns)
    assert total == pytest.approx(printable_mm(PAPERS[paper]), abs=0.1)


def _refused(layout, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate(layout)
    assert info.value.code == code, info.value
    return info.value


def test_a_layout_that_cannot_print_is_refused_saying_what_to_change() -> None:
    base = default_layout("sales_bill", "a4")
    err = _refused(base.with_(columns=()), "layout_no_columns")
    assert "勾选" in err.zh and "tick" in err.en
    wide = tuple(LayoutColumn(c.key, c.width_mm + 5) for c in base.columns)
    err = _refused(base.with_(columns=wide), "layout_too_wide")
    assert "186" in err.zh and "50" in err.zh and "narrow them by 50 mm" in err.en
    err = _refused(base.with_(font_size=7.0), "layout_font_small")
    assert "至少 8" in err.zh and "at least 8" in err.en
    _refused(base.with_(font_size=20.0), "layout_font_big")
    err = _refused(base.with_(copies=(CopySpec(),) * (MAX_COPIES + 1)), "layout_copies")
    assert "最多 6 联" in err.zh
    _refused(base.with_(copies=()), "layout_no_copies")
    _refused(base.with_(copies=(CopySpec("存根", "purple"),)), "layout_tint")
    no_name = tuple(c for c in base.columns if c.key != "name")
    err = _refused(base.with_(columns=no_name), "layout_column_required")
    assert "品名" in err.zh
    narrow = (*base.columns[:-1], LayoutColumn("remark", 2))
    _refused(base.with_(columns=narrow), "layout_column_narrow")
    _refused(base.with_(columns=(*base.columns, base.columns[0])), "layout_column_twice")
    _refused(base.with_(columns=(*base.columns, LayoutColumn("balance", 5))), "layout_column")
    _refused(base.with_(rows_per_page=5), "layout_rows_cut_sheet")
    _refused(base.with_(header_text="x" * 301), "layout_text_long")
    _refused(base.with_(footer_text="a\x07b"), "layout_text_control")
    _refused(base.with_(name=" "), "layout_name")


def test_rows_per_page_only_as_many_as_the_continuous_form_holds() -> None:
    base = default_layout("delivery", "c241x93")
    fits = PAPERS["c241x93"].rows_per_page
    assert fits is not None and validate(base.with_(rows_per_page=fits))
    err = _refused(base.with_(rows_per_page=fits + 1), "layout_rows")
    assert f"1–{fits}" in err.zh
    _refused(base.with_(rows_per_page=0), "layout_rows")


def test_the_seal_must_be_a_small_transparent_png() -> None:
    assert check_seal(seal_png()) == (160, 160)
    with pytest.raises(ValidationError) as info:
        check_seal(seal_png(transparent=False))
    assert info.value.code == "seal_opaque" and "透明" in info.value.zh
    with pytest.raises(ValidationError) as info:
        check_seal(b"\xff\xd8\xff\xe0" + b"JFIF" * 100)  # a JPEG renamed .png
    assert info.value.code == "seal_not_png"
    damaged = bytearray(seal_png())
    damaged[17] ^= 0xFF  # the width, without fixing the header's checksum
    with pytest.raises(ValidationError) as info:
        check_seal(bytes(damaged))
    assert info.value.code == "seal_not_png"
    with pytest.raises(ValidationError) as info:
        check_seal(seal_png(size=20))
    assert info.value.code == "seal_size"
    with pytest.raises(ValidationError) as info:
        check_seal(seal_png() + b"\0" * 400_000)
    assert info.value.code == "seal_too_big"


def test_a_layout_goes_through_its_file_unchanged() -> None:
    layout = validate(three_part("sales_bill", "c241x93").with_(font_size=9.5, rows_per_page=5))
    text = to_file(layout)
    data = json.loads(text)
    assert data["format"] == "zhangfang-print-layout" and data["version"] == 1
    assert from_file(text.encode("utf-8")) == layout
    assert from_body(layout.kind, layout.paper, layout.name, layout.body()) == layout


def _file(**changes) -> bytes:
    data = json.loads(to_file(three_part("sales_bill", "a4")))
    for key, value in changes.items():
        if key.startswith("body_"):
            data["body"][key[5:]] = value
        else:
            data[key] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG not json",
        b"[1, 2]",
        json.dumps({"format": "other"}).encode(),
        _file(version=99),
        _file(version="1"),
        _file(extra=1),
        _file(kind=5),
        _file(kind="nonsense"),
        _file(paper="a3"),
        _file(body=[]),
        _file(body_columns="all"),
        _file(body_columns=[{"key": "name", "width_mm": "wide"}]),
        _file(body_columns=[{"key": "name", "width_mm": True}]),
        _file(body_columns=[{"key": "name", "width_mm": 40, "script": "x"}]),
        _file(body_font_size=3),
        _file(body_copies=[{"caption": "联"}] * 7),
        _file(body_seal="!!not base64!!"),
        _file(body_seal="aGVsbG8="),  # base64 of "hello": not a PNG
        _file(body_rows_per_page=1.5),
        _file(body_logo="yes"),
        _file(body_run="rm -rf /"),
        b"{" * 700_000,
    ],
)
def test_a_crafted_or_damaged_file_is_refused_plainly(raw: bytes) -> None:
    with pytest.raises(ValidationError) as info:
        from_file(raw)
    err = info.value
    assert err.code.startswith(("layout", "seal")), err
    assert "\n" not in err.zh and "Traceback" not in err.en
