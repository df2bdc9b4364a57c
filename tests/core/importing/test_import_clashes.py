"""Issue 15: the preview tells the truth, and master data matches the same way every run.

Files are made in the test and go through ``zhangfang import`` (``--dry-run``, then for real,
then again); per-row outcomes are read from the ``--json`` summary.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.cli.main import main
from desktop.importing import wizard
from desktop.importing.kinds.base import ImportOptions
from desktop.models import Party, Product, ProductUnit
from desktop.services.ledger import Ledger

D = Decimal


def book(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> Path:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ZHANGFANG_LANG", "zh")
    path = tmp_path / "a.zhangfang"
    assert main(["init", "--firm", "测试商行", "--ledger", str(path)]) == 0
    capsys.readouterr()
    return path


def run(books: Path, capsys: Any, path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """``zhangfang import PATH --json --rows``: exit status and the summary with every row."""
    code = main(["import", str(path), "--ledger", str(books), "--json", "--rows", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out)


def outcomes(summary: dict[str, Any]) -> dict[int, str]:
    return {r["row"]: r["outcome"] for r in summary["rows"]}


def reasons(summary: dict[str, Any]) -> dict[int, str]:
    return {r["row"]: r["reason"] for r in summary["rows"]}


def three_runs(books: Path, capsys: Any, path: Path, *extra: str) -> list[dict[str, Any]]:
    """Preview, import, import again: the summaries. The preview's outcomes are the
    import's, and the second import changes nothing (a row new or updated the first time is
    unchanged; skipped and error rows stay so)."""
    code_p, preview = run(books, capsys, path, "--dry-run", *extra)
    code_i, done = run(books, capsys, path, *extra)
    code_a, again = run(books, capsys, path, *extra)
    assert code_p == code_i == code_a
    assert outcomes(preview) == outcomes(done)
    assert preview["counts"] == done["counts"]
    assert done["aborted"] is None
    if done["counts"]["new"] or done["counts"]["updated"]:
        assert done["batch"] is not None
    assert again["batch"] is None
    settled = {"new": "unchanged", "update": "unchanged"}
    assert outcomes(again) == {r: settled.get(o, o) for r, o in outcomes(done).items()}
    return [preview, done, again]


def products(books: Path) -> dict[str, Product]:
    ledger = Ledger.open(books, actor="t")
    try:
        with ledger.read() as s:
            found = {p.code: p for p in s.scalars(select(Product))}
            for p in found.values():
                s.expunge(p)
            return found
    finally:
        ledger.close()


def test_same_code_two_names_previews_the_clash_and_imports_the_rest(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """The issue's case: a code carrying two names. The preview reports it on the later row
    (which field differs, which row won); the import writes everything else."""
    path = book(
        tmp_path / "c.xlsx",
        [
            ["客户编码", "客户名称", "电话"],
            ["C1", "张三五金", "111"],
            ["C2", "李四建材", "222"],
            ["C1", "张三五金店", "111"],
            ["C3", "王五机电", "333"],
            ["c2", "李四建材", "222"],
        ],
    )
    preview, done, again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "new", 4: "skipped", 5: "new", 6: "skipped"}
    assert "与第 2 行编码相同但名称不同（名称：张三五金 / 张三五金店）" in reasons(preview)[4]
    assert "按第 2 行导入，此行跳过" in reasons(preview)[4]
    assert reasons(preview)[6] == "与第 3 行完全相同，已跳过。"  # c2 is C2: codes ignore case
    assert any("先出现的一行" in n for n in preview["notes"])
    assert done["counts"]["new"] == 3
    ledger = Ledger.open(books, actor="t")
    with ledger.read() as s:
        assert s.scalar(select(Party.name).where(Party.code == "C1")) == "张三五金"
    ledger.close()
    assert again["counts"]["unchanged"] == 3 and again["counts"]["skipped"] == 2


def test_preview_makes_the_checks_the_commit_makes(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """A negative cost, a name too long, an update onto the product's own base unit: errors
    on their rows in the preview, and the import writes the others (no batch-wide refusal)."""
    base = book(tmp_path / "base.xlsx", [["商品编码", "商品名称", "单位"], ["B1", "纸箱", "箱"]])
    run(books, capsys, base)
    path = book(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "商品名称", "单位", "包装单位", "包装数", "进价"],
            ["A1", "螺丝", "个", None, None, 1],
            ["A2", "螺母", "个", None, None, -1],
            ["A3", "长" * 201, "个", None, None, 1],
            ["B1", "纸箱", "个", "箱", 24, 2],
            ["A4", "垫片", "个", None, None, 3],
        ],
    )
    preview, done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "error", 4: "error", 5: "error", 6: "new"}
    assert "不能小于 0" in reasons(preview)[3] or "小于" in reasons(preview)[3]
    assert "太长" in reasons(preview)[4]
    assert "箱" in reasons(preview)[5]
    assert done["counts"]["new"] == 2
    assert set(products(books)) == {"A1", "A4", "B1"}


def test_barcode_rows_never_overwrite_another_product(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """Code → (barcode, unit) → name, each only when it fits one product: a barcode that two
    products share is a conflict on the row; a code that is not the barcode's product is an
    error, never an overwrite; a second run reports every row as before."""
    first = book(
        tmp_path / "a.xlsx",
        [
            ["商品编码", "条码", "商品名称", "单位", "进价"],
            ["P1", "6901", "螺丝", "个", 1],
            ["P2", "6902", "螺母", "个", 2],
            ["P3", "6903", "垫片", "盒", 3],
        ],
    )
    run(books, capsys, first)
    # a second product with barcode 6901, as a ledger from before the rule that a barcode
    # names one product may hold it (the service and the import refuse it now)
    ledger = Ledger.open(books, actor="t")
    from sqlalchemy import update

    from desktop.models import Product
    from desktop.services.products import create_product

    with ledger.unit() as uow:
        create_product(uow, code="P9", name="螺丝（新包装）", cost_price=D(9))
    with ledger.session() as session:
        session.execute(update(Product).where(Product.code == "P9").values(barcode="6901"))
        session.commit()
    ledger.close()
    path = book(
        tmp_path / "b.xlsx",
        [
            ["商品编码", "条码", "商品名称", "单位", "进价"],
            [None, "6901", "螺丝钉", "个", 5],  # 6901 fits P1 and P9
            [None, "6902", "螺母", "个", 2],  # fits P2 only: unchanged
            ["P7", "6902", "六角螺母", "个", 7],  # another code with P2's barcode
            [None, "6903", "垫片", "个", 3],  # 6903 is P3's barcode (for 盒, not 个)
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "error", 3: "unchanged", 4: "error", 5: "error"}
    assert "条码对应多条商品" in reasons(preview)[2]
    assert "P2" in reasons(preview)[4] and "编码不同" in reasons(preview)[4]
    assert "P3 垫片" in reasons(preview)[5]  # a barcode names one product, whatever the unit
    found = products(books)
    assert (found["P1"].name, found["P1"].cost_price) == ("螺丝", D(1))
    assert (found["P9"].name, found["P9"].cost_price) == ("螺丝（新包装）", D(9))
    assert found["P2"].name == "螺母"
    assert "6903" not in found and found["P3"].base_unit == "盒"


def test_two_rows_for_one_product_do_not_flip_flop(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """Rows meaning one product (by code, by barcode, by name) import the first; the others
    are skipped on every run, so the product keeps the first row's details."""
    path = book(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "条码", "商品名称", "规格", "进价"],
            ["A1", "6901", "螺丝", "M3", 1],
            ["A1", "6901", "螺丝", "M3", 2],
            [None, "6901", "螺丝钉", None, 3],
            [None, None, "垫片", None, 4],
            [None, None, "垫片", None, 5],
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "skipped", 4: "skipped", 5: "new", 6: "skipped"}
    assert "与第 2 行编码相同但进价不同" in reasons(preview)[3]
    assert "与第 2 行条码相同但商品名称、进价不同" in reasons(preview)[4]
    assert "与第 5 行名称相同但进价不同" in reasons(preview)[6]
    found = products(books)
    assert found["A1"].cost_price == D(1) and found["A1"].name == "螺丝"


def test_pack_size_without_unit_takes_jian_said_once(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    path = book(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "商品名称", "单位", "入数"],
            ["A1", "螺丝", "个", 100],
            ["A2", "螺母", "个", 50],
            ["A3", "垫片", "件", 10],
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert set(outcomes(preview).values()) == {"new"}
    assert all("件" not in r for r in reasons(preview).values())  # not on every row
    assert sum("包装单位按“件”" in n for n in preview["notes"]) == 1
    ledger = Ledger.open(books, actor="t")
    with ledger.read() as s:
        units = {
            (code, unit, factor)
            for code, unit, factor in s.execute(
                select(Product.code, ProductUnit.unit, ProductUnit.factor).join(
                    ProductUnit, ProductUnit.product_id == Product.id
                )
            )
        }
    ledger.close()
    assert units == {("A1", "件", D(100)), ("A2", "件", D(50)), ("A3", "箱", D(10))}


def test_codes_taken_from_barcodes_or_assigned_are_said_once(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """An ERP's products sheet without a code column (商品资料.xls): the note that the
    barcode is used as the code is one report note with a count, not one on every row;
    so is the note that codes are assigned."""
    barcodes = [f"690100{i}" for i in range(7)]
    path = book(
        tmp_path / "p.xlsx",
        [
            ["条码", "商品编码", "商品名称", "进价"],
            *[[b, None, f"商品{i}", 1] for i, b in enumerate(barcodes)],
            [None, None, "无码甲", 2],
            [None, None, "无码乙", 2],
            [None, "A1", "有码", 3],
        ],
    )
    preview, done, _again = three_runs(books, capsys, path)
    assert set(outcomes(preview).values()) == {"new"}
    assert set(reasons(preview).values()) == {""}  # no row carries the notes
    assert preview["problem_rows"] == 0 and preview["top_reasons"] == []
    shown = "、".join(barcodes[:5]) + "…"
    assert preview["notes"] == [
        f"7 行没有编码，以条码作编码：{shown}。",
        "2 行没有编码，导入时自动编号。",
    ]
    assert done["notes"] == preview["notes"]
    found = products(books)
    assert {code for code in found if code in barcodes} == set(barcodes)  # as before
    assert len(found) == 10


def test_tallied_note_counts_only_rows_still_new() -> None:
    from desktop.importing.rows import NEW, SKIPPED, Row
    from desktop.importing.tally import Said, Tally

    said = Said("{n} 行：{shown}。", "{n} {rows}: {shown}.")
    rows = [Row(2, {}, NEW), Row(3, {}, NEW), Row(4, {}, NEW)]
    tally = Tally()
    for row in rows:
        tally.add(said, row, str(row.excel_row))
    rows[1].outcome = SKIPPED
    rows[2].fail("错", "wrong")
    assert [i.en for i in tally.issues(lambda r: r.outcome == NEW)] == ["1 row: 2."]
    assert [i.zh for i in tally.issues()] == ["2 行：2、3。"]  # by default the rows not refused
    assert Tally().issues() == []


@pytest.mark.parametrize(
    "total",
    [
        [None, None, None, 3, 600],  # numbers only
        [None, None, "Total", 3, 600],  # a totals word, not in the first column
    ],
)
def test_totals_row_at_the_bottom_is_skipped(
    books: Path, tmp_path: Path, capsys: Any, total: list[Any]
) -> None:
    path = book(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "商品名称", "规格", "期初库存", "进价"],
            ["A1", "螺丝", None, 1, 100],
            [None, None, None, 1, 200],  # a row lacking its name in the middle: an error
            ["A3", "垫片", None, 1, 300],
            total,
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "error", 4: "new", 5: "skipped"}
    assert reasons(preview)[5] == "合计行"


def test_totals_row_of_a_customer_list_and_a_sales_history(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    customers = book(
        tmp_path / "c.xlsx",
        [["客户名称", "期初应收"], ["张三五金", 100], ["李四建材", 200], [None, 300]],
    )
    preview, _done, _again = three_runs(books, capsys, customers)
    assert outcomes(preview)[4] == "skipped" and reasons(preview)[4] == "合计行"
    history = book(
        tmp_path / "h.xlsx",
        [
            ["日期", "客户", "商品名称", "数量", "单价", "金额"],
            ["2024-03-01", "张三五金", "螺丝", 2, 10, 20],
            ["2024-03-02", "李四建材", "螺丝", 1, 10, 10],
            [None, None, None, 3, None, 30],
        ],
    )
    _code, summary = run(
        books, capsys, history, "--kind", "sales_history", "--create-missing", "--dry-run"
    )
    assert outcomes(summary)[4] == "skipped" and reasons(summary)[4] == "合计行"
    assert summary["counts"]["error"] == 0


def test_sizes_and_colours_are_variants(books: Path, tmp_path: Path, capsys: Any) -> None:
    """A style code per size/colour: each row a product coded style-colour-size (the product
    model has one unique code per stocked thing), not a clash; said once for the file."""
    path = book(
        tmp_path / "shoes.xlsx",
        [
            ["款号", "商品名称", "颜色", "尺码", "零售价"],
            ["X100", "跑鞋", "黑", 42, 199],
            ["X100", "跑鞋", "黑", 43, 199],
            ["X100", "跑鞋", "白", 42, 209],
            ["X100", "跑鞋", "白", 42, 219],  # the same variant twice: a clash
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "new", 4: "new", 5: "skipped"}
    assert "零售价不同" in reasons(preview)[5]
    assert any("X100-黑-42" in n for n in preview["notes"])
    found = products(books)
    assert set(found) == {"X100-黑-42", "X100-黑-43", "X100-白-42"}
    assert found["X100-白-42"].spec == "白 42" and found["X100-白-42"].retail_price == D(209)


def test_a_code_repeated_with_only_the_spec_differing_is_variants(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    path = book(
        tmp_path / "p.xlsx",
        [
            ["商品编码", "商品名称", "规格", "进价"],
            ["S1", "水管", "4分", 3],
            ["S1", "水管", "6分", 4],
            ["S2", "阀门", "4分", 5],
            ["S2", "球阀", "6分", 6],  # another name: not a variant, a clash
        ],
    )
    preview, _done, _again = three_runs(books, capsys, path)
    assert outcomes(preview) == {2: "new", 3: "new", 4: "new", 5: "skipped"}
    assert {"S1-4分", "S1-6分", "S2"} == set(products(books))


def test_wizard_preview_gives_the_cli_outcomes(books: Path, tmp_path: Path, capsys: Any) -> None:
    path = book(
        tmp_path / "c.xlsx",
        [
            ["客户编码", "客户名称", "电话", "账期"],
            ["C1", "张三五金", "111", 30],
            ["C1", "张三五金店", "112", 30],
            ["C2", "李四建材", "222", None],
            [None, "李四建材", None, None],
            [None, None, None, None],
            [None, "王五", "333", 400],  # the services allow 0 to 365 days
        ],
    )
    _code, cli = run(books, capsys, path, "--dry-run")
    ledger = Ledger.open(books, actor="t")
    try:
        analysis = wizard.analyse_saved(ledger, wizard.read(path))
        assert analysis.mapping is not None
        report = wizard.preview(ledger, wizard.Plan(analysis, analysis.mapping, ImportOptions()))
    finally:
        ledger.close()
    shown = report.summary("zh")
    assert outcomes(shown) == outcomes(cli) and reasons(shown) == reasons(cli)
    assert shown["notes"] == cli["notes"] and shown["counts"] == cli["counts"]
    assert outcomes(cli) == {2: "new", 3: "skipped", 4: "new", 5: "skipped", 7: "error"}
    assert "与第 4 行是同一条资料（名称相同）" in reasons(cli)[5]
    assert "365" in reasons(cli)[7]


def test_history_creating_a_code_seen_with_two_names_makes_one_product(
    books: Path, tmp_path: Path, capsys: Any
) -> None:
    """The issue's sales log (a StockCode with several descriptions) with 自动新建: one
    product per code, the first name winning, said on the later rows; the import then writes
    what the preview showed instead of stopping on "Code … is already used"."""
    path = book(
        tmp_path / "h.xlsx",
        [
            ["单号", "日期", "客户编码", "客户", "商品编码", "商品名称", "数量", "单价"],
            ["S1", "2024-01-02", "K1", "张三五金", "A1", "螺丝", 1, 10],
            ["S2", "2024-01-03", "K1", "张三五金店", "a1", "螺丝钉", 1, 10],
            ["S3", "2024-01-03", "K2", "李四建材", "A2", "螺母", 1, 10],
            ["S4", "2024-01-04", "K3", "李四建材", "A3", "长" * 201, 1, 10],
        ],
    )
    extra = ("--kind", "sales_history", "--create-missing")
    code, preview = run(books, capsys, path, "--dry-run", *extra)
    code_done, done = run(books, capsys, path, *extra)
    assert code == code_done == 1 and done["aborted"] is None
    assert outcomes(preview) == outcomes(done) == {2: "new", 3: "new", 4: "new", 5: "error"}
    assert "前面的行已新建 A1 螺丝" in reasons(done)[3]
    assert "太长" in reasons(done)[5]  # the services' rule, in the preview
    assert {c: p.name for c, p in products(books).items()} == {"A1": "螺丝", "A2": "螺母"}
    ledger = Ledger.open(books, actor="t")
    with ledger.read() as s:
        parties = {code: name for code, name in s.execute(select(Party.code, Party.name))}
    ledger.close()
    assert parties == {"K1": "张三五金", "K2": "李四建材"}
