"""Customer and supplier statements (对账单) for a period, as plain data.

A statement is read-only and derived from the append-only entries: the opening
balance is the balance at the end of the day before ``date_from``, then every
entry of the period (bills, returns, receipts/payments, reversals, opening
balances) in date order with a running balance, and the closing balance, which
is by construction ``receivables.balance`` as of ``date_to``. Aging is as of
``date_to``. A party with a balance but no activity in the period still gets a
statement (opening = closing, no lines): statements are never dropped.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import ValidationError
from desktop.labels import KIND_ZH
from desktop.models import Account, Document, DocumentLine, Party, PartyEntry
from desktop.money import ZERO
from desktop.services.flow_kinds import FLOW_OF_KIND, entry_sign
from desktop.services.receivables import BUCKETS, balance, party_aging
from desktop.services.terms import describe

OPENING_REFERENCE = "期初"  # as desktop.services.opening marks opening balances


@dataclass(frozen=True)
class StatementLine:
    """One entry of the period: ``debit`` raises the balance, ``credit`` lowers it.

    A reversal (红冲) stays in the column of what it reverses, as a negative
    figure, the way a red entry is written in a paper ledger.
    """

    entry_date: date
    document_id: uuid.UUID
    number: str
    kind: str
    kind_label: str
    memo: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    due_date: date | None = None

    @property
    def amount(self) -> Decimal:
        return self.debit - self.credit


@dataclass
class Statement:
    """A party's account for ``date_from``..``date_to`` (both inclusive)."""

    party_id: uuid.UUID
    party_code: str
    party_name: str
    account: str  # an Account: AR (customer) or AP (supplier)
    date_from: date
    date_to: date
    opening: Decimal
    lines: list[StatementLine] = field(default_factory=list)
    aging: dict[str, Decimal] = field(default_factory=dict)
    unapplied: Decimal = ZERO  # credits not applied to a bill yet (预收/预付)
    max_overdue_days: int = 0
    terms: str = ""
    salesperson: str = ""

    @property
    def total_debit(self) -> Decimal:
        return sum((x.debit for x in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((x.credit for x in self.lines), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.total_debit - self.total_credit

    @property
    def overdue(self) -> Decimal:
        """Σ of the buckets past due."""
        return sum((v for k, v in self.aging.items() if k != BUCKETS[0][1]), ZERO)


def _check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ValidationError(
            "bad_period",
            f"对账期间不对：开始日期 {date_from} 晚于结束日期 {date_to}。",
            f"Bad period: {date_from} is after {date_to}.",
        )


def kind_label(doc: Document) -> str:
    """销售单, 收款单, 红冲销售单, 期初 ..."""
    base = KIND_ZH.get(doc.kind, doc.kind)
    if doc.reverses_id is not None:
        return f"红冲{base}"
    if not doc.lines and doc.reference == OPENING_REFERENCE:
        return OPENING_REFERENCE
    return base


def memo(doc: Document, sources: dict[uuid.UUID, str]) -> str:
    """A short description: goods of a bill, method of a payment, what a reversal undoes."""
    if doc.reverses_id is not None:
        return doc.notes or f"红冲 {sources.get(doc.reverses_id, '')}".strip()
    if not doc.lines and doc.reference == OPENING_REFERENCE:
        return doc.notes or "期初余额"
    parts: list[str] = []
    flow = FLOW_OF_KIND.get(doc.kind)
    if flow is not None and doc.kind == flow.ret and doc.source_id in sources:
        parts.append(f"原单 {sources[doc.source_id]}")
    if doc.lines:
        first = doc.lines[0].product
        name = f"{first.name} {first.spec}".strip() if first is not None else ""
        parts.append(f"{name} 等{len(doc.lines)}项" if len(doc.lines) > 1 else name)
    if flow is not None and doc.kind == flow.pay:
        parts += [p for p in (doc.method, doc.reference) if p]
        if not parts and doc.notes:
            parts.append(doc.notes)
    return "，".join(p for p in parts if p)


def statement(
    session: Session,
    party: Party | uuid.UUID | str,
    date_from: date,
    date_to: date,
    account: str = Account.AR,
) -> Statement:
    """The statement of one party (a Party, its id, code or name) for the period."""
    _check_period(date_from, date_to)
    if not isinstance(party, Party):
        from desktop.services.parties import get_party

        party = get_party(session, party)
    opening = balance(session, party.id, account, date_from - timedelta(days=1))
    rows = session.execute(
        select(PartyEntry.document_id, PartyEntry.entry_date, PartyEntry.amount)
        .where(
            PartyEntry.party_id == party.id,
            PartyEntry.account == account,
            PartyEntry.entry_date >= date_from,
            PartyEntry.entry_date <= date_to,
        )
        .order_by(PartyEntry.entry_date, PartyEntry.created_at, PartyEntry.id)
    ).all()
    doc_ids = list({r[0] for r in rows})
    docs: dict[uuid.UUID, Document] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        query = (
            select(Document)
            .where(Document.id.in_(chunk))
            .options(selectinload(Document.lines).selectinload(DocumentLine.product))
        )
        docs.update({d.id: d for d in session.scalars(query)})
    refs = {i for d in docs.values() for i in (d.source_id, d.reverses_id) if i is not None}
    sources = _numbers(session, refs)
    result = Statement(
        party.id,
        party.code,
        party.name,
        account,
        date_from,
        date_to,
        opening,
        terms=describe(party),
        salesperson=party.salesperson,
    )
    running = opening
    for doc_id, on, amount in rows:  # date order, then as entered
        doc = docs[doc_id]
        running += amount
        debit, credit = (amount, ZERO) if amount > 0 else (ZERO, -amount)
        if doc.reverses_id is not None:  # 红冲: a negative figure in the original's column
            debit, credit = (amount, ZERO) if entry_sign(doc.kind) > 0 else (ZERO, -amount)
        result.lines.append(
            StatementLine(
                on,
                doc_id,
                doc.number,
                doc.kind,
                kind_label(doc),
                memo(doc, sources),
                debit,
                credit,
                running,
                doc.due_date,
            )
        )
    _age(session, result)
    return result


def _numbers(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(Document.id, Document.number).where(Document.id.in_(ids)))
    return {r[0]: r[1] for r in rows}


def _age(session: Session, st: Statement) -> None:
    """Aging buckets by days past due as of the end of the period (the aging report's
    own query, for this party)."""
    st.aging, st.unapplied, st.max_overdue_days = party_aging(
        session, st.party_id, st.account, st.date_to
    )


def parties_with_balance(
    session: Session, date_from: date, date_to: date, account: str = Account.AR
) -> list[Party]:
    """Parties due a statement: a balance at the end of the period, or activity in it.

    Ordered by code. A party that settled everything during the month still has
    movements to confirm, so it is included; one with neither is left out.
    """
    _check_period(date_from, date_to)
    closing = session.execute(
        select(PartyEntry.party_id, func.sum(PartyEntry.amount))
        .where(PartyEntry.account == account, PartyEntry.entry_date <= date_to)
        .group_by(PartyEntry.party_id)
    ).all()
    wanted: set[uuid.UUID] = {pid for pid, total in closing if total}
    active = session.scalars(
        select(PartyEntry.party_id)
        .where(
            PartyEntry.account == account,
            PartyEntry.entry_date >= date_from,
            PartyEntry.entry_date <= date_to,
        )
        .distinct()
    )
    wanted.update(active)
    parties: list[Party] = []
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        parties.extend(session.scalars(select(Party).where(Party.id.in_(ids[start : start + 500]))))
    return sorted(parties, key=lambda p: p.code)


def statements(
    session: Session, date_from: date, date_to: date, account: str = Account.AR
) -> list[Statement]:
    """Statements of every party with a balance or activity (see parties_with_balance)."""
    return [
        statement(session, p, date_from, date_to, account)
        for p in parties_with_balance(session, date_from, date_to, account)
    ]


def totals_by_kind(st: Statement) -> dict[str, Decimal]:
    """Σ of the period's entries per kind label (for summaries and checks)."""
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in st.lines:
        out[line.kind_label] += line.amount
    return dict(out)
