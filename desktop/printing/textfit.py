"""Measuring, wrapping, shrinking and formatting text for fixed boxes.

Why hand-rolled instead of platypus Paragraph(wordWrap="CJK"): a 1,000-line
statement has ~8,000 cells, and building a Paragraph per cell is many times
slower than measuring with reportlab's C-accelerated ``stringWidth``. The
rules are the same ones CJK wrapping needs: a line may break between any two
Chinese characters, Latin words and numbers stay whole when they can, closing
punctuation (，。）) never starts a line and opening punctuation (（《) never
ends one. Nothing is ever drawn outside its box: text shrinks, then wraps,
then (last resort) is cut with an ellipsis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reportlab.pdfgen.canvas import Canvas

from desktop.money import fmt_money
from desktop.printing.fonts import BOLD_STROKE, FONT_NAME, string_width
from desktop.printing.model import Align, CellValue, ColumnKind

LEADING = 1.2  # line height as a multiple of the font size
#: the smallest size printed text may shrink to (points): below it, text wraps instead
READABLE = 7.5
_TOKEN = re.compile(r"[\x21-\x7e]+|[ \t\u3000]+|.")
_CLOSING = set("，。、；：？！）》」』】〕…—％,.;:?!)]}%")
_OPENING = set("（《「『【〔“‘([{")
_width_cache: dict[str, float] = {}


def unit_width(text: str) -> float:
    """Width of ``text`` at size 1 (cached: the same tokens repeat a lot)."""
    w = _width_cache.get(text)
    if w is None:
        w = string_width(text, 1.0)
        if len(_width_cache) < 50_000:
            _width_cache[text] = w
    return w


def _tokens(text: str) -> list[str]:
    """Split into unbreakable pieces, gluing CJK punctuation to its neighbour."""
    out: list[str] = []
    glue_next = ""
    for tok in _TOKEN.findall(text):
        if tok in _OPENING:
            glue_next += tok
            continue
        tok = glue_next + tok
        glue_next = ""
        if out and tok[0] in _CLOSING and not out[-1].isspace():
            out[-1] += tok
        else:
            out.append(tok)
    if glue_next:
        out.append(glue_next)
    return out


def _split_long(token: str, size: float, width: float) -> list[str]:
    """Break a token wider than the line into character chunks."""
    pieces: list[str] = []
    cur = ""
    for ch in token:
        if cur and unit_width(cur + ch) * size > width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` that each fit ``width`` points at ``size``."""
    lines: list[str] = []
    for para in text.split("\n"):
        if unit_width(para) * size <= width:
            lines.append(para)
            continue
        cur = ""
        cur_w = 0.0
        for tok in _tokens(para):
            tok_w = unit_width(tok) * size
            if cur_w + tok_w <= width:
                cur += tok
                cur_w += tok_w
                continue
            if tok.isspace():
                continue  # a break swallows the spaces at it
            if cur.strip():
                lines.append(cur.rstrip())
            cur, cur_w = "", 0.0
            if tok_w > width:
                pieces = _split_long(tok, size, width)
                lines.extend(pieces[:-1])
                tok = pieces[-1]
                tok_w = unit_width(tok) * size
            cur, cur_w = tok, tok_w
        if cur.strip() or not lines:
            lines.append(cur.rstrip())
    return lines


def pack_items(items: list[str], size: float, width: float, sep: str = "　") -> list[str]:
    """Lines holding whole items (税号：…, 账号：…); an item is split only if too long alone."""
    lines: list[str] = []
    cur = ""
    for item in (i for i in items if i):
        candidate = f"{cur}{sep}{item}" if cur else item
        if unit_width(candidate) * size <= width:
            cur = candidate
            continue
        if cur:
            lines.append(cur)
        parts = wrap(item, size, width)
        lines.extend(parts[:-1])
        cur = parts[-1]
    if cur:
        lines.append(cur)
    return lines


@dataclass(frozen=True)
class Fitted:
    """Text fitted into a box: the size to draw at and its lines."""

    size: float
    lines: list[str]

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING


def fit_line(text: str, size: float, width: float, min_size: float = 3.0) -> float:
    """Largest size <= ``size`` at which ``text`` fits on one line (numbers)."""
    w = unit_width(text) * size
    if w <= width or w == 0:
        return size
    return max(min_size, size * width / w * 0.999)


def ellipsize(text: str, size: float, width: float) -> str:
    """Cut ``text`` to fit ``width`` ending with …."""
    if unit_width(text) * size <= width:
        return text
    while text and unit_width(text + "…") * size > width:
        text = text[:-1]
    return text + "…"


def fit_box(
    text: str, size: float, width: float, height: float, min_size: float | None = None
) -> Fitted:
    """Fit into ``width`` x ``height``: shrink a little, wrap, then cut with …."""
    floor = min_size if min_size is not None else size * 0.7
    s = size
    while True:
        lines = wrap(text, s, width)
        if len(lines) * s * LEADING <= height + 0.01 or s <= floor:
            break
        s = max(floor, s - 0.5)
    max_lines = max(1, int((height + 0.01) // (s * LEADING)))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1] + "…", s, width)
    return Fitted(s, lines)


def format_value(value: CellValue, kind: ColumnKind) -> str:
    """Text for a cell: money 1,234.50; qty without trailing zeros; price >= 2 places."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    dec = Decimal(value)
    if kind == "money":
        return fmt_money(dec)
    if kind == "qty":
        norm = dec.normalize()
        return f"{norm:,.0f}" if norm == norm.to_integral_value() else f"{norm:,f}"
    if kind == "price":
        norm = dec.normalize()
        places = max(2, -int(norm.as_tuple().exponent))
        return f"{dec:,.{places}f}"
    return str(value)


def parse_decimal(value: CellValue) -> Decimal | None:
    """The number in a cell (Decimal, int or "1,234.50"), or None if not a number."""
    if value is None:
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    cleaned = value.replace(",", "").replace("¥", "").replace("￥", "").strip()
    if not cleaned:
        return None
    try:
        dec = Decimal(cleaned)
    except InvalidOperation:
        return None
    return dec if dec.is_finite() else None


def draw_text(
    c: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    align: Align = "left",
    bold: bool = False,
) -> None:
    """Draw one line; ``x`` is the left edge, centre or right edge per ``align``."""
    if not text:
        return
    c.setFont(FONT_NAME, size)
    mode = None
    if bold:
        c.setLineWidth(size * BOLD_STROKE)
        mode = 2
    if align == "right":
        c.drawRightString(x, y, text, mode=mode)
    elif align == "center":
        c.drawCentredString(x, y, text, mode=mode)
    else:
        c.drawString(x, y, text, mode=mode)


def draw_lines(
    c: Canvas,
    left: float,
    top: float,
    width: float,
    fitted: Fitted,
    align: Align = "left",
    bold: bool = False,
) -> None:
    """Draw fitted lines downward from ``top`` (y grows upward in reportlab)."""
    step = fitted.size * LEADING
    baseline = top - fitted.size * 0.95
    x = left if align == "left" else left + width if align == "right" else left + width / 2
    for line in fitted.lines:
        draw_text(c, x, baseline, line, fitted.size, align, bold)
        baseline -= step
