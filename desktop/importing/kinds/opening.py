"""Opening receivables/payables and opening stock (期初), booked through ``services.opening``.

An opening balance is booked once per party and side: the same figure again is unchanged, a
different figure is an error (correct it by reversing the opening document first). Opening
stock rows for the same product (one per warehouse, say) are added up into one line.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from desktop.errors import DomainError
from desktop.importing.kinds.base import (
    CREATE_MISSING_EN,
    CREATE_MISSING_ZH,
    Context,
    RowFailed,
    opening_amount,
    opening_stock_qty,
    stock_line_fits,
)
from desktop.importing.matching import party_index, product_index
from desktop.importing.rows import NEW, UNCHANGED, FieldSpec, Row
from desktop.models import FlowName, Party, Product
from desktop.money import PRICE_SCALE, fmt_money, fmt_qty, quantize
from desktop.services.opening import opening_stock
from desktop.services.parties import create_party
from desktop.services.uow import UnitOfWork


def find_party(
    session: Session, index: Any, row: Row, ctx: Context, role: str, who: tuple[str, str]
) -> Party | None:
    """The row's party by code/tax id/name; with ``create_missing`` a new one is planned."""
    vals = row.values
    match = index.match(vals.get("party_code"), vals.get("party"), vals.get("party_tax_id"))
    if match.found:
        return session.get(Party, match.id)
    label = vals.get("party") or vals.get("party_code") or ""
    if ctx.options.create_missing and vals.get("party"):
        row.note(f"将新建{who[0]}“{label}”。", f"A new {who[1]} '{label}' will be created.")
        row.changes["_new_party"] = {"name": vals["party"], "code": vals.get("party_code") or ""}
        return None
    row.fail(
        f"找不到{who[0]}“{label}”。请先导入{who[0]}，或选择“{CREATE_MISSING_ZH}”"
        "（命令行 --create-missing）。",
        f"No {who[1]} '{label}' in the ledger. Import it first, or choose "
        f"'{CREATE_MISSING_EN}' (--create-missing).",
        None,
        "party",
    )
    return None


def ensure_party(uow: UnitOfWork, row: Row, role: str, cache: dict[str, uuid.UUID]) -> uuid.UUID:
    """The row's party id, creating the planned new party once per name."""
    if row.target is not None:
        return row.target
    spec = row.changes["_new_party"]
    key = spec["name"]
    if key not in cache:
        values: dict[str, Any] = {"name": spec["name"], "notes": "导入时自动新建"}
        if spec.get("code"):
            values["code"] = spec["code"]
        values["is_customer"] = role == "customer"
        values["is_supplier"] = role == "supplier"
        cache[key] = create_party(uow, **values).id
    row.target = cache[key]
    return row.target


class OpeningBalanceHandler:
    kind = "opening_balance"
    fields: tuple[FieldSpec, ...] = (
        FieldSpec("party_code", "code", "往来单位编码", "Party code"),
        FieldSpec("party", "text", "往来单位", "Party"),
        FieldSpec("receivable", "money", "期初应收", "Opening receivable"),
        FieldSpec("payable", "money", "期初应付", "Opening payable"),
        FieldSpec("amount", "money", "期初余额", "Opening balance"),
        FieldSpec("date", "date", "日期", "Date"),
        FieldSpec("notes", "text", "备注", "Notes"),
    )
    extra_synonyms: ClassVar[dict[str, list[str]]] = {}

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        index = party_index(session)
        for row in rows:
            if not row.ok:
                continue
            vals = row.values
            if not vals.get("party") and not vals.get("party_code"):
                row.fail("缺少往来单位名称或编码。", "The party name or code is missing.")
                continue
            party = find_party(session, index, row, ctx, "customer", ("往来单位", "party"))
            if not row.ok:
                continue
            sides: list[tuple[str, Decimal]] = []
            for fld, name in (("receivable", FlowName.SALES), ("payable", FlowName.PURCHASE)):
                if vals.get(fld):
                    sides.append((name, vals[fld]))
            if vals.get("amount") and not sides:
                supplier_only = party is not None and party.is_supplier and not party.is_customer
                sides.append(
                    (FlowName.PURCHASE if supplier_only else FlowName.SALES, vals["amount"])
                )
            if not sides:
                row.outcome = "skipped"
                row.note("期初余额为 0 或空，跳过。", "Opening balance is zero or empty; skipped.")
                continue
            row.target = party.id if party else None
            todo = []
            for flow, amount in sides:
                existing = opening_amount(session, party.id, flow) if party else None
                side = ("应收", "receivable") if flow == FlowName.SALES else ("应付", "payable")
                if existing is None:
                    todo.append((flow, amount))
                elif existing != amount:
                    row.fail(
                        f"{party.name if party else ''} 已登记期初{side[0]} {fmt_money(existing)}，"
                        f"与文件中的 {fmt_money(amount)} 不同。如需更正，请先红冲原期初单。",
                        f"An opening {side[1]} of {fmt_money(existing)} is already booked, not "
                        f"{fmt_money(amount)}. Reverse it first to correct it.",
                    )
            if not row.ok:
                continue
            row.changes["_sides"] = todo
            row.outcome = NEW if todo else UNCHANGED

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        from desktop.importing.kinds.bulk_opening import write_opening_balances

        created: dict[str, uuid.UUID] = {}
        flows: dict[str, list[tuple[Any, Decimal, Any, str]]] = {
            FlowName.SALES: [],
            FlowName.PURCHASE: [],
        }
        for row in rows:
            if row.outcome != NEW:
                continue
            try:
                for flow, amount in row.changes["_sides"]:
                    role = "customer" if flow == FlowName.SALES else "supplier"
                    party_id = ensure_party(uow, row, role, created)
                    party = uow.session.get(Party, party_id)
                    assert party is not None
                    if role == "customer" and not party.is_customer:
                        party.is_customer = True
                    if role == "supplier" and not party.is_supplier:
                        party.is_supplier = True
                    on = row.values.get("date") or ctx.options.on()
                    flows[flow].append(
                        (party_id, Decimal(amount), on, row.values.get("notes") or "")
                    )
            except DomainError as exc:
                row.fail(exc.zh, exc.en)
                raise RowFailed(row) from exc
        for flow, items in flows.items():  # as opening.opening_balance posts each, in bulk
            write_opening_balances(uow, flow, items, ctx.batch_id)


class OpeningStockHandler:
    kind = "opening_stock"
    fields: tuple[FieldSpec, ...] = (
        FieldSpec("product_code", "code", "商品编码", "Product code"),
        FieldSpec("barcode", "code", "条码", "Barcode"),
        FieldSpec("product_name", "text", "商品名称", "Product name"),
        FieldSpec("spec", "text", "规格", "Spec"),
        FieldSpec("unit", "text", "单位", "Unit"),
        FieldSpec("warehouse", "text", "仓库", "Warehouse"),
        FieldSpec("qty", "qty", "期初数量", "Quantity", required=True),
        FieldSpec("unit_cost", "price", "成本单价", "Unit cost"),
        FieldSpec("amount", "money", "金额", "Amount"),
        FieldSpec("notes", "text", "备注", "Notes"),
    )
    extra_synonyms: ClassVar[dict[str, list[str]]] = {
        "unit_cost": ["成本单价", "单位成本", "成本价", "单价", "Unit Cost"]
    }

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        index = product_index(session)
        groups: dict[uuid.UUID, list[Row]] = defaultdict(list)
        for row in rows:
            if not row.ok:
                continue
            vals = row.values
            match = index.match(
                vals.get("product_code"),
                vals.get("product_name"),
                vals.get("barcode"),
                vals.get("spec"),
            )
            if not match.found:
                label = (
                    vals.get("product_code")
                    or vals.get("product_name")
                    or vals.get("barcode")
                    or ""
                )
                row.fail(
                    f"找不到商品“{label}”。请先导入商品。",
                    f"No product '{label}' in the ledger. Import products first.",
                    None,
                    "product_code",
                )
                continue
            product = session.get(Product, match.id)
            assert product is not None
            factor = Decimal(1)
            unit = vals.get("unit")
            if unit and unit != product.base_unit:
                packs = {u.unit: u.factor for u in product.units}
                if unit not in packs:
                    row.fail(
                        f"商品 {product.code} 没有单位“{unit}”（基本单位为 {product.base_unit}）。",
                        f"Product {product.code} has no unit '{unit}'.",
                    )
                    continue
                factor = packs[unit]
            qty = vals["qty"] * factor
            cost = vals.get("unit_cost")
            if cost is not None:
                cost = cost / factor
            elif vals.get("amount") is not None and qty:
                cost = vals["amount"] / qty
            else:
                cost = product.cost_price
            cost = quantize(cost, PRICE_SCALE)
            if not stock_line_fits(row, qty, cost):
                continue
            row.target = product.id
            row.changes = {"qty": qty, "cost": cost}
            groups[product.id].append(row)
        for product_id, group in groups.items():
            total = sum((r.changes["qty"] for r in group), Decimal(0))
            existing = opening_stock_qty(session, product_id)
            for r in group:
                if existing is None:
                    r.outcome = NEW
                elif existing == total:
                    r.outcome = UNCHANGED
                else:
                    r.fail(
                        f"已登记期初库存 {fmt_qty(existing)}，与文件中的 {fmt_qty(total)} 不同。"
                        "请用盘点调整库存。",
                        f"Opening stock {fmt_qty(existing)} is already booked, not {fmt_qty(total)}. "
                        "Use a stocktake to adjust.",
                    )
            if len(group) > 1 and existing is None:
                group[0].note(
                    f"同一商品有 {len(group)} 行，合计 {fmt_qty(total)}。",
                    f"{len(group)} rows for this product, {fmt_qty(total)} in all.",
                )

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        items: dict[uuid.UUID | str, tuple[Decimal, Decimal]] = {}
        for row in rows:
            if row.outcome != NEW or row.target is None:
                continue
            qty, cost = row.changes["qty"], row.changes["cost"]
            if row.target in items:
                old_qty, old_cost = items[row.target]
                total = old_qty + qty
                avg = (old_qty * old_cost + qty * cost) / total if total else cost
                items[row.target] = (total, quantize(avg, PRICE_SCALE))
            else:
                items[row.target] = (qty, cost)
        if items:
            try:
                wanted: dict[uuid.UUID | str, tuple[Decimal | str, Decimal | str]] = dict(
                    items.items()
                )
                opening_stock(
                    uow, wanted, ctx.options.on(), notes=f"期初库存（导入 {ctx.file_label}）"
                )
            except DomainError as exc:
                first = next(r for r in rows if r.outcome == NEW)
                first.fail(exc.zh, exc.en)
                raise RowFailed(first) from exc
