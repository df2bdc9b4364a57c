"""What every import kind provides, and the options an import runs with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.importing.rows import FieldSpec, Issue, Row
from desktop.models import DocKind, DocStatus, Document, FlowName, Party, Product
from desktop.money import PRICE, line_amounts
from desktop.services import validate as v
from desktop.services.uow import UnitOfWork


@dataclass
class ImportOptions:
    """Choices the user makes for one import (the defaults are the safe ones)."""

    #: date of opening balances / opening stock (期初); default: today
    opening_date: date | None = None
    #: history: write stock moves for imported sales/purchase lines
    move_stock: bool = False
    #: history: post receivables/payables for imported bills (else they are closed records)
    post_balances: bool = False
    #: history and opening balances/stock: create the customers, suppliers and products the
    #: file names but the ledger lacks (else such rows are errors); None: yes in a ledger
    #: that has none of them yet (``import_context``)
    create_missing: bool | None = False
    #: rows that look like an existing record (near-duplicate names) are skipped, not created
    skip_near_duplicates: bool = False
    #: payments: a FlowName, sales (收款) or purchase (付款); None: by the party's role
    flow: str | None = None
    #: fapiao: a FapiaoDirection, out (issued by us) or in (received); None: by the party's role
    direction: str | None = None
    #: sales history: book lines without a customer to the walk-in customer 散客; None:
    #: when the file names no customer, or one on at least half its lines
    #: (``history_rules.walk_in_wanted``)
    walk_in: bool | None = None
    #: how ambiguous text dates (05-06-23) read: a ``values.DateOrder``; None: settled
    #: from the whole column when it can be (``date_order.settle``)
    date_order: str | None = None
    #: payments: apply receipts to the oldest open bills
    auto_allocate: bool = True
    #: the owner's approval (``services.owner.OwnerApproval``) for what only the owner may
    #: change, such as raising credit limits; None: such a file is refused when a password
    #: is set
    owner: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.opening_date is not None:  # the services' date rule, before any row is read
            v.date_value(self.opening_date, "期初日期", "The opening date")

    def on(self) -> date:
        return self.opening_date or date.today()


@dataclass
class Context:
    """What a kind's evaluate and apply steps share within one import."""

    options: ImportOptions
    file_label: str = ""
    batch_id: uuid.UUID | None = None
    default_tax_rate: Decimal = Decimal("0.13")
    state: dict[str, Any] = field(default_factory=dict)


#: the option as the window's box and every message that points to it name it
CREATE_MISSING_ZH = "自动建立账本里没有的客户、供应商和商品"
CREATE_MISSING_EN = "Create the customers, suppliers and products the ledger lacks"


def ledger_is_new(session: Session) -> bool:
    """No customer, supplier or product in the ledger yet: whatever a file names can only
    be created (the rule behind ``create_missing=None`` and the window's first choice)."""
    return (
        session.scalar(select(Party.id).limit(1)) is None
        and session.scalar(select(Product.id).limit(1)) is None
    )


#: the kinds whose rows may name records to create (``ImportOptions.create_missing``)
CREATING_KINDS = frozenset(
    {"sales_history", "purchase_history", "opening_balance", "opening_stock"}
)


def import_context(
    options: ImportOptions, kind: str, file_label: str, default_rate: Decimal, session: Session
) -> Context:
    """An import's context, the choices left to the rules made: ``create_missing`` None is
    yes in a new ledger (:func:`ledger_is_new`) for a kind that creates records, and the
    report then says so once."""
    ctx = Context(options, file_label, None, default_rate)
    if options.create_missing is None:
        new = kind in CREATING_KINDS and ledger_is_new(session)
        ctx.options = replace(options, create_missing=new)
        if new:
            ctx.state["notes"] = [
                Issue(
                    "账本里还没有客户、供应商和商品：文件里的都会新建"
                    f"（不要新建请取消“{CREATE_MISSING_ZH}”，命令行 --no-create-missing）。",
                    "The ledger has no customers, suppliers or products yet: those the file "
                    f"names are created (to refuse them, untick '{CREATE_MISSING_EN}'; "
                    "--no-create-missing).",
                )
            ]
    return ctx


def stock_line_fits(row: Row, qty: Decimal, cost: Decimal) -> bool:
    """Whether opening stock of ``qty`` base units at ``cost`` is a line the services store
    (``validate.line_fits``, as ``opening_stock`` checks it); else the row fails, saying why."""
    try:
        v.fits(cost, PRICE, "成本单价", "Unit cost")
        v.line_fits(qty, line_amounts(qty, cost, Decimal(0)).total, "", "")
    except ValidationError as exc:
        row.fail(exc.zh, exc.en, None, "qty")
        return False
    return True


class Handler(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def fields(self) -> tuple[FieldSpec, ...]: ...

    @property
    def extra_synonyms(self) -> dict[str, list[str]]:
        """Headers this kind understands beyond the shared synonym table."""

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        """Set each valid row's outcome (and what it will change); never writes."""

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        """Write the new and updated rows through the ledger services, in ``uow``."""


class RowFailed(Exception):
    """A row the services refused while applying: the whole import is rolled back."""

    def __init__(self, row: Row) -> None:
        super().__init__(row.reason("en"))
        self.row = row


OPENING_REF = "期初"


def opening_amount(session: Session, party_id: uuid.UUID, flow: str) -> Decimal | None:
    """The opening balance already booked for a party (signed), None when there is none."""
    bill, pay = (
        (DocKind.SALES_BILL, DocKind.RECEIPT)
        if flow == FlowName.SALES
        else (DocKind.SUPPLIER_BILL, DocKind.PAYMENT)
    )
    rows = session.execute(
        select(Document.kind, Document.total).where(
            Document.party_id == party_id,
            Document.reference == OPENING_REF,
            Document.kind.in_((bill, pay)),
            Document.status == DocStatus.POSTED,
            Document.reverses_id.is_(None),
        )
    ).all()
    if not rows:
        return None
    return sum((t if k == bill else -t for k, t in rows), Decimal(0))


def opening_stock_qty(session: Session, product_id: uuid.UUID) -> Decimal | None:
    """The opening stock already booked for a product, None when there is none."""
    from desktop.models import DocumentLine

    rows = session.execute(
        select(DocumentLine.qty, DocumentLine.unit_factor)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            DocumentLine.product_id == product_id,
            Document.kind == DocKind.STOCKTAKE,
            Document.reference == OPENING_REF,
            Document.status == DocStatus.POSTED,
            Document.reverses_id.is_(None),  # a reversal (an undone import) is no opening
        )
    ).all()
    if not rows:
        return None
    return sum((q * f for q, f in rows), Decimal(0))


def text_or_empty(value: Any) -> str:
    return "" if value is None else str(value)
