"""A big sheet loaded part by part (``xlsx_parts``) reads exactly as the whole sheet does.

The sizes are made small here (parts of a few kilobytes) so that small files are cut in
many places: through gaps of empty rows, columns that start later, shared strings, dates,
rows written without ``r``, and a workbook of several sheets. ``stream_workbook`` with
``load_ahead`` is what a reader process runs.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop.importing import xlsx_parts
from desktop.importing.errors import ImportFileError
from desktop.importing.reader import stream_workbook

PART = 4096


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_parts, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_parts, "PART_BYTES", PART)
    monkeypatch.setattr(xlsx_parts, "EXTRA_SHARE", 0)  # parts as small as PART


def _sales(ws: Any, n: int, *, gaps: bool = True) -> None:
    ws.append(["单号", "日期", "客户", "商品", "数量", "单价"])
    for i in range(n):
        if gaps and i % 97 == 50:
            ws.append([])  # an empty row
            ws.append([])
        ws.append(
            [
                f"XS{i // 3:05d}",
                datetime(2024, 1, 1 + i % 28, 9, i % 60) if i % 5 else date(2024, 2, 1),
                f"客户{i % 13}",  # shared strings, repeated
                f"商品 {i}",  # shared strings, distinct
                i % 7 + 1,
                round(1.25 * i, 2),
            ]
        )


def _read(path: Path, sheet: Any = None) -> tuple[Any, ...]:
    stream = stream_workbook(path, sheet, load_ahead=True)
    try:
        rows = list(stream.book.rows) + list(stream.rest())
        return stream.book.sheet, stream.book.height, rows, stream.book.truncated_rows
    finally:
        stream.close()


def _whole(path: Path, monkeypatch: pytest.MonkeyPatch, sheet: Any = None) -> tuple[Any, ...]:
    with monkeypatch.context() as m:
        m.setattr(xlsx_parts, "MIN_SHEET_BYTES", 1 << 40)
        return _read(path, sheet)


def _parts_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the first row of every part loaded."""
    made: list[int] = []
    real = xlsx_parts._load_part

    def spy(*args: Any) -> Any:
        part = real(*args)
        if part is not None:
            made.append(part.first_row)
        return part

    monkeypatch.setattr(xlsx_parts, "_load_part", spy)
    return made


def test_a_sheet_cut_in_parts_reads_as_the_whole_sheet(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wb = Workbook()
    _sales(wb.active, 1500)
    wb.active["H900"] = "far right"  # one row reaches further than the others
    path = tmp_path / "sales.xlsx"
    wb.save(path)
    whole = _whole(path, monkeypatch)
    made = _parts_made(monkeypatch)
    parted = _read(path)
    assert len(made) > 20, "the sheet was not cut"
    assert parted == whole
    # the first part, the head the importer waits for, is smaller than the others
    assert made[1] - made[0] < (made[2] - made[1]) / 2
    gaps = sum(1 for i in range(1500) if i % 97 == 50)
    assert parted[1] == len(parted[2]) == 1 + 1500 + 2 * gaps  # header, lines, empty rows
    assert isinstance(parted[2][1][1], (date, datetime))


def test_parts_that_start_in_a_later_column_and_after_empty_rows(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Whole parts with nothing in column A, and a run of empty rows longer than a part:
    each part's grid starts elsewhere, and the rows still come from column A, row 1."""
    wb = Workbook()
    ws = wb.active
    ws.append(["编码", "名称", "数量"])
    for i in range(400):
        ws.cell(row=2 + i, column=1, value=f"A{i}")
        ws.cell(row=2 + i, column=2, value=f"名称{i}")
    for i in range(400):  # columns C and D only
        ws.cell(row=1000 + i, column=3, value=i)
        ws.cell(row=1000 + i, column=4, value=f"备注{i}")
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    whole = _whole(path, monkeypatch)
    made = _parts_made(monkeypatch)
    assert _read(path) == whole
    assert any(first >= 999 for first in made)
    assert whole[2][999] == [None, None, 0, "备注0"]


def test_rows_without_r_are_never_the_start_of_a_part(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """calamine puts a row without ``r`` after the row before it: cuts fall only before
    rows that say where they are."""
    wb = Workbook()
    _sales(wb.active, 600, gaps=False)
    path = tmp_path / "no_r.xlsx"
    wb.save(path)

    def unplaced(xml: bytes) -> bytes:  # rows and their cells placed by counting
        xml = re.sub(rb'<row r="\d*[1-9]\d"', b'<row spans="1:6"', xml)
        return re.sub(rb'<c r="[A-Z]+\d*[1-9]\d"', b"<c", xml)

    _rewrite_sheet(path, unplaced)
    whole = _whole(path, monkeypatch)
    made = _parts_made(monkeypatch)
    assert _read(path) == whole
    # rows 1-9, 100-109, 200-209... keep their r
    assert len(made) > 3 and all((first + 1) % 100 < 10 for first in made[1:])


def test_a_gap_of_empty_rows_between_two_parts(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Rows longer than a part, so that every row is a part of its own: a run of empty rows
    (written as no XML at all) falls between two parts and is handed out as empty rows."""
    wb = Workbook()
    ws = wb.active
    for r in (1, 2, 3, 7, 8, 20):
        ws.cell(row=r, column=1, value=f"{r}" + "长" * PART)
        ws.cell(row=r, column=2, value=r)
    path = tmp_path / "long.xlsx"
    wb.save(path)
    whole = _whole(path, monkeypatch)
    made = _parts_made(monkeypatch)
    assert _read(path) == whole
    assert made == [0, 1, 2, 6, 7, 19]
    assert [row[1] if row else None for row in whole[2]] == [
        1,
        2,
        3,
        None,
        None,
        None,
        7,
        8,
        *[None] * 11,
        20,
    ]


def test_the_sheet_asked_for_among_several(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The other sheets are left empty in each part's package; the one asked for is read."""
    wb = Workbook()
    _sales(wb.active, 300)
    wb.active.title = "一月"
    _sales(wb.create_sheet("二月"), 900)
    path = tmp_path / "months.xlsx"
    wb.save(path)
    for sheet in ("二月", 1, "一月"):
        whole = _whole(path, monkeypatch, sheet)
        assert _read(path, sheet) == whole
    assert _read(path, "二月")[0] == "二月"


def test_a_sheet_without_a_dimension_or_small_loads_whole(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wb = Workbook()
    _sales(wb.active, 600)
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert xlsx_parts.parted_sheet(path, zf, "Sheet") is not None
    _rewrite_sheet(path, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    with zipfile.ZipFile(path) as zf:
        assert xlsx_parts.parted_sheet(path, zf, "Sheet") is None
    monkeypatch.setattr(xlsx_parts, "MIN_SHEET_BYTES", 1 << 30)
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert xlsx_parts.parted_sheet(path, zf, "Sheet") is None


def test_rows_stored_out_of_order_are_refused_plainly(small_parts: None, tmp_path: Path) -> None:
    """A row stored after rows below it, in another part: the file cannot be read in parts,
    and the user is told what to do (a whole load would place it; no program writes so)."""
    wb = Workbook()
    _sales(wb.active, 600, gaps=False)
    path = tmp_path / "shuffled.xlsx"
    wb.save(path)

    def move_row_5_to_the_end(xml: bytes) -> bytes:
        row = re.search(rb'<row r="5".*?</row>', xml)
        assert row is not None
        xml = xml.replace(row.group(0), b"")
        return xml.replace(b"</sheetData>", row.group(0) + b"</sheetData>")

    _rewrite_sheet(path, move_row_5_to_the_end)
    with pytest.raises(ImportFileError) as err:
        _read(path)
    assert err.value.code == "rows_out_of_order"
    assert "第 5 行" in err.value.message_zh and "另存" in err.value.message_zh


def test_damage_after_the_first_part_is_a_plain_error(small_parts: None, tmp_path: Path) -> None:
    wb = Workbook()
    _sales(wb.active, 800)
    path = tmp_path / "cut.xlsx"
    wb.save(path)
    _rewrite_sheet(path, lambda xml: xml[: len(xml) * 2 // 3])  # the XML ends mid-row
    with pytest.raises(ImportFileError) as err:
        _read(path)
    assert err.value.code == "corrupt"


def test_closing_early_stops_the_loading(small_parts: None, tmp_path: Path) -> None:
    wb = Workbook()
    _sales(wb.active, 1500)
    path = tmp_path / "sales.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        parted = xlsx_parts.parted_sheet(path, zf, "Sheet")
    assert parted is not None
    rows = parted.rows()
    next(rows)
    parted.close()
    parted._thread.join(5)
    assert not parted._thread.is_alive()


def _rewrite_sheet(path: Path, change: Any) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)


def test_pictures_and_macros_stay_out_of_the_parts(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each part's package carries the workbook's XML (shared strings, styles...), not its
    pictures: a big logo neither grows the parts nor is copied into each."""
    import os

    monkeypatch.setattr(xlsx_parts, "EXTRA_SHARE", 4)
    wb = Workbook()
    _sales(wb.active, 600)
    path = tmp_path / "logo.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(2_000_000))
    with zipfile.ZipFile(path) as zf:
        parted = xlsx_parts.parted_sheet(path, zf, "Sheet")
        assert parted is not None
        sheet = "xl/worksheets/sheet1.xml"
        package = xlsx_parts._package_members(zf, sheet, {sheet})
    parted.close()
    assert parted._part_bytes < 1_000_000
    assert "xl/media/image1.png" not in package and "xl/styles.xml" in package
    assert _read(path) == _whole(path, monkeypatch)


def test_a_sheet_of_shared_strings_reads_the_same(
    small_parts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Excel writes text once, in the workbook's shared strings, and cells point at it:
    every part's package carries them, and each cell reads its own text."""
    wb = Workbook()
    _sales(wb.active, 1200)
    path = tmp_path / "excel.xlsx"
    wb.save(path)
    _to_shared_strings(path)
    with zipfile.ZipFile(path) as zf:
        assert b't="s"' in zf.read("xl/worksheets/sheet1.xml")
    whole = _whole(path, monkeypatch)
    made = _parts_made(monkeypatch)
    assert _read(path) == whole
    assert len(made) > 5 and whole[2][1200][2:4] == ["客户5", "商品 1175"]


def _to_shared_strings(path: Path) -> None:
    """openpyxl writes text inline; rewrite it as Excel does, into xl/sharedStrings.xml."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    index: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        n = index.setdefault(m.group(2), len(index))
        return m.group(1) + b' t="s"><v>' + str(n).encode() + b"</v></c>"

    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(
        rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>(.*?)</t></is></c>',
        shared,
        members[sheet],
    )
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in index)
    members["xl/sharedStrings.xml"] = b'<sst xmlns="' + main + b'">' + items + b"</sst>"
    rel = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdS"/></Relationships>'
    )
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(b"</Relationships>", rel)
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + kind + b'"/></Types>'
    types = "[Content_Types].xml"
    members[types] = members[types].replace(b"</Types>", override)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)


_SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "spreadsheets"


@pytest.mark.skipif(not _SHARED.is_dir(), reason="shared spreadsheets not present")
def test_every_sheet_of_real_excel_workbooks_reads_the_same_in_parts(
    small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workbooks Excel saved (shared strings, styles, dates, several sheets), each sheet cut
    in parts of 16 KB: the same rows as the whole load."""
    monkeypatch.setattr(xlsx_parts, "PART_BYTES", 4 * PART)  # each part reloads the strings
    files = sorted(_SHARED.rglob("*.xlsx"))
    assert files
    compared = 0
    for path in files:
        with zipfile.ZipFile(path) as zf:
            from desktop.importing.safety import xlsx_sheet_parts

            sheets = [
                n
                for n, part in xlsx_sheet_parts(zf).items()
                if zf.getinfo(part).file_size > 3 * PART
            ]
        for name in sheets:
            whole = _whole(path, monkeypatch, name)
            parted = _read(path, name)
            assert parted[2] == whole[2], f"{path.name} / {name}"
            # the row count shown is Excel's used range (<dimension>), which may also count
            # formatted empty rows at the end; calamine counts the rows holding values
            assert whole[1] <= parted[1] <= whole[1] + 5
            compared += 1
    assert compared >= 3
