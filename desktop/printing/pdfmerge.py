"""Join the statements of a batch into one PDF, with a bookmark per party (pypdf)."""

from __future__ import annotations

import io
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError


class PdfCombiner:
    """Collects rendered PDFs and writes them, in order, as one file on ``close``."""

    def __init__(self, out: BinaryIO, title: str = "") -> None:
        self._out = out
        self._writer = PdfWriter()
        if title:
            self._writer.add_metadata({"/Title": title})

    def add(self, pdf: bytes, bookmark: str = "") -> int:
        """Append all pages of ``pdf``; returns how many pages it had."""
        try:
            reader = PdfReader(io.BytesIO(pdf))
            pages = len(reader.pages)
        except (PdfReadError, ValueError, OSError) as exc:
            raise ValueError(f"not a PDF: {exc}") from exc
        self._writer.append(reader, outline_item=bookmark or None)
        return pages

    @property
    def page_count(self) -> int:
        return len(self._writer.pages)

    def close(self) -> None:
        self._writer.write(self._out)
        self._writer.close()
