"""Benchmark: a 1,000-line 对账单 through our renderer vs a bare reportlab canvas.

Run: ``.venv/bin/python benchmarks/bench_statement_render.py``. The baseline
draws exactly the same cell strings (same font, page size, column widths and
rows per page as our renderer chose) with drawString/drawRightString plus the
grid, which is the least any table printer must do. Goal: ratio <= 1.5.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from desktop.printing import A4_PORTRAIT, PrintDocument, RenderResult, render_pdf  # noqa: E402
from desktop.printing.fonts import FONT_NAME, register_fonts  # noqa: E402
from desktop.printing.paper import MM  # noqa: E402
from desktop.printing.textfit import format_value  # noqa: E402
from tests.core.printing.printing_samples import statement_doc  # noqa: E402

REPEATS = 5


def bare_canvas(doc: PrintDocument, page_rows: list[range]) -> bytes:
    """The same cells on a bare canvas: one drawString per cell, grid per page."""
    paper = A4_PORTRAIT
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(paper.width, paper.height))
    left = paper.margin_left_mm * MM
    width = paper.width - left - paper.margin_right_mm * MM
    total_w = sum(col.weight for col in doc.columns)
    xs = [left]
    for col in doc.columns:
        xs.append(xs[-1] + width * col.weight / total_w)
    row_h = paper.row_height_mm * MM
    size = paper.table_font_size
    for rows in page_rows:
        y = paper.height - paper.margin_top_mm * MM - 40 * MM
        c.setFont(FONT_NAME, size)
        for x, col in zip(xs, doc.columns, strict=False):
            c.drawCentredString(x + width * col.weight / total_w / 2, y + 2 * MM, col.title)
        top = y
        for k in rows:
            row = doc.rows[k]
            for i, col in enumerate(doc.columns):
                text = format_value(row.get(col.key), col.kind)
                if col.kind == "text":
                    c.drawString(xs[i] + 2, y - row_h + 2 * MM, text)
                else:
                    c.drawRightString(xs[i + 1] - 2, y - row_h + 2 * MM, text)
            y -= row_h
            c.line(left, y, left + width, y)
        for x in xs:
            c.line(x, top, x, y)
        c.showPage()
    c.save()
    return buf.getvalue()


def ours(doc: PrintDocument) -> tuple[RenderResult, bytes]:
    buf = io.BytesIO()
    result = render_pdf(doc, buf, A4_PORTRAIT)
    return result, buf.getvalue()


def main() -> None:
    register_fonts()
    doc = statement_doc(1000)
    result, _ = ours(doc)  # warm-up: font subsetting tables, caches
    page_rows = [r for r in result.page_rows if len(r)]
    bare_canvas(doc, page_rows)
    t_ours: list[float] = []
    t_bare: list[float] = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        _, pdf_ours = ours(doc)
        t1 = time.perf_counter()
        pdf_bare = bare_canvas(doc, page_rows)
        t2 = time.perf_counter()
        t_ours.append(t1 - t0)
        t_bare.append(t2 - t1)
    ours_s, bare_s = statistics.median(t_ours), statistics.median(t_bare)
    print(f"statement: {len(doc.rows)} rows, {result.pages} pages (A4)")
    print(f"zhangfang render_pdf : {ours_s * 1000:8.1f} ms  ({len(pdf_ours) // 1024} KB)")
    print(f"bare reportlab canvas: {bare_s * 1000:8.1f} ms  ({len(pdf_bare) // 1024} KB)")
    print(f"ratio: {ours_s / bare_s:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
