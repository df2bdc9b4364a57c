"""A statement over several pages carries its balance: 承前页 and 过次页 show the 余额 at
the last line so far (the balance column is a running figure, not a sum)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.printing import render_pdf
from desktop.printing.paper import PAPERS
from desktop.printing.textfit import format_value
from tests.core.printing.printing_pdftools import needs_poppler, page_texts
from tests.core.printing.printing_samples import statement_doc


@needs_poppler
@pytest.mark.parametrize("key", ["a4", "c241x140"])
def test_carry_rows_show_the_balance(tmp_path: Path, key: str) -> None:
    doc = statement_doc(60)
    doc.columns = [replace(c, carried=True) if c.key == "balance" else c for c in doc.columns]
    pdf = tmp_path / f"st_{key}.pdf"
    result = render_pdf(doc, pdf, PAPERS[key])
    assert result.pages >= 2
    pages = page_texts(pdf)
    first_rows = result.page_rows[0]
    last_balance = doc.rows[first_rows[-1]]["balance"]
    assert isinstance(last_balance, Decimal)
    shown = format_value(last_balance, "money")
    carried_out = next(line for line in pages[0].splitlines() if "过次页" in line)
    brought_in = next(line for line in pages[1].splitlines() if "承前页" in line)
    assert shown in carried_out and shown in brought_in, (shown, carried_out, brought_in)


def test_a_bill_a_little_too_long_splits_evenly(tmp_path: Path) -> None:
    """22 lines on A4 once left 5 cm empty on page 1 and one line plus the totals on page 2."""
    from tests.core.printing.printing_samples import sales_doc

    for n in (22, 23, 25):
        result = render_pdf(sales_doc(n), tmp_path / f"bill{n}.pdf", PAPERS["a4"])
        sizes = [len(rows) for rows in result.page_rows]
        assert len(sizes) == 2 and abs(sizes[0] - sizes[1]) <= 1, (n, sizes)
