"""CSV out: UTF-8 with BOM (Excel opens it right), or GBK for older tools on request.

GBK is written as real GBK, what the older tools that ask for it read. A character GBK
cannot hold (a rare name character, an emoji) is refused with the row and column it is in,
and nothing is written: the user chooses UTF-8 (or GB18030, which holds every character)
instead of getting a file with a name silently changed.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.errors import ValidationError
from desktop.exporting.safe import neutralise
from desktop.exporting.table import Sheet

ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "gbk": "gbk",
    "gb18030": "gb18030",
}


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if kind == "money":
            return f"{value:.2f}"
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime):
        return value.date().isoformat() if kind == "date" else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def write_csv(sheet: Sheet, path: str | Path, encoding: str = "utf-8") -> int:
    """Header row, then the rows; no title or totals (CSV is for other programs)."""
    enc = ENCODINGS.get(encoding.lower())
    if enc is None:
        raise ValueError(f"unsupported encoding: {encoding}")
    path = Path(path)
    kinds = [c.kind for c in sheet.columns]
    tmp = path.with_name(path.name + ".part")
    count = 0
    headers = [c.header for c in sheet.columns]
    try:
        with tmp.open("w", encoding=enc, newline="") as fh:
            writer = csv.writer(fh)
            _write(writer, headers, headers, 1, enc)
            for row in sheet.rows:
                cells = [_text(v, kinds[i]) for i, v in enumerate(list(row)[: len(kinds)])]
                count += 1
                _write(writer, cells, headers, count + 1, enc)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return count


def _write(writer: Any, cells: list[str], headers: list[str], line: int, enc: str) -> None:
    """One CSV line; a cell the encoding cannot hold is refused, naming its line and column."""
    try:
        writer.writerow(cells)
    except UnicodeEncodeError as exc:
        for header, cell in zip(headers, cells, strict=False):
            try:
                cell.encode(enc)
            except UnicodeEncodeError as bad:
                char = cell[bad.start]
                raise ValidationError(
                    "not_encodable",
                    f"第 {line} 行“{header}”中的“{char}”无法用 {enc.upper()} 编码保存：{cell}。"
                    "请改用 UTF-8 导出。",
                    f"Line {line}, column '{header}': '{char}' cannot be written in "
                    f"{enc.upper()}: {cell}. Export as UTF-8 instead.",
                ) from exc
        raise
