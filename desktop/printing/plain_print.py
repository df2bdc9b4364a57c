"""Printing one document without the ORM: ``zhangfang print NUMBER`` (issue 18, ≤ 1 s).

Loading SQLAlchemy and the models and configuring their mappers took about 0.8 s of a
1.4 s print, for four reads (the document with its party, its lines with their products,
the firm, the saved layout, this desk's printer settings) and one write. Here they go
through a plain ``sqlite3`` connection into small rows that carry the attributes the
builders read, so the same builders, layout rule (``layouts.pick_layout``), renderer and
print record (``services.print_record``) make the same PDF and leave the same rows.

It prints only what it can read plainly; otherwise :func:`print_plain` returns None and the
caller takes the full way (``jobs.print_document``), which also gives every refusal its
words: a ledger to upgrade, a name given with ``--as`` (signing in checks a password), a
receipt or payment (their copy reads allocations), a number not found.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop.actor import default_actor
from desktop.file_lock import OPEN_WAIT_SECONDS, LedgerLock, LockBusy
from desktop.money import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, RATE_SCALE, from_scaled
from desktop.printing.apply_layout import apply_layout
from desktop.printing.builders import LINE_KINDS, build_with
from desktop.printing.jobs import DocumentPrint, PrinterSetup, printer_setup, write_pdf
from desktop.printing.layouts import pick_layout
from desktop.printing.paper import Paper
from desktop.queries.db import schema_is_current, to_date, to_uuid
from desktop.services.print_record import record_plain
from desktop.sqlite_setup import set_write_pragmas


@dataclass(frozen=True)
class PlainProduct:
    code: str
    name: str
    spec: str


@dataclass(frozen=True)
class PlainLine:
    product: PlainProduct | None
    unit: str
    qty: Decimal
    unit_price: Decimal
    discount_rate: Decimal
    tax_rate: Decimal
    net_amount: Decimal
    tax_amount: Decimal
    total_amount: Decimal
    notes: str


@dataclass(frozen=True)
class PlainParty:
    name: str
    contact: str
    phone: str
    bill_to: str
    ship_to: str
    invoice_name: str
    invoice_tax_id: str
    invoice_address: str
    invoice_phone: str
    invoice_bank: str
    invoice_account: str
    terms_kind: str
    terms_days: int


@dataclass(frozen=True)
class PlainFirm:
    name: str
    legal_name: str
    tax_id: str
    address: str
    phone: str
    bank: str
    bank_account: str
    logo_path: str


@dataclass
class PlainDocument:
    id: uuid.UUID
    kind: str
    number: str
    status: str
    doc_date: date | None
    due_date: date | None
    source_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    salesperson: str
    prices_include_tax: bool
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    reference: str
    ship_to: str
    notes: str
    created_by: str
    print_count: int
    party: PlainParty | None
    #: the source document's number, read with it (the ORM's builder looks it up)
    source_number: str = ""
    lines: list[PlainLine] = field(default_factory=list)


_DOC = """
SELECT d.id, d.kind, d.number, d.status, d.doc_date, d.due_date, d.source_id, d.reverses_id,
       d.salesperson, d.prices_include_tax, d.net_total, d.tax_total, d.total, d.reference,
       d.ship_to, d.notes, d.created_by, d.print_count, s.number,
       p.id, p.name, p.contact, p.phone, p.bill_to, p.ship_to, p.invoice_name, p.invoice_tax_id,
       p.invoice_address, p.invoice_phone, p.invoice_bank, p.invoice_account, p.terms_kind,
       p.terms_days
FROM document d
LEFT JOIN party p ON p.id = d.party_id
LEFT JOIN document s ON s.id = d.source_id
WHERE d.number = ?
"""

_LINES = """
SELECT p.id, p.code, p.name, p.spec, l.unit, l.qty, l.unit_price, l.discount_rate, l.tax_rate,
       l.net_amount, l.tax_amount, l.total_amount, l.notes
FROM document_line l LEFT JOIN product p ON p.id = l.product_id
WHERE l.document_id = ? ORDER BY l.line_no
"""

_FIRM = """
SELECT name, legal_name, tax_id, address, phone, bank, bank_account, logo_path
FROM firm LIMIT 1
"""


def _money(value: int) -> Decimal:
    return from_scaled(value, MONEY_SCALE)


def read_document(conn: sqlite3.Connection, number: str) -> PlainDocument | None:
    """The document numbered ``number`` with its party, source number and lines."""
    row = conn.execute(_DOC, (number,)).fetchone()
    if row is None:
        return None
    party = None
    if row[19]:
        party = PlainParty(
            name=row[20],
            contact=row[21],
            phone=row[22],
            bill_to=row[23],
            ship_to=row[24],
            invoice_name=row[25],
            invoice_tax_id=row[26],
            invoice_address=row[27],
            invoice_phone=row[28],
            invoice_bank=row[29],
            invoice_account=row[30],
            terms_kind=row[31],
            terms_days=int(row[32] or 0),
        )
    doc = PlainDocument(
        id=uuid.UUID(row[0]),
        kind=row[1],
        number=row[2],
        status=row[3],
        doc_date=to_date(row[4]),
        due_date=to_date(row[5]),
        source_id=to_uuid(row[6]),
        reverses_id=to_uuid(row[7]),
        salesperson=row[8],
        prices_include_tax=bool(row[9]),
        net_total=_money(row[10]),
        tax_total=_money(row[11]),
        total=_money(row[12]),
        reference=row[13],
        ship_to=row[14],
        notes=row[15],
        created_by=row[16],
        print_count=int(row[17]),
        party=party,
        source_number=row[18] or "",
    )
    for r in conn.execute(_LINES, (row[0],)):
        product = PlainProduct(r[1], r[2], r[3]) if r[0] else None
        doc.lines.append(
            PlainLine(
                product,
                r[4],
                from_scaled(r[5], QTY_SCALE),
                from_scaled(r[6], PRICE_SCALE),
                from_scaled(r[7], RATE_SCALE),
                from_scaled(r[8], RATE_SCALE),
                _money(r[9]),
                _money(r[10]),
                _money(r[11]),
                r[12],
            )
        )
    return doc


def read_firm(conn: sqlite3.Connection) -> PlainFirm | None:
    row = conn.execute(_FIRM).fetchone()
    return PlainFirm(*row) if row is not None else None


class PlainSettings:
    """This desk's settings as ``jobs.printer_setup`` reads them (``local_setting``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def local_setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM local_setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def _saved_layout(conn: sqlite3.Connection) -> object:
    def saved(kind: str, paper: str, name: str) -> object:
        import json

        row = conn.execute(
            "SELECT body FROM print_layout WHERE kind = ? AND paper = ? AND name = ?",
            (kind, paper, name),
        ).fetchone()
        return json.loads(row[0]) if row is not None else None

    return saved


@contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection | None]:
    """The ledger held shared (as ``Ledger.open`` holds it) on a plain connection; None
    when it must be opened the full way (an upgrade due, or a restore under way)."""
    if not schema_is_current(path):
        yield None
        return
    taken = _take_shared(path)
    if taken is False:
        yield None
        return
    lock = taken if isinstance(taken, LedgerLock) else None
    try:
        with closing(sqlite3.connect(str(path), isolation_level=None)) as conn:
            set_write_pragmas(conn)
            yield conn
    finally:
        if lock is not None:
            lock.release()


def _take_shared(path: Path) -> LedgerLock | bool | None:
    """The shared lock (None: no lock file possible, a read-only folder, where nothing can
    replace the ledger either); False while another program restores or upgrades it."""
    lock = LedgerLock(path)
    try:
        lock.acquire("shared", OPEN_WAIT_SECONDS)
    except LockBusy:
        lock.release()
        return False
    except OSError:
        lock.release()
        return None
    return lock


def print_plain(
    path: Path,
    number: str,
    out: Path,
    paper: Paper,
    offset: tuple[float | None, float | None] = (None, None),
    rows: int | None = None,
    *,
    prices: bool = True,
    hidden: Sequence[str] = (),
    layout: str | None = None,
    actor: str | None = None,
) -> tuple[DocumentPrint, PrinterSetup] | None:
    """Print ``number`` to ``out`` and count the print, as ``jobs.print_document`` does;
    None (nothing written) when it must be printed the full way."""
    with _opened(path) as conn:
        if conn is None:
            return None
        doc = read_document(conn, number)
        firm = read_firm(conn)
        if doc is None or firm is None or doc.kind not in LINE_KINDS:
            return None
        setup = printer_setup(PlainSettings(conn), paper, offset[0], offset[1], rows)
        before = doc.print_count
        data = build_with(firm, doc, prices=prices, reprint_count=before, paper=setup.paper)  # type: ignore[arg-type]
        chosen = pick_layout(doc.kind, setup.paper.key, layout, _saved_layout(conn))  # type: ignore[arg-type]
        laid, laid_paper = apply_layout(data, chosen, setup.paper)
        setup = PrinterSetup(laid_paper, setup.offset, setup.warnings)
        result = write_pdf(laid, out, setup, hidden)
        try:
            count = record_plain(conn, doc.id, doc.number, actor or default_actor())
        except sqlite3.OperationalError:  # another desk kept saving: wait the full way
            count = _record_full(path, doc.id, doc.number)
    done = DocumentPrint(doc.number, out, result.pages, count, before > 0, result.warnings)
    return done, setup


def _record_full(path: Path, doc_id: uuid.UUID, number: str) -> int:
    """Count the print through the unit of work, which waits for a busy ledger and says so."""
    from desktop.services.ledger import Ledger
    from desktop.services.print_record import print_args, record_in_unit

    ledger = Ledger.open(path)
    try:
        with ledger.unit() as uow:
            record_in_unit(uow, doc_id, print_args(doc_id, number))
        with ledger.read() as session:
            from desktop.services.documents import get_document

            return int(get_document(session, doc_id).print_count)
    finally:
        ledger.close()
