"""A sales history that creates its products (``--create-missing``) makes the ones a product
list of the same rows would: a style code with colour and size is one product per variant
(``X100-黑-42``), a barcode without a code becomes the code and goes with the line's unit.
So the product list imported afterwards finds every one of them, and a re-run of the history
changes nothing. On the whole-sheet path and the streamed one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models import Product
from desktop.services.ledger import Ledger
from tests.core.importing.test_import_history_reruns import _csv, _import, english, way

__all__ = ["english", "way"]  # fixtures of the re-run tests: the same two paths


def _products(ledger: Path) -> list[tuple[str, str, str, str, str]]:
    books = Ledger.open(ledger, actor="tester")
    try:
        with books.read() as s:
            found = s.execute(
                select(Product.code, Product.name, Product.spec, Product.barcode, Product.base_unit)
            )
            return sorted((c, n, sp or "", b or "", u) for c, n, sp, b, u in found)
    finally:
        books.close()


def _settled(summary: dict[str, Any]) -> set[str]:
    return {r["outcome"] for r in summary["rows"]}


def test_style_colour_and_size_make_the_variants_the_product_list_makes(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    header = ["单号", "日期", "客户", "款号", "商品名称", "颜色", "尺码", "数量", "单价"]
    rows = [
        ["S1", "2024-05-01", "甲公司", "X100", "跑鞋", "黑", "42", 1, 300],
        ["S1", "2024-05-01", "甲公司", "X100", "跑鞋", "黑", "43", 2, 300],
        ["S2", "2024-05-02", "乙公司", "X100", "跑鞋", "白", "42", 1, 300],
        ["S2", "2024-05-02", "乙公司", "X100", "跑鞋", "黑", "42", 1, 300],
    ]
    history = _csv(tmp_path / "sales.csv", rows, header)
    code, summary = _import(capsys, ledger_path, history, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 4, summary
    assert _products(ledger_path) == [
        ("X100-白-42", "跑鞋", "白 42", "", "个"),
        ("X100-黑-42", "跑鞋", "黑 42", "", "个"),
        ("X100-黑-43", "跑鞋", "黑 43", "", "个"),
    ]
    code, again = _import(capsys, ledger_path, history, "--create-missing", *way)
    assert again["counts"]["unchanged"] == 4 and again["batch"] is None
    # the product list of those shoes finds the three the history made
    listing = _csv(
        tmp_path / "shoes.csv",
        [["X100", "跑鞋", "黑", "42"], ["X100", "跑鞋", "黑", "43"], ["X100", "跑鞋", "白", "42"]],
        ["款号", "商品名称", "颜色", "尺码"],
    )
    code, products = _import(capsys, ledger_path, listing, "--kind", "product")
    assert code == 0 and _settled(products) == {"unchanged"}, products["rows"]
    assert len(_products(ledger_path)) == 3


def test_a_barcode_without_a_code_codes_the_product_with_the_lines_unit(
    capsys: Any, ledger_path: Path, tmp_path: Path, way: list[str]
) -> None:
    header = ["日期", "客户", "条码", "商品名称", "单位", "数量", "单价"]
    rows = [
        ["2024-05-01", "甲公司", "6901234567892", "矿泉水", "瓶", 24, "1.5"],
        # the same name with another barcode and unit: another product (the case of 24)
        ["2024-05-01", "甲公司", "6901234567908", "矿泉水", "箱", 1, 30],
        ["2024-05-02", "乙公司", "6901234567892", "矿泉水", "瓶", 12, "1.5"],
    ]
    history = _csv(tmp_path / "water.csv", rows, header)
    code, summary = _import(capsys, ledger_path, history, "--create-missing", *way)
    assert code == 0 and summary["counts"]["new"] == 3, summary
    assert _products(ledger_path) == [
        ("6901234567892", "矿泉水", "", "6901234567892", "瓶"),
        ("6901234567908", "矿泉水", "", "6901234567908", "箱"),
    ]
    code, again = _import(capsys, ledger_path, history, "--create-missing", *way)
    assert again["counts"]["unchanged"] == 3 and again["batch"] is None
    listing = _csv(
        tmp_path / "water_products.csv",
        [["6901234567892", "矿泉水", "瓶"], ["6901234567908", "矿泉水", "箱"]],
        ["条码", "商品名称", "单位"],
    )
    code, products = _import(capsys, ledger_path, listing, "--kind", "product")
    assert code == 0 and _settled(products) == {"unchanged"}, products["rows"]
