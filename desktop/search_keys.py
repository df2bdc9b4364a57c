"""Pinyin search keys so clerks find 张三五金 by typing ``zs`` or ``zhangsan``."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_MARK = "\x00"  # tags the runs pypinyin passes through (letters, digits, punctuation)


def _mark(chars: str) -> list[str]:
    return [_MARK + chars]


# Runs of Chinese characters; pypinyin reads each such run on its own (phrases never span
# other characters), so a run's reading can be cached: names repeat their words.
_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def pinyin_pair(text: str) -> tuple[str, str]:
    """(initials, full pinyin) of ``text``, lower case without spaces; other characters
    are kept as they are: 张三五金 M6 → ("zswjm6", "zhangsanwujinm6").

    One pypinyin call gives both (an initial is the first letter of its syllable), text
    without Chinese needs none, and each run of Chinese is read once per process: key
    building for a big import is mostly this.
    """
    if text.isascii():
        plain = text.lower().replace(" ", "")
        return plain, plain
    initials: list[str] = []
    full: list[str] = []
    pos = 0
    for m in _HAN.finditer(text):
        if m.start() > pos:
            _add(text[pos : m.start()], initials, full)
        _add(m.group(), initials, full)
        pos = m.end()
    if pos < len(text):
        _add(text[pos:], initials, full)
    return (
        "".join(initials).lower().replace(" ", ""),
        "".join(full).lower().replace(" ", ""),
    )


#: the first character pypinyin has a reading for (〇): every character before it comes back
#: as it is (a test checks pypinyin's table), so text without one needs no pypinyin at all
_FIRST_READ = "\u3007"


#: readings of the names the app itself gives (the walk-in customer 散客 of an imported sales
#: history), as pypinyin reads them (a test compares): making such a record needs no pypinyin
_OWN_READINGS = {"散客": ("sk", "sanke")}


def _add(run: str, initials: list[str], full: list[str]) -> None:
    if run.isascii() or max(run) < _FIRST_READ:
        initials.append(run)
        full.append(run)
    else:
        a, b = _OWN_READINGS.get(run) or _reading(run)
        initials.append(a)
        full.append(b)


def load() -> None:
    """Load pypinyin now (about half a second: its phrase tables), rather than on the
    first Chinese name; a big import calls it while its reader process loads the sheet."""
    import pypinyin  # noqa: F401


@lru_cache(maxsize=100_000)
def _reading(run: str) -> tuple[str, str]:
    from pypinyin import lazy_pinyin  # loaded on the first Chinese text (see load)

    initials: list[str] = []
    full: list[str] = []
    for part in lazy_pinyin(run, errors=_mark):  # type: ignore[arg-type]  # may return a list
        if part.startswith(_MARK):
            initials.append(part[1:])
            full.append(part[1:])
        else:
            initials.append(part[:1])
            full.append(part)
    return "".join(initials), "".join(full)


def pinyin_initials(text: str) -> str:
    """First letters of each syllable; non-Chinese characters kept as lower case."""
    return pinyin_pair(text)[0]


def pinyin_full(text: str) -> str:
    return pinyin_pair(text)[1]


def search_key(*texts: str | None) -> str:
    """One lower-case string holding initials and full pinyin of every given text.

    Stored on the row so list filtering is a plain indexed ``LIKE`` in SQL.
    """
    pieces: list[str] = []
    for text in texts:
        if not text:
            continue
        initials, full = pinyin_pair(text)
        pieces += (text.lower(), initials, full)
    return " ".join(pieces)


#: the escape character of every LIKE pattern built from a user's text
LIKE_ESCAPE = "\\"


def like_literal(text: str) -> str:
    """``text`` as a LIKE pattern that matches itself: ``%`` and ``_`` are the user's
    characters, not wildcards (use with ``ESCAPE '\\'`` / ``escape=LIKE_ESCAPE``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_contains(text: str) -> str:
    """A LIKE pattern for search-box text: keys containing it, trimmed and lower case."""
    return f"%{like_literal(text.strip().lower())}%"


def like_prefix(text: str) -> str:
    """A LIKE pattern for values starting with ``text`` exactly."""
    return like_literal(text) + "%"


#: the trigram index of each table's search key (ledger migration 0012)
SEARCH_INDEX = {"product": "product_search", "party": "party_search"}
#: the trigram tokenizer indexes runs of three characters: shorter text cannot use it
TRIGRAM = 3
#: a word matching more rows than this is common: the caller's ``ORDER BY … LIMIT`` over a
#: plain LIKE stops early, where collecting and sorting every match would not
RARE = 2000


def index_probe(
    table: str, text: str, param: str = "?", *, limited: bool = True
) -> tuple[str, str] | None:
    """The type-ahead's use of the trigram index: SQL listing up to ``RARE + 1`` rowids
    (every one when not ``limited``) of
    ``table`` (``product`` or ``party``) whose stored search key contains ``text`` (trimmed,
    lower case), with its one parameter (``param``: ``?`` for sqlite3, ``:name`` for
    SQLAlchemy) and that parameter's value; None when the text is shorter than a trigram.

    The text goes in as an FTS5 phrase: its runs of three characters, in order, which is
    a substring, exactly what ``LIKE '%text%'`` matches (quotes are the user's text). When
    more than ``RARE`` rows come back the word is common: match it by ``like_contains``
    in the caller's order instead. Either way the rule is the same: the key contains the
    text. The key holds the code, barcode, spec and phone too (``search_key``).
    """
    needle = text.strip().lower()
    if len(needle) < TRIGRAM:
        return None
    fts = SEARCH_INDEX[table]
    phrase = '"' + needle.replace('"', '""') + '"'
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH {param}"
    return (f"{sql} LIMIT {RARE + 1}" if limited else sql), phrase


def rare_count_sql(table: str, text: str) -> tuple[str, tuple[str]] | None:
    """SQL counting, inside SQLite, the rows of ``table`` whose key contains ``text`` up to
    ``RARE + 1`` (more: the text is common), with its parameters; None when the text is
    shorter than a trigram. The type-ahead asks this before narrowing by the index, so a
    common word costs one integer, not two thousand rowids handed to Python."""
    probe = index_probe(table, text)
    if probe is None:
        return None
    return f"SELECT COUNT(*) FROM ({probe[0]})", (probe[1],)


def rare_rows(
    table: str, text: str, rowids: Callable[[str, str], list[int]], param: str = "?"
) -> list[int] | None:
    """The rowids of ``table`` whose key contains ``text`` when they are few (at most
    ``RARE``, through the trigram index: ``rowids(sql, value)`` runs the probe); None when
    the text is too short for the index or too common to be worth collecting."""
    probe = index_probe(table, text, param)
    if probe is None:
        return None
    found = rowids(*probe)
    return found if len(found) <= RARE else None
