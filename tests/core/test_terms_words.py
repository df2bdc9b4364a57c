"""账期 in words, one rule both ways: lists and printouts show 月结30天, sheets may say it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.labels import parse_terms, terms_words
from desktop.services.ledger import Ledger
from desktop.services.parties import get_party


@pytest.mark.parametrize(
    ("kind", "days", "zh", "en"),
    [
        ("month_end", 30, "月结30天", "month-end + 30 days"),
        ("month_end", 0, "月结", "month-end"),
        ("days", 45, "45天", "45 days"),
        ("days", 0, "现结", "cash"),
    ],
)
def test_words_and_back(kind: str, days: int, zh: str, en: str) -> None:
    assert terms_words(kind, days) == zh and terms_words(kind, days, "en") == en
    assert parse_terms(zh) == (kind, days) and parse_terms(en) == (kind, days)


def test_what_sheets_say() -> None:
    assert parse_terms("30") == ("days", 30) and parse_terms("60日") == ("days", 60)
    assert parse_terms(" 月结 60 天 ") == ("month_end", 60) and parse_terms("货到付款") == (
        "days",
        0,
    )
    assert parse_terms("") is None
    with pytest.raises(ValueError):
        parse_terms("下个月再说")


def test_customers_import_month_end_terms(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    books = tmp_path / "a.zhangfang"
    assert main(["init", "--firm", "甲", "--ledger", str(books)]) == 0
    sheet = tmp_path / "客户.csv"
    sheet.write_text(
        "客户编码,客户名称,账期\nK1,张三五金,月结30天\nK2,李四建材,45\nK3,王五,以后再说\n",
        encoding="utf-8",
    )
    code = main(["import", str(sheet), "--kind", "customer", "--ledger", str(books)])
    out, err = capsys.readouterr()
    assert code == 1 and "看不懂的账期" in out + err  # the third row, named; the rest imports
    ledger = Ledger.open(books)
    try:
        with ledger.read() as s:
            zhang, li = get_party(s, "K1"), get_party(s, "K2")
            assert (zhang.terms_kind, zhang.terms_days) == ("month_end", 30)
            assert (li.terms_kind, li.terms_days) == ("days", 45)
    finally:
        ledger.close()
