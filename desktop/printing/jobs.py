"""Print jobs: write the PDF safely, then record the print; batch statements.

Order of work for a document: read and build the print data, render to a
temporary file next to the target and move it into place (a failed render
never leaves a broken PDF), and only then bump ``print_count`` in its own unit
of work. A copy whose document was printed before is marked 补打 with its
count. Printer offset and rows per page come from this desk's settings
(``print.offset.<paper>`` = "x,y" in mm, ``print.rows.<paper>`` = n), where
``<paper>`` is the short name (a4, a5, 241x140, 241x93) or the paper key.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from desktop.codes import Account
from desktop.errors import DomainError, ValidationError
from desktop.printing.apply_layout import apply_layout
from desktop.printing.builders import build_for, build_statement, print_statement_data
from desktop.printing.fonts import FontMissingError
from desktop.printing.layout_catalog import STATEMENT
from desktop.printing.model import PrintDocument
from desktop.printing.paper import (
    A4_PORTRAIT,
    A5_LANDSCAPE,
    CONTINUOUS_241_93,
    CONTINUOUS_241_140,
    PAPERS,
    Offset,
    Paper,
)
from desktop.printing.render import RenderResult, render_pdf
from desktop.services.print_record import print_args, record_in_unit

if TYPE_CHECKING:  # the ORM loads when a print reads through it (``plain_print`` does not)
    from sqlalchemy.orm import Session

    from desktop.models import Party
    from desktop.services.ledger import Ledger

#: the short names people type (and settings use), with the paper each means
PAPER_NAMES: dict[str, Paper] = {
    "a4": A4_PORTRAIT,
    "a5": A5_LANDSCAPE,
    "241x140": CONTINUOUS_241_140,
    "241x93": CONTINUOUS_241_93,
}


class PrintError(DomainError):
    """The PDF could not be written (font missing, folder not writable ...)."""


def paper_named(name: str) -> Paper:
    """a4 | a5 | 241x140 | 241x93, or a paper key (a5l, c241x140 ...)."""
    key = name.strip().lower().replace("×", "x")
    paper = PAPER_NAMES.get(key) or PAPERS.get(key)
    if paper is None:
        raise ValidationError(
            "bad_paper",
            f"不认识的纸张：{name}（可用 {'、'.join(PAPER_NAMES)}）",
            f"Unknown paper: {name} (use {', '.join(PAPER_NAMES)})",
        )
    return paper


def _names(paper: Paper) -> list[str]:
    """The names a setting may be saved under: short names first, then the key (once, where
    a short name is the key itself, as for a4)."""
    names = [n for n, p in PAPER_NAMES.items() if p.key == paper.key] + [paper.key]
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class PrinterSetup:
    """The paper as this desk's printer needs it: offset and rows per page applied."""

    paper: Paper
    offset: Offset
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SavedSetup:
    """What this desk saved for one paper: offset in mm, rows per page (None: as many as
    fit), and a warning for each saved value that does not parse (it is skipped)."""

    x: float = 0.0
    y: float = 0.0
    rows: int | None = None
    warnings: tuple[str, ...] = ()


def saved_setup(setting: Callable[[str], str | None], paper: Paper) -> SavedSetup:
    """Read ``print.offset.<name>`` / ``print.rows.<name>`` through ``setting`` (a key to its
    value); the short name wins over the paper key. The print jobs and the offsets dialog
    both read through here, so the dialog shows what a print will use."""
    warnings: list[str] = []
    x = y = 0.0
    rows: int | None = None
    for name in reversed(_names(paper)):  # the short name wins over the key
        raw = setting(f"print.offset.{name}")
        if raw:
            try:
                sx, sy = (float(v) for v in raw.replace("，", ",").split(","))
                x, y = sx, sy
            except ValueError:
                warnings.append(f"打印偏移设置无法识别（print.offset.{name} = {raw}），已忽略")
        raw_rows = setting(f"print.rows.{name}")
        if raw_rows:
            try:
                rows = int(raw_rows)
            except ValueError:
                warnings.append(f"每页行数设置无法识别（print.rows.{name} = {raw_rows}），已忽略")
    return SavedSetup(x, y, rows, tuple(warnings))


def save_setup(ledger: Ledger, name: str, x: float, y: float, rows: int) -> None:
    """Store one paper's offset and rows per page (0: as many as fit) under ``name``, the
    short name, which :func:`saved_setup` prefers."""
    ledger.set_local_setting(f"print.offset.{name}", f"{x:g},{y:g}")
    ledger.set_local_setting(f"print.rows.{name}", str(rows) if rows > 0 else "")


class DeskSettings(Protocol):
    """Where this desk's settings are read: the ledger, or ``plain_print``'s connection."""

    def local_setting(self, key: str) -> str | None: ...


def printer_setup(
    ledger: DeskSettings,
    paper: Paper,
    offset_x: float | None = None,
    offset_y: float | None = None,
    rows: int | None = None,
) -> PrinterSetup:
    """This desk's saved setup for ``paper`` (:func:`saved_setup`); explicit values win."""
    saved = saved_setup(ledger.local_setting, paper)
    x, y, saved_rows, warnings = saved.x, saved.y, saved.rows, saved.warnings
    x = x if offset_x is None else offset_x
    y = y if offset_y is None else offset_y
    for value in (x, y):
        if abs(value) > 30:
            raise ValidationError(
                "bad_offset",
                f"打印偏移 {value} 毫米太大（最多 ±30 毫米）。",
                f"Printer offset {value} mm is too large (at most ±30 mm).",
            )
    wanted = rows if rows is not None else saved_rows
    if wanted is not None and paper.continuous:
        if wanted < 1:
            raise ValidationError("bad_rows", "每页行数至少为 1。", "Rows per page must be >= 1.")
        paper = paper.with_rows_per_page(wanted)
    return PrinterSetup(paper, Offset(x, y), warnings)


@contextmanager
def _atomic(path: Path) -> Iterator[BinaryIO]:
    """A temporary file next to ``path`` that replaces it only when complete."""
    folder = path.parent
    if not folder.is_dir():
        raise PrintError(
            "no_folder",
            f"保存位置不存在：{folder}",
            f"The folder does not exist: {folder}",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=".zf-print-", suffix=".pdf", dir=folder)
    except OSError as exc:
        raise PrintError(
            "not_writable", f"无法写入 {folder}：{exc.strerror}", f"Cannot write to {folder}."
        ) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_bytes(
    doc: PrintDocument, setup: PrinterSetup, hidden: Sequence[str] = ()
) -> tuple[bytes, RenderResult]:
    """Render to memory; font problems become a readable PrintError."""
    buf = io.BytesIO()
    try:
        result = render_pdf(doc, buf, setup.paper, setup.offset, hidden)
    except FontMissingError as exc:
        raise PrintError("font_missing", str(exc), str(exc)) from exc
    result.warnings = list(setup.warnings) + result.warnings
    return buf.getvalue(), result


def write_pdf(
    doc: PrintDocument, out: Path, setup: PrinterSetup, hidden: Sequence[str] = ()
) -> RenderResult:
    """Render ``doc`` into ``out`` atomically."""
    data, result = render_bytes(doc, setup, hidden)
    with _atomic(out) as fh:
        fh.write(data)
    return result


def laid_out(
    session: Session,
    kind: str,
    data: PrintDocument,
    setup: PrinterSetup,
    layout: str | None = None,
) -> tuple[PrintDocument, PrinterSetup]:
    """``data`` and ``setup`` as the saved layout of ``kind`` on this paper prints them
    (``layout``: its name; the 默认 one, or the built-in default, when not given)."""
    from desktop.services.print_layouts import get_layout

    chosen = get_layout(session, kind, setup.paper.key, layout)
    doc, paper = apply_layout(data, chosen, setup.paper)
    return doc, PrinterSetup(paper, setup.offset, setup.warnings)


@dataclass
class DocumentPrint:
    """What one document print did."""

    number: str
    path: Path
    pages: int
    print_count: int  # including this print (0 when not recorded)
    reprint: bool
    warnings: list[str] = field(default_factory=list)


def print_document(
    ledger: Ledger,
    number: str | uuid.UUID,
    out: Path,
    setup: PrinterSetup | None = None,
    *,
    prices: bool = True,
    hidden: Sequence[str] = (),
    record: bool = True,
    layout: str | None = None,
) -> DocumentPrint:
    """Print one document to ``out`` with its saved layout (``layout``: another one, by
    name); then count the print (``record=False``: a preview)."""
    from desktop.services.documents import get_document

    setup = setup or PrinterSetup(A4_PORTRAIT, Offset())
    with ledger.read() as session:
        doc = get_document(session, number)
        doc_id, doc_number, before = doc.id, doc.number, doc.print_count
        data = build_for(session, doc, prices=prices, reprint_count=before, paper=setup.paper)
        data, setup = laid_out(session, doc.kind, data, setup, layout)
    result = write_pdf(data, out, setup, hidden)
    count = before
    if record:
        with ledger.unit() as uow:
            record_in_unit(uow, doc_id, print_args(doc_id, doc_number))
        count = before + 1
    return DocumentPrint(doc_number, out, result.pages, count, before > 0, result.warnings)


@dataclass
class StatementPrint:
    party_code: str
    party_name: str
    path: Path
    pages: int
    opening: Decimal
    closing: Decimal
    lines: int
    warnings: list[str] = field(default_factory=list)


def print_statement(
    ledger: Ledger,
    party: str | uuid.UUID,
    date_from: date,
    date_to: date,
    out: Path,
    setup: PrinterSetup | None = None,
    account: str | None = None,
    layout: str | None = None,
) -> StatementPrint:
    setup = setup or PrinterSetup(A4_PORTRAIT, Offset())
    with ledger.read() as session:
        st, data = build_statement(session, party, date_from, date_to, account)
        data, setup = laid_out(session, STATEMENT, data, setup, layout)
    result = write_pdf(data, out, setup)
    return StatementPrint(
        st.party_code,
        st.party_name,
        out,
        result.pages,
        st.opening,
        st.closing,
        len(st.lines),
        result.warnings,
    )


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def statement_filename(party: Party, date_from: date, date_to: date) -> str:
    """对账单_C0001_张三五金_20261101-20261130.pdf (safe on Windows too)."""
    name = _UNSAFE.sub("_", party.name).strip(" ._")[:40] or "party"
    code = _UNSAFE.sub("_", party.code).strip(" ._") or "X"
    return f"对账单_{code}_{name}_{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf"


@dataclass
class BatchResult:
    """Statements written by a batch: one file each plus the combined file."""

    files: list[StatementPrint] = field(default_factory=list)
    combined: Path | None = None
    combined_pages: int = 0
    cancelled: bool = False
    workbook: Path | None = None  # the Excel statements, when asked for too

    @property
    def count(self) -> int:
        return len(self.files)


def print_statements(
    ledger: Ledger,
    date_from: date,
    date_to: date,
    out_dir: Path,
    setup: PrinterSetup | None = None,
    *,
    account: str = Account.AR,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    layout: str | None = None,
) -> BatchResult:
    """A statement for every party with a balance (or activity) in the period.

    Each goes to its own PDF in ``out_dir``, and all of them, in code order with
    a bookmark per party, into ``对账单汇总_<from>-<to>.pdf``. Cancelling
    removes what this run wrote and returns ``cancelled=True``.
    """
    from desktop.services.firm import get_firm
    from desktop.services.statements import parties_with_balance, statement

    setup = setup or PrinterSetup(A4_PORTRAIT, Offset())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrintError(
            "not_writable", f"无法创建文件夹 {out_dir}：{exc.strerror}", f"Cannot create {out_dir}."
        ) from exc
    result = BatchResult()
    combined = out_dir / f"对账单汇总_{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf"
    with ledger.read() as session:
        firm = get_firm(session)
        parties = parties_with_balance(session, date_from, date_to, account)
        total = len(parties)
        if progress:
            progress(0, total)
        if not parties:
            return result
        try:
            with _atomic(combined) as fh:
                from desktop.printing.pdfmerge import PdfCombiner  # pypdf: batches only

                joiner = PdfCombiner(fh, f"对账单 {date_from} 至 {date_to}")
                for done, party in enumerate(parties, start=1):
                    if cancel and cancel():
                        raise _Cancelled
                    st = statement(session, party, date_from, date_to, account)
                    doc, laid = laid_out(
                        session, STATEMENT, print_statement_data(firm, party, st), setup, layout
                    )
                    data, rendered = render_bytes(doc, laid)
                    path = out_dir / statement_filename(party, date_from, date_to)
                    with _atomic(path) as one:
                        one.write(data)
                    result.files.append(
                        StatementPrint(
                            party.code,
                            party.name,
                            path,
                            rendered.pages,
                            st.opening,
                            st.closing,
                            len(st.lines),
                            rendered.warnings,
                        )
                    )
                    joiner.add(data, f"{party.code} {party.name}")
                    session.expunge_all()  # keep memory flat over hundreds of parties
                    session.add(firm)
                    if progress:
                        progress(done, total)
                joiner.close()
                result.combined_pages = joiner.page_count
        except _Cancelled:
            for f in result.files:
                f.path.unlink(missing_ok=True)
            return BatchResult(cancelled=True)
    result.combined = combined
    return result


class _Cancelled(Exception):
    pass
