"""Statement tracking: each statement sent to a party, and the party's answer.

Why a record of its own: a statement is a claim on a date — "on 31 March you owed us
this" — and the owner needs to know who agreed to it and who did not. The closing is kept
as sent (the books may change after), and a dispute names the documents in question so
they can be looked at. Every change records an intent, so every desk sees the same list.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import Account
from desktop.errors import ValidationError, not_found
from desktop.models import Party, StatementRecord
from desktop.services import validate as v
from desktop.services.lifecycle import statement_step
from desktop.services.parties import get_party
from desktop.services.statements import statement
from desktop.services.uow import UnitOfWork, intent_entry

#: how a statement usually reaches the party; any other short word is kept as typed
VIA = {"print": "打印", "wechat": "微信", "email": "邮件", "fax": "传真", "post": "快递"}
SENT, CONFIRMED, DISPUTED = "sent", "confirmed", "disputed"


def _via(text: str) -> str:
    word = v.required_text(text, "寄送方式", "How it was sent", 20)
    return VIA.get(word.lower(), word)


@intent_entry
def track(
    uow: UnitOfWork,
    party: uuid.UUID | str,
    date_from: date,
    date_to: date,
    sent_on: date,
    via: str,
    account: str = Account.AR,
    closing: Decimal | None = None,
) -> StatementRecord:
    """Note that the statement of ``party`` for the period was sent on ``sent_on`` by
    ``via``. Its closing is the statement's (``closing`` is given only when a desk's
    record is applied again: the figure as it was sent)."""
    who = get_party(uow.session, party)
    v.date_value(sent_on, "寄送日期", "Date sent")
    if sent_on < date_from:
        raise ValidationError(
            "sent_before_period",
            "寄送日期早于对账期间。",
            "The statement cannot be sent before its period starts.",
        )
    how = _via(via)
    if closing is None:
        closing = statement(uow.session, who, date_from, date_to, account).closing
    ident, _ = uow.new_key(StatementRecord.__tablename__)
    row = StatementRecord(
        id=ident,
        party_id=who.id,
        account=str(account),
        period_from=date_from,
        period_to=date_to,
        closing=closing,
        sent_on=sent_on,
        sent_via=how,
        status=SENT,
        answered_by="",
        note="",
        disputed_lines=[],
    )
    uow.session.add(row)
    uow.session.flush()
    uow.record(
        "statement.track",
        {
            "party": who.id,
            "date_from": date_from,
            "date_to": date_to,
            "sent_on": sent_on,
            "via": how,
            "account": str(account),
            "closing": closing,
        },
    )
    return row


def latest(session: Session, party: uuid.UUID | str, account: str = Account.AR) -> StatementRecord:
    """The party's last statement sent (the one an answer is about unless told)."""
    who = get_party(session, party)
    row = session.scalar(
        select(StatementRecord)
        .where(StatementRecord.party_id == who.id, StatementRecord.account == str(account))
        .order_by(StatementRecord.period_to.desc(), StatementRecord.sent_on.desc())
        .limit(1)
    )
    if row is None:
        raise ValidationError(
            "no_statement_sent",
            f"还没有给 {who.name} 寄过对账单，请先登记寄出。",
            f"No statement was sent to {who.name} yet; record it as sent first.",
        )
    return row


def history(
    session: Session, party: uuid.UUID | str, account: str = Account.AR
) -> list[StatementRecord]:
    """Every statement sent to the party, the newest first (what the window lists)."""
    who = get_party(session, party)
    return list(
        session.scalars(
            select(StatementRecord)
            .where(StatementRecord.party_id == who.id, StatementRecord.account == str(account))
            .order_by(
                StatementRecord.period_to.desc(),
                StatementRecord.sent_on.desc(),
                StatementRecord.id.desc(),
            )
        )
    )


@dataclass(frozen=True)
class OnStatement:
    """A document on a statement, for the party to point at in a dispute."""

    number: str
    on: date
    kind: str  # a DocKind
    amount: Decimal


def lines_of(session: Session, record_id: uuid.UUID) -> list[OnStatement]:
    """The documents on the statement the record is about — the numbers ``dispute``
    accepts — each once, in the statement's order, with its amount on it."""
    row = session.get(StatementRecord, record_id)
    if row is None:
        raise not_found("对账单记录", "Statement record", record_id)
    found: dict[str, OnStatement] = {}
    for x in statement(session, row.party_id, row.period_from, row.period_to, row.account).lines:
        if not x.number:
            continue
        was = found.get(x.number)
        amount = x.debit - x.credit + (was.amount if was else Decimal(0))
        found[x.number] = OnStatement(x.number, was.on if was else x.entry_date, x.kind, amount)
    return list(found.values())


def _get(uow: UnitOfWork, record_id: uuid.UUID) -> StatementRecord:
    row = uow.session.get(StatementRecord, record_id)
    if row is None:
        raise not_found("对账单记录", "Statement record", record_id)
    return row


def _answer(uow: UnitOfWork, row: StatementRecord, action: str, on: date, by: str) -> None:
    party = uow.session.get(Party, row.party_id)
    row.status = statement_step(row.status, action, party.name if party else "")
    v.date_value(on, "回复日期", "Date answered")
    if on < row.sent_on:
        raise ValidationError(
            "answered_before_sent",
            f"回复日期 {on} 早于寄出日期 {row.sent_on}。",
            f"The answer ({on}) cannot come before the statement was sent ({row.sent_on}).",
        )
    row.answered_on = on
    row.answered_by = v.required_text(by, "对方确认人", "Who answered", 80)
    row.version += 1


@intent_entry
def confirm(uow: UnitOfWork, record_id: uuid.UUID, on: date, by: str) -> StatementRecord:
    """The party agreed with the statement (on ``on``, ``by`` whom on its side)."""
    row = _get(uow, record_id)
    _answer(uow, row, "confirm", on, by)
    uow.session.flush()
    uow.record("statement.confirm", {"id": row.id, "on": on, "by": by})
    return row


@intent_entry
def dispute(
    uow: UnitOfWork,
    record_id: uuid.UUID,
    on: date,
    by: str,
    note: str,
    lines: list[str] | None = None,
) -> StatementRecord:
    """The party disputes the statement: why (``note``) and which of its documents
    (numbers that must be on the statement)."""
    row = _get(uow, record_id)
    _answer(uow, row, "dispute", on, by)
    row.note = v.required_text(note, "异议说明", "What is disputed", 1000)
    wanted = list(dict.fromkeys(x.strip() for x in lines or [] if x.strip()))
    if wanted:
        on_it = {
            x.number
            for x in statement(
                uow.session, row.party_id, row.period_from, row.period_to, row.account
            ).lines
        }
        unknown = [x for x in wanted if x not in on_it]
        if unknown:
            raise ValidationError(
                "line_not_on_statement",
                f"单据 {'、'.join(unknown)} 不在这张对账单上。",
                f"Document(s) {', '.join(unknown)} are not on this statement.",
            )
    row.disputed_lines = wanted
    uow.session.flush()
    uow.record(
        "statement.dispute",
        {"id": row.id, "on": on, "by": by, "note": note, "lines": wanted},
    )
    return row


@dataclass(frozen=True)
class Pending:
    """A party whose last statement is not confirmed."""

    record: StatementRecord
    party_code: str
    party_name: str
    #: days since it was sent, as of the day asked
    waiting_days: int


def pending(
    session: Session, as_of: date | None = None, account: str = Account.AR
) -> list[Pending]:
    """Each party whose last statement (sent by ``as_of``) is unconfirmed or disputed —
    disputed first, then the longest waiting."""
    day = as_of or date.today()
    rows = session.execute(
        select(StatementRecord, Party.code, Party.name)
        .join(Party, Party.id == StatementRecord.party_id)
        .where(StatementRecord.account == str(account), StatementRecord.sent_on <= day)
        .order_by(StatementRecord.period_to, StatementRecord.sent_on, StatementRecord.id)
    ).all()
    last: dict[uuid.UUID, tuple[StatementRecord, str, str]] = {}
    for row, code, name in rows:
        last[row.party_id] = (row, code, name)
    out = [
        Pending(row, code, name, (day - row.sent_on).days)
        for row, code, name in last.values()
        if row.status != CONFIRMED
    ]
    out.sort(key=lambda p: (p.record.status != DISPUTED, -p.waiting_days, p.party_code))
    return out
