"""Barcodes read back from a printed PDF by a real barcode reader (zxing-cpp): the page is
rasterised with pdftoppm as a scanner would see the paper and decoded (EAN-13 check digits
verified by the reader itself). On a sheet, each label is read on its own, as a clerk scans
one label: the reader reports a symbol repeated along one row of the page only once."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image

from desktop.printing.labels import LabelStock


def read_barcodes(
    pdf: Path, page: int = 1, stock: LabelStock | None = None, dpi: int = 300
) -> list[tuple[str, str]]:
    """(symbology, text) of the barcodes on one page: with ``stock``, of each label in
    the order they are printed (a label whose barcode does not read is left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "scan"
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
             str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        [scan] = Path(tmp).glob("scan*.pgm")
        with Image.open(scan) as image:
            if stock is None:
                return [(_name(b.format), b.text) for b in zxingcpp.read_barcodes(image)]
            found = []
            for box in _cells(stock, dpi):
                found += [
                    (_name(b.format), b.text) for b in zxingcpp.read_barcodes(image.crop(box))
                ]
            return found


def _cells(stock: LabelStock, dpi: int) -> list[tuple[int, int, int, int]]:
    """Each label's box in pixels, row by row, as ``labels.render_labels`` places them."""
    px = dpi / 25.4
    (w, h), boxes = stock.label, []
    for row in range(stock.rows):
        for col in range(stock.cols):
            x = stock.margin_x + col * (w + stock.gap_x)
            y = stock.margin_y + row * (h + stock.gap_y)
            boxes.append((round(x * px), round(y * px), round((x + w) * px), round((y + h) * px)))
    return boxes


def _name(symbology: object) -> str:
    """``BarcodeFormat.EAN13`` and the like, as "EAN13"."""
    return str(symbology).rsplit(".", 1)[-1].replace("-", "").replace(" ", "")
