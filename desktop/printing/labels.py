"""Barcode labels: products' or a goods receipt's labels on A4 label sheets or a roll.

The bars come from reportlab's own barcode module (EAN-13/EAN-8/UPC-A for a code with a
right check digit, Code 128 for any other), never drawn by hand; the name and spec use the
shipped CJK font, no smaller than ``MIN_PT`` so a label stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from desktop.barcodes import is_valid, symbology
from desktop.errors import ValidationError
from desktop.models import Product
from desktop.money import fmt_money
from desktop.printing.fonts import register_fonts
from desktop.printing.textfit import ellipsize, fit_line

MIN_PT = 6.0
_WIDGET = {"ean13": "EAN13", "ean8": "EAN8", "upca": "UPCA", "code128": "Code128"}
A4 = (210.0, 297.0)


@dataclass(frozen=True)
class LabelStock:
    """Label paper in mm: a page of ``cols`` x ``rows`` labels (a roll: one per page)."""

    key: str
    page: tuple[float, float]
    cols: int
    rows: int
    margin_x: float
    margin_y: float
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def label(self) -> tuple[float, float]:
        w = (self.page[0] - 2 * self.margin_x - (self.cols - 1) * self.gap_x) / self.cols
        h = (self.page[1] - 2 * self.margin_y - (self.rows - 1) * self.gap_y) / self.rows
        return w, h


def a4_sheet(cols: int, rows: int, margin_x: float = 8.0, margin_y: float = 10.0) -> LabelStock:
    """An A4 sheet of ``cols`` x ``rows`` labels with these margins (mm)."""
    stock = LabelStock(f"a4-{cols}x{rows}", A4, cols, rows, margin_x, margin_y)
    w, h = stock.label
    if cols < 1 or rows < 1 or w < 25 or h < 15:
        raise ValidationError(
            "label_too_small",
            f"A4 分 {cols}×{rows} 张标签太小了（每张至少 25×15 毫米）。",
            f"{cols} x {rows} labels on A4 are too small (each needs at least 25 x 15 mm).",
        )
    return stock


def roll(width: float, height: float) -> LabelStock:
    """A roll label printer's label (one label per page, no margins)."""
    return LabelStock(f"{width:g}x{height:g}", (width, height), 1, 1, 0.0, 0.0)


def stock_named(sheet: str | None = None, roll_size: str | None = None) -> LabelStock:
    """``a4-3x8`` (columns x rows) or a roll ``40x30`` (mm); A4 3 x 8 when neither."""
    if roll_size:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)[x×*](\d+(?:\.\d+)?)", roll_size.strip())
        if not m or not (20 <= float(m[1]) <= 120 and 15 <= float(m[2]) <= 120):
            raise ValidationError(
                "bad_label_size",
                f"标签尺寸“{roll_size}”看不懂：请写 宽x高（毫米），如 40x30、50x30。",
                f"Cannot read label size '{roll_size}': write WIDTHxHEIGHT in mm, e.g. 40x30.",
            )
        return roll(float(m[1]), float(m[2]))
    m = re.fullmatch(r"a4-(\d{1,2})x(\d{1,2})", (sheet or "a4-3x8").strip().lower())
    if not m:
        raise ValidationError(
            "bad_label_sheet",
            f"标签纸“{sheet}”看不懂：请写 a4-列x行，如 a4-3x8、a4-4x10。",
            f"Cannot read label sheet '{sheet}': write a4-COLUMNSxROWS, e.g. a4-3x8.",
        )
    return a4_sheet(int(m[1]), int(m[2]))


@dataclass(frozen=True)
class Label:
    """What one label shows."""

    barcode: str
    code: str
    name: str
    spec: str
    unit: str
    price: Decimal | None = None


def product_labels(
    products: Iterable[Product], copies: int = 1, *, price: bool = False
) -> list[Label]:
    """``copies`` labels of each product's own (base unit) barcode, its code when it has none."""
    out: list[Label] = []
    for p in products:
        label = Label(
            p.barcode or p.code,
            p.code,
            p.name,
            p.spec,
            p.base_unit,
            p.retail_price if price else None,
        )
        out += [label] * copies
    return out


def receipt_labels(session: Session, number: str, *, price: bool = False) -> list[Label]:
    """One label per unit a goods receipt brought in: 5 箱 give five labels with the 箱's
    barcode (the product's when the pack unit has none); a part unit counts as one."""
    from desktop.models.document import DocKind
    from desktop.services.documents import get_document

    doc = get_document(session, number)
    if doc.kind != DocKind.GOODS_RECEIPT:
        raise ValidationError(
            "not_a_receipt",
            f"{doc.number} 不是入库单：只能按入库单打印到货标签。",
            f"{doc.number} is not a goods receipt: labels per unit received come from one.",
        )
    out: list[Label] = []
    for line in sorted(doc.lines, key=lambda x: x.line_no):
        p = line.product
        pack = next((u for u in p.units if u.unit == line.unit), None)
        code = (pack.barcode if pack is not None else "") or p.barcode or p.code
        each = p.retail_price * line.unit_factor if price else None
        count = int(line.qty.to_integral_value(rounding=ROUND_CEILING))
        out += [Label(code, p.code, p.name, p.spec, line.unit, each)] * max(count, 0)
    return out


def barcode_drawing(code: str, width: float, height: float) -> Drawing:
    """reportlab's drawing of ``code`` scaled to fit ``width`` x ``height`` points: EAN/UPC
    when the check digit is right, Code 128 otherwise."""
    kind = symbology(code) if is_valid(code) else "code128"
    value = code[:-1] if kind != "code128" else code  # reportlab adds the check digit
    drawing = createBarcodeDrawing(
        # Code 128's own digits overlap its bars: the label writes them itself
        _WIDGET[kind],
        value=value,
        barHeight=height * 0.78,
        humanReadable=kind != "code128",
    )
    scale = min(width / drawing.width, height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


def _draw(c: Canvas, font: str, label: Label, x: float, y: float, w: float, h: float) -> None:
    """One label with its lower left corner at (x, y), all in points."""
    pad = min(1.5 * mm, w * 0.05)
    inner = w - 2 * pad
    size = max(MIN_PT, min(9.0, h / 8))
    small = max(MIN_PT, size - 1.5)
    top = y + h - pad - size
    c.setFont(font, size)
    c.drawString(x + pad, top, ellipsize(label.name, size, inner))
    line = top
    if label.spec:
        line -= small * 1.2
        c.setFont(font, small)
        c.drawString(x + pad, line, ellipsize(label.spec, small, inner))
    bottom = y + pad
    foot = label.code if label.unit == "" else f"{label.code}  /{label.unit}"
    c.setFont(font, small)
    c.drawString(x + pad, bottom, ellipsize(foot, small, inner * 0.6))
    if label.price is not None:
        text = f"¥{fmt_money(label.price)}"
        psize = max(MIN_PT, fit_line(text, size, inner * 0.4))
        c.setFont(font, psize)
        c.drawRightString(x + w - pad, bottom, text)
    bars_bottom = bottom + small * 1.3
    bars_top = line - small * 0.5
    if not is_valid(label.barcode) or symbology(label.barcode) == "code128":
        c.setFont(font, small)
        c.drawCentredString(x + w / 2, bars_bottom, ellipsize(label.barcode, small, inner))
        bars_bottom += small * 1.2
    drawing = barcode_drawing(label.barcode, inner, max(bars_top - bars_bottom, 8.0))
    renderPDF.draw(drawing, c, x + (w - drawing.width) / 2, bars_bottom)


def render_labels(labels: Sequence[Label], stock: LabelStock, out: Path) -> int:
    """Write ``labels`` to the PDF ``out`` across the sheet or roll; the page count."""
    font = register_fonts()
    pw, ph = stock.page[0] * mm, stock.page[1] * mm
    lw, lh = (v * mm for v in stock.label)
    c = Canvas(str(out), pagesize=(pw, ph))
    c.setTitle("条码标签 Barcode labels")
    pages = 0
    for start in range(0, len(labels), stock.per_page):
        pages += 1
        for i, label in enumerate(labels[start : start + stock.per_page]):
            col, row = i % stock.cols, i // stock.cols
            x = (stock.margin_x + col * (stock.label[0] + stock.gap_x)) * mm
            y = ph - (stock.margin_y + (row + 1) * stock.label[1] + row * stock.gap_y) * mm
            _draw(c, font, label, x, y, lw, lh)
        c.showPage()
    c.save()
    return pages
