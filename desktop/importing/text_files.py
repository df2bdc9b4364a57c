"""Text files (CSV, TSV) as the office has them: which encoding, which delimiter, and whether
a file named .csv is text at all."""

from __future__ import annotations

import codecs
import csv

from charset_normalizer import from_bytes

from desktop.importing.errors import ImportFileError

_DELIMITERS = ",;\t|"


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


def sniff_delimiter(text: str) -> str:
    """Guess the delimiter among , ; tab | from the first lines; default ','."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    first = sample.splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
