"""Fixed header and footer zones for continuous (dot-matrix) forms.

Why single lines that shrink: a 三等分 form is 93 mm tall; every element gets
one line of a fixed height, and text that is too long is shrunk (numbers) or
cut with … (names), so the rows below always start at the same place. Lower
priority lines (开票信息, 备注) are dropped when the zone has no room. The totals
are the exception: they never shrink below a readable size and are never cut —
they wrap onto more lines, and when even that does not fit, the grand total comes
first (printed in figures, with the 大写 line) and 备注 gives way.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from desktop.printing.model import LabeledValue, PrintDocument
from desktop.printing.paper import MM, Paper
from desktop.printing.textfit import (
    READABLE,
    draw_text,
    ellipsize,
    fit_line,
    format_value,
    pack_items,
    unit_width,
)

LINE = 1.45  # line height as a multiple of the font size


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return "　".join(f"{k}：{v}" for k, v in pairs if v)


def _fit_left_right(
    c: Canvas,
    left: float,
    right: float,
    base: float,
    size: float,
    ltext: str,
    rtext: str,
    bold_left: bool = False,
) -> None:
    """Right text shrinks to fit its share, left text is cut to the rest."""
    width = right - left
    rs = fit_line(rtext, size, width * 0.45) if rtext else size
    rw = unit_width(rtext) * rs + 3 * MM if rtext else 0.0
    draw_text(c, right, base, rtext, rs, "right")
    draw_text(c, left, base, ellipsize(ltext, size, width - rw), size, "left", bold_left)


def draw_header_zone(
    c: Canvas, doc: PrintDocument, paper: Paper, left: float, right: float, top: float
) -> None:
    """Firm + title line, party/number line, optional 开票信息 line, meta line."""
    size = paper.font_size
    zone = paper.header_zone_mm * MM
    title_h = paper.title_font_size * 1.35
    slots = max(0, int((zone - title_h - 1.2 * MM) // (size * LINE)))
    width = right - left

    head = f"{doc.letterhead.firm_name}　{doc.title}"
    ts = fit_line(head, paper.title_font_size, width * 0.7)
    base = top - ts * 1.05
    draw_text(c, (left + right) / 2, base, head, ts, "center", bold=True)
    if doc.reprint_mark:
        ms = fit_line(doc.reprint_mark, size, width * 0.15)
        draw_text(c, right, base, doc.reprint_mark, ms, "right", bold=True)
        mw = unit_width(doc.reprint_mark) * ms
        c.setLineWidth(0.8)
        c.rect(right - mw - 3, base - ms * 0.3, mw + 6, ms * 1.45)

    lines: list[tuple[str, str, bool]] = []
    party = doc.party_block
    number = f"{doc.number_label}：{doc.number}" if doc.number else ""
    party_text = ""
    if party is not None:  # the receiver's contact rides on the party's line: never dropped
        reach = _pairs([("联系人", party.contact), ("电话", party.contact_phone)])
        party_text = f"{party.label}：{party.name}" + (f"　{reach}" if reach else "")
    lines.append((party_text, number, True))
    meta = _pairs([(m.label, format_value(m.value, "text")) for m in doc.meta])
    extra = _billing_line(doc)
    if extra and slots >= 3:
        lines.append((extra, "", False))
    if meta:
        lines.append((meta, "", False))
    if _header_fits(doc, paper):
        lines.append((_header(doc), "", False))
    y = top - title_h
    for ltext, rtext, bold in lines[:slots]:
        y -= size * LINE
        _fit_left_right(c, left, right, y + size * 0.35, size, ltext, rtext, bold)


def draw_footer_zone(
    c: Canvas,
    doc: PrintDocument,
    paper: Paper,
    left: float,
    right: float,
    bottom: float,
    page_no: int,
    pages: int,
    with_totals: bool,
    extra_lines: int = 0,
) -> None:
    """Signatures and page number on every page; totals, 大写 and notes on the last
    (``extra_lines``: lines it may take above its zone, where the table left rows free)."""
    size = paper.font_size
    step = size * LINE
    slots = footer_slots(paper)
    base = bottom + size * 0.35
    sign = "　　".join(
        f"{label}：{doc.signed.get(label) or '________'}" for label in doc.signature_boxes
    )
    _fit_left_right(c, left, right, base, size, sign, f"第 {page_no} 页 / 共 {pages} 页")
    if not with_totals:
        return
    words = f"{doc.amount_in_words_label}：{doc.amount_in_words}" if doc.amount_in_words else ""
    notes = _notes(doc, paper)
    width = right - left
    lines = footer_lines(doc.totals, words, notes, size, width, slots - 1 + extra_lines)
    y = bottom + step * len(lines)
    for text, s in lines:
        draw_text(c, left, y + size * 0.35, ellipsize(text, s, width), s, bold=True)
        y -= step


def _billing_line(doc: PrintDocument) -> str:
    """The party's ship-to address and 开票信息 in one line ("" when it has none)."""
    party = doc.party_block
    if party is None:
        return ""
    b = party.billing
    items = [(party.ship_to_label, party.ship_to)] if party.ship_to else []
    if b is not None:
        items += [("税号", b.tax_id), ("地址", b.address)]
    return _pairs(items)


def _header(doc: PrintDocument) -> str:
    return "　".join(t.strip() for t in doc.header_text.splitlines() if t.strip())


def _header_fits(doc: PrintDocument, paper: Paper) -> bool:
    """Whether the owner's header wording has a line of its own in the header zone (after
    the party, 开票信息 and meta lines); when not, it joins the footer's notes line."""
    if not _header(doc):
        return False
    size = paper.font_size
    title_h = paper.title_font_size * 1.35
    slots = max(0, int((paper.header_zone_mm * MM - title_h - 1.2 * MM) // (size * LINE)))
    extra = bool(_billing_line(doc)) and slots >= 3
    meta = any(format_value(m.value, "text") for m in doc.meta)
    used = 1 + (1 if extra else 0) + (1 if meta else 0)
    return used < slots


def _notes(doc: PrintDocument, paper: Paper) -> str:
    """The owner's footer wording (bank details), the header wording that found no room
    above, and 备注: one line that gives way to the totals and 大写 when the zone is short."""
    parts = [] if _header_fits(doc, paper) or not _header(doc) else [_header(doc)]
    parts += [t.strip() for t in doc.footer_text.splitlines() if t.strip()]
    if doc.notes:
        parts.append(f"备注：{doc.notes}")
    return "　".join(parts)


def footer_slots(paper: Paper) -> int:
    """How many lines the footer zone holds, the signature line included."""
    return max(1, int((paper.footer_zone_mm * MM + 0.01) // (paper.font_size * LINE)))


def footer_overflow(doc: PrintDocument, paper: Paper, width: float) -> float:
    """How much taller (points) than its zone the last page's footer would like to be:
    the totals, 大写 and 备注 each whole, at full size."""
    words = f"{doc.amount_in_words_label}：{doc.amount_in_words}" if doc.amount_in_words else ""
    notes = _notes(doc, paper)
    wanted = footer_lines(doc.totals, words, notes, paper.font_size, width, 1_000)
    return max(0, len(wanted) - (footer_slots(paper) - 1)) * paper.font_size * LINE


def footer_lines(
    totals: list[LabeledValue], words: str, notes: str, size: float, width: float, room: int
) -> list[tuple[str, float]]:
    """The footer's lines above the signatures (at most ``room``), each with its size.

    Totals wrap whole pairs onto as many lines as they need, at ``size`` or, when the zone
    is short, at the readable minimum; if they still do not fit, the grand total goes
    first and what does not fit after it gives way. The 大写 line comes next (shrunk no
    further than readable), 备注 last, in what room is left.
    """

    def pack(pairs: list[LabeledValue], s: float) -> list[str]:
        texts = [f"{t.label}：{format_value(t.value, 'money')}" for t in pairs]
        return pack_items(texts, s, width, "　　")

    word_lines = 1 if words else 0
    s = size
    packed = pack(totals, s)
    if len(packed) + word_lines > room:
        s = min(size, READABLE)
        packed = pack(totals, s)
    if len(packed) + word_lines > room:
        grand_first = [t for t in totals if t.grand] + [t for t in totals if not t.grand]
        packed = pack(grand_first, s)
        keep = max(1, room - word_lines)
        if len(packed) > keep:
            packed = packed[:keep]
            packed[-1] = ellipsize(packed[-1] + "…", s, width)
    out = [(line, s) for line in packed]
    if words and len(out) < room:
        out.append((words, fit_line(words, size, width, READABLE)))
    if notes and len(out) < room:
        out.append((notes, fit_line(notes, size, width, READABLE)))
    elif notes and words and out and out[-1][0] == words:
        both = f"{words}　{notes}"  # a short zone: 备注 shares the 大写 line when it fits
        if unit_width(both) * READABLE <= width:
            out[-1] = (both, fit_line(both, size, width, READABLE))
    return out
