"""pypinyin is loaded ahead only for files that may need it, and never needed for text
without a character it reads: the search keys are the same either way."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from desktop import search_keys
from desktop.importing.pinyin_peek import PEEK_BYTES, may_need_pinyin


def test_nothing_before_the_first_read_character_has_a_reading() -> None:
    # search_keys passes such text through without pypinyin: true only while its table
    # starts at 〇 (U+3007) or later
    assert min(pinyin_dict) >= ord(search_keys._FIRST_READ)


@pytest.mark.parametrize(
    "text",
    [
        "Dotcomgiftshop Gift Voucher £40.00",
        "Crème brûlée — 5 € ×2 ®",
        "、。〆〄",  # CJK punctuation before 〇
        "张三五金 Straße №5",
        "〇号仓",
    ],
)
def test_search_keys_equal_pypinyin_s_own_reading(text: str) -> None:
    def mark(chars: str) -> list[str]:
        return [search_keys._MARK + chars]

    initials: list[str] = []
    full: list[str] = []
    # pypinyin over the whole text, as search_keys read it before the shortcut
    for part in lazy_pinyin(text, errors=mark):  # type: ignore[arg-type]
        if part.startswith(search_keys._MARK):
            initials.append(part[1:])
            full.append(part[1:])
        else:
            initials.append(part[:1])
            full.append(part)
    want = ("".join(initials).lower().replace(" ", ""), "".join(full).lower().replace(" ", ""))
    assert search_keys.pinyin_pair(text) == want


def _xlsx(path: Path, cells: list[str], *, shared: bool) -> Path:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        for i, text in enumerate(cells, 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        sheet = f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
        if shared:
            strings = "".join(f"<si><t>{t}</t></si>" for t in cells)
            book.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
            sheet = "<worksheet><sheetData/></worksheet>"
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


@pytest.mark.parametrize("shared", [False, True])
def test_a_workbook_in_english_needs_no_pinyin(tmp_path: Path, shared: bool) -> None:
    english = ["StockCode", "WHITE HANGING HEART", "Gift Voucher £40.00", "Crème — €5"]
    assert not may_need_pinyin(_xlsx(tmp_path / "en.xlsx", english, shared=shared))
    chinese = [*english, "张三五金"]
    assert may_need_pinyin(_xlsx(tmp_path / "zh.xlsx", chinese, shared=shared))


def test_text_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("Invoice,Description\n1,Gift Voucher £40.00\n", encoding="utf-8")
    assert not may_need_pinyin(plain)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("单号,客户\n1,张三\n", encoding="utf-8")
    assert may_need_pinyin(utf8)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("单号,客户\n1,张三\n".encode("gbk"))
    assert may_need_pinyin(gbk)
    late = tmp_path / "late.csv"  # Chinese only past the look: loaded when first needed
    late.write_bytes(b"a,b\n" * (PEEK_BYTES // 4 + 1) + "1,张三\n".encode())
    assert not may_need_pinyin(late)


def test_files_it_cannot_tell(tmp_path: Path) -> None:
    assert may_need_pinyin(tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert may_need_pinyin(broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert may_need_pinyin(old)


def test_text_without_a_read_character_does_not_load_pypinyin() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from desktop import search_keys as k; "
        "k.search_key('Gift Voucher £40.00', 'Crème — €5', 'ACME', '散客'); "
        "print('pypinyin' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def test_the_app_s_own_names_read_as_pypinyin_reads_them() -> None:
    from desktop.importing.kinds.history_rules import WALK_IN_NAME

    assert WALK_IN_NAME in search_keys._OWN_READINGS
    for text, reading in search_keys._OWN_READINGS.items():
        assert reading == search_keys._reading.__wrapped__(text)
