"""The one CJK font every printed document uses, shipped with the app.

Why a shipped TrueType font: reportlab's built-in CID font (STSong-Light) is
never embedded, so a PDF opened on a machine without CJK fonts shows boxes.
WenQuanYi Micro Hei (Apache-2.0 / GPLv3 with font exception, licence text next
to the file) has TrueType outlines, which reportlab can subset and embed.

Bold: the font has no bold face. We emphasise with size, and for titles and
totals we draw "fake bold": text render mode 2 (fill + stroke) with a thin
stroke of ``BOLD_STROKE * size`` points in the fill colour. This keeps one
embedded font (one subset, smaller PDFs), stays selectable/searchable text for
pdftotext, and prints darker on dot-matrix printers too. See ``textfit.draw_text``.

Where the font is found: ``$ZHANGFANG_RESOURCES/fonts/`` when that variable is
set, else the bundle's or the project's ``resources/fonts/`` (``desktop.resources``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from desktop.printing.font_cache import load_font
from desktop.resources import RESOURCES_ENV, resources_dir

FONT_NAME = "ZFHei"
FONT_FILE = "wqy-microhei.ttc"
BOLD_STROKE = 0.035  # stroke width as a fraction of the font size for fake bold


class FontMissingError(RuntimeError):
    """The shipped CJK font file cannot be found or read."""


def font_path() -> Path:
    """Absolute path of the CJK font file to embed."""
    return resources_dir() / "fonts" / FONT_FILE


def register_fonts() -> str:
    """Register the CJK font with reportlab once per process; return its name."""
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path = font_path()
    if not path.is_file():
        raise FontMissingError(
            f"打印字体文件缺失：{path}。请重新安装本软件，或把环境变量 "
            f"{RESOURCES_ENV} 指向含 fonts/{FONT_FILE} 的资源文件夹。"
        )
    try:
        pdfmetrics.registerFont(load_font(FONT_NAME, path))
    except Exception as exc:  # reportlab raises several types for bad files
        raise FontMissingError(f"打印字体文件无法读取：{path}（{exc}）") from exc
    return FONT_NAME


def string_width(text: str, size: float) -> float:
    """Width in points of ``text`` in the CJK font at ``size``."""
    return float(pdfmetrics.stringWidth(text, FONT_NAME, size))
