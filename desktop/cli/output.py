"""Printing results: aligned plain text for people, a stable JSON shape for scripts."""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import Any


def language() -> str:
    """zh when the user's locale is Chinese (or ZHANGFANG_LANG says so), else en."""
    lang = os.environ.get("ZHANGFANG_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


def say(zh: str, en: str) -> None:
    print(zh if language() == "zh" else en)


def emit_json(data: Any) -> None:
    import json  # here: the window's start reads only language() from this module

    from desktop.services.serialize import jsonable  # SQLAlchemy: only when JSON is asked

    json.dump(jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
    right = right or set()
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
