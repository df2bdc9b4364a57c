"""End-to-end rendering checks through poppler: text per page, page counts, fonts.

Set ZF_PRINT_PNG=1 to also write PNGs to /tmp/zf-print-check/ for eyeballing.
"""

from __future__ import annotations

import io
import math
import os
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.amount_words import amount_in_words
from desktop.printing import (
    A4_PORTRAIT,
    A5_LANDSCAPE,
    CONTINUOUS_241_93,
    CONTINUOUS_241_140,
    PAPERS,
    LabeledValue,
    Paper,
    PrintDocument,
    RenderResult,
    render_pdf,
)
from desktop.printing.paper import MM
from tests.core.printing.printing_pdftools import (
    needs_poppler,
    page_count,
    page_texts,
    to_png,
    words,
)
from tests.core.printing.printing_samples import sales_doc, statement_doc

pytestmark = needs_poppler
ALL_PAPERS = list(PAPERS.values())


def render(
    doc: PrintDocument, tmp_path: Path, name: str, paper: Paper, **kw: object
) -> tuple[Path, RenderResult]:
    pdf = tmp_path / f"{name}_{paper.key}.pdf"
    result = render_pdf(doc, pdf, paper, **kw)  # type: ignore[arg-type]
    if os.environ.get("ZF_PRINT_PNG"):
        to_png(pdf)
    return pdf, result


def has_page_no(text: str, page: int, pages: int) -> bool:
    """pdftotext drops the spaces around CJK glyphs in 第 1 页 / 共 3 页; compare without."""
    return f"第{page}页/共{pages}页" in "".join(text.split())


def tagged_doc(n: int) -> PrintDocument:
    """Sales doc whose 备注 cell carries a unique tag per row (行001 ...)."""
    doc = sales_doc(n)
    for i, row in enumerate(doc.rows):
        row["remark"] = f"行{i + 1:03d}"
    return doc


def assert_inside_page(pdf: Path, paper: Paper) -> None:
    """No word is drawn outside the printable area (nothing overflows)."""
    for w in words(pdf):
        assert w.x0 >= paper.margin_left_mm * MM - 1.5, w
        assert w.x1 <= paper.width - paper.margin_right_mm * MM + 1.5, w
        assert w.y0 >= paper.margin_top_mm * MM - 1.5, w
        assert w.y1 <= paper.height - paper.margin_bottom_mm * MM + 1.5, w


@pytest.mark.parametrize("paper", ALL_PAPERS, ids=lambda p: p.key)
def test_twenty_rows(paper: Paper, tmp_path: Path) -> None:
    doc = tagged_doc(20)
    pdf, result = render(doc, tmp_path, "sales20", paper)
    texts = page_texts(pdf)
    assert page_count(pdf) == result.pages == len(texts)
    if paper.continuous:
        assert result.pages == math.ceil(20 / (paper.rows_per_page or 1))
    assert "销售单" in texts[0] and "张三五金店" in texts[0]
    assert "XS-20240601-0007" in texts[0]
    assert "交货日期" in texts[0] and "2024-06-03" in texts[0] and "月结30天" in texts[0]
    for i, text in enumerate(texts, 1):
        assert has_page_no(text, i, result.pages)
    # every row on the page the layout says, and only there
    for page_no, rows in enumerate(result.page_rows):
        for k in rows:
            tag = f"行{k + 1:03d}"
            hits = [n for n, t in enumerate(texts) if tag in t]
            assert hits == [page_no], (tag, hits)
    last = texts[-1]
    assert "价税合计" in last and "60,439.52" in last
    assert doc.amount_in_words in last
    assert all(doc.amount_in_words not in t for t in texts[:-1])
    assert_inside_page(pdf, paper)


@pytest.mark.parametrize("paper", ALL_PAPERS, ids=lambda p: p.key)
def test_many_rows_carry_forward(paper: Paper, tmp_path: Path) -> None:
    doc = tagged_doc(120)
    pdf, result = render(doc, tmp_path, "sales120", paper)
    texts = page_texts(pdf)
    n = result.pages
    assert n >= 3 and page_count(pdf) == n
    table_pages = [i for i, r in enumerate(result.page_rows) if len(r)]
    assert sum(len(r) for r in result.page_rows) == 120
    if paper.continuous:
        per = paper.rows_per_page
        assert per is not None
        assert n == math.ceil(120 / per)
        assert all(len(r) == per for r in result.page_rows[:-1])
    for i, text in enumerate(texts):
        assert has_page_no(text, i + 1, n)
        assert "本页小计" in text
        assert ("承前页" in text) == (i > 0), i
        assert ("过次页" in text) == (i < table_pages[-1]), i
    assert "价税合计" in texts[-1] and doc.amount_in_words in texts[-1]
    assert all("价税合计" not in t for t in texts[:-1])
    # 过次页 on page 1 carries exactly the sum of its amounts
    first = result.page_rows[0]
    amount = sum((doc.rows[k]["amount"] for k in first), Decimal(0))  # type: ignore[misc]
    line = next(li for li in texts[0].splitlines() if "过次页" in li)
    assert f"{amount:,.2f}" in line
    # the column header repeats on every page
    assert all("品名" in t and "金额" in t for t in texts)
    assert_inside_page(pdf, paper)


@pytest.mark.parametrize("paper", ALL_PAPERS, ids=lambda p: p.key)
def test_no_rows(paper: Paper, tmp_path: Path) -> None:
    doc = sales_doc(0)
    pdf, result = render(doc, tmp_path, "empty", paper)
    texts = page_texts(pdf)
    assert result.pages == page_count(pdf) == 1
    assert "(无明细)" in texts[0]
    assert has_page_no(texts[0], 1, 1)
    assert "零元整" in texts[0]
    assert "承前页" not in texts[0] and "过次页" not in texts[0]


LONG_NAME = (
    "佛山市南海区桂城街道平洲夏西工业区张三五金建材机电设备批发零售经营部（普通合伙）第二分部"
)
LONG_ADDR = (
    "广东省佛山市南海区桂城街道南海大道北88号东方广场写字楼A座二十三层2301至2315室（电梯右转）"
)


@pytest.mark.parametrize("paper", ALL_PAPERS, ids=lambda p: p.key)
def test_long_name_and_huge_amounts_stay_inside(paper: Paper, tmp_path: Path) -> None:
    doc = sales_doc(6)
    assert doc.party_block is not None and doc.party_block.billing is not None
    doc.party_block.name = LONG_NAME
    doc.party_block.billing.address = LONG_ADDR
    doc.rows[0]["name"] = LONG_NAME
    doc.rows[1]["amount"] = Decimal("123456789.12")
    doc.rows[1]["qty"] = Decimal("9876543")
    big = Decimal("123456789.12")
    doc.totals = [LabeledValue("价税合计", big), LabeledValue("税额", Decimal("14202891.05"))]
    doc.amount_in_words = amount_in_words(big, prefix="人民币")
    pdf, result = render(doc, tmp_path, "long", paper)
    texts = page_texts(pdf)
    assert result.pages == page_count(pdf)
    text = "\n".join(texts)
    assert "123,456,789.12" in text
    assert "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分" in text
    assert_inside_page(pdf, paper)
    if not paper.continuous:  # cut sheets wrap the whole name and address
        flat = "".join(text.split())
        assert "佛山市南海区桂城街道平洲夏西工业区" in flat
        assert "（电梯右转）" in flat
    # the huge amount stays inside its column
    from desktop.printing.table import layout_columns

    left = paper.margin_left_mm * MM
    boxes, _ = layout_columns(
        doc.columns, (), left, paper.width - left - paper.margin_right_mm * MM
    )
    amount_box = next(b for b in boxes if b.column.key == "amount")
    hit = next(
        w
        for w in words(pdf)
        if w.text == "123,456,789.12" and w.x0 > amount_box.x - 1 and w.y0 < paper.height * 0.8
    )
    assert hit.x1 <= amount_box.x + amount_box.width + 0.5


def test_missing_and_broken_logo_are_warnings(tmp_path: Path) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png at all")
    for logo in (str(tmp_path / "missing.png"), str(bad)):
        pdf, result = render(sales_doc(3, logo=logo), tmp_path, "logo", A4_PORTRAIT)
        assert result.pages == 1
        assert any("标志" in w for w in result.warnings), result.warnings
        assert "销售单" in page_texts(pdf)[0]


def test_real_logo_is_drawn(tmp_path: Path) -> None:
    pil = pytest.importorskip("PIL.Image")
    logo = tmp_path / "logo.png"
    pil.new("RGB", (300, 120), (200, 30, 30)).save(logo)
    pdf, result = render(sales_doc(3, logo=str(logo)), tmp_path, "logo_ok", A4_PORTRAIT)
    assert result.warnings == []
    assert b"/Subtype /Image" in pdf.read_bytes()


@pytest.mark.parametrize("paper", [A4_PORTRAIT, CONTINUOUS_241_93], ids=lambda p: p.key)
def test_hidden_columns(paper: Paper, tmp_path: Path) -> None:
    pdf, result = render(sales_doc(5), tmp_path, "hidden", paper, hidden_columns=("spec", "name"))
    text = page_texts(pdf)[0]
    assert "规格" not in text and "M8×30" not in text
    assert "品名" in text and "不锈钢六角螺栓" in text  # 品名 may not be hidden
    assert any("品名" in w for w in result.warnings)


def test_offset_moves_everything(tmp_path: Path) -> None:
    plain, _ = render(sales_doc(3), tmp_path, "plain", CONTINUOUS_241_140)
    moved, _ = render(sales_doc(3), tmp_path, "moved", CONTINUOUS_241_140, offset=(10, 5))
    a = next(w for w in words(plain) if w.text.endswith("XS-20240601-0007"))
    b = next(w for w in words(moved) if w.text.endswith("XS-20240601-0007"))
    assert b.x0 - a.x0 == pytest.approx(10 * MM, abs=0.2)
    assert b.y0 - a.y0 == pytest.approx(5 * MM, abs=0.2)


def test_reprint_mark(tmp_path: Path) -> None:
    for paper in (A4_PORTRAIT, CONTINUOUS_241_93):
        pdf, _ = render(sales_doc(2, reprint=True, print_count=3), tmp_path, "re", paper)
        assert "补打（第3次打印）" in page_texts(pdf)[0]
    pdf, _ = render(sales_doc(2), tmp_path, "first", A4_PORTRAIT)
    assert "补打" not in page_texts(pdf)[0]


@pytest.mark.parametrize(
    "paper", [A4_PORTRAIT, A5_LANDSCAPE, CONTINUOUS_241_140], ids=lambda p: p.key
)
def test_statement_extras(paper: Paper, tmp_path: Path) -> None:
    doc = statement_doc(40)
    pdf, result = render(doc, tmp_path, "statement", paper)
    texts = page_texts(pdf)
    assert page_count(pdf) == result.pages
    assert "期初余额" in texts[0] and "12,000.00" in texts[0]
    last = texts[-1]
    assert "账龄分析" in last and "90天以上" in last
    assert "以上对账无误" in last
    assert all("以上对账无误" not in t for t in texts[:-1])
    # the running balance is not summed into carry rows
    line = next(li for li in texts[0].splitlines() if "过次页" in li)
    balance = doc.rows[result.page_rows[0][-1]]["balance"]
    assert f"{balance:,.2f}" not in line


def test_writes_to_file_object() -> None:
    buf = io.BytesIO()
    result = render_pdf(sales_doc(3), buf, A5_LANDSCAPE)
    assert result.pages == 1 and buf.getvalue().startswith(b"%PDF")


@needs_poppler
def test_a_third_of_a_form_holds_seven_lines(tmp_path: Path) -> None:
    """241 × 93 (三等分) held 5 lines a page; a 7-line bill now prints on one form, every
    line, its totals and the header's date and terms included."""
    out = tmp_path / "c93.pdf"
    doc = sales_doc(7)
    render_pdf(doc, out, CONTINUOUS_241_93)
    texts = page_texts(out)
    assert len(texts) == 1
    codes = [row["code"] for row in doc.rows]
    assert all(str(code) in texts[0] for code in codes)
    assert "价税合计" in texts[0] and "交货日期" in texts[0]
