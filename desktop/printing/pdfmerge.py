"""Join PDFs written by our renderer into one file, streaming, in pure Python.

Why our own: pypdf is not a dependency, and the files we join are always
reportlab's own output (classic xref table, no object streams), so a small,
strict reader suffices: each input's objects are renumbered and copied
verbatim (streams untouched), its pages are hung under one new page tree, and
a bookmark per input is added. Anything else is refused with ValueError.
"""

from __future__ import annotations

import re
from typing import BinaryIO

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(\d+) 0 R\b")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_STREAM = re.compile(rb">>\s*stream\r?\n")

# object numbers of the combined file's own skeleton
PAGES, CATALOG, OUTLINES, INFO = 1, 2, 3, 4


def _objects(pdf: bytes) -> tuple[dict[int, bytes], int, int | None]:
    """{number: body between 'N 0 obj' and 'endobj'}, the root and the info numbers."""
    m = _STARTXREF.search(pdf[-64:])
    if not pdf.startswith(b"%PDF-") or m is None:
        raise ValueError("not a complete PDF")
    xref_at = int(m.group(1))
    head = pdf[xref_at : xref_at + 64].split(b"\n", 2)
    if head[0].strip() != b"xref":
        raise ValueError("unsupported PDF (no classic xref table)")
    first, count = (int(x) for x in head[1].split())
    table_start = xref_at + len(head[0]) + len(head[1]) + 2
    offsets: dict[int, int] = {}
    for i, em in enumerate(_XREF_ENTRY.finditer(pdf, table_start, table_start + 20 * count)):
        if em.group(3) == b"n":
            offsets[first + i] = int(em.group(1))
    trailer = pdf[xref_at:]
    root = _ROOT.search(trailer)
    if root is None:
        raise ValueError("PDF without a root")
    info = _INFO.search(trailer)
    bounds = [*sorted(offsets.values()), xref_at]
    objects: dict[int, bytes] = {}
    for num, off in offsets.items():
        end = bounds[bounds.index(off) + 1]
        chunk = pdf[off:end]
        header = f"{num} 0 obj".encode()
        if not chunk.startswith(header):
            raise ValueError(f"broken xref at object {num}")
        stop = chunk.rfind(b"endobj")
        objects[num] = chunk[len(header) : stop].strip(b"\r\n ")
    return objects, int(root.group(1)), int(info.group(1)) if info else None


def _dict_part(body: bytes) -> tuple[bytes, bytes]:
    """Split an object into its dictionary text and its raw stream (b"" if none)."""
    m = _STREAM.search(body)
    if m is None:
        return body, b""
    return body[: m.start() + 2], body[m.start() + 2 :]


def _ref(body: bytes, key: bytes) -> int | None:
    m = re.search(re.escape(key) + rb"\s+(\d+) 0 R", body)
    return int(m.group(1)) if m else None


def _kids(body: bytes) -> list[int]:
    m = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
    return [int(x) for x in _REF.findall(m.group(1))] if m else []


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class PdfCombiner:
    """Append whole PDFs to ``out`` one by one; ``close`` writes the page tree and xref."""

    def __init__(self, out: BinaryIO, title: str = "") -> None:
        self.out = out
        self.title = title
        self.pos = 0
        self.offsets: dict[int, int] = {}
        self.next_num = INFO + 1
        self.pages: list[int] = []
        self.marks: list[tuple[str, int]] = []
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)

    def _obj(self, num: int, body: bytes) -> None:
        self.offsets[num] = self.pos
        self._write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")

    def add(self, pdf: bytes, bookmark: str = "") -> int:
        """Copy every page of ``pdf``; returns how many pages it had."""
        objects, root, info = _objects(pdf)
        pages_root = _ref(_dict_part(objects[root])[0], b"/Pages")
        if pages_root is None:
            raise ValueError("PDF without pages")
        page_order: list[int] = []
        tree_nodes: set[int] = set()

        def walk(num: int) -> None:
            body = _dict_part(objects[num])[0]
            if b"/Type /Pages" in body:
                tree_nodes.add(num)
                for kid in _kids(body):
                    walk(kid)
            else:
                page_order.append(num)

        walk(pages_root)
        skip = {root, *tree_nodes} | ({info} if info is not None else set())
        numbers: dict[int, int] = {}
        for num in sorted(objects):
            if num not in skip:
                numbers[num] = self.next_num
                self.next_num += 1

        def renumber(m: re.Match[bytes]) -> bytes:
            old = int(m.group(1))
            new = PAGES if old in tree_nodes else numbers.get(old)
            if new is None:
                raise ValueError(f"reference to a missing object {old}")
            return f"{new} 0 R".encode()

        for num in sorted(numbers):
            text, stream = _dict_part(objects[num])
            self._obj(numbers[num], _REF.sub(renumber, text) + stream)
        first = len(self.pages)
        self.pages += [numbers[p] for p in page_order]
        if bookmark and page_order:
            self.marks.append((bookmark, self.pages[first]))
        return len(page_order)

    def close(self) -> None:
        if not self.pages:
            raise ValueError("nothing to combine")
        kids = b" ".join(f"{p} 0 R".encode() for p in self.pages)
        self._obj(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.pages), kids))
        mark_nums = list(range(self.next_num, self.next_num + len(self.marks)))
        self.next_num += len(self.marks)
        for i, ((text, page), num) in enumerate(zip(self.marks, mark_nums, strict=True)):
            parts = [b"/Title " + _pdf_text(text), b"/Parent %d 0 R" % OUTLINES]
            if i > 0:
                parts.append(b"/Prev %d 0 R" % mark_nums[i - 1])
            if i + 1 < len(mark_nums):
                parts.append(b"/Next %d 0 R" % mark_nums[i + 1])
            parts.append(b"/Dest [ %d 0 R /XYZ null null null ]" % page)
            self._obj(num, b"<< " + b" ".join(parts) + b" >>")
        if mark_nums:
            self._obj(
                OUTLINES,
                b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                % (mark_nums[0], mark_nums[-1], len(mark_nums)),
            )
        else:
            self._obj(OUTLINES, b"<< /Type /Outlines /Count 0 >>")
        mode = b"/UseOutlines" if mark_nums else b"/UseNone"
        self._obj(
            CATALOG,
            b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode %s >>"
            % (PAGES, OUTLINES, mode),
        )
        self._obj(
            INFO,
            b"<< /Producer (Zhangfang) /Title " + _pdf_text(self.title or "Zhangfang") + b" >>",
        )
        xref_at = self.pos
        size = self.next_num
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        for num in range(1, size):
            lines.append(b"%010d 00000 n \n" % self.offsets[num])
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, CATALOG, INFO, xref_at)
        )
