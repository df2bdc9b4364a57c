"""``--kind`` takes what people type (plural, Chinese), and the Chinese report is Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.importing.synonyms import KINDS, kind_from_text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("product", "product"),
        ("products", "product"),
        ("商品", "product"),
        ("货品", "product"),
        ("Customers", "customer"),
        ("客户", "customer"),
        ("sales-history", "sales_history"),
        ("销售明细", "sales_history"),
        ("进货明细", "purchase_history"),
        ("期初欠款", "opening_balance"),
        ("发票登记", "fapiao"),
        ("invoices", "fapiao"),
    ],
)
def test_words_for_kinds(text: str, kind: str) -> None:
    assert kind_from_text(text) == kind


def test_every_kind_is_its_own_word() -> None:
    assert all(kind_from_text(k) == k for k in KINDS)
    assert kind_from_text("东西") is None


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ZHANGFANG_LANG", "zh")
    path = tmp_path / "a.zhangfang"
    assert main(["init", "--firm", "测试商行", "--ledger", str(path)]) == 0
    capsys.readouterr()
    return path


def test_chinese_kind_and_a_chinese_report(books: Path, tmp_path: Path, capsys) -> None:
    sheet = tmp_path / "商品.csv"
    sheet.write_text(
        "编码,名称,单位\nA1,螺丝,个\nA2,螺母,个个个个个个个个个个个个个个个个个个个个个\n",
        encoding="utf-8",
    )
    code = main(["import", str(sheet), "--kind", "商品", "--ledger", str(books), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "按商品导入" in out and "编码→商品编码" in out and "名称→商品名称" in out
    assert "新增" in out and "错误" in out
    for english in (" new", " error", "→code", "→name"):
        assert english not in out


def test_unknown_kind_lists_the_choices_in_chinese(books: Path, tmp_path: Path, capsys) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("编码,名称\nA1,螺丝\n", encoding="utf-8")
    code = main(["import", str(sheet), "--kind", "东西", "--ledger", str(books)])
    _, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "不认识的导入类型“东西”" in err and "销售历史" in err and "Traceback" not in err
