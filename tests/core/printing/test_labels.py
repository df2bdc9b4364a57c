"""Barcode labels: the bars read back by a real barcode reader (zxing-cpp, on the page
rasterised by pdftoppm) as the product's barcode, one symbol per label; texts findable;
pages."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.cli.main import main
from desktop.errors import ValidationError
from desktop.printing import labels
from desktop.services import documents
from desktop.services.documents import LineInput
from tests.core.printing.barcode_reader import read_barcodes
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts
from tests.helpers import product, supplier

pytestmark = [
    needs_poppler,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed"),
]

PIECE = "6901234567892"
CARTON = "6901234567809"


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
    assert read_barcodes(out) == [("EAN13", PIECE)]


def test_code128_bars_are_reportlabs_encoding(capsys, ledger, ledger_path, tmp_path) -> None:
    _setup(ledger)
    ledger.close()
    out = tmp_path / "c128.pdf"
    args = ["print", "labels", "S2", "--roll", "50x30", "--out", str(out)]
    assert main([*args, "--ledger", str(ledger_path)]) == 0
    assert "HX-M6-2024" in page_texts(out)[0]
    assert read_barcodes(out) == [("Code128", "HX-M6-2024")]


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
    first = read_barcodes(out, 1, labels.a4_sheet(3, 8))  # every label of the page reads
    assert first == [("EAN13", PIECE)] * 13 + [("Code128", "HX-M6-2024")] * 11
    assert main(["print", "labels", "S1", "--copies", "40", "--sheet", "a4-4x10",
                 "--out", str(out), *lg]) == 0  # fmt: skip
    assert page_count(out) == 1 and page_texts(out)[0].count("S1") == 40
    capsys.readouterr()
    assert main(["print", "labels", "--receipt", receipt, "--roll", "40x30",
                 "--out", str(out), "--json", *lg]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["labels"] == 5 == page_count(out)
    pages = page_texts(out)
    assert sum("/箱" in p for p in pages) == 3 and sum("HX-M6-2024" in p for p in pages) == 2
    assert read_barcodes(out, 1) == [("EAN13", CARTON)]


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
