"""A corpus of hostile and broken files, built by the tests (no binary blobs are stored).

Each entry says what the importer must do with it: refuse it with a plain message (one of
the listed codes, when the code is certain) or read it. Small .xlsx packages are written
by hand (``xlsx_package``) so the sheet XML is exactly the hostile spelling under test.
"""

from __future__ import annotations

import codecs
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)

#: A customer list the importer reads: header then two customers, written canonically.
HEAD_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>客户编码</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>C001</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>张三五金</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>C002</t></is></c>'
    '<c r="B3" t="inlineStr"><is><t>李四建材</t></is></c></row>'
)
HEAD_ROWS_NO_R = (
    HEAD_ROWS.replace(' r="1"', "")
    .replace(' r="2"', "")
    .replace(' r="3"', "")
    .replace(' r="A1"', "")
    .replace(' r="B1"', "")
    .replace(' r="A2"', "")
    .replace(' r="B2"', "")
    .replace(' r="A3"', "")
    .replace(' r="B3"', "")
)


def sheet_xml(rows: str, before: str = "", prolog: str = "", root_attrs: str = "") -> str:
    """A worksheet part around ``rows`` (the inside of <sheetData>)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN_NS}"'
        f"{root_attrs}>{before}<sheetData>{rows}</sheetData></worksheet>"
    )


def xlsx_package(
    path: Path | BinaryIO,
    sheet: str,
    *,
    workbook: str = WORKBOOK,
    workbook_rels: str = _WORKBOOK_RELS,
    folder: str = "xl",
    extra: dict[str, bytes | str] | None = None,
) -> Any:
    """A minimal .xlsx whose one sheet ("客户") is ``sheet`` verbatim, written to ``path``
    (a file, or a binary buffer), which is returned; ``folder`` holds the workbook."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS.replace('Target="xl/', f'Target="{folder}/'))
        zf.writestr(f"{folder}/workbook.xml", workbook)
        zf.writestr(f"{folder}/_rels/workbook.xml.rels", workbook_rels)
        zf.writestr(f"{folder}/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def far_cell(spelling: str, end: str = "</c>") -> str:
    """The customer list and one stray value at XFD1048576, its <c> written ``spelling``
    (the row element is left without ``r``: calamine takes the cell's own reference)."""
    return HEAD_ROWS + f"<row>{spelling}<v>1</v>{end}</row>"


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
).replace("&lol0;", "&lol;")
_XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _ole2_encrypted(path: Path) -> Path:
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x30:0x34] = (0).to_bytes(4, "little")
    directory = "EncryptedPackage".encode("utf-16-le").ljust(512, b"\0")
    path.write_bytes(bytes(header) + directory + b"\0" * 2048)
    return path


def _claimed_size(path: Path, sheet: str, claimed: int) -> Path:
    """An .xlsx whose zip directory claims a member of ``claimed`` bytes."""
    xlsx_package(path, sheet)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        name = bytes(data[at + 46 : at + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 24, claimed)
            break
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))
    return path


def _sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (a)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    return path


def _many_shared_strings(path: Path) -> Path:
    strings = "".join(f"<si><t>字符串{i:07d}</t></si>" for i in range(300_000))
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="300000" '
        f'uniqueCount="300000">{strings}</sst>'
    )
    rels = _WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return xlsx_package(
        path, sheet_xml(HEAD_ROWS), workbook_rels=rels, extra={"xl/sharedStrings.xml": sst}
    )


def _truncated(path: Path) -> Path:
    full = xlsx_package(path.with_suffix(".full.xlsx"), sheet_xml(HEAD_ROWS)).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    return path


def _renamed_xlsx(path: Path) -> Path:
    path.write_bytes(
        xlsx_package(path.with_suffix(".real.xlsx"), sheet_xml(HEAD_ROWS)).read_bytes()
    )
    return path


@dataclass(frozen=True)
class Hostile:
    """One corpus file: how to build it and what the importer must do with it."""

    name: str  # the file name, its suffix included
    build: Callable[[Path], Path]
    #: "read": imported (dry run) as customers; else refused with one of these codes
    #: (empty: refused with any plain message)
    expect: str = "refused"
    codes: tuple[str, ...] = ()


def _xlsx(sheet: str, **kw: Any) -> Callable[[Path], Path]:
    return lambda path: xlsx_package(path, sheet, **kw)


TOO_LARGE = ("sheet_too_large",)
_NO_R_FAR = (
    HEAD_ROWS_NO_R
    + "<row/>" * (1_048_576 - 4)
    + "<row>"
    + "<c/>" * 16_383
    + "<c><v>1</v></c></row>"
)

CORPUS: tuple[Hostile, ...] = (
    # one stray value at XFD1048576, its reference spelled every way calamine reads it
    Hostile(
        "xfd_double_quotes.xlsx", _xlsx(sheet_xml(far_cell('<c r="XFD1048576">'))), codes=TOO_LARGE
    ),
    Hostile(
        "xfd_single_quotes.xlsx", _xlsx(sheet_xml(far_cell("<c r='XFD1048576'>"))), codes=TOO_LARGE
    ),
    Hostile(
        "xfd_spaces.xlsx", _xlsx(sheet_xml(far_cell('<c r = "XFD1048576" >'))), codes=TOO_LARGE
    ),
    Hostile(
        "xfd_lower_case.xlsx", _xlsx(sheet_xml(far_cell('<c r="xfd1048576">'))), codes=TOO_LARGE
    ),
    Hostile(
        "xfd_r_not_first.xlsx",
        _xlsx(sheet_xml(far_cell('<c t="n" s="0" r="XFD1048576">'))),
        codes=TOO_LARGE,
    ),
    Hostile(
        "xfd_tab_newline.xlsx",
        _xlsx(sheet_xml(far_cell('<c\tr\n=\t"XfD1048576">'))),
        codes=TOO_LARGE,
    ),
    Hostile(
        "xfd_prefixed.xlsx",
        _xlsx(
            sheet_xml(
                far_cell('<x:c r="XFD1048576">', "</x:c>"),
                root_attrs=f' xmlns:x="{MAIN_NS}"',
            )
        ),
        codes=TOO_LARGE,
    ),
    Hostile("xfd_no_r_attributes.xlsx", _xlsx(sheet_xml(_NO_R_FAR)), codes=TOO_LARGE),
    Hostile(
        "xfd_counted_after_far_column.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS + '<row r="1048576"><c r="XFC1048576"/><c><v>1</v></c></row>')),
        codes=TOO_LARGE,
    ),
    Hostile(
        "xfd_sparse_c_r_only.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS_NO_R + '<row><c r="XFD1048576"><v>1</v></c></row>')),
        codes=TOO_LARGE,
    ),
    # the prefix is bound nowhere: not XML for the checks, a cell for calamine, so the
    # sheet is loaded in a reader process, and calamine dies there, not here
    Hostile(
        "xfd_unbound_prefix.xlsx",
        _xlsx(sheet_xml(far_cell('<x:c r="XFD1048576">', "</x:c>"))),
        codes=("reader_died", "corrupt", "sheet_too_large"),
    ),
    Hostile(
        "xfd_unbound_prefix_single_quotes.xlsx",
        _xlsx(sheet_xml(far_cell("<x:c r='XFD1048576'>", "</x:c>"))),
        codes=("reader_died", "corrupt", "sheet_too_large"),
    ),
    # calamine finds parts regardless of case, and the workbook where the package says:
    # the checks must look at the part calamine will load, or at none
    Hostile(
        "xfd_in_a_case_twin_part.xlsx",
        _xlsx(
            sheet_xml(HEAD_ROWS),
            extra={"XL/Worksheets/Sheet1.xml": sheet_xml(far_cell('<c r="XFD1048576">'))},
        ),
        codes=("reader_died", "corrupt", "sheet_too_large"),
    ),
    Hostile(
        "xfd_in_a_workbook_elsewhere.xlsx",
        lambda p: xlsx_package(
            p,
            sheet_xml(far_cell("<c r='XFD1048576'>")),
            folder="book",
            extra={
                "xl/workbook.xml": WORKBOOK,
                "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
                "xl/worksheets/sheet1.xml": sheet_xml(HEAD_ROWS),
            },
        ),
        codes=TOO_LARGE,
    ),
    Hostile(
        "huge_dimension.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS, before='<dimension ref="A1:XFD1048576"/>')),
        expect="read",
    ),
    Hostile(
        "styled_far_cell.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS + '<row r="1048576"><c r="XFD1048576" s="1"/></row>')),
        expect="read",
    ),
    # .ods: a value repeated out to the last row and column (calamine reads .ods only in
    # a reader process)
    Hostile(
        "ods_repeated_far_cell.ods",
        lambda p: ods_file(
            p,
            tail='<table:table-row table:number-rows-repeated="1048574">'
            '<table:table-cell table:number-columns-repeated="16383"/>'
            '<table:table-cell office:value-type="string"><text:p>x</text:p>'
            "</table:table-cell></table:table-row>",
        ),
    ),
    # zip bombs
    Hostile(
        "zip_ratio.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS), extra={"xl/media/padding.bin": b"\0" * (25 * 1024 * 1024)}),
        codes=("zip_bomb",),
    ),
    Hostile(
        "zip_claims_4gb.xlsx",
        lambda p: _claimed_size(p, sheet_xml(HEAD_ROWS), 0xFFFF_FFF0),
        codes=("zip_bomb",),
    ),
    Hostile(
        "huge_shared_string.xlsx",
        _xlsx(
            sheet_xml(HEAD_ROWS),
            extra={
                "xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}"><si><t>'
                + "a" * (30 * 1024 * 1024)
                + "</t></si></sst>"
            },
        ),
        codes=("zip_bomb",),
    ),
    Hostile("many_shared_strings.xlsx", _many_shared_strings, expect="read"),
    # XML bombs and external entities, in the sheet and in the workbook part
    Hostile(
        "laughs_in_sheet.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS.replace("C001", "&lol9;"), prolog=_LAUGHS)),
        codes=("hostile_xml",),
    ),
    Hostile(
        "laughs_in_workbook.xlsx",
        _xlsx(
            sheet_xml(HEAD_ROWS),
            workbook=WORKBOOK.replace("?>", "?>" + _LAUGHS, 1).replace(
                'name="客户"', 'name="&lol9;"'
            ),
        ),
        codes=("hostile_xml", "corrupt"),
    ),
    Hostile(
        "xxe_in_sheet.xlsx",
        _xlsx(sheet_xml(HEAD_ROWS.replace("C001", "&xxe;"), prolog=_XXE)),
        codes=("hostile_xml",),
    ),
    # broken and disguised files
    Hostile("truncated.xlsx", _truncated, codes=("corrupt",)),
    Hostile(
        "photo.xlsx",
        lambda p: _write(p, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
        codes=("not_spreadsheet",),
    ),
    Hostile(
        "notes.xlsx",
        lambda p: _write(p, "客户编码,客户名称\nC001,张三五金\n".encode()),
        codes=("not_spreadsheet",),
    ),
    Hostile("ledger.xlsx", _sqlite, codes=("not_spreadsheet",)),
    Hostile("workbook_named.csv", _renamed_xlsx, expect="read"),
    Hostile("encrypted.xlsx", _ole2_encrypted, codes=("encrypted",)),
    Hostile("empty.xlsx", lambda p: _write(p, b""), codes=("empty_file",)),
    Hostile("empty.csv", lambda p: _write(p, b""), codes=("empty_file",)),
    # text files
    Hostile(
        "nul_bytes.csv",
        lambda p: _write(p, b"\xbf\xcd\xbb\xa7\xb1\xe0\xc2\xeb,name\x00\nC001,\x00\x00x\n"),
        codes=("not_spreadsheet",),
    ),
    Hostile(
        "ten_million_columns.csv",
        lambda p: _write(
            p, "客户编码,客户名称\nC001,张三五金".encode() + b"," * 10_000_000 + b"\n"
        ),
        expect="read",
    ),
    Hostile(
        "utf16_bom.csv",
        lambda p: _write(
            p,
            codecs.BOM_UTF16_LE
            + "客户编码\t客户名称\r\nC001\t张三五金\r\nC002\t李四建材\r\n".encode("utf-16-le"),
        ),
        expect="read",
    ),
)


def ods_file(
    path: Path,
    rows: tuple[tuple[str, ...], ...] = (("客户编码", "客户名称"), ("C001", "张三五金")),
    tail: str = "",
) -> Path:
    """A minimal OpenDocument spreadsheet of text cells (``tail``: more rows, as XML)."""
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="客户">{body}{tail}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/></manifest:manifest>',
        )
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def build_corpus(folder: Path) -> dict[str, tuple[Hostile, Path]]:
    """Write every corpus file into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {h.name: (h, h.build(folder / h.name)) for h in CORPUS}
