"""Checks done *before* a file is handed to a parser, because parsers trust files too much.

Zip bombs, encrypted workbooks, XML that declares entities and sheets whose used range is
absurd (calamine would ask for hundreds of gigabytes and abort the process; the extent
itself is found by ``desktop.importing.extent``) are refused here, each with a message the
clerk can act on.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from desktop.importing.errors import ImportFileError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Limits:
    """Upper bounds that keep a hostile or broken file from freezing or killing the app."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_rows: int = 2_000_000
    max_columns: int = 500
    max_cells: int = 40_000_000
    max_zip_ratio: float = 100.0
    max_uncompressed_bytes: int = 3 * 1024 * 1024 * 1024
    # Below this much uncompressed data a high ratio is harmless (tiny, repetitive files).
    zip_ratio_floor_bytes: int = 20 * 1024 * 1024


def file_at_least(path: Path, size: int) -> bool:
    """Whether the file holds ``size`` bytes or more; False when it cannot be seen (the
    reader words that problem)."""
    try:
        return path.stat().st_size >= size
    except OSError:
        return False


def check_file_size(path: Path, limits: Limits) -> int:
    """Refuse missing, empty or oversized files; return the size in bytes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ImportFileError(
            "not_found",
            f"找不到文件：{path.name}。请确认文件没有被移动或删除。",
            f"File not found: {path.name}. Check that it was not moved or deleted.",
        ) from exc
    except OSError as exc:
        raise ImportFileError(
            "unreadable",
            f"无法打开文件 {path.name}：{exc.strerror or exc}。请关闭正在使用它的程序后重试。",
            f"Cannot open {path.name}: {exc.strerror or exc}. Close other programs using it.",
        ) from exc
    if size == 0:
        raise ImportFileError(
            "empty_file",
            f"文件 {path.name} 是空的（0 字节）。",
            f"The file {path.name} is empty (0 bytes).",
        )
    if size > limits.max_file_bytes:
        mb = limits.max_file_bytes // (1024 * 1024)
        raise ImportFileError(
            "too_large",
            f"文件太大（超过 {mb} MB）。请把数据拆成几个文件分别导入。",
            f"The file is larger than {mb} MB. Split it into several files and import each.",
        )
    return size


def encrypted_error() -> ImportFileError:
    """The error for a workbook protected by an opening password."""
    return ImportFileError(
        "encrypted",
        "这个文件设置了打开密码，无法读取。请在 Excel/WPS 中打开它，取消密码（文件→信息→保护工作簿"
        "→用密码进行加密，清空密码）后保存，再导入。",
        "This workbook is protected by a password. Open it in Excel/WPS, remove the password "
        "(File → Info → Protect Workbook → Encrypt with Password, clear it), save, and import "
        "again.",
    )


def corrupt_error(detail: str = "") -> ImportFileError:
    """The error for a damaged file, with the parser's detail kept for support."""
    suffix = f"（{detail}）" if detail else ""
    suffix_en = f" ({detail})" if detail else ""
    return ImportFileError(
        "corrupt",
        f"文件已损坏或不完整，无法读取{suffix}。请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
        f"The file is damaged or incomplete and cannot be read{suffix_en}. Open it in "
        "Excel/WPS, save it as .xlsx and import again.",
    )


def hostile_xml_error() -> ImportFileError:
    """The error for XML that declares entities or a document type (XML bombs, XXE)."""
    return ImportFileError(
        "hostile_xml",
        "这个文件含有不安全的内容（XML 实体或文档类型定义），可能是恶意文件，已拒绝打开。"
        "请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
        "This file holds unsafe content (XML entity or document type declarations); it may "
        "be malicious and was not opened. Open it in Excel/WPS, save it as .xlsx and import "
        "again.",
    )


def is_encrypted_ole(head: bytes) -> bool:
    """An OOXML file with an opening password is an OLE2 file holding an EncryptedPackage."""
    return head.startswith(OLE2_MAGIC) and any(m in head for m in _ENCRYPTED_MARKERS)


def check_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    """Open an xlsx/ods container and refuse zip bombs, judging by the members' sizes."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise corrupt_error(str(exc)) from exc
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    bomb = total > limits.max_uncompressed_bytes
    if total > limits.zip_ratio_floor_bytes:
        bomb = bomb or packed == 0 or total / packed > limits.max_zip_ratio
    for info in infos:
        if info.file_size > limits.zip_ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            bomb = bomb or ratio > limits.max_zip_ratio
    if bomb:
        zf.close()
        raise ImportFileError(
            "zip_bomb",
            "这个文件解压后异常巨大（压缩比过高），可能已损坏或是恶意文件，已拒绝打开。",
            "This file would expand to an abnormal size when unpacked (compression ratio too "
            "high); it may be damaged or malicious and was not opened.",
        )
    return zf


def zip_kind(zf: zipfile.ZipFile) -> str | None:
    """Tell xlsx/xlsb/ods apart by the members a zip holds (None: not a spreadsheet)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names:
        try:
            mimetype = zf.read("mimetype")[:100]
        except KeyError:
            mimetype = b""
        if b"spreadsheet" in mimetype or not mimetype:
            return "ods"
    return None


def xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map each sheet name to the XML part calamine will load for it ({} when the package
    does not say). Parts are found as calamine finds them (the workbook's folder from the
    package relationships, targets joined without tidying, names matched regardless of
    case); a sheet whose part is ambiguous (two members match, two sheets of one name) is
    left out, so nothing vouches for it. Raises :class:`ImportFileError` for XML that
    declares entities (XML bombs, XXE) or is not well-formed."""
    members: dict[str, list[str]] = {}
    for name in zf.namelist():
        members.setdefault(name.replace("\\", "/").lower(), []).append(name)

    def member(path: str) -> str | None:
        found = members.get(path.lower(), [])
        if len(found) == 1:
            return found[0]
        return path if not found and path in zf.namelist() else None

    def xml(path: str) -> Any:
        name = member(path)
        return None if name is None else SafeET.fromstring(zf.read(name))

    try:
        package = xml("_rels/.rels")
        office = [
            rel.get("Target", "")
            for rel in ([] if package is None else package.iter(f"{_NS_PKG_REL}Relationship"))
            if rel.get("Type", "").endswith("/relationships/officeDocument")
        ]
        if not office:
            return {}
        folder = office[-1][: office[-1].rfind("/") + 1].removeprefix("/")
        workbook = xml(f"{folder}workbook.xml")
        rels = xml(f"{folder}_rels/workbook.xml.rels")
    except DefusedXmlException as exc:
        raise hostile_xml_error() from exc
    except SafeET.ParseError as exc:
        raise corrupt_error(str(exc)[:200]) from exc
    if workbook is None or rels is None:
        return {}
    targets: dict[str, str] = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id", "")] = target[1:] if target.startswith("/") else folder + target
    parts: dict[str, str] = {}
    seen: set[str] = set()
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        name, rid = sheet.get("name", ""), sheet.get(f"{_NS_REL}id", "")
        part = member(targets[rid]) if rid in targets else None
        if part is not None and name not in seen:
            parts[name] = part
        else:
            parts.pop(name, None)
        seen.add(name)
    return parts


def check_extent(rows: int, cols: int, limits: Limits) -> None:
    """Refuse a sheet whose used area would need too much memory to load."""
    if rows * cols > limits.max_cells or cols > 16384 or rows > 1_048_576:
        raise ImportFileError(
            "sheet_too_large",
            f"工作表的使用范围过大（有内容的单元格一直到第 {rows} 行、第 {cols} 列），"
            "多半是远处有误输入的单元格。请删除表格外多余的内容，或把数据复制到新工作表后再导入。",
            f"The sheet's used range is too large (values reach row {rows}, column {cols}); "
            "usually a stray value far from the table. Delete it, or copy the table to a new "
            "sheet, and import again.",
        )
