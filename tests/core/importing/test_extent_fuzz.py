"""The extent guard over random spellings of a cell's place (hypothesis): quotes, spaces,
tabs and newlines around "=", letter case, attribute order, element prefixes, references
left out (the place then counted, as calamine counts it). The guard must never see less
than calamine would build: far cells are refused, near ones measured at least as far as
calamine's own reading of the same file."""

from __future__ import annotations

import io
import zipfile

import pytest
import python_calamine as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.importing.errors import ImportFileError
from desktop.importing.extent import sheet_extent, xlsx_extent_bound
from desktop.importing.safety import Limits, check_extent
from tests.core.importing.hostile_files import HEAD_ROWS, MAIN_NS, sheet_xml, xlsx_package

SHEET = "客户"
_SPACES = st.sampled_from(["", " ", "  ", "\t", "\n", "\r\n", " \t "])


def column_letters(col: int) -> str:
    """1 → A, 16384 → XFD."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


@st.composite
def attribute(draw: st.DrawFn, name: str, value: str) -> str:
    quote = draw(st.sampled_from(['"', "'"]))
    return f"{name}{draw(_SPACES)}={draw(_SPACES)}{quote}{value}{quote}"


@st.composite
def spelled_cell(draw: st.DrawFn, row: int, col: int) -> str:
    """One <row> holding a value at (row, col), 1-based, spelled at random; with no
    reference on the cell, a reference-less fill or an explicit cell to its left puts it
    there by counting."""
    prefix = draw(st.sampled_from(["", "x:"]))
    letters = "".join(ch.lower() if draw(st.booleans()) else ch for ch in column_letters(col))
    row_attr = draw(st.sampled_from(["none", "row"]))
    row_open = "<row>" if row_attr == "none" else f"<row {draw(attribute('r', str(row)))}>"
    others = [draw(attribute("t", "n")), draw(attribute("s", "0"))]
    how = draw(st.sampled_from(["r", "counted_after_explicit", "counted_from_start"]))
    if how == "counted_from_start" and col > 64:
        how = "counted_after_explicit"
    lead = ""
    attrs = list(others)
    if how == "r":
        attrs.insert(draw(st.integers(0, len(attrs))), draw(attribute("r", f"{letters}{row}")))
    elif how == "counted_after_explicit" and col > 1:
        left = draw(attribute("r", f"{column_letters(col - 1)}{row}"))
        lead = f"<{prefix}c {left}/>"
    else:
        lead = f"<{prefix}c/>" * (col - 1)
    if how != "r" and row_attr == "none":
        # counted rows: the row must be numbered for the cell to land on it
        row_open = f'<row r="{row}">'
    sep = draw(st.sampled_from([" ", "\t", "\n", "  "]))
    cell = f"<{prefix}c{sep}{sep.join(attrs)}><{prefix}v>1</{prefix}v></{prefix}c>"
    return f"{row_open}{lead}{cell}</row>"


def _package(cell_row: str, *, dimension: bool) -> bytes:
    before = '<dimension ref="A1:B3"/>' if dimension else ""
    sheet = sheet_xml(HEAD_ROWS + cell_row, before=before, root_attrs=f' xmlns:x="{MAIN_NS}"')
    buf = io.BytesIO()
    xlsx_package(buf, sheet)
    return buf.getvalue()


def _extent(data: bytes) -> tuple[int, int] | None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        bound = xlsx_extent_bound(zf, SHEET)
        extent = sheet_extent(zf, SHEET)
    if bound is not None and extent is not None:
        assert bound[0] >= extent[0] and bound[1] >= extent[1]
    return extent


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    # each beyond Limits(): over 40 million cells, or past row 1,048,576
    st.sampled_from([(1_048_576, 16_384), (1_048_576, 40), (3_000, 16_384), (2_000_000, 2)]),
    st.booleans(),
)
def test_far_cells_are_refused_however_spelled(
    data: st.DataObject, place: tuple[int, int], dimension: bool
) -> None:
    row, col = place
    cell_row = data.draw(spelled_cell(row, col))
    extent = _extent(_package(cell_row, dimension=dimension))
    assert extent is not None, cell_row  # a well-formed sheet the guard can read
    assert extent[0] >= row and extent[1] >= col, (extent, cell_row)
    with pytest.raises(ImportFileError) as refused:
        check_extent(extent[0], extent[1], Limits())
    assert refused.value.code == "sheet_too_large"


@settings(max_examples=100, deadline=None)
@given(st.data(), st.integers(1, 60), st.integers(1, 40), st.booleans())
def test_near_cells_measure_at_least_what_calamine_reads(
    data: st.DataObject, row: int, col: int, dimension: bool
) -> None:
    """Small places, so calamine can read the same file here: the guard's extent is never
    smaller than calamine's grid."""
    cell_row = data.draw(spelled_cell(row, col))
    package = _package(cell_row, dimension=dimension)
    extent = _extent(package)
    assert extent is not None, cell_row
    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(package))
    try:
        end = book.get_sheet_by_name(SHEET).end
    except pc.CalamineError:
        return  # calamine refuses the spelling outright: nothing to build
    finally:
        book.close()
    assert end is not None
    assert extent[0] >= end[0] + 1 and extent[1] >= end[1] + 1, (extent, end, cell_row)
    assert extent[0] >= row and extent[1] >= col, (extent, cell_row)


def test_character_references_do_not_hide_a_far_cell() -> None:
    """lxml (through openpyxl) writes non-ASCII text as &#21517;: the parsed reading must
    still place the cells, so the far one is refused here instead of crashing calamine."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>&#21517;</t></is></c></row>'
    text = '<row r="3"><c r="A3" t="inlineStr"><is><t>&#21517;&#31216;</t></is></c></row>'
    assert _extent(_package(text + far, dimension=False)) == (1_048_576, 16_384)
    assert _extent(_package(text, dimension=False)) is not None


def test_excels_own_namespace_declaration_is_not_a_far_cell() -> None:
    """Excel writes xmlns:r="http://…" on every worksheet root: the quick reading vouches
    for such a sheet (it used to read "ht…" as a wide reference and fall back to the slow
    one); a prefixed x:r of a cell still counts."""
    rels = ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

    def package(rows: str) -> bytes:
        buf = io.BytesIO()
        xlsx_package(buf, sheet_xml(rows, root_attrs=rels))
        return buf.getvalue()

    near = package(HEAD_ROWS)
    with zipfile.ZipFile(io.BytesIO(near)) as zf:
        assert sheet_extent(zf, SHEET) is not None
    far = package(HEAD_ROWS + '<row r="9"><c r="A9" x:r="XFD9"><v>1</v></c></row>')
    with zipfile.ZipFile(io.BytesIO(far)) as zf:
        assert sheet_extent(zf, SHEET) is None
