"""A reader process loading a big sheet skips the extent pass only where it decides nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from desktop.importing.extent import EXACT_SCAN_BYTES, scan_moot, sheet_extent
from desktop.importing.safety import Limits


def _book(path: Path, sheet_xml: bytes | None) -> zipfile.ZipFile:
    """A one-sheet workbook; ``sheet_xml`` replaces the sheet's XML when given."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sales"
    ws.append(["InvoiceNo", "Quantity"])
    ws.append(["536365", 6])
    plain = path.with_suffix(".plain.xlsx")
    wb.save(plain)
    if sheet_xml is None:
        return zipfile.ZipFile(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, sheet_xml if item.filename.endswith("sheet1.xml") else data)
    return zipfile.ZipFile(path)


def _big_sheet(far_ref: str = "B2") -> bytes:
    """Sheet XML over the parsed reading's size (padding between rows), one far cell."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(1, 3)
    )
    pad = b" " * (EXACT_SCAN_BYTES + 1024)
    far = f'<row r="3"><c r="{far_ref}"><v>1</v></c></row>'.encode()
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + pad + far + b"</sheetData></worksheet>"
    )


def test_a_big_sheet_being_loaded_needs_no_pass(tmp_path: Path) -> None:
    with _book(tmp_path / "big.xlsx", _big_sheet()) as zf:
        assert scan_moot(zf, "Sales", Limits())
        # what the pass would have said: A1:Z999999 at most, which these limits allow
        assert sheet_extent(zf, "Sales") == (999_999, 26)


def test_a_far_reference_in_a_big_sheet_was_never_vouched_for(tmp_path: Path) -> None:
    # the pass cannot vouch for it either: the reader process loads it all the same
    with _book(tmp_path / "far.xlsx", _big_sheet("XFD1048576")) as zf:
        assert sheet_extent(zf, "Sales") is None
        assert scan_moot(zf, "Sales", Limits())


def test_the_pass_still_runs_where_it_can_decide(tmp_path: Path) -> None:
    with _book(tmp_path / "small.xlsx", None) as zf:  # small: the exact reading answers
        assert not scan_moot(zf, "Sales", Limits())
        assert not scan_moot(zf, "Nope", Limits())
    with _book(tmp_path / "big.xlsx", _big_sheet()) as zf:  # limits below A1:Z999999
        assert not scan_moot(zf, "Sales", Limits(max_cells=1_000_000))
