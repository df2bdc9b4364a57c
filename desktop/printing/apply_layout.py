"""A saved layout applied to a document's print data: the one place a layout acts.

Why on the print data and not in the renderer: the renderer already draws any columns,
widths and captions it is given; the layout only chooses them (and the wording, seal and
copies), so there is still one renderer. Whatever the layout hides, the grand total stays:
the totals and the 大写 line are never columns.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.printing.builders.common import words
from desktop.printing.layouts import TINTS, Layout, copy_label, scaled_paper
from desktop.printing.model import PrintCopy, PrintDocument
from desktop.printing.paper import Paper
from desktop.printing.textfit import parse_decimal


def apply_layout(doc: PrintDocument, layout: Layout, paper: Paper) -> tuple[PrintDocument, Paper]:
    """``doc`` as ``layout`` prints it, and ``paper`` with the layout's font and rows.

    Columns the layout lists but the document lacks (折扣 without discounts, prices on a
    driver's copy) are skipped; the widths of those shown share the table width.
    """
    by_key = {c.key: c for c in doc.columns}
    columns = [
        replace(by_key[lc.key], title=lc.caption or by_key[lc.key].title, weight=lc.width_mm)
        for lc in layout.columns
        if lc.key in by_key
    ]
    out = replace(
        doc,
        columns=columns or list(doc.columns),
        header_text=layout.header_text,
        footer_text=layout.footer_text,
        seal_png=layout.seal,
        copies=_copies(layout),
    )
    if not layout.logo:
        out.letterhead = replace(doc.letterhead, logo_path=None)
    grand = next((t for t in doc.totals if t.grand), None)
    if grand is not None and not out.amount_in_words:
        value = parse_decimal(grand.value)
        if value is not None:
            out.amount_in_words = words(value)
    return out, scaled_paper(layout, paper)


def _copies(layout: Layout) -> list[PrintCopy]:
    if len(layout.copies) == 1 and not layout.copies[0].caption and not layout.copies[0].tint:
        return []
    return [PrintCopy(copy_label(i, c), TINTS.get(c.tint)) for i, c in enumerate(layout.copies)]
