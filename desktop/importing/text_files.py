"""Text files (CSV, TSV) as the office has them: which encoding, which delimiter, and whether
a file named .csv is text at all.

The delimiter is read from the data: comma, tab, semicolon, pipe, or runs of spaces (old
systems print columns lined up with spaces). A line that does not split like the others
(a space-separated line with a name that has a space in it, a whole line quoted into one
cell) is kept as one :class:`WholeLine` cell, which the import refuses with a plain reason
rather than taking the line for a name.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterable

from charset_normalizer import from_bytes

from desktop.importing.errors import ImportFileError

_DELIMITERS = ",;\t|"
#: the delimiters tried, in the order preferred when they fit the data equally well
CANDIDATES = (",", "\t", ";", "|", " ")
_SNIFF_LINES = 60


class WholeLine(str):
    """A whole line of a text file that did not split into the table's columns."""

    __slots__ = ()


def looks_binary(head: bytes) -> bool:
    """Bytes that no text file starts with (NULs, many control characters)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 by BOM, then strict UTF-8(-sig), GB18030, charset-normalizer."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            enc = "utf-8"
        return text, enc
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            "unknown_encoding",
            "无法识别这个文本文件的编码。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。",
            "Cannot tell this text file's encoding. Open it in Excel/WPS, save it as .xlsx and "
            "import again.",
        )
    return str(best), best.encoding


def split_line(line: str, delimiter: str) -> list[str]:
    """One line split as the reader splits it (runs of spaces count as one delimiter)."""
    fields = next(csv.reader([line], delimiter=delimiter, skipinitialspace=delimiter == " "), [])
    if delimiter == " ":
        while fields and not fields[-1].strip():
            fields.pop()
    return fields


def _modal_width(lines: list[str], delimiter: str) -> tuple[int, float]:
    """The commonest number of fields (of two or more) and the share of lines that have it."""
    widths = [len(split_line(line, delimiter)) for line in lines]
    common = Counter(w for w in widths if w >= 2).most_common(1)
    if not common:
        return 0, 0.0
    width, hits = common[0]
    return width, hits / len(widths)


def _header_like(fields: Iterable[str]) -> bool:
    """At least two of the fields are headers we know (客户名称, 数量, Date...)."""
    from desktop.importing.mapping import is_known_header

    return sum(1 for f in fields if is_known_header(f)) >= 2


def sniff_delimiter(text: str) -> str:
    """The delimiter among , tab ; | and spaces that splits the first lines most evenly
    (csv.Sniffer's answer when it is about as good); default ','.

    Spaces are taken only when the header splits into known headers or every line splits
    alike, so a one-column list of names with spaces stays one column.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    lines = [line for line in sample.splitlines() if line.strip()][:_SNIFF_LINES]
    if not lines:
        return ","
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    shares = {d: _modal_width(lines, d)[1] for d in CANDIDATES}
    if shares[" "] and not _spaces_fit(lines):
        shares[" "] = 0.0
    best = max(CANDIDATES, key=lambda d: shares[d])  # the first of equals: the preferred
    if sniffed is not None and shares[sniffed] >= shares[best] - 0.15:
        return sniffed
    if shares[best] > 0:
        return best
    counts = {d: lines[0].count(d) for d in _DELIMITERS}
    first = max(counts, key=lambda d: counts[d])
    return first if counts[first] else ","


def _spaces_fit(lines: list[str]) -> bool:
    """Whether runs of spaces may be the delimiter: every line splits alike, or the first
    line that splits reads as a header."""
    widths = {len(split_line(line, " ")) for line in lines}
    if len(widths) == 1:
        return True
    for line in lines[:10]:
        fields = split_line(line, " ")
        if len(fields) >= 2:
            return _header_like(fields)
    return False


def table_width(lines: list[str], delimiter: str) -> int:
    """How many columns the table has: the header's when a line reads as one (spaces),
    else the commonest number of fields."""
    if delimiter == " ":
        for line in lines[:10]:
            fields = split_line(line, " ")
            if len(fields) >= 2 and _header_like(fields):
                return len(fields)
    return _modal_width(lines, delimiter)[0]


def mark_whole_lines(records: list[list[str]], delimiter: str, width: int) -> None:
    """Turn the records that did not split into ``width`` columns into one
    :class:`WholeLine` cell, in place.

    With spaces: a line of two or more fields but not ``width`` (a name with a space in it
    shifts every column after it). With another delimiter: a line that came out as one cell
    although its text splits into columns (quoted whole, or split by spaces or tabs).
    """
    if width < 2:
        return
    for i, record in enumerate(records):
        n = len(record)
        if delimiter == " ":
            if n >= 2 and n != width:
                records[i] = [WholeLine(" ".join(record))]
        elif n == 1 and _splits(record[0], width):
            records[i] = [WholeLine(record[0].strip())]


def _splits(text: str, width: int) -> bool:
    """Whether one cell's text holds several columns: it splits by another delimiter, or
    by spaces into exactly as many fields as the table has."""
    if any(len(split_line(text, d)) >= 2 for d in CANDIDATES if d != " "):
        return True
    return len(split_line(text.strip(), " ")) == width


def split_text(text: str, max_rows: int, max_columns: int) -> tuple[list[list[str]], str, bool]:
    """A text file's rows (at most ``max_rows``, each cut to ``max_columns`` fields), the
    delimiter found and whether rows were left out; raises csv.Error on broken quoting."""
    delimiter = sniff_delimiter(text)
    spaces = delimiter == " "
    rows: list[list[str]] = []
    truncated = False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=spaces)
    for record in reader:
        if len(rows) >= max_rows:
            truncated = True
            break
        if spaces:
            while record and not record[-1].strip():
                record.pop()
        rows.append(record[:max_columns])
    head = [line for line in text[:65536].splitlines() if line.strip()][:_SNIFF_LINES]
    mark_whole_lines(rows, delimiter, table_width(head, delimiter))
    return rows, delimiter, truncated
