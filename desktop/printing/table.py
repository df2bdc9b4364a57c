"""The lines table: column geometry, measuring rows once, drawing them fast.

Why precomputed: pagination needs every row's height, and drawing needs the
same wrapped lines; measuring once and keeping the result makes the second
(drawing) pass pure output. Body text for a whole page goes into a single PDF
text object, which is what keeps a 1,000-line statement quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from desktop.printing.fonts import FONT_NAME
from desktop.printing.model import CellValue, Column
from desktop.printing.textfit import (
    LEADING,
    Fitted,
    draw_lines,
    draw_text,
    fit_box,
    fit_line,
    format_value,
    parse_decimal,
    unit_width,
)

PAD = 2.0  # points of padding inside a cell, left/right
VPAD = 1.6  # points of padding inside a cell, top/bottom
LINE_WIDTH = 0.5


@dataclass(frozen=True)
class ColumnBox:
    """A visible column with its horizontal position (points)."""

    column: Column
    x: float
    width: float


@dataclass
class RowFit:
    """One measured row: fitted text per visible column, height and sums."""

    cells: list[Fitted]
    height: float
    numbers: list[Decimal | None]


def layout_columns(
    columns: Sequence[Column], hidden: Sequence[str], left: float, width: float
) -> tuple[list[ColumnBox], list[str]]:
    """Share ``width`` among visible columns by weight; report refused hides."""
    warnings: list[str] = []
    hide = set(hidden)
    visible: list[Column] = []
    for col in columns:
        if col.key in hide and col.hideable:
            continue
        if col.key in hide:
            warnings.append(f"列“{col.title}”不能隐藏，已照常打印")
        visible.append(col)
    if not visible:
        raise ValueError("no visible columns to print")
    total = sum(max(c.weight, 0.01) for c in visible)
    boxes: list[ColumnBox] = []
    x = left
    for col in visible:
        w = width * max(col.weight, 0.01) / total
        boxes.append(ColumnBox(col, x, w))
        x += w
    return boxes, warnings


class Table:
    """Measures and draws rows for a fixed set of visible columns."""

    def __init__(
        self,
        boxes: list[ColumnBox],
        font_size: float,
        min_row_h: float,
        header_h: float,
        carry_h: float,
        fixed_rows: bool,
        max_row_h: float,
    ) -> None:
        self.boxes = boxes
        self.size = font_size
        self.min_row_h = min_row_h
        self.carry_h = carry_h
        self.fixed_rows = fixed_rows
        self.max_row_h = max_row_h
        self.left = boxes[0].x
        self.right = boxes[-1].x + boxes[-1].width
        self.summed = [i for i, b in enumerate(boxes) if b.column.is_summed]
        self.carried = [i for i, b in enumerate(boxes) if b.column.carried]
        self.header_cells = [
            fit_box(
                b.column.title, font_size, b.width - 2 * PAD, header_h - 2 * VPAD, font_size * 0.6
            )
            for b in boxes
        ]
        self.header_h = max(header_h, max(f.height for f in self.header_cells) + 2 * VPAD)

    def measure(self, row: dict[str, CellValue]) -> RowFit:
        """Fit every cell of ``row``; on continuous forms the height is fixed."""
        cells: list[Fitted] = []
        numbers: list[Decimal | None] = []
        height = self.min_row_h
        inner_max = (self.min_row_h if self.fixed_rows else self.max_row_h) - 2 * VPAD
        for box in self.boxes:
            col = box.column
            value = row.get(col.key)
            text = format_value(value, col.kind)
            inner_w = box.width - 2 * PAD
            if col.kind == "text":
                if self.fixed_rows:
                    fitted = fit_box(text, self.size, inner_w, inner_max, self.size * 0.75)
                else:
                    fitted = fit_box(text, self.size, inner_w, inner_max, self.size)
            else:
                fitted = Fitted(fit_line(text, self.size, inner_w), [text])
            cells.append(fitted)
            numbers.append(parse_decimal(value) if col.is_summed or col.carried else None)
            if not self.fixed_rows:
                height = max(height, fitted.height + 2 * VPAD)
        return RowFit(cells, height, numbers)

    # drawing ------------------------------------------------------------------

    def _grid(self, c: Canvas, top: float, bottom: float, xs: Sequence[float]) -> None:
        c.setLineWidth(LINE_WIDTH)
        c.lines([(x, top, x, bottom) for x in xs])

    def draw_header(self, c: Canvas, top: float, shade: bool) -> float:
        """Column titles (repeated on every page); returns the new top."""
        bottom = top - self.header_h
        if shade:
            c.setFillGray(0.9)
            c.rect(self.left, bottom, self.right - self.left, self.header_h, stroke=0, fill=1)
            c.setFillGray(0)
        for box, fitted in zip(self.boxes, self.header_cells, strict=True):
            block_top = top - (self.header_h - fitted.height) / 2
            draw_lines(c, box.x + PAD, block_top, box.width - 2 * PAD, fitted, "center", True)
        c.setLineWidth(LINE_WIDTH)
        c.lines([(self.left, top, self.right, top), (self.left, bottom, self.right, bottom)])
        self._grid(c, top, bottom, self._all_xs())
        return bottom

    def _all_xs(self) -> list[float]:
        return [b.x for b in self.boxes] + [self.right]

    def draw_rows(self, c: Canvas, top: float, rows: Sequence[RowFit], slots: int = 0) -> float:
        """Body rows in one text object; ``slots`` pads with empty fixed rows."""
        text = c.beginText()
        cur_size = -1.0
        y = top
        hlines: list[tuple[float, float, float, float]] = []
        for row in rows:
            for box, fitted in zip(self.boxes, row.cells, strict=True):
                if not fitted.lines or not fitted.lines[0]:
                    continue
                if fitted.size != cur_size:
                    text.setFont(FONT_NAME, fitted.size)
                    cur_size = fitted.size
                align = box.column.effective_align
                baseline = y - (row.height - fitted.height) / 2 - fitted.size * 0.95
                for line in fitted.lines:
                    if align == "left":
                        x = box.x + PAD
                    else:
                        w = unit_width(line) * fitted.size
                        inner = box.width - 2 * PAD
                        x = box.x + PAD + (inner - w if align == "right" else (inner - w) / 2)
                    text.setTextOrigin(x, baseline)
                    text.textOut(line)
                    baseline -= fitted.size * LEADING
            y -= row.height
            hlines.append((self.left, y, self.right, y))
        for _ in range(max(0, slots - len(rows))):
            y -= self.min_row_h
            hlines.append((self.left, y, self.right, y))
        c.drawText(text)
        c.setLineWidth(LINE_WIDTH)
        c.lines(hlines)
        self._grid(c, top, y, self._all_xs())
        return y

    def draw_span_row(self, c: Canvas, top: float, height: float, message: str) -> float:
        """A full-width row with one centred message, e.g. (无明细)."""
        bottom = top - height
        size = fit_line(message, self.size, self.right - self.left - 2 * PAD)
        draw_text(
            c,
            (self.left + self.right) / 2,
            bottom + (height - size) / 2 + size * 0.12,
            message,
            size,
            "center",
        )
        c.setLineWidth(LINE_WIDTH)
        c.lines([(self.left, bottom, self.right, bottom)])
        self._grid(c, top, bottom, [self.left, self.right])
        return bottom

    def draw_carry(
        self,
        c: Canvas,
        top: float,
        label: str,
        sums: Sequence[Decimal],
        bold: bool = False,
        carried: Sequence[Decimal | None] = (),
    ) -> float:
        """承前页 / 本页小计 / 过次页: label across the leading columns, sums below theirs,
        and (``carried``) the running figures' values so far below theirs."""
        h = self.carry_h
        bottom = top - h
        first = self.summed[0] if self.summed else len(self.boxes)
        span_end = self.boxes[first].x if first < len(self.boxes) else self.right
        if first == 0:
            span_end = self.boxes[0].x + self.boxes[0].width
        size = fit_line(label, self.size, span_end - self.left - 2 * PAD)
        base = bottom + (h - size) / 2 + size * 0.12
        draw_text(c, self.left + PAD * 2, base, label, size, "left", bold)
        shown = [*zip(self.summed, sums, strict=True), *zip(self.carried, carried, strict=False)]
        for idx, total in shown:
            box = self.boxes[idx]
            if (first == 0 and idx == 0) or total is None:
                continue
            txt = format_value(total, box.column.kind)
            s = fit_line(txt, self.size, box.width - 2 * PAD)
            draw_text(
                c, box.x + box.width - PAD, bottom + (h - s) / 2 + s * 0.12, txt, s, "right", bold
            )
        c.setLineWidth(LINE_WIDTH)
        c.lines([(self.left, bottom, self.right, bottom)])
        xs = [self.left] + [b.x for b in self.boxes if b.x >= span_end - 0.01] + [self.right]
        self._grid(c, top, bottom, xs)
        return bottom
