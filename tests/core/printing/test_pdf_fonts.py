"""The CJK font is shipped, found, and embedded in every PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.printing import PAPERS, Paper, render_pdf
from desktop.printing import fonts as fonts_mod
from tests.core.printing.printing_pdftools import fonts_embedded, needs_poppler, page_texts
from tests.core.printing.printing_samples import sales_doc


def test_font_and_licence_are_shipped() -> None:
    folder = fonts_mod.resources_dir() / "fonts"
    assert (folder / fonts_mod.FONT_FILE).is_file()
    licence = (folder / "wqy-microhei.LICENSE.txt").read_text(encoding="utf-8")
    assert "Apache" in licence and "GPL" in licence


def test_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts_mod.RESOURCES_ENV, str(tmp_path))
    assert fonts_mod.font_path() == tmp_path / "fonts" / fonts_mod.FONT_FILE


def test_missing_font_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts_mod.RESOURCES_ENV, str(tmp_path))
    monkeypatch.setattr(fonts_mod.pdfmetrics, "getRegisteredFontNames", lambda: [])
    with pytest.raises(fonts_mod.FontMissingError, match="打印字体文件缺失"):
        fonts_mod.register_fonts()


@needs_poppler
@pytest.mark.parametrize("paper", list(PAPERS.values()), ids=lambda p: p.key)
def test_every_font_embedded(paper: Paper, tmp_path: Path) -> None:
    pdf = tmp_path / "fonts.pdf"
    render_pdf(sales_doc(30, reprint=True), pdf, paper)
    fonts = fonts_embedded(pdf)
    assert fonts, "no fonts listed"
    assert all(emb for _, emb in fonts), fonts
    assert "广州市恒泰五金贸易有限公司" in page_texts(pdf)[0]
