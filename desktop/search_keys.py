"""Pinyin search keys so clerks find 张三五金 by typing ``zs`` or ``zhangsan``."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_initials(text: str) -> str:
    """First letters of each syllable; non-Chinese characters kept as lower case."""
    parts = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(parts).lower().replace(" ", "")


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(text, errors="default")).lower().replace(" ", "")


def search_key(*texts: str | None) -> str:
    """One lower-case string holding initials and full pinyin of every given text.

    Stored on the row so list filtering is a plain indexed ``LIKE`` in SQL.
    """
    pieces: list[str] = []
    for text in texts:
        if not text:
            continue
        pieces.append(text.lower())
        pieces.append(pinyin_initials(text))
        pieces.append(pinyin_full(text))
    return " ".join(pieces)
