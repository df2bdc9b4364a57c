"""Golden images: the first page of a bill printed with two layouts on every paper (the
default, and a 三联 one with hidden and renamed columns, wording, a seal and tinted copies),
rendered by pdftoppm at 80 dpi and compared with the images kept in golden/ within a small
tolerance (fonts rasterise a little differently between poppler versions).

Set ZF_REGEN_GOLDEN=1 to write the images again after an intended change, then look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from desktop.printing import jobs
from desktop.printing.layouts import default_layout
from desktop.printing.paper import PAPERS
from desktop.services.print_layouts import save_layout
from tests.core.printing.layout_samples import three_part
from tests.core.printing.printing_ledger import set_up

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing")
#: per pixel, what counts as different (0–255 grey), and how many of them may differ
PIXEL_TOLERANCE = 64
SHARE_TOLERANCE = 0.004


def _render(pdf: Path, page: int) -> Image.Image:
    stem = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
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
    return Image.open(f"{stem}.png").convert("L")


@pytest.mark.parametrize("paper", list(PAPERS))
def test_two_layouts_per_paper_match_their_golden_images(
    ledger, paper: str, tmp_path: Path
) -> None:
    bill = set_up(ledger).bill
    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", paper))
    setup = jobs.printer_setup(ledger, PAPERS[paper])
    for name in ("默认", "三联"):
        pdf = tmp_path / f"{paper}-{name}.pdf"
        jobs.print_document(ledger, bill, pdf, setup, record=False, layout=name)
        got = _render(pdf, 1)
        golden = GOLDEN / f"sales_bill-{paper}-{'default' if name == '默认' else 'three-part'}.png"
        if os.environ.get("ZF_REGEN_GOLDEN") or not golden.exists():
            got.save(golden, optimize=True)
            if not os.environ.get("ZF_REGEN_GOLDEN"):
                pytest.fail(f"no golden image yet; wrote {golden.name}: look at it, then rerun")
            continue
        want = Image.open(golden).convert("L")
        assert got.size == want.size, (golden.name, got.size, want.size)
        diff = ImageChops.difference(got, want).point(lambda v: 255 if v > PIXEL_TOLERANCE else 0)
        share = sum(1 for v in diff.get_flattened_data() if v) / (got.width * got.height)
        assert share <= SHARE_TOLERANCE, (golden.name, share)


def test_the_golden_images_differ_between_the_layouts() -> None:
    """The comparison could not pass by accident: each paper's two layouts look different."""
    for paper in PAPERS:
        a = Image.open(GOLDEN / f"sales_bill-{paper}-default.png").convert("L")
        b = Image.open(GOLDEN / f"sales_bill-{paper}-three-part.png").convert("L")
        diff = ImageChops.difference(a, b).point(lambda v: 255 if v > PIXEL_TOLERANCE else 0)
        share = sum(1 for v in diff.get_flattened_data() if v) / (a.width * a.height)
        assert share > SHARE_TOLERANCE * 3, paper
    assert default_layout("sales_bill", "a4") != three_part("sales_bill", "a4")
