"""Whether an import will likely need pypinyin, from a quick look at the file's first bytes.

pypinyin takes about a second of CPU to load (its phrase tables). A big import loads it while
its reader process loads the sheet, so that search keys of new Chinese names cost nothing
later; a file of English or other text without a character pypinyin reads (``search_keys``:
nothing before 〇, U+3007) never needs it, and skipping the load saves that second. The look
is a guess either way: when a later row does have Chinese, pypinyin loads on its first name
(``search_keys._reading``), so the outcome never depends on it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

#: How much of the file (or of each part of a workbook) is looked at.
PEEK_BYTES = 1 << 20
#: UTF-8 lead bytes of U+3000 and above (an .xlsx is UTF-8 XML)
_WIDE_UTF8 = re.compile(rb"[\xe3-\xf4]")
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


def may_need_pinyin(path: Path) -> bool:
    """False when the file's first bytes hold no text pypinyin would read; True when they
    do, or when they cannot be told (another format, a text file not in UTF-8)."""
    suffix = path.suffix.lower()
    try:
        if suffix in _XLSX_SUFFIXES:
            return _workbook_may(path)
        if suffix in _TEXT_SUFFIXES:
            with path.open("rb") as f:
                return _text_may(f.read(PEEK_BYTES))
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError):
        return True  # the reader words what is wrong with the file
    return True


def _workbook_may(path: Path) -> bool:
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/"):
                with book.open(name) as part:
                    if _WIDE_UTF8.search(part.read(PEEK_BYTES)):
                        return True
    return False


def _text_may(data: bytes) -> bool:
    if data.isascii():
        return False
    cut = data.rfind(b"\n")  # a character may be split at the end of the look
    try:
        text = (data[:cut] if cut > 0 else data).decode("utf-8")
    except UnicodeDecodeError:
        return True  # GBK and the like: Chinese, most likely
    return max(text) >= "\u3007"
