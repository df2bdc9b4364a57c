"""Render a ``PrintDocument`` to PDF on any supported paper.

Two passes over precomputed layout: first every row and block is measured and
the pages are planned (so "共 y 页" and carried-forward sums are known), then
everything is drawn straight onto the reportlab canvas. Platypus is not used:
direct drawing of measured text is several times faster for long statements.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.blocks import (
    GAP,
    Block,
    GridBlock,
    GridItem,
    LetterheadBlock,
    SignatureBlock,
    SmallTableBlock,
    StampBlock,
    TextBlock,
    TitleBlock,
    TotalsBlock,
    pair_text,
    party_items,
)
from desktop.printing.compact import (
    LINE,
    draw_footer_zone,
    draw_header_zone,
    footer_overflow,
)
from desktop.printing.fonts import FONT_NAME, register_fonts
from desktop.printing.layout import PagePlan, plan_continuous, plan_cut_sheet
from desktop.printing.model import ExtraSection, PrintCopy, PrintDocument
from desktop.printing.paper import A4_PORTRAIT, MM, Offset, Paper
from desktop.printing.table import RowFit, Table, layout_columns
from desktop.printing.textfit import draw_text, ellipsize, fit_line


@dataclass
class RenderResult:
    """What was printed: page count, per-page row ranges, and soft problems."""

    pages: int
    page_rows: list[range] = field(default_factory=list)
    rows_per_page: int | None = None
    warnings: list[str] = field(default_factory=list)
    #: copies (联) printed, each with all ``pages // copies`` pages
    copies: int = 1


def _extra_blocks(sections: Sequence[ExtraSection], size: float, width: float) -> list[Block]:
    blocks: list[Block] = []
    for sec in sections:
        if sec.title:
            blocks.append(TextBlock(sec.title, size, width, bold=True))
        if sec.pairs:
            items = [GridItem(pair_text(p, "money")) for p in sec.pairs]
            blocks.append(GridBlock(items, min(4, len(items)), size, width))
        if sec.columns and sec.rows:
            blocks.append(SmallTableBlock(sec.columns, sec.rows, size * 0.95, width))
    return blocks


class ContinuationHeader:
    """One line at the top of pages after the first: firm, title and number."""

    def __init__(self, doc: PrintDocument, paper: Paper, width: float):
        self.doc = doc
        self.width = width
        self.size = paper.font_size
        self.height = self.size * 2.2 + GAP / 2

    def draw(self, c: Canvas, left: float, top: float) -> None:
        d = self.doc
        base = top - self.size * 1.3
        centre = f"{d.title}（续）"
        cs = fit_line(centre, self.size * 1.25, self.width * 0.3)
        draw_text(c, left + self.width / 2, base, centre, cs, "center", bold=True)
        side = self.width * 0.33
        draw_text(c, left, base, ellipsize(d.letterhead.firm_name, self.size, side), self.size)
        right = "　".join(
            t for t in (d.reprint_mark, d.number and f"{d.number_label}：{d.number}") if t
        )
        draw_text(c, left + self.width, base, right, fit_line(right, self.size, side), "right")
        c.setLineWidth(0.6)
        c.line(left, top - self.height + GAP / 2, left + self.width, top - self.height + GAP / 2)


def render_pdf(
    doc: PrintDocument,
    out: str | Path | BinaryIO,
    paper: Paper = A4_PORTRAIT,
    offset: Offset | tuple[float, float] = (0.0, 0.0),
    hidden_columns: Sequence[str] = (),
) -> RenderResult:
    """Write ``doc`` as a PDF to ``out`` (path or binary file); never raises for bad data.

    ``offset`` is the per-printer adjustment in mm (+x right, +y down) applied
    to all drawing. ``hidden_columns`` are column keys the user chose to hide
    (only columns marked hideable are hidden).
    """
    register_fonts()
    off = offset if isinstance(offset, Offset) else Offset(*offset)
    warnings: list[str] = []
    left = paper.margin_left_mm * MM
    right = paper.width - paper.margin_right_mm * MM
    width = right - left
    top = paper.height - paper.margin_top_mm * MM
    bottom = paper.margin_bottom_mm * MM
    boxes, hide_warnings = layout_columns(doc.columns, hidden_columns, left, width)
    warnings += hide_warnings
    size = paper.font_size
    cont = paper.continuous
    table = Table(
        boxes,
        paper.table_font_size,
        paper.row_height_mm * MM,
        paper.header_row_mm * MM,
        paper.carry_row_mm * MM,
        fixed_rows=cont,
        max_row_h=(top - bottom) * 0.35,
    )
    fits = [table.measure(r) for r in doc.rows]
    row_h = [f.height for f in fits] or [table.min_row_h]

    cont_header = ContinuationHeader(doc, paper, width)
    head: list[Block] = []
    before = [s for s in doc.extra_sections if s.position == "before_table"]
    after = [s for s in doc.extra_sections if s.position == "after_totals"]
    tail: list[Block] = []
    if cont:
        rows_per_page = paper.rows_per_page or 1
        tail = _extra_blocks([s for s in before if s.columns and s.rows], size, width)
        tail += _extra_blocks(after, size, width)
        if doc.stamp_box is not None:
            tail.append(StampBlock(doc.stamp_box, size, width))
        body_top = top - paper.header_zone_mm * MM - table.header_h - table.carry_h
        pages = plan_continuous(
            len(fits),
            rows_per_page,
            body_top,
            top - cont_header.height,
            bottom,
            [b.height for b in tail],
        )
    else:
        rows_per_page = None
        head = [
            LetterheadBlock(doc.letterhead, paper, width, warnings),
            TitleBlock(
                doc.title,
                doc.number and f"{doc.number_label}：{doc.number}",
                doc.reprint_mark,
                paper,
                width,
            ),
        ]
        if doc.party_block is not None:
            head.append(GridBlock(party_items(doc.party_block), 2, size, width))
        if doc.meta:
            items = [GridItem(pair_text(m)) for m in doc.meta]
            head.append(GridBlock(items, paper.meta_columns, size, width))
        head += _extra_blocks(before, size, width)
        head += [TextBlock(t, size, width) for t in doc.header_text.splitlines() if t.strip()]
        if doc.totals or doc.amount_in_words:
            tail.append(
                TotalsBlock(doc.totals, doc.amount_in_words_label, doc.amount_in_words, size, width)
            )
        tail += _extra_blocks(after, size, width)
        tail += [TextBlock(t, size, width) for t in doc.footer_text.splitlines() if t.strip()]
        if doc.notes:
            tail.append(TextBlock(f"备注：{doc.notes}", size, width))
        if doc.stamp_box is not None:
            tail.append(StampBlock(doc.stamp_box, size, width))
        if doc.signature_boxes:
            tail.append(SignatureBlock(doc.signature_boxes, size, width, doc.signed))
        foot = size * 2.0
        first_top = top - sum(b.height for b in head) - table.header_h
        cont_top = top - cont_header.height - table.header_h
        tail_top = top - cont_header.height
        gap_tail = [b.height for b in tail]
        if tail:
            gap_tail[0] += GAP  # breathing room between table and totals
        pages = plan_cut_sheet(
            row_h, first_top, cont_top, tail_top, bottom + foot, table.carry_h, gap_tail
        )

    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(
        target,
        pagesize=(paper.width, paper.height),
        initialFontName=FONT_NAME,
        initialFontSize=paper.font_size,
    )
    canvas.setTitle(f"{doc.title} {doc.number}".strip())
    canvas.setAuthor(doc.letterhead.firm_name)
    canvas.setCreator("Zhangfang 账房")
    total_pages = len(pages)
    last_table_page = max(i for i, p in enumerate(pages) if p.table)
    copies = doc.copies or [PrintCopy()]
    seal = _seal(doc.seal_png, paper, warnings)
    for copy in copies:
        running: list[Decimal] = [Decimal(0)] * len(table.summed)
        for index, page in enumerate(pages):
            canvas.saveState()
            _copy_marks(canvas, paper, copy)
            canvas.translate(off.x_mm * MM, -off.y_mm * MM)
            canvas.setFillGray(0)
            canvas.setStrokeGray(0)
            ctx = _PageContext(canvas, doc, paper, table, fits, left, right, top, bottom, width)
            if cont:
                running = ctx.draw_continuous(
                    page, index, total_pages, running, index == last_table_page, before, cont_header
                )
            else:
                running = ctx.draw_cut(page, index, head, cont_header, running)
                draw_text(
                    canvas,
                    (left + right) / 2,
                    bottom + size * 0.5,
                    f"第 {index + 1} 页 / 共 {total_pages} 页",
                    size,
                    "center",
                )
            for block_index, block_top in page.tail:
                extra = GAP if (not cont and block_index == 0 and page.table) else 0.0
                tail[block_index].draw(canvas, left, block_top - extra)
            if seal is not None and index == last_table_page:
                _stamp(canvas, seal, paper, page, tail, left, right, bottom)
            canvas.restoreState()
            canvas.showPage()
    canvas.save()
    page_rows = [p.rows if doc.rows else range(0) for p in pages]
    return RenderResult(
        pages=total_pages * len(copies),
        page_rows=page_rows,
        rows_per_page=rows_per_page,
        warnings=warnings,
        copies=len(copies),
    )


def _copy_marks(c: Canvas, paper: Paper, copy: PrintCopy) -> None:
    """The copy's tint over the whole sheet and its caption in the top margin, at the right
    (where 三联 forms print 第一联　存根), both before any content."""
    if copy.tint is not None:
        c.setFillColorRGB(*copy.tint)
        c.rect(0, 0, paper.width, paper.height, stroke=0, fill=1)
        c.setFillGray(0)
    if copy.caption:
        margin = paper.margin_top_mm * MM
        s = min(paper.font_size * 0.9, margin * 0.7)
        right = paper.width - paper.margin_right_mm * MM
        draw_text(c, right, paper.height - margin / 2 - s * 0.35, copy.caption, s, "right")


SEAL_MM = {"a4": 40.0}


def _seal(png: bytes, paper: Paper, warnings: list[str]) -> ImageReader | None:
    if not png:
        return None
    try:
        return ImageReader(io.BytesIO(png))
    except Exception as exc:  # a seal that does not open only loses the seal
        warnings.append(f"印章图片无法读取，已跳过（{type(exc).__name__}）")
        return None


def _stamp(
    c: Canvas,
    seal: ImageReader,
    paper: Paper,
    page: PagePlan,
    tail: Sequence[Block],
    left: float,
    right: float,
    bottom: float,
) -> None:
    """The seal over the seller's signatures (制单、审核), left of the customer's place to
    sign and below the totals: centred on the signature line (cut sheets: the last block on
    this page), over 审核, as a stamp sits on a bill."""
    side = SEAL_MM.get(paper.key, 30.0) * MM
    if paper.continuous:  # the footer is a few lines: the seal stays below the totals
        side = min(side, 4 * paper.font_size * LINE)
        centre = bottom + paper.font_size * 0.5
    elif page.tail:
        index, top = page.tail[-1]
        centre = top - tail[index].height / 2
    else:
        centre = bottom + side / 2
    x = left + (right - left) * 0.3 - side / 2
    y = max(bottom - paper.margin_bottom_mm * MM * 0.5, centre - side / 2)
    c.drawImage(seal, x, y, side, side, mask="auto", preserveAspectRatio=True)


@dataclass
class _PageContext:
    """Drawing of one page's header and table (the second pass)."""

    c: Canvas
    doc: PrintDocument
    paper: Paper
    table: Table
    fits: list[RowFit]
    left: float
    right: float
    top: float
    bottom: float
    width: float

    def _sums(self, page: PagePlan) -> list[Decimal]:
        sums = [Decimal(0)] * len(self.table.summed)
        for k in page.rows:
            if k >= len(self.fits):
                break
            numbers = self.fits[k].numbers
            for j, idx in enumerate(self.table.summed):
                value = numbers[idx]
                if value is not None:
                    sums[j] += value
        return sums

    def _carried(self, end: int) -> list[Decimal | None]:
        """The running figures (余额) at the last line before ``end``: what 承前页 and 过次页
        show for them."""
        out: list[Decimal | None] = []
        for idx in self.table.carried:
            value = None
            for k in range(min(end, len(self.fits)) - 1, -1, -1):
                value = self.fits[k].numbers[idx]
                if value is not None:
                    break
            out.append(value)
        return out

    def _table(self, page: PagePlan, y: float, running: list[Decimal], slots: int) -> float:
        d, t = self.doc, self.table
        if page.brought_forward:
            carried = self._carried(page.rows.start)
            y = t.draw_carry(self.c, y, d.brought_forward_label, running, carried=carried)
        if not self.fits:
            y = t.draw_span_row(self.c, y, t.min_row_h, d.empty_text)
            return t.draw_rows(self.c, y, [], slots - 1) if slots > 1 else y
        y = t.draw_rows(self.c, y, [self.fits[k] for k in page.rows], slots)
        return y

    def _carry_out(self, page: PagePlan, y: float, running: list[Decimal]) -> list[Decimal]:
        d, t = self.doc, self.table
        page_sums = self._sums(page)
        new_running = [a + b for a, b in zip(running, page_sums, strict=True)]
        if page.subtotal:
            y = t.draw_carry(self.c, y, d.page_subtotal_label, page_sums)
        if page.carried_forward:
            carried = self._carried(page.rows.stop)
            t.draw_carry(
                self.c, y, d.carried_forward_label, new_running, bold=True, carried=carried
            )
        return new_running

    def draw_cut(
        self,
        page: PagePlan,
        index: int,
        head: list[Block],
        cont_header: ContinuationHeader,
        running: list[Decimal],
    ) -> list[Decimal]:
        y = self.top
        blocks: list[Block] = head if index == 0 else [cont_header]
        for block in blocks:
            block.draw(self.c, self.left, y)
            y -= block.height
        if not page.table:
            return running
        y = self.table.draw_header(self.c, y, shade=True)
        y = self._table(page, y, running, 0)
        return self._carry_out(page, y, running)

    def draw_continuous(
        self,
        page: PagePlan,
        index: int,
        total: int,
        running: list[Decimal],
        last_table_page: bool,
        before: list[ExtraSection],
        cont_header: ContinuationHeader,
    ) -> list[Decimal]:
        c, p, t = self.c, self.paper, self.table
        if not page.table:
            cont_header.draw(c, self.left, self.top)
            draw_footer_zone(
                c, self.doc, p, self.left, self.right, self.bottom, index + 1, total, False
            )
            return running
        draw_header_zone(c, self.doc, p, self.left, self.right, self.top)
        y = self.top - p.header_zone_mm * MM
        pairs = [pr for s in before for pr in s.pairs]
        if index == 0:
            if pairs:  # e.g. 期初余额 on a statement, in the 承前页 slot
                text = "　".join(pair_text(pr, "money") for pr in pairs)
                s = fit_line(text, t.size, self.width * 0.98)
                draw_text(c, self.left + 2, y - t.carry_h + s * 0.4, text, s, bold=True)
            y -= t.carry_h
            y = t.draw_header(c, y, shade=False)
        else:
            y = t.draw_header(c, y, shade=False)
        slots, extra = p.rows_per_page or 1, 0
        if last_table_page:  # long totals take the empty ruled rows above the footer
            free = slots - len(page.rows)
            drop = min(free, math.ceil(footer_overflow(self.doc, p, self.width) / t.min_row_h))
            slots -= drop
            extra = int((drop * t.min_row_h + 0.01) // (p.font_size * LINE))
        y = self._table(page, y, running, slots)
        running = self._carry_out(page, y, running)
        draw_footer_zone(
            c,
            self.doc,
            p,
            self.left,
            self.right,
            self.bottom,
            index + 1,
            total,
            last_table_page,
            extra,
        )
        return running


__all__ = ["RenderResult", "render_pdf"]
