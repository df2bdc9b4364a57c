"""What a preview shows: a document, one party's statement, or a finished PDF file.

Each source renders to PDF bytes for the preview (read only, never counted)
and saves a real copy (``save``), which for documents records the print
through ``jobs.print_document``. The preview window (``desktop.views.printing``)
shows and prints what these give; the reads and the rendering stay here, in the core.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop.codes import DocKind

if TYPE_CHECKING:
    from desktop.printing.jobs import PrinterSetup
    from desktop.services.ledger import Ledger

#: document kinds whose copy can leave out prices (a 送货单 for the driver)
PRICE_OPTIONAL = {
    DocKind.DELIVERY,
    DocKind.GOODS_RECEIPT,
    DocKind.SALES_RETURN,
    DocKind.PURCHASE_RETURN,
}


@dataclass
class Rendered:
    """A preview's PDF and what to say about it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    print_count: int = 0  # earlier prints (the copy shows 补打 when above zero)


@dataclass
class Saved:
    """A copy written (and, for a document, counted as printed)."""

    path: Path
    pages: int
    print_count: int = 0  # including this print; 0 when nothing is counted
    reprint: bool = False
    warnings: list[str] = field(default_factory=list)


class Source(Protocol):
    """What the preview window needs of anything it shows."""

    title: str
    counts: bool  # whether saving or printing records a print
    fixed: bool  # a finished file: no paper or price choice

    def default_name(self) -> str: ...
    def render(self, ledger: Ledger, paper: str, prices: bool) -> Rendered: ...
    def save(
        self, ledger: Ledger, paper: str, prices: bool, out: Path, printed: bool = True
    ) -> Saved:
        """Write the copy to ``out``; ``printed``: it goes to paper (a document counts the
        print, so the next copy says 补打) — a PDF saved to keep or send is no print."""
        ...


def _setup(ledger: Ledger, paper: str) -> PrinterSetup:
    from desktop.printing import jobs

    return jobs.printer_setup(ledger, jobs.paper_named(paper))


@dataclass
class DocumentSource:
    """A document of the ledger (销售单, 送货单, 订单, 收款单 ...)."""

    doc_id: uuid.UUID
    number: str
    kind: str
    title: str = ""
    counts: bool = True
    fixed: bool = False

    @property
    def prices_optional(self) -> bool:
        return self.kind in PRICE_OPTIONAL

    def default_name(self) -> str:
        return f"{self.number}.pdf"

    def render(self, ledger: Ledger, paper: str, prices: bool) -> Rendered:
        from desktop.printing import jobs
        from desktop.printing.builders import build_for
        from desktop.services.documents import get_document

        setup = _setup(ledger, paper)
        with ledger.read() as session:
            doc = get_document(session, self.doc_id)
            count = doc.print_count
            data = build_for(session, doc, prices=prices, paper=setup.paper)
            data, setup = jobs.laid_out(session, doc.kind, data, setup)
        pdf, result = jobs.render_bytes(data, setup)
        return Rendered(pdf, result.pages, list(result.warnings), count)

    def save(
        self, ledger: Ledger, paper: str, prices: bool, out: Path, printed: bool = True
    ) -> Saved:
        from desktop.printing import jobs

        done = jobs.print_document(
            ledger, self.doc_id, out, _setup(ledger, paper), prices=prices, record=printed
        )
        return Saved(done.path, done.pages, done.print_count, done.reprint, done.warnings)


@dataclass
class StatementSource:
    """One party's 对账单 for a period (AR for customers, AP for suppliers)."""

    party_id: uuid.UUID
    party_code: str
    party_name: str
    date_from: date
    date_to: date
    account: str | None = None
    title: str = ""
    counts: bool = False
    fixed: bool = False
    prices_optional: bool = False

    def default_name(self) -> str:
        from types import SimpleNamespace

        from desktop.printing.jobs import statement_filename

        party = SimpleNamespace(code=self.party_code, name=self.party_name)
        return statement_filename(party, self.date_from, self.date_to)  # type: ignore[arg-type]

    def render(self, ledger: Ledger, paper: str, prices: bool) -> Rendered:
        from desktop.printing import jobs
        from desktop.printing.builders import build_statement

        setup = _setup(ledger, paper)
        with ledger.read() as session:
            _st, data = build_statement(
                session, self.party_id, self.date_from, self.date_to, self.account
            )
            data, setup = jobs.laid_out(session, "statement", data, setup)
        pdf, result = jobs.render_bytes(data, setup)
        return Rendered(pdf, result.pages, list(result.warnings))

    def save(
        self, ledger: Ledger, paper: str, prices: bool, out: Path, printed: bool = True
    ) -> Saved:
        from desktop.printing import jobs

        done = jobs.print_statement(
            ledger,
            self.party_id,
            self.date_from,
            self.date_to,
            out,
            _setup(ledger, paper),
            self.account,
        )
        return Saved(done.path, done.pages, warnings=done.warnings)


@dataclass
class FileSource:
    """A PDF already written (the combined statements of a batch)."""

    path: Path
    title: str = ""
    counts: bool = False
    fixed: bool = True
    prices_optional: bool = False

    def default_name(self) -> str:
        return self.path.name

    def render(self, ledger: Ledger, paper: str, prices: bool) -> Rendered:
        return Rendered(self.path.read_bytes(), 0)

    def save(
        self, ledger: Ledger, paper: str, prices: bool, out: Path, printed: bool = True
    ) -> Saved:
        if out.resolve() != self.path.resolve():
            tmp = out.with_name(f".{out.name}.part")
            shutil.copyfile(self.path, tmp)
            tmp.replace(out)
        return Saved(out, 0)
