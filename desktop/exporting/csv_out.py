"""CSV out: UTF-8 with BOM (Excel opens it right), or GBK for older tools on request.

GBK is written as GB18030, which is byte-identical to GBK for every character GBK has and
can still write the rare ones GBK lacks, so no name is ever lost.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.exporting.safe import neutralise
from desktop.exporting.table import Sheet

ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "gb2312": "gb18030",
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
    with tmp.open("w", encoding=enc, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_text(v, kinds[i]) for i, v in enumerate(list(row)[: len(kinds)])])
            count += 1
    tmp.replace(path)
    return count
