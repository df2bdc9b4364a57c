"""Each layout option changes the printed PDF as it says: columns, order, widths, captions,
wording, logo, seal, copies with captions and tints, rows per page, font size; and the
grand total in figures and 大写 stays whatever is hidden."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from desktop.printing import jobs
from desktop.printing.layouts import CopySpec, Layout, LayoutColumn, default_layout
from desktop.printing.paper import PAPERS
from desktop.services.firm import update_firm
from desktop.services.print_layouts import get_layout, reset_layout, save_layout
from tests.core.printing.layout_samples import seal_png, three_part
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts, words

pytestmark = needs_poppler


def flat(text: str) -> str:
    return "".join(text.split())


def _save(ledger, layout: Layout) -> None:
    with ledger.unit() as uow:
        save_layout(uow, layout)


def _print(ledger, number: str, out: Path, paper: str = "a4", **kw) -> jobs.DocumentPrint:
    setup = jobs.printer_setup(ledger, PAPERS[paper])
    return jobs.print_document(ledger, number, out, setup, record=False, **kw)


def _images(pdf: Path) -> int:
    out = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return sum(1 for line in out.splitlines()[2:] if line.split()[2] == "image")


def _x(pdf: Path, text: str) -> float:
    return min(w.x0 for w in words(pdf) if w.text == text and w.page == 1)


@pytest.fixture
def bill(ledger) -> str:
    return set_up(ledger).bill


def test_columns_hidden_ordered_renamed_and_sized(ledger, bill: str, tmp_path: Path) -> None:
    before = tmp_path / "before.pdf"
    _print(ledger, bill, before)
    first = flat(page_texts(before)[0])
    assert "000123" in first and "编码" in first and "规格" in first
    assert _x(before, "品名") < _x(before, "规格")
    _save(ledger, three_part("sales_bill", "a4").with_(name="默认", seal=b"", copies=(CopySpec(),)))
    after = tmp_path / "after.pdf"
    _print(ledger, bill, after)
    text = flat(page_texts(after)[0])
    assert "000123" not in {w.text for w in words(after)} and "编码" not in text  # hidden
    assert "货品名称" in text  # 品名 renamed
    assert _x(after, "规格") < _x(after, "货品名称")  # 规格 moved before the name
    # widths: the 规格 column twice as wide pushes the name to the right
    layout = get_layout_for(ledger, "sales_bill", "a4")
    wider = tuple(
        LayoutColumn(c.key, c.width_mm * (2 if c.key == "spec" else 1), c.caption)
        for c in layout.columns
    )
    wider = tuple(
        LayoutColumn(c.key, c.width_mm - (24 if c.key == "name" else 0), c.caption) for c in wider
    )
    _save(ledger, layout.with_(columns=wider))
    widened = tmp_path / "widened.pdf"
    _print(ledger, bill, widened)
    assert _x(widened, "货品名称") > _x(after, "货品名称") + 30


def get_layout_for(ledger, kind: str, paper: str) -> Layout:
    with ledger.read() as session:
        return get_layout(session, kind, paper)


def test_the_grand_total_and_its_words_stay_whatever_is_hidden(
    ledger, bill: str, tmp_path: Path
) -> None:
    base = default_layout("sales_bill", "c241x93")
    keep = ("no", "name", "qty", "amount")
    _save(ledger, base.with_(columns=tuple(c for c in base.columns if c.key in keep)))
    for paper in ("a4", "c241x93"):
        out = tmp_path / f"{paper}.pdf"
        _print(ledger, bill, out, paper)
        text = flat("".join(page_texts(out)))
        assert "价税合计" in text and "2,062.50" in text
        assert "贰仟零陆拾贰元伍角" in text


def test_header_and_footer_wording(ledger, bill: str, tmp_path: Path) -> None:
    for paper in ("a4", "c241x140"):
        layout = default_layout("sales_bill", paper).with_(
            header_text="温馨提示：货物当面点清",
            footer_text="开户行：工商银行浦东支行　账号：1001234567890123456",
        )
        _save(ledger, layout)
        out = tmp_path / f"{paper}.pdf"
        _print(ledger, bill, out, paper)
        text = flat(page_texts(out)[0])
        assert "温馨提示：货物当面点清" in text
        assert "账号：1001234567890123456" in text
        if paper != "a4":
            continue  # a continuous form's header zone is full: the wording joins the footer
        hits = {w.text: w.y0 for w in words(out) if w.page == 1}
        header_y = next(y for t, y in hits.items() if t.startswith("温馨提示"))
        footer_y = next(y for t, y in hits.items() if "1001234567890123456" in t)
        table_y = next(y for t, y in hits.items() if t in ("品名", "品"))
        assert header_y < table_y < footer_y  # above the table, below it


def test_logo_on_and_off_and_the_seal(ledger, bill: str, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (0, 80, 160)).save(logo)
    with ledger.unit() as uow:
        update_firm(uow, logo_path=str(logo))
    out = tmp_path / "bill.pdf"
    _print(ledger, bill, out)
    assert _images(out) == 1
    _save(ledger, default_layout("sales_bill", "a4").with_(logo=False))
    _print(ledger, bill, out)
    assert _images(out) == 0
    _save(ledger, default_layout("sales_bill", "a4").with_(logo=False, seal=seal_png()))
    _print(ledger, bill, out)
    assert _images(out) >= 1  # the seal (an image with its transparency mask)
    page = _raster(out, 1, 40)
    reds = sum(1 for r, g, b in page.get_flattened_data() if r > 180 and g < 90 and b < 90)
    assert reds > 20  # a red seal, printed over the right of the signatures
    with ledger.unit() as uow:
        reset_layout(uow, "sales_bill", "a4")
    _print(ledger, bill, out)
    assert _images(out) == 1  # back to the default: logo, no seal


def _raster(pdf: Path, page: int, dpi: int) -> Image.Image:
    stem = pdf.parent / f"{pdf.stem}-r{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return Image.open(f"{stem}.png").convert("RGB")


def test_copies_with_captions_and_tints(ledger, bill: str, tmp_path: Path) -> None:
    for paper in ("a4", "c241x93"):
        layout = default_layout("sales_bill", paper).with_(
            copies=(CopySpec("存根"), CopySpec("客户", "pink"), CopySpec("回单", "yellow"))
        )
        _save(ledger, layout)
        out = tmp_path / f"{paper}.pdf"
        done = _print(ledger, bill, out, paper)
        per_copy = done.pages // 3
        assert page_count(out) == done.pages == 3 * per_copy >= 3
        texts = [flat(t) for t in page_texts(out)]
        for i, caption in enumerate(("第一联存根", "第二联客户", "第三联回单")):
            assert all(caption in t for t in texts[i * per_copy : (i + 1) * per_copy])
            assert all("2,062.50" in t for t in texts[(i + 1) * per_copy - 1 : (i + 1) * per_copy])
        corner = [_raster(out, 1 + i * per_copy, 20).getpixel((2, 2)) for i in range(3)]
        assert corner[0] == (255, 255, 255)
        pink, yellow = corner[1], corner[2]
        assert pink[0] == 255 and pink[1] < 240 and pink[2] < 245  # pink
        assert yellow[0] == 255 and yellow[1] > 240 and yellow[2] < 215  # yellow


def test_rows_per_page_on_continuous_paper(ledger, tmp_path: Path) -> None:
    t = set_up(ledger)
    out = tmp_path / "one.pdf"
    assert _print(ledger, t.bill, out, "c241x140").pages == 1
    _save(ledger, default_layout("sales_bill", "c241x140").with_(rows_per_page=1))
    done = _print(ledger, t.bill, out, "c241x140")
    assert done.pages == page_count(out) == 2  # two lines, one a page
    texts = [flat(t) for t in page_texts(out)]
    assert "过次页" in texts[0] and "承前页" in texts[1]


def test_font_size_changes_the_text(ledger, bill: str, tmp_path: Path) -> None:
    def height(pdf: Path) -> float:
        return next(w.y1 - w.y0 for w in words(pdf) if w.text == "不锈钢螺丝")

    small, big = tmp_path / "small.pdf", tmp_path / "big.pdf"
    _save(ledger, default_layout("sales_bill", "a4").with_(font_size=8))
    _print(ledger, bill, small)
    _save(ledger, default_layout("sales_bill", "a4").with_(font_size=13))
    _print(ledger, bill, big)
    assert height(big) > height(small) * 1.4


def test_print_uses_a_named_layout_when_asked(ledger, bill: str, tmp_path: Path) -> None:
    _save(ledger, three_part("sales_bill", "a4"))
    plain, named = tmp_path / "plain.pdf", tmp_path / "named.pdf"
    assert _print(ledger, bill, plain).pages == 1
    assert _print(ledger, bill, named, layout="三联").pages == 3
    assert "货品名称" in flat(page_texts(named)[0])


def test_a_statement_prints_with_its_layout(ledger, tmp_path: Path) -> None:
    from datetime import date

    set_up(ledger)
    base = default_layout("statement", "a4")
    _save(
        ledger,
        base.with_(
            columns=tuple(c for c in base.columns if c.key != "memo"),
            copies=(CopySpec("客户"), CopySpec("存根")),
        ),
    )
    out = tmp_path / "st.pdf"
    setup = jobs.printer_setup(ledger, PAPERS["a4"])
    done = jobs.print_statement(
        ledger, "张三五金店", date(2026, 10, 1), date(2026, 10, 31), out, setup
    )
    texts = [flat(t) for t in page_texts(out)]
    assert done.pages == page_count(out) == len(texts) and len(texts) % 2 == 0
    assert "摘要" not in texts[0] and "第一联客户" in texts[0] and "第二联存根" in texts[-1]
    assert "1,062.50" in texts[0]  # the closing balance stays
