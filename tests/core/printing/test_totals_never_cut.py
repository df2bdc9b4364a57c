"""The worst totals a document can have print whole, readable, on every paper.

Many units, every tax rate and amounts in the hundreds of millions once made the 241×140
form cut its totals line to "价税合计：…" (the grand total in figures lost) and the A4/A5
totals shrink 合计数量 to about 3 pt. Totals now wrap instead; nothing in them is drawn
below the readable size, and the grand total always prints in figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.amount_words import amount_in_words
from desktop.printing import render_pdf
from desktop.printing.model import LabeledValue, PrintDocument
from desktop.printing.paper import PAPERS, Paper
from desktop.printing.textfit import READABLE
from tests.core.printing.printing_pdftools import needs_poppler, page_texts, words
from tests.core.printing.printing_samples import sales_doc

UNITS = ["个", "箱", "件", "卷", "米", "套", "盒", "包", "双", "桶", "把", "台"]
QTY = "，".join(f"{1047 + 13 * i:,} {u}" for i, u in enumerate(UNITS))
GRAND = Decimal("987654321.98")


def worst_doc() -> PrintDocument:
    return sales_doc(
        6,
        totals=[
            LabeledValue("合计数量", QTY),
            LabeledValue("不含税金额", Decimal("874031258.39")),
            LabeledValue("税额（13%、9%、6%、3%、1%、0%）", Decimal("113623063.59")),
            LabeledValue("价税合计", GRAND, grand=True),
        ],
        amount_in_words=amount_in_words(GRAND, prefix="人民币"),
    )


def _height_of_size(tmp_path: Path, paper: Paper) -> float:
    """How tall pdftotext says a word of READABLE points is, in this font."""
    probe = sales_doc(1, totals=[], amount_in_words="", notes="")
    pdf = tmp_path / "probe.pdf"
    render_pdf(probe, pdf, paper)
    sample = [w for w in words(pdf) if w.text.startswith("第")]
    assert sample
    return (sample[0].y1 - sample[0].y0) / paper.font_size * READABLE


@needs_poppler
@pytest.mark.parametrize("key", list(PAPERS))
def test_worst_totals_print_whole_and_readable(tmp_path: Path, key: str) -> None:
    paper = PAPERS[key]
    pdf = tmp_path / f"worst_{key}.pdf"
    render_pdf(worst_doc(), pdf, paper)
    flat = "".join("".join(page_texts(pdf)).split())
    assert "价税合计：987,654,321.98" in flat, flat[-600:]
    assert "不含税金额：874,031,258.39" in flat and "：113,623,063.59" in flat
    assert "…" not in flat.split("价税合计")[-1][:40]
    for i, unit in enumerate(UNITS):
        assert f"{1047 + 13 * i:,}{unit}" in flat, (unit, flat[-800:])
    assert "玖亿捌仟柒佰陆拾伍万肆仟叁佰贰拾壹元玖角捌分" in flat
    floor = _height_of_size(tmp_path, paper) * 0.97
    small = [
        w.text
        for w in words(pdf)
        if (w.y1 - w.y0) < floor and any(ch in w.text for ch in "合计数量价税")
    ]
    assert not small, f"drawn below {READABLE} pt: {small}"
