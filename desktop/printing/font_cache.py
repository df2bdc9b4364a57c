"""reportlab's reading of the CJK font, kept between runs.

Reading the 5 MB font's tables (glyph widths, the character map) is pure Python in
reportlab: about 0.4 s, a third of the CPU time of ``zhangfang print`` of one bill. The
face it reads is kept in the data folder, named by the font file (path, size, time) and
reportlab's version, and loaded again in milliseconds. A kept copy that cannot be read is
ignored: the font is read from the file again and the copy replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from desktop.paths import data_dir

#: change when what is kept changes
LAYOUT = 1
#: the one attribute of a face that is a function (it is made again from unitsPerEm)
_SCALE = "_pdfScale"


def kept_path(font: Path) -> Path:
    stat = font.stat()
    key = f"{LAYOUT}|{reportlab.Version}|{font.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return data_dir() / "cache" / f"font-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


def _scale(units_per_em: int) -> Callable[[float], float]:
    """What reportlab's ``extractInfo`` sets as ``_pdfScale``: font units to 1/1000 em."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def load_font(name: str, path: Path) -> TTFont:
    """``TTFont(name, path, subfontIndex=0)``, from the kept face when there is one."""
    kept = kept_path(path)
    try:
        state = pickle.loads(kept.read_bytes())
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        face._pdfScale = _scale(face.unitsPerEm)
    except Exception:  # none kept yet, or unreadable: read the font and keep it
        font = TTFont(name, str(path), subfontIndex=0)
        _keep(font.face, kept)
        return font
    return _font(name, face)


def _font(name: str, face: TTFontFace) -> TTFont:
    """What ``TTFont.__init__`` makes, around a face already read (a test compares the two
    attribute by attribute, so a reportlab that sets more is noticed)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = _shapable(name)
    return font


def _shapable(name: str) -> bool:
    return not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)


def _keep(face: TTFontFace, kept: Path) -> None:
    state = {k: v for k, v in vars(face).items() if k != _SCALE}
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
        part.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(kept)
    except OSError:  # a read-only or full data folder: read the font each time
        pass
