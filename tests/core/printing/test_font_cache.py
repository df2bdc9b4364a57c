"""The kept reading of the CJK font (``font_cache``) is the font reportlab reads from the
file: the same attributes, glyph widths and embedded subset; a damaged copy is read anew."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from desktop.printing import font_cache
from desktop.printing.fonts import font_path


def _same(kept: TTFont, read: TTFont) -> None:
    assert set(vars(kept)) == set(vars(read))
    for key in vars(read):
        if key not in ("face", "state", "encoding"):
            assert getattr(kept, key) == getattr(read, key), key
    assert set(vars(kept.face)) == set(vars(read.face))
    for key, value in vars(read.face).items():
        if key == "_pos":  # where reading stopped: moves as subsets are made
            continue
        if key == "_pdfScale":
            assert [kept.face._pdfScale(x) for x in (0, 1, 517, 2048)] == [
                value(x) for x in (0, 1, 517, 2048)
            ]
        else:
            assert getattr(kept.face, key) == value, key
    text = "账房 销售单 合计 ¥1,234.50 张三五金 M6×20"
    assert kept.stringWidth(text, 10.5) == read.stringWidth(text, 10.5)
    subset = [ord(c) for c in dict.fromkeys(text)]
    assert kept.face.makeSubset(subset) == read.face.makeSubset(subset)


def test_the_kept_font_is_the_font_read_from_the_file() -> None:
    path = font_path()
    read = TTFont("KeptTest", str(path), subfontIndex=0)
    first = font_cache.load_font("KeptTest", path)  # reads the file, keeps the face
    assert font_cache.kept_path(path).is_file()
    again = font_cache.load_font("KeptTest", path)  # from the kept copy
    _same(first, read)
    _same(again, read)


def test_a_damaged_kept_copy_is_read_anew() -> None:
    path = font_path()
    kept = font_cache.kept_path(path)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"not a pickle")
    font = font_cache.load_font("KeptTest2", path)
    _same(font, TTFont("KeptTest2", str(path), subfontIndex=0))
    assert kept.read_bytes() != b"not a pickle"
