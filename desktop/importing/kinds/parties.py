"""Customers and suppliers (with their 期初应收/期初应付) from a list.

Matching: code, then tax id, then name, each only when it fits one party; the first row
for a party wins and the others are reported on their own rows (``claims``); a code, a tax
id and a name each belong to one party. Blank cells never clear what the ledger holds: a
file only adds or changes. A party that is
already a customer and appears in a supplier list becomes both. Near-duplicate names are
created as new records but flagged (or skipped with ``skip_near_duplicates``); the message
tells the clerk to fill in the existing code when it is the same firm.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import DomainError, OwnerRequired
from desktop.importing.kinds.base import Context, RowFailed, opening_amount
from desktop.importing.kinds.claims import (
    Claims,
    Moved,
    ambiguous,
    by_strength,
    check_new,
    check_update,
    settle,
)
from desktop.importing.matching import HOW_ZH, Index, describe_near, normalize_code, party_index
from desktop.importing.rows import NEW, SKIPPED, UNCHANGED, UPDATE, FieldSpec, Issue, Row
from desktop.importing.summary import changes_note
from desktop.models import FlowName, Party
from desktop.money import fmt_money
from desktop.services import validate as v
from desktop.services.firm import get_firm
from desktop.services.parties import raises_limit, update_party
from desktop.services.uow import UnitOfWork

_COMMON = (
    FieldSpec("code", "code", "编码", "Code"),
    FieldSpec("name", "text", "名称", "Name", required=True),
    FieldSpec("short_name", "text", "简称", "Short name"),
    FieldSpec("contact", "text", "联系人", "Contact"),
    FieldSpec("phone", "code", "电话", "Phone"),
    FieldSpec("mobile", "code", "手机", "Mobile"),
    FieldSpec("fax", "code", "传真", "Fax"),
    FieldSpec("email", "text", "电子邮箱", "Email"),
    FieldSpec("address", "text", "地址", "Address"),
    FieldSpec("region", "text", "地区", "Region"),
    FieldSpec("postal_code", "code", "邮编", "Postal code"),
    FieldSpec("tax_id", "code", "纳税人识别号", "Tax ID"),
    FieldSpec("bank", "text", "开户行", "Bank"),
    FieldSpec("bank_account", "code", "银行账号", "Bank account"),
    FieldSpec("credit_limit", "money", "信用额度", "Credit limit"),
    FieldSpec("payment_terms_days", "terms", "账期", "Payment terms"),
    FieldSpec("tax_rate", "percent", "税率", "Tax rate"),
    FieldSpec("notes", "text", "备注", "Notes"),
)
_EXTRAS = (("email", "邮箱"), ("fax", "传真"), ("region", "地区"), ("postal_code", "邮编"))
_LABEL = {f.name: f.zh for f in _COMMON}


def _party_values(values: dict[str, Any]) -> dict[str, Any]:
    """Row values → Party fields; extras without a column of their own go into 备注."""
    out: dict[str, Any] = {}
    simple = {
        "code": "code",
        "name": "name",
        "short_name": "short_name",
        "contact": "contact",
        "address": "bill_to",
        "bank": "invoice_bank",
        "bank_account": "invoice_account",
        "credit_limit": "credit_limit",
    }
    for src, dst in simple.items():
        if values.get(src) not in (None, ""):
            out[dst] = values[src]
    if values.get("payment_terms_days") is not None:  # (kind, days): 月结30天 or 30天
        out["terms_kind"], out["terms_days"] = values["payment_terms_days"]
    if values.get("tax_id"):
        out["invoice_tax_id"] = v.tax_id(values["tax_id"])
    phones = [values[k] for k in ("phone", "mobile") if values.get(k)]
    if phones:
        out["phone"] = " / ".join(dict.fromkeys(phones))
    extras = [f"{zh}：{values[k]}" for k, zh in _EXTRAS if values.get(k)]
    if values.get("tax_rate") is not None:
        extras.append(f"税率：{values['tax_rate'] * 100:g}%")
    notes = [values["notes"]] if values.get("notes") else []
    if notes or extras:
        out["notes"] = "；".join(notes + extras)
    return out


class PartyHandler:
    """Customers (``customer``) or suppliers (``supplier``)."""

    extra_synonyms: ClassVar[dict[str, list[str]]] = {}

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.role = "is_customer" if kind == "customer" else "is_supplier"
        self.flow = FlowName.SALES if kind == "customer" else FlowName.PURCHASE
        self.opening_field = "opening_receivable" if kind == "customer" else "opening_payable"
        zh, en = (
            ("期初应收", "Opening receivable")
            if kind == "customer"
            else (
                "期初应付",
                "Opening payable",
            )
        )
        self.fields: tuple[FieldSpec, ...] = (
            *_COMMON,
            FieldSpec(self.opening_field, "money", zh, en),
        )
        self.who = ("客户", "customer") if kind == "customer" else ("供应商", "supplier")
        #: the owner has set a password: raised credit limits wait for the owner's approval
        self.owner_guards = False

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        """Match each row (code → tax id → name, each only when it fits one party); the
        first row for a party wins (``claims``); every check the commit makes is made
        here, on the row it is about."""
        self.owner_guards = bool(get_firm(session).owner_password_hash)
        notes: list[Issue] = ctx.state.setdefault("notes", [])
        settle(
            rows,
            notes,
            lambda assumed: self._plan(session, rows, ctx, assumed),
            lambda: self._moved(session, rows),
        )

    def _moved(self, session: Session, rows: list[Row]) -> Moved:
        """The parties this plan renames or gives another tax id, as they will be filed."""
        out: Moved = {}
        for row in rows:
            if row.outcome != UPDATE or row.target is None:
                continue
            if "name" in row.changes or "invoice_tax_id" in row.changes:
                party = session.get(Party, row.target)
                assert party is not None
                name = row.changes.get("name", [None, party.name])[1]
                tax = row.changes.get("invoice_tax_id", [None, party.invoice_tax_id])[1]
                out[row.target] = (party.code, name, tax or "", "", "")
        return out

    def _plan(self, session: Session, rows: list[Row], ctx: Context, assumed: Moved) -> None:
        """One pass over the rows, with the parties in ``assumed`` filed as changed."""
        index = party_index(session)
        for ident, (code, name, tax, _spec, _unit) in assumed.items():
            index.remove(ident)
            index.add(ident, code, name, tax)
        claims = Claims(self.fields)
        self._renamed: set[uuid.UUID] = set()  # parties the rows so far rename
        self._moving = set(assumed)  # parties the plan is assumed to rename (claims.settle)
        for row in by_strength(rows, ("tax_id",)):
            if not row.ok:
                continue
            try:
                wanted = _party_values(row.values)
            except DomainError as exc:
                row.fail(exc.zh, exc.en, None, "tax_id")
                continue
            if not check_new(row, "party", self._create_values(wanted)):
                continue
            name = wanted["name"]
            match = index.match(
                wanted.get("code"), name, wanted.get("invoice_tax_id"), by_code_only=True
            )
            if match.ambiguous:
                ambiguous(row, match, self.who)
            elif match.found:
                assert match.id is not None
                if not claims.settled(row, match, index.label[match.id][0]):
                    self._existing(session, row, match.id, match.how, wanted, index, claims)
                    if row.ok and "name" in row.changes:
                        self._check_rename(session, row, index, claims, match.id, name)
                    if row.ok:
                        claims.claim(match.id, row)
                claims.hold(row, match, index, wanted.get("invoice_tax_id"), None)
            else:
                self._new(row, wanted, match.near, index, claims, ctx)
            if row.ok and row.outcome != SKIPPED:
                self._opening(session, row)
        if (clashes := claims.note()) is not None:
            ctx.state["notes"].append(clashes)

    def _existing(
        self,
        session: Session,
        row: Row,
        party_id: Any,
        how: str,
        wanted: dict[str, Any],
        index: Index,
        claims: Claims,
    ) -> None:
        party = session.get(Party, party_id)
        assert party is not None
        file_code = wanted.get("code")
        if file_code and normalize_code(file_code) != normalize_code(party.code):
            row.fail(
                f"{HOW_ZH[how]}与已有{self.who[0]} {party.code} {party.name} 相同，但编码不同"
                f"（文件中为 {file_code}）。如是同一家，请把编码改为 {party.code}。",
                f"Same {how} as existing {self.who[1]} {party.code} {party.name} but a different "
                f"code ({file_code}). If it is the same firm, change the code to {party.code}.",
                None,
                "code",
            )
            return
        changes = {
            k: [getattr(party, k), val]
            for k, val in wanted.items()
            if k != "code" and getattr(party, k) != val
        }
        if not getattr(party, self.role):
            changes[self.role] = [False, True]
        if party.archived:
            changes["archived"] = [True, False]
        if changes and not check_update(row, "party", "", {k: b for k, (_a, b) in changes.items()}):
            return
        if "invoice_tax_id" in changes and not self._tax_free(
            row, changes["invoice_tax_id"][1], party.id, index, claims
        ):
            return
        raised = "credit_limit" in changes and raises_limit(*changes["credit_limit"])
        if raised and self.owner_guards:
            row.note(
                "提高信用额度需要老板批准（老板密码和原因）。",
                "Raising the credit limit needs the owner's approval (password and reason).",
            )
        row.target = party.id
        row.changes = changes
        row.outcome = UPDATE if changes else UNCHANGED
        if changes:
            row.note(
                *changes_note(party.code, changes, lambda x: "（空）" if x in (None, "") else x)
            )
        if party.archived:
            row.note(
                f"{party.code} {party.name} 已停用，将重新启用。",
                f"{party.code} is archived; it will be active again.",
            )

    def _tax_free(self, row: Row, tax: str | None, own: Any, index: Index, claims: Claims) -> bool:
        """A tax id names one party: a row giving another party's is an error on the row."""
        others = [i for i in index.with_tax(tax) if i != own] if tax else []
        if not others:
            return True
        code, name = index.label[others[0]]
        first = claims.owner.get(others[0])
        where = f"第 {first.excel_row} 行的" if first else "已有"
        row.fail(
            f"税号 {tax} 已是{where}{self.who[0]} {code or '（自动编号）'} {name} 的税号：一个税号只能"
            "属于一家，请改正税号或编码。",
            f"Tax id {tax} already belongs to {self.who[1]} {code} {name}; correct the tax id "
            "or the code.",
            None,
            "tax_id",
        )
        return False

    def _check_rename(
        self, session: Session, row: Row, index: Any, claims: Claims, own: Any, name: str
    ) -> None:
        """Names are unique among parties: a rename onto another's name is refused."""
        from desktop.importing.matching import normalize_name

        others = [i for i in index.by_name.get(normalize_name(name), []) if i != own]
        # a name held in the ledger now is free when a row of the file renames its holder
        # away (``apply`` writes that rename first; a swap never settles, so stays refused)
        held = session.scalar(
            select(Party.id).where(Party.name == name, Party.archived.is_(False), Party.id != own)
        )
        if held is not None and held not in others and held not in self._renamed | self._moving:
            others.append(held)
        if others:
            code, other = index.label[others[0]]
            first = claims.owner.get(others[0])
            where = f"第 {first.excel_row} 行的" if first else "已有"
            row.fail(
                f"要把名称改为“{name}”，但{where}{self.who[0]} {code} {other} 用这个名称。",
                f"Cannot rename to '{name}': {code} {other} already has that name.",
                None,
                "name",
            )
            return
        # later rows of the file see the party by its new name, as a second run will
        index.put(index.by_name, normalize_name(name), own)
        index.label[own] = (index.label[own][0], name)
        self._renamed.add(own)

    def _new(
        self,
        row: Row,
        wanted: dict[str, Any],
        near: list[Any],
        index: Index,
        claims: Claims,
        ctx: Context,
    ) -> None:
        """A party the ledger lacks: planned, and put in the index so later rows of the file
        find it as a second run finds it in the ledger."""
        from desktop.importing.matching import normalize_name

        key = normalize_name(wanted["name"])
        same = [n for n in near if n[2] and normalize_name(n[2]) == key]
        if same:  # names are unique: another code with this name is another party
            same[0] = (same[0][0], same[0][1] or "（自动编号）", same[0][2])
            first = claims.owner.get(same[0][0])
            where_zh = f"第 {first.excel_row} 行的" if first else "已有"
            where_en = f"row {first.excel_row}'s" if first else "existing"
            row.fail(
                f"名称与{where_zh}{self.who[0]} {same[0][1]} {same[0][2]} 相同，但编码不同（文件中为 "
                f"{wanted.get('code') or '空'}）。如是同一家，请把编码改为 {same[0][1]}；"
                "如不是，请修改名称加以区分。",
                f"Same name as {where_en} {self.who[1]} {same[0][1]} {same[0][2]} but a different "
                f"code ({wanted.get('code') or 'none'}). Use code {same[0][1]} if it is the same "
                "firm, else rename.",
                None,
                "name",
            )
            return
        if not self._tax_free(row, wanted.get("invoice_tax_id"), None, index, claims):
            return
        planned = uuid.uuid4()
        index.add(planned, wanted.get("code", ""), wanted["name"], wanted.get("invoice_tax_id", ""))
        claims.claim(planned, row, planned=True)
        row.changes = wanted
        row.outcome = NEW
        near = [n for n in near if n[0] not in claims.planned]
        if near:
            zh, en = describe_near(near)
            if ctx.options.skip_near_duplicates:
                row.outcome = SKIPPED
                row.note(
                    f"与已有{self.who[0]}相似（{zh}），按设置跳过。",
                    f"Looks like existing {self.who[1]} ({en}); skipped as chosen.",
                )
            else:
                row.note(
                    f"与已有{self.who[0]}名称相近（{zh}），将新建。如是同一家，请在文件中填写其编码。",
                    f"Name close to existing {self.who[1]} ({en}); a new one will be created. "
                    "If it is the same firm, put its code in the file.",
                )

    def _opening(self, session: Session, row: Row) -> None:
        amount = row.values.get(self.opening_field)
        if amount is None or amount == 0:
            return
        existing = opening_amount(session, row.target, self.flow) if row.target else None
        if existing is None:
            row.changes = {**row.changes, "_opening": amount} if row.outcome == NEW else row.changes
            if row.outcome != NEW:
                row.changes["_opening"] = [None, amount]
                row.outcome = UPDATE
            row.note(f"登记期初余额 {fmt_money(amount)}", f"Opening balance {fmt_money(amount)}")
        elif existing != amount:
            row.note(
                f"已登记期初余额 {fmt_money(existing)}，与文件中的 {fmt_money(amount)} 不同，未更改"
                "（如需更正，请红冲原期初单后再导入）。",
                f"An opening balance of {fmt_money(existing)} is already booked, not "
                f"{fmt_money(amount)}; left unchanged (reverse it first to correct).",
            )

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        """Updates first, so that a name a row renames away is free for a new party (as the
        plan assumed, see ``claims.settle``); then the new parties; then the openings."""
        from desktop.importing.kinds.bulk_opening import write_opening_balances

        for row in _rename_order(uow.session, [r for r in rows if r.outcome == UPDATE]):
            fields = {k: pair[1] for k, pair in row.changes.items() if k != "_opening"}
            try:
                assert row.target is not None
                if fields:
                    update_party(uow, row.target, **fields)
            except OwnerRequired:
                raise  # the whole file waits for the owner, not this row
            except DomainError as exc:
                row.fail(exc.zh, exc.en)
                raise RowFailed(row) from exc
        self._create_new(uow, rows)
        openings: list[tuple[Any, Decimal, Any, str]] = []
        on = ctx.options.on()
        for row in rows:
            opening = row.changes.get("_opening") if row.outcome in (NEW, UPDATE) else None
            opening = opening[1] if isinstance(opening, list) else opening
            if opening and row.target is not None:
                openings.append((row.target, Decimal(opening), on, ""))
        # as opening.opening_balance posts each, in bulk
        write_opening_balances(uow, self.flow, openings, ctx.batch_id)

    def _create_values(self, wanted: dict[str, Any]) -> dict[str, Any]:
        """A planned row's values as ``create_records`` takes them."""
        values = {k: v for k, v in wanted.items() if k != "_opening"}
        values["is_customer"] = self.kind == "customer"
        values["is_supplier"] = self.kind == "supplier"
        return values

    def _create_new(self, uow: UnitOfWork, rows: list[Row]) -> None:
        """The new customers/suppliers in one go (``records.create_records``: the service's
        validation and codes, audit entries and sync intents, without a flush each)."""
        from desktop.importing.kinds.records import create_new_rows

        create_new_rows(uow, "party", rows, lambda row: self._create_values(row.changes))


def _rename_order(session: Session, updates: list[Row]) -> list[Row]:
    """The updates in the order of the rows, except that a party taking a name another
    party of the file gives up comes after that one (a chain of renames written in order)."""
    renaming = {r.target for r in updates if "name" in r.changes}
    pending, ordered = list(updates), []
    while pending:
        for row in pending:
            name = row.changes["name"][1] if "name" in row.changes else None
            holder = (
                session.scalar(
                    select(Party.id).where(
                        Party.name == name, Party.archived.is_(False), Party.id != row.target
                    )
                )
                if name
                else None
            )
            if holder is None or holder not in renaming:
                break
        else:
            row = pending[0]  # a cycle the plan refuses; the service says so
        pending.remove(row)
        ordered.append(row)
        renaming.discard(row.target)
    return ordered
