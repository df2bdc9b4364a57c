"""Barcode labels: the bars read back as the product's barcode, texts findable, pages.

No barcode reader is installed on the build machines (zbarimg, zxing-cpp), so the PDF is
rasterised with pdftoppm and each row of pixels read by a small EAN-13 decoder here (the
standard's width tables, independent of reportlab); Code 128 bars are compared with
reportlab's own encoding of the text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.barcode.code128 import Code128

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.printing import labels
from desktop.services import documents
from desktop.services.documents import LineInput
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts
from tests.helpers import product, supplier

pytestmark = [
    needs_poppler,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed"),
]

PIECE = "6901234567892"
CARTON = "6901234567809"
_L = {"3211": 0, "2221": 1, "2122": 2, "1411": 3, "1132": 4,
      "1231": 5, "1114": 6, "1312": 7, "1213": 8, "3112": 9}  # fmt: skip
_FIRST = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
          "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]  # fmt: skip


def _runs(row: list[bool]) -> list[int]:
    """Widths of the alternating dark/light runs from the first dark pixel to the last."""
    if True not in row:
        return []
    start, end = row.index(True), len(row) - row[::-1].index(True)
    runs, cur, n = [], row[start], 0
    for px in row[start:end]:
        if px == cur:
            n += 1
        else:
            runs.append(n)
            cur, n = px, 1
    return [*runs, n]


def decode_ean13(runs: list[int]) -> str | None:
    """The 13 digits of one scanline's 59 runs, or None (check digit verified)."""
    if len(runs) != 59:
        return None
    module = sum(runs) / 95
    widths = [max(1, round(r / module)) for r in runs]
    if widths[:3] != [1, 1, 1] or widths[27:32] != [1] * 5 or widths[-3:] != [1, 1, 1]:
        return None
    digits, parity = [], ""
    for i in range(12):
        at = 3 + i * 4 if i < 6 else 32 + (i - 6) * 4
        key = "".join(map(str, widths[at : at + 4]))
        if key in _L:
            digits.append(_L[key])
            parity += "L" if i < 6 else ""
        elif i < 6 and key[::-1] in _L:
            digits.append(_L[key[::-1]])
            parity += "G"
        else:
            return None
    if parity not in _FIRST:
        return None
    code = [_FIRST.index(parity), *digits]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(code[:12])) % 10) % 10
    return "".join(map(str, code)) if check == code[12] else None


def _pixels(pdf: Path, tmp: Path, page: int = 1) -> list[list[bool]]:
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "600", "-f", str(page), "-l", str(page), str(pdf),
         str(tmp / "scan")],
        check=True,
    )  # fmt: skip
    image = Image.open(next(tmp.glob("scan*.pgm"))).convert("L")
    w, h = image.size
    data = image.tobytes()
    return [[v < 128 for v in data[y * w : (y + 1) * w]] for y in range(h)]


def _setup(ledger) -> None:  # type: ignore[no-untyped-def]
    product(
        ledger,
        "S1",
        "大白兔奶糖",
        spec="227g袋装",
        barcode=PIECE,
        retail_price="12.50",
        units=[{"unit": "箱", "factor": 24, "barcode": CARTON}],
    )
    product(ledger, "S2", "不锈钢螺丝 M6", barcode="HX-M6-2024", units=[])


def test_roll_label_bars_decode_to_the_barcode(capsys, ledger, ledger_path, tmp_path) -> None:
    _setup(ledger)
    ledger.close()
    out = tmp_path / "roll.pdf"
    args = ["print", "labels", "S1", "--roll", "40x30", "--price", "--out", str(out)]
    assert main([*args, "--ledger", str(ledger_path)]) == 0
    assert "1 张标签" in capsys.readouterr().out
    text = "".join(page_texts(out)[0].split())
    assert "大白兔奶糖" in text and "227g袋装" in text and "S1" in text and "¥12.50" in text
    decoded = {decode_ean13(_runs(row)) for row in _pixels(out, tmp_path)} - {None}
    assert decoded == {PIECE}


def test_code128_bars_are_reportlabs_encoding(capsys, ledger, ledger_path, tmp_path) -> None:
    _setup(ledger)
    ledger.close()
    out = tmp_path / "c128.pdf"
    args = ["print", "labels", "S2", "--roll", "50x30", "--out", str(out)]
    assert main([*args, "--ledger", str(ledger_path)]) == 0
    assert "HX-M6-2024" in page_texts(out)[0]
    bars = Code128("HX-M6-2024")
    bars.validate()
    bars.encode()
    bars.decompose()
    want = [ord(ch.lower()) - ord("a") + 1 for ch in bars.decomposed]
    found = False
    for row in _pixels(out, tmp_path):
        runs = _runs(row)
        if len(runs) == len(want):
            module = runs[0] / want[0]
            found |= [max(1, round(r / module)) for r in runs] == want
    assert found


def test_sheet_pages_copies_and_receipt(capsys, ledger, ledger_path, tmp_path) -> None:
    _setup(ledger)
    supp = supplier(ledger)
    with ledger.unit() as uow:
        receipt = documents.create_draft(
            uow, "goods_receipt", supp, [LineInput("S1", 3, unit="箱"), LineInput("S2", 2)]
        ).number
    ledger.close()
    lg = ["--ledger", str(ledger_path)]
    out = tmp_path / "sheet.pdf"
    # 13 copies of two products = 26 labels: a 3 x 8 sheet holds 24, so two pages
    assert main(["print", "labels", "S1", "S2", "--copies", "13", "--sheet", "a4-3x8",
                 "--out", str(out), "--json", *lg]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["labels"] == 26 and data["pages"] == 2 == page_count(out)
    assert page_texts(out)[1].count("不锈钢螺丝") == 2  # 13 of S1 first, then 13 of S2
    assert main(["print", "labels", "S1", "--copies", "40", "--sheet", "a4-4x10",
                 "--out", str(out), *lg]) == 0  # fmt: skip
    assert page_count(out) == 1 and page_texts(out)[0].count("S1") == 40
    capsys.readouterr()
    assert main(["print", "labels", "--receipt", receipt, "--roll", "40x30",
                 "--out", str(out), "--json", *lg]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["labels"] == 5 == page_count(out)
    pages = page_texts(out)
    assert sum("/箱" in p for p in pages) == 3 and sum("HX-M6-2024" in p for p in pages) == 2
    decoded = {decode_ean13(_runs(row)) for row in _pixels(out, tmp_path, 1)} - {None}
    assert decoded == {CARTON}


def test_bad_stock_and_usage_are_one_line(capsys, ledger, ledger_path, tmp_path) -> None:
    _setup(ledger)
    ledger.close()
    lg = ["--ledger", str(ledger_path)]
    out = str(tmp_path / "x.pdf")
    assert main(["print", "labels", "S1", "--roll", "5x3", "--out", out, *lg]) != 0
    assert "40x30" in capsys.readouterr().err
    assert main(["print", "labels", "S1", "--sheet", "a4-9x30", "--out", out, *lg]) != 0
    assert "25" in capsys.readouterr().err
    assert main(["print", "labels", "NOPE", "--out", out, *lg]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "NOPE" in err
    with pytest.raises(ValidationError):
        labels.stock_named("letter-3x8")
    assert labels.stock_named("a4-4x10").per_page == 40
    assert labels.stock_named(roll_size="50x30").label == (50.0, 30.0)
