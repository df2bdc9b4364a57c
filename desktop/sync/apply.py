"""Applying changes made at other desks, through the same services a desk runs.

Two directions (docs/sync.md):

- :func:`apply_mutations` — on the server: a desk's pushed mutations to the firm's ledger.
  Each in its own transaction, with an ``applied_mutation`` row saying what came of it, so
  the ledger itself records what it applied: a retry gets the stored answer, nothing is
  applied twice, and a refused change is recorded as refused and never blocks the ones
  behind it.
- :func:`apply_changes` — on a desk: one page of the server's change log, and the new
  cursor, in one local transaction.

Either way the change is applied by :func:`desktop.sync.intents.apply_intent` with the
unit of work in ``remote`` mode: nothing is queued for sync again, and what a single desk
would refuse for the state of this copy (stock sold below zero, credit used up meanwhile,
a name taken meanwhile) stands as the desk made it and is noted for a person
(:class:`~desktop.models.SyncProblem`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.codes import ProblemKind
from desktop.errors import DomainError
from desktop.models import (
    AppliedMutation,
    Document,
    LocalSetting,
    Party,
    Product,
    StockBalance,
    SyncProblem,
)
from desktop.services import parties, products
from desktop.services.ledger import Ledger
from desktop.services.serialize import jsonable
from desktop.services.uow import ReplayMismatch, UnitOfWork
from desktop.sync.intents import apply_intent
from desktop.sync.protocol import Mutation, MutationResult, ResultStatus

#: master-data updates: field by field, the last to reach the server wins, and every desk
#: applies the server's resulting values in the log's order (its own changes too), so all
#: copies end with the same values whatever order they made them in
MASTER_UPDATES = frozenset({"party.update", "product.update", "firm.update", "person.update"})
#: fields where a change made on a base another desk changed meanwhile is a conflict for a
#: person, not a silent overwrite
SENSITIVE: dict[str, dict[str, tuple[str, str]]] = {
    "party.update": {
        "credit_limit": ("信用额度", "credit limit"),
        "invoice_tax_id": ("税号", "tax id"),
    },
    "product.update": {
        "retail_price": ("零售价", "retail price"),
        "cost_price": ("成本价", "cost price"),
        "tiers": ("批量价", "quantity prices"),
        "levels": ("等级价", "level prices"),
    },
}
#: changes that set a whole record (a print layout): every desk applies them in the log's
#: order, its own too, so the last to reach the server wins everywhere
WHOLE_REPLACES = frozenset({"print_layout.save", "print_layout.reset"})
#: an intent's bookkeeping, not values it sets
_BOOKKEEPING = frozenset({"id", "made", "owner", "base_version", "before"})
#: the local setting holding the last change-log position this desk applied
CURSOR_SETTING = "sync_cursor"


# --- server side ------------------------------------------------------------------------------


def apply_mutations(
    ledger: Ledger, desk: str, mutations: Iterable[Mutation]
) -> list[MutationResult]:
    """Apply ``desk``'s mutations, in order, to ``ledger``; one result per mutation.

    A database that cannot be written (locked, full) raises: the push fails whole and the
    desk retries it later, and what was applied before stays applied (and answers as such).
    """
    return [_apply_one(ledger, desk, m) for m in mutations]


def _apply_one(ledger: Ledger, desk: str, m: Mutation) -> MutationResult:
    key = uuid.UUID(m.id)
    with ledger.read() as session:
        seen = session.get(AppliedMutation, key)
        if seen is not None:
            return _answer(seen, m)
    try:
        with ledger.unit() as uow:
            seen = uow.session.get(AppliedMutation, key)  # another process, meanwhile
            if seen is not None:
                return _answer(seen, m)
            uow.actor, uow.desk, uow.remote = m.actor or desk, desk, True
            args, conflicts = _merged(uow.session, m.intent, m.args)
            apply_intent(uow, m.intent, args)
            data: dict[str, Any] = {}
            if m.intent in MASTER_UPDATES:
                data["values"] = jsonable(_values(args))
                version = _version(uow.session, m.intent, args)
                if version is not None:
                    data["version"] = version
            balances = _balances(uow)
            if balances:
                data["balances"] = balances
            problems = [*conflicts, *uow.problems, *_future_dated(uow, args)]
            if problems:
                data["problems"] = _store_problems(uow.session, problems, key, desk)
            uow.session.add(_applied(m, desk, ResultStatus.APPLIED, data=data))
        return MutationResult(m.id, ResultStatus.APPLIED, data=data)
    except OperationalError:
        raise
    except Exception as exc:  # a refused change is recorded and the queue moves on
        zh, en = _reasons(exc)
    return _reject(ledger, desk, m, key, zh, en)


def _reject(
    ledger: Ledger, desk: str, m: Mutation, key: uuid.UUID, zh: str, en: str
) -> MutationResult:
    with ledger.unit() as uow:
        seen = uow.session.get(AppliedMutation, key)
        if seen is not None:
            return _answer(seen, m)
        uow.session.add(_applied(m, desk, ResultStatus.REJECTED, reason=en, reason_zh=zh))
    return MutationResult(m.id, ResultStatus.REJECTED, reason=en, data={"reason_zh": zh})


def _applied(m: Mutation, desk: str, status: str, **what: Any) -> AppliedMutation:
    """The ledger's record of what came of mutation ``m`` from ``desk``."""
    return AppliedMutation(
        id=uuid.UUID(m.id), desk=desk, desk_seq=m.seq, hash=m.hash, status=status, **what
    )


class KeptAnswer(Protocol):
    """What was kept of a mutation's outcome: the ledger's ``applied_mutation`` row, or the
    server's own record of the answer it gave."""

    hash: str
    status: str
    reason: str
    reason_zh: str
    data: Any


def answer_again(seen: KeptAnswer, mutation_id: str, body_hash: str) -> MutationResult:
    """A mutation applied (or refused) before: the same answer, or "diverged" when the
    same id now comes with another body (a copied or tampered ledger). The one rule for
    the ledger and for the server's kept answers."""
    if seen.hash and seen.hash != body_hash:
        return MutationResult(
            mutation_id,
            ResultStatus.DIVERGED,
            reason="This change id was used before for a different change.",
            data={"reason_zh": "这个修改编号以前用于另一项修改。"},
        )
    if seen.status == ResultStatus.REJECTED:
        return MutationResult(
            mutation_id,
            ResultStatus.REJECTED,
            reason=seen.reason,
            data={"reason_zh": seen.reason_zh},
        )
    return MutationResult(mutation_id, ResultStatus.DUPLICATE, data=dict(seen.data or {}))


def _answer(seen: AppliedMutation, m: Mutation) -> MutationResult:
    return answer_again(seen, m.id, m.hash)


def reasons(exc: Exception) -> tuple[str, str]:
    """Why a change could not be applied, in Chinese and English, for a person."""
    return _reasons(exc)


def _reasons(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, DomainError):
        return exc.message("zh"), exc.message("en")
    if isinstance(exc, ReplayMismatch):
        return (
            f"这项修改与总账不一致，未能应用：{exc}",
            f"This change does not fit the firm's ledger and was not applied: {exc}",
        )
    return (
        f"这项修改无法应用（{type(exc).__name__}）。",
        f"This change could not be applied ({type(exc).__name__}: {exc}).",
    )


def _merged(
    session: Session, intent: str, args: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``args`` less each sensitive field another desk changed since this desk read it
    (the value here no longer equals the ``before`` it saw): those stay as they are here and
    each is a conflict for a person. Other fields: the last to arrive wins."""
    fields = SENSITIVE.get(intent)
    before = args.get("before")
    if not fields or not isinstance(before, dict):
        return args, []
    ident = uuid.UUID(str(args["id"]))
    if intent == "party.update":
        party = session.get(Party, ident)
        now = parties.field_values(party, fields) if party else {}
        label = f"{party.code} {party.name}" if party else ""
    else:
        product = session.get(Product, ident)
        now = products.field_values(product, fields) if product else {}
        label = f"{product.code} {product.name}" if product else ""
    kept = dict(args)
    conflicts = []
    for name, (label_zh, label_en) in fields.items():
        if name not in args or name not in before or name not in now:
            continue
        theirs, wanted = now[name], jsonable(args[name])
        if theirs != before[name] and theirs != wanted:
            if name in ("tiers", "levels"):
                kept[name] = None  # left as they are (see ``intents._product_values``)
            else:
                kept.pop(name)
            conflicts.append(
                {
                    "kind": ProblemKind.CONFLICT,
                    "message_zh": f"{label}：{label_zh}已被另一台电脑改为 {_shown(theirs)}，"
                    f"本次改为 {_shown(wanted)} 未采用，请决定取哪一个。",
                    "message_en": f"{label}: the {label_en} was changed to {_shown(theirs)} at "
                    f"another desk; this change to {_shown(wanted)} was not taken. Decide "
                    "which is right.",
                    "entity": intent.split(".")[0],
                    "entity_id": str(ident),
                    "data": {
                        "field": name,
                        "kept": theirs,
                        "offered": wanted,
                        "before": before[name],
                    },
                }
            )
    return kept, conflicts


#: how far after the server's today a document may be dated before a person hears of it
#: (a desk a time zone ahead is fine; one whose clock is days off is not)
FUTURE_SLACK = timedelta(days=1)


def _future_dated(uow: UnitOfWork, args: dict[str, Any]) -> list[dict[str, Any]]:
    """Documents this change made dated after the server's today: the change stands (the
    server's sequence orders changes, never a desk's clock), and a person checks the date."""
    made = [uuid.UUID(ident) for table, ident, _ in args.get("made") or [] if table == "document"]
    if not made:
        return []
    limit = date.today() + FUTURE_SLACK
    found = uow.session.scalars(
        select(Document).where(Document.id.in_(made), Document.doc_date > limit)
    )
    return [
        {
            "kind": ProblemKind.FUTURE_DATE,
            "message_zh": f"{doc.number} 的日期 {doc.doc_date} 在未来，请核对开单电脑的日期。",
            "message_en": f"{doc.number} is dated {doc.doc_date}, in the future: check the "
            "date on the computer that made it.",
            "entity": "document",
            "entity_id": str(doc.id),
            "data": {"document": doc.number, "date": doc.doc_date.isoformat()},
        }
        for doc in found
    ]


def _balances(uow: UnitOfWork) -> list[list[str | None]]:
    """The stock positions this change moved, as they stand here after it: every desk
    takes them, so the firm's stock value and average costs are the server's everywhere
    (the order two desks' offline sales reached the server in decides the costs)."""
    touched = uow.changes.touched.get("stock_balance") or set()
    if not touched:
        return []
    uow.session.flush()
    rows = uow.session.scalars(select(StockBalance).where(StockBalance.product_id.in_(touched)))
    return [
        [str(row.product_id), str(row.qty), str(row.value), _text(row.avg_cost)]
        for row in sorted(rows, key=lambda row: row.product_id)
    ]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _take_balances(session: Session, result: dict[str, Any]) -> None:
    """Stock positions as the server has them after the change, where this copy holds the
    same quantity (a sale saved here since the last push will come back with its own)."""
    for ident, qty, value, avg in result.get("balances") or []:
        row = session.get(StockBalance, uuid.UUID(str(ident)))
        if row is None or row.qty != Decimal(str(qty)):
            continue
        row.value = Decimal(str(value))
        row.avg_cost = None if avg is None else Decimal(str(avg))


#: the master-data records that carry a version, by their update intent
_VERSIONED: dict[str, type[Party] | type[Product]] = {
    "party.update": Party,
    "product.update": Product,
}


def _version(session: Session, intent: str, args: dict[str, Any]) -> int | None:
    """The record's version after an update here (every copy ends with the server's)."""
    model = _VERSIONED.get(intent)
    if model is None or "id" not in args:
        return None
    row = session.get(model, uuid.UUID(str(args["id"])))
    return getattr(row, "version", None)


def _shown(value: Any) -> str:
    """A field's value as a person reads it in a conflict (no limit, no tax id: 空)."""
    if value in (None, ""):
        return "（空）"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _values(args: dict[str, Any]) -> dict[str, Any]:
    """The values an update sets (what every desk applies), without its bookkeeping."""
    return {k: v for k, v in args.items() if k not in _BOOKKEEPING}


def _store_problems(
    session: Session, problems: list[dict[str, Any]], mutation: uuid.UUID, desk: str
) -> list[dict[str, Any]]:
    """Keep the problems in this ledger; returns them as they travel to the desks."""
    kept = []
    for item in problems:
        row = SyncProblem(
            kind=str(item["kind"]),
            mutation_id=mutation,
            desk=desk,
            entity=item.get("entity", ""),
            entity_id=item.get("entity_id", ""),
            message_zh=item["message_zh"],
            message_en=item["message_en"],
            data=jsonable(item.get("data") or {}),
        )
        session.add(row)
        session.flush()
        kept.append({**jsonable(item), "kind": str(item["kind"]), "id": str(row.id)})
    return kept


# --- desk side --------------------------------------------------------------------------------


def sync_cursor(ledger: Ledger) -> int:
    """The change-log position this desk has applied up to (0: nothing yet)."""
    return int(ledger.local_setting(CURSOR_SETTING) or 0)


def apply_changes(ledger: Ledger, changes: list[dict[str, Any]], own_desk: str, cursor: int) -> int:
    """Apply one pulled page of the server's change log and store ``cursor``, together.

    Changes made at other desks are applied as they were made there; this desk's own are
    already here, except master-data updates, which every desk applies in the log's order
    as the server's resulting values (so the last to reach the server wins everywhere).
    A change the server took that this copy cannot apply is kept out and noted as drift for
    a person; it never stops the page. Returns how many changes were applied.
    """
    applied = 0
    keys = [uuid.UUID(str(change["id"])) for change in changes]
    with ledger.unit() as uow:
        session = uow.session
        uow.remote = True
        # one query for the page, not one (after an autoflush) per change
        seen = set(session.scalars(select(AppliedMutation.id).where(AppliedMutation.id.in_(keys))))
        for change, key in zip(changes, keys, strict=True):
            if key in seen:
                continue
            seen.add(key)
            if _apply_change(uow, change, own_desk, key):
                applied += 1
            session.add(
                AppliedMutation(
                    id=key,
                    desk=str(change.get("desk", "")),
                    desk_seq=0,
                    hash="",
                    status=ResultStatus.APPLIED,
                    data={"seq": change.get("seq")},
                )
            )
        session.merge(LocalSetting(key=CURSOR_SETTING, value=str(int(cursor))))
        uow.touch("local_setting")
    return applied


def _apply_change(uow: UnitOfWork, change: dict[str, Any], own_desk: str, key: uuid.UUID) -> bool:
    intent = str(change["intent"])
    args: dict[str, Any] = dict(change.get("args") or {})
    result: dict[str, Any] = dict(change.get("result") or {})
    desk = str(change.get("desk", ""))
    if intent in MASTER_UPDATES and "values" in result:
        args = {**({"id": args["id"]} if "id" in args else {}), **result["values"], "made": []}
    elif desk == own_desk and intent not in WHOLE_REPLACES:
        _take_balances(uow.session, result)
        _take_problems(uow.session, result, key, desk)
        return False
    uow.actor, uow.desk, uow.problems = str(change.get("actor") or desk), desk, []
    try:
        with uow.session.begin_nested():
            apply_intent(uow, intent, args)
    except OperationalError:
        raise
    except Exception as exc:
        zh, en = _reasons(exc)
        _store_problems(
            uow.session,
            [
                {
                    "kind": ProblemKind.DRIFT,
                    "message_zh": f"另一台电脑（{desk}）的修改在本机无法应用：{zh}",
                    "message_en": f"A change made at desk {desk} cannot be applied here: {en}",
                    "entity": intent.split(".")[0],
                    "data": {"intent": intent},
                }
            ],
            key,
            desk,
        )
        return False
    model = _VERSIONED.get(intent)
    if model is not None and "version" in result and "id" in args:
        row = uow.session.get(model, uuid.UUID(str(args["id"])))
        if isinstance(row, Party | Product):
            row.version = int(result["version"])
    _take_balances(uow.session, result)
    _take_problems(uow.session, result, key, desk)
    return True


def _take_problems(
    session: Session, result: dict[str, Any], mutation: uuid.UUID, desk: str
) -> None:
    """The problems the server noted for this change, kept here under the same ids."""
    for item in result.get("problems") or []:
        ident = uuid.UUID(str(item["id"]))
        if session.get(SyncProblem, ident) is not None:
            continue
        session.add(
            SyncProblem(
                id=ident,
                kind=str(item["kind"]),
                mutation_id=mutation,
                desk=desk,
                entity=str(item.get("entity", "")),
                entity_id=str(item.get("entity_id", "")),
                message_zh=str(item.get("message_zh", "")),
                message_en=str(item.get("message_en", "")),
                data=item.get("data") or {},
            )
        )
