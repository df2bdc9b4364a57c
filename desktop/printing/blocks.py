"""Measured blocks above and below the lines table on cut-sheet paper.

Why blocks: pagination only needs each block's height, so every block
measures itself once on construction (text already wrapped) and draws later
at whatever position the page plan gives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.model import Column, LabeledValue, Letterhead, PartyBlock, StampBox
from desktop.printing.paper import MM, Paper
from desktop.printing.table import LINE_WIDTH, PAD, VPAD, Table, layout_columns
from desktop.printing.textfit import (
    LEADING,
    READABLE,
    Fitted,
    draw_lines,
    draw_text,
    fit_box,
    fit_line,
    format_value,
    pack_items,
    unit_width,
)

GAP = 2.0 * MM  # space after each block


class Block(Protocol):
    """Anything with a height that can draw itself with its top-left at (left, top)."""

    height: float

    def draw(self, c: Canvas, left: float, top: float) -> None: ...


def load_logo(path: object, warnings: list[str]) -> ImageReader | None:
    """Open the logo, or record a warning and return None (never raise)."""
    if not path:
        return None
    try:
        reader = ImageReader(str(path))
        w, h = reader.getSize()
        if w <= 0 or h <= 0:
            raise ValueError("empty image")
    except Exception as exc:  # any unreadable/missing file just loses the logo
        warnings.append(f"标志图片无法读取，已跳过：{path}（{type(exc).__name__}）")
        return None
    return reader


def pair_text(pair: LabeledValue, kind: str = "text") -> str:
    value = format_value(pair.value, "money" if kind == "money" else "text")
    return f"{pair.label}：{value}" if pair.label else value


class LetterheadBlock:
    """Logo at the left, firm name centred and bold, contact lines below."""

    def __init__(self, lh: Letterhead, paper: Paper, width: float, warnings: list[str]):
        self.width = width
        self.logo = load_logo(lh.logo_path, warnings)
        self.logo_h = paper.logo_height_mm * MM
        self.logo_w = 0.0
        if self.logo is not None:
            iw, ih = self.logo.getSize()
            self.logo_w = min(self.logo_h * iw / ih, width * 0.25)
        inner = width - 2 * (self.logo_w + 2 * MM) if self.logo_w else width
        self.name = fit_box(lh.firm_name, paper.firm_font_size, inner, paper.firm_font_size * 2.5)
        items = [
            lh.address and f"地址：{lh.address}",
            lh.phone and f"电话：{lh.phone}",
            lh.tax_id and f"税号：{lh.tax_id}",
            lh.bank and f"开户行：{lh.bank}",
            lh.account and f"账号：{lh.account}",
        ]
        small = paper.font_size * 0.85
        self.info = Fitted(small, pack_items(items, small, inner)[:4])
        self.inner = inner
        self.height = (
            max(self.logo_h if self.logo else 0, self.name.height + self.info.height) + GAP
        )

    def draw(self, c: Canvas, left: float, top: float) -> None:
        if self.logo is not None:
            c.drawImage(
                self.logo,
                left,
                top - self.logo_h,
                self.logo_w,
                self.logo_h,
                preserveAspectRatio=True,
                anchor="w",
                mask="auto",
            )
        x = left + (self.width - self.inner) / 2
        draw_lines(c, x, top, self.inner, self.name, "center", bold=True)
        draw_lines(c, x, top - self.name.height, self.inner, self.info, "center")


class TitleBlock:
    """Document title centred and large; number at the right; 补打 mark at the left."""

    def __init__(self, title: str, number: str, mark: str, paper: Paper, width: float):
        self.width = width
        self.size = fit_line(title, paper.title_font_size, width * 0.5)
        self.title = title
        self.number = number
        self.mark = mark
        self.small = paper.font_size
        self.num_size = fit_line(number, self.small, width * 0.25)
        self.mark_size = fit_line(mark, self.small * 1.1, width * 0.22)
        self.height = self.size * 1.5 + GAP / 2

    def draw(self, c: Canvas, left: float, top: float) -> None:
        base = top - self.size * 1.15
        draw_text(c, left + self.width / 2, base, self.title, self.size, "center", bold=True)
        # a double rule under the title, as on printed bills
        tw = unit_width(self.title) * self.size + self.size
        c.setLineWidth(0.6)
        y = base - self.size * 0.22
        c.lines(
            [
                (left + (self.width - tw) / 2, y, left + (self.width + tw) / 2, y),
                (left + (self.width - tw) / 2, y - 2, left + (self.width + tw) / 2, y - 2),
            ]
        )
        draw_text(c, left + self.width, base, self.number, self.num_size, "right")
        if self.mark:
            s = self.mark_size
            draw_text(c, left + 3, base, self.mark, s, "left", bold=True)
            mw = unit_width(self.mark) * s
            c.setLineWidth(0.8)
            c.rect(left, base - s * 0.3, mw + 6, s * 1.45, stroke=1, fill=0)


@dataclass(frozen=True)
class GridItem:
    """One label：value cell of a grid; ``span`` is how many grid columns it uses."""

    text: str
    span: int = 1
    bold: bool = False
    size_factor: float = 1.0


class GridBlock:
    """Label/value cells laid out in rows of ``ncols``; long values wrap in place."""

    def __init__(self, items: Sequence[GridItem], ncols: int, size: float, width: float):
        self.ncols = max(1, ncols)
        self.width = width
        col_w = width / self.ncols
        self.rows: list[list[tuple[float, float, Fitted, bool]]] = []
        self.row_h: list[float] = []
        cur: list[tuple[float, float, Fitted, bool]] = []
        used = 0
        for item in items:
            span = min(max(1, item.span), self.ncols)
            if used + span > self.ncols:
                self._close(cur)
                cur, used = [], 0
            w = col_w * span
            fitted = fit_box(item.text, size * item.size_factor, w - 2 * PAD, size * 6, size)
            cur.append((used * col_w, w, fitted, item.bold))
            used += span
        self._close(cur)
        self.height = sum(self.row_h) + (GAP if self.rows else 0)

    def _close(self, cur: list[tuple[float, float, Fitted, bool]]) -> None:
        if cur:
            self.rows.append(cur)
            self.row_h.append(max(f.height for _, _, f, _ in cur) + VPAD)

    def draw(self, c: Canvas, left: float, top: float) -> None:
        y = top
        for row, h in zip(self.rows, self.row_h, strict=True):
            for x, w, fitted, bold in row:
                draw_lines(c, left + x + PAD, y, w - 2 * PAD, fitted, "left", bold)
            y -= h


def party_items(party: PartyBlock) -> list[GridItem]:
    """The 客户 block as grid items: name full width, 开票信息 in two columns."""
    items = [GridItem(f"{party.label}：{party.name}", span=2, bold=True, size_factor=1.1)]
    reach = [("联系人", party.contact), ("联系电话", party.contact_phone)]
    items += [GridItem(f"{k}：{v}") for k, v in reach if v]
    b = party.billing
    if b is not None:
        if b.legal_name and b.legal_name != party.name:
            items.append(GridItem(f"开票名称：{b.legal_name}", span=2))
        half = [("纳税人识别号", b.tax_id), ("电话", b.phone)]
        items += [GridItem(f"{k}：{v}") for k, v in half if v]
        if b.address:
            items.append(GridItem(f"地址：{b.address}", span=2))
        items += [GridItem(f"{k}：{v}") for k, v in (("开户行", b.bank), ("账号", b.account)) if v]
    if party.ship_to:
        items.append(GridItem(f"{party.ship_to_label}：{party.ship_to}", span=2))
    return items


class TotalsBlock:
    """Final totals in boxed rows, then the 大写 line, boxed too.

    Up to four totals share a row in equal cells. A total too long for its cell at a
    readable size (合计数量 over many units, an amount in the hundreds of millions) takes a
    row of its own and wraps there: printed text never shrinks below ``READABLE`` and is
    never cut.
    """

    def __init__(
        self,
        totals: Sequence[LabeledValue],
        words_label: str,
        words: str,
        size: float,
        width: float,
    ):
        self.width = width
        per_row = max(1, min(len(totals), 4))
        base = size * 1.05
        inner = width - 3 * PAD
        self.rows: list[tuple[float, list[tuple[float, Fitted]]]] = []
        row: list[str] = []

        def close_row() -> None:
            if row:
                cell = width / len(row)
                fitted = [Fitted(fit_line(t, base, cell - 3 * PAD, READABLE), [t]) for t in row]
                self._add([(i * cell, f) for i, f in enumerate(fitted)], size)
                row.clear()

        for pair in totals:
            text = pair_text(pair, "money")
            if unit_width(text) * READABLE <= width / per_row - 3 * PAD:
                row.append(text)
                if len(row) == per_row:
                    close_row()
                continue
            close_row()
            self._add([(0.0, fit_box(text, base, inner, base * LEADING * 20, READABLE))], size)
        close_row()
        text = f"{words_label}：{words}" if words else ""
        self.words = fit_box(text, size * 1.1, inner, size * 5, READABLE) if text else None
        words_h = self.words.height + 2 * VPAD + 2 if self.words else 0
        self.height = sum(h for h, _ in self.rows) + words_h + GAP

    def _add(self, cells: list[tuple[float, Fitted]], size: float) -> None:
        tallest = max(f.height for _, f in cells)
        self.rows.append((max(size * 1.9, tallest + size * 0.9), cells))

    def draw(self, c: Canvas, left: float, top: float) -> None:
        y = top
        c.setLineWidth(LINE_WIDTH)
        for h, cells in self.rows:
            for x, fitted in cells:
                box_top = y - (h - fitted.height) / 2
                draw_lines(c, left + x + 1.5 * PAD, box_top, self.width, fitted, "left", True)
            c.rect(left, y - h, self.width, h)
            y -= h
        if self.words is not None:
            h = self.words.height + 2 * VPAD + 2
            draw_lines(
                c,
                left + 1.5 * PAD,
                y - VPAD - 1,
                self.width - 3 * PAD,
                self.words,
                "left",
                bold=True,
            )
            c.rect(left, y - h, self.width, h)


class TextBlock:
    """A wrapped paragraph, e.g. 备注 or an extra section's title line."""

    def __init__(self, text: str, size: float, width: float, bold: bool = False):
        self.width = width
        self.bold = bold
        self.fitted = fit_box(text, size, width, size * 30, size)
        self.height = self.fitted.height + GAP / 2

    def draw(self, c: Canvas, left: float, top: float) -> None:
        draw_lines(c, left, top, self.width, self.fitted, "left", self.bold)


class SmallTableBlock:
    """A small bordered table such as 账龄 buckets; never split across pages."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[dict], size: float, width: float):
        boxes, _ = layout_columns(columns, (), 0.0, width)
        self.table = Table(boxes, size, size * 1.8, size * 1.9, size * 1.8, False, size * 8)
        self.rows = [self.table.measure(r) for r in rows]
        self.height = self.table.header_h + sum(r.height for r in self.rows) + GAP

    def draw(self, c: Canvas, left: float, top: float) -> None:
        c.saveState()
        c.translate(left, 0)
        y = self.table.draw_header(c, top, shade=False)
        self.table.draw_rows(c, y, self.rows)
        c.restoreState()


class StampBlock:
    """Right-hand box for the customer's stamp, with the prompt and a date line."""

    def __init__(self, stamp: StampBox, size: float, width: float):
        self.width = width
        self.box_w = min(width, 85 * MM)
        self.text = fit_box(stamp.text, size, self.box_w - 4 * PAD, size * 3.6, size * 0.8)
        self.date = stamp.date_label
        self.size = size
        self.height = 32 * MM + GAP

    def draw(self, c: Canvas, left: float, top: float) -> None:
        x = left + self.width - self.box_w
        h = self.height - GAP
        c.setLineWidth(0.8)
        c.rect(x, top - h, self.box_w, h)
        draw_lines(c, x + 2 * PAD, top - 2 * PAD, self.box_w - 4 * PAD, self.text, "left", True)
        draw_text(c, x + self.box_w - 2 * PAD, top - h + 2 * PAD + 2, self.date, self.size, "right")
        draw_text(c, x + 2 * PAD, top - h + 2 * PAD + 2, "（盖章）", self.size, "left")


class SignatureBlock:
    """制单/审核/送货/客户签收 lines spread evenly across the width."""

    def __init__(
        self,
        labels: Sequence[str],
        size: float,
        width: float,
        signed: dict[str, str] | None = None,
    ):
        self.labels = list(labels)
        self.signed = signed or {}
        self.size = size
        self.width = width
        self.height = size * 3.2 + GAP if labels else 0.0

    def draw(self, c: Canvas, left: float, top: float) -> None:
        if not self.labels:
            return
        cell = self.width / len(self.labels)
        base = top - self.size * 2.2
        c.setLineWidth(LINE_WIDTH)
        for i, label in enumerate(self.labels):
            x = left + i * cell
            text = f"{label}："
            s = fit_line(text, self.size, cell * 0.5)
            draw_text(c, x, base, text, s)
            lx = x + unit_width(text) * s + 2
            c.line(lx, base - 2, x + cell - 3 * MM, base - 2)
            name = self.signed.get(label)
            if name:  # on the line, where a hand would sign
                room = x + cell - 3 * MM - lx - 4
                draw_text(c, lx + 2, base, name, fit_line(name, self.size, room))
