"""Sales and purchase history: lines grouped into bills by document number, or one per row.

Decisions (a mature ledger asks; these are the defaults and the options that change them):

* History becomes bills (销售单 / 采购账单) numbered in our own series, the file's number kept
  as the reference. By default they are **closed records**: they feed 上次售价, sales history
  and reports, but move neither stock nor balances, because the opening balances and opening
  stock already carry today's state. ``post_balances`` posts them (receivables/payables with
  due dates); ``move_stock`` writes their stock moves at moving-average cost.
* A bill is all or nothing: one bad line marks every line of that document as an error.
* Re-importing is recognised by ``external_ref`` (``imp:sales:<number>``, or a fingerprint of
  the line's values when the file has no numbers: ``history_rules``) and changes nothing.
* Lines without a customer, customers known only by an ID, rounding: ``history_rules``;
  cancelled invoices become returns: ``history_returns``. Both paths (this one and the
  streamed ``history_stream``) apply those rules, not copies of them.
* Big files are written with bulk inserts (see ``bulk.py``): one audit entry per document,
  tagged with the batch, so undo finds them; the ledger still passes ``run_checks``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import DomainError, ValidationError
from desktop.importing.kinds.base import CREATE_MISSING_EN, CREATE_MISSING_ZH, Context, RowFailed
from desktop.importing.kinds.bulk_rows import Figures, Line
from desktop.importing.kinds.claims import ambiguous, planned_record
from desktop.importing.kinds.history_returns import (
    Planned,
    figures_returned,
    is_return,
    link_returns,
    make_returns,
    plan_rows,
    returns_notice,
)
from desktop.importing.kinds.history_rules import (
    ID_ONLY_PREFIX,
    WALK_IN_CODE,
    WALK_IN_KEY,
    WALK_IN_NAME,
    Occurrences,
    no_customer,
    notices,
    rounded_by,
    values_fingerprint,
    walk_in_wanted,
)
from desktop.importing.kinds.products import (
    ProductHandler,
    code_from_barcode,
    match_line_product,
    product_of_line,
)
from desktop.importing.matching import normalize_code, party_index, product_index
from desktop.importing.rows import ERROR, NEW, UNCHANGED, FieldSpec, Row
from desktop.importing.values import DiscountCell
from desktop.models import Document, DocumentLine, FlowName, Party, Product
from desktop.money import (
    FEN,
    MONEY_SCALE,
    PRICE,
    PRICE_SCALE,
    QTY_SCALE,
    RATE,
    RATE_SCALE,
    ZERO,
    fmt_money,
    line_amounts,
    quantize,
    to_scaled,
)
from desktop.search_keys import LIKE_ESCAPE, like_prefix
from desktop.services import validate
from desktop.services.uow import UnitOfWork

FIELDS = (
    FieldSpec("doc_number", "code", "单号", "Number"),
    FieldSpec("doc_date", "date", "日期", "Date", required=True),
    FieldSpec("party_code", "code", "往来单位编码", "Party code"),
    FieldSpec("party", "text", "往来单位", "Party"),
    FieldSpec("product_code", "code", "商品编码", "Product code"),
    FieldSpec("barcode", "code", "条码", "Barcode"),
    FieldSpec("product_name", "text", "商品名称", "Product name"),
    FieldSpec("spec", "text", "规格", "Spec"),
    FieldSpec("color", "text", "颜色", "Colour"),
    FieldSpec("size", "code", "尺码", "Size"),
    FieldSpec("unit", "text", "单位", "Unit"),
    FieldSpec("tax_rate", "percent", "税率", "Tax rate"),
    FieldSpec("salesperson", "text", "业务员", "Salesperson"),
    FieldSpec("notes", "text", "备注", "Notes"),
    FieldSpec("qty", "qty", "数量", "Quantity", required=True),
    FieldSpec("unit_price", "price", "单价", "Unit price"),
    FieldSpec("discount", "discount", "折扣", "Discount"),
    FieldSpec("amount", "amount", "金额", "Amount"),
)


class HistoryHandler:
    fields: tuple[FieldSpec, ...] = FIELDS
    #: a line names its product as a product list's row does: style code, colour, size
    extra_synonyms: ClassVar[dict[str, list[str]]] = {
        "product_code": ProductHandler.extra_synonyms["code"],
        "color": ProductHandler.extra_synonyms["color"],
        "size": ProductHandler.extra_synonyms["size"],
    }

    def __init__(self, flow: str) -> None:
        self.flow = flow
        self.kind = f"{flow}_history"
        sales = flow == FlowName.SALES
        self.role = "customer" if sales else "supplier"
        self.who = ("客户", "customer") if sales else ("供应商", "supplier")

    # --- evaluate ---------------------------------------------------------------------

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        self.begin(session, ctx)
        self.evaluate_rows(rows, ctx)
        self._group(session, rows, ctx)
        new = [(r, b) for r, b in zip(rows, blank_parties(rows), strict=True) if r.outcome == NEW]
        parties = {r.changes["party"] for r, _ in new}
        ctx.state.setdefault("notes", []).extend(
            notices(
                sum(b for _, b in new),
                WALK_IN_KEY in parties,
                sorted(
                    p[len(ID_ONLY_PREFIX) :] for p in parties if str(p).startswith(ID_ONLY_PREFIX)
                ),
                [r.changes["rounded"] for r, _ in new if r.changes["rounded"] is not None],
                self.who,
            )
            + returns_notice(
                ctx.state["return_links"],
                ctx.state["return_numbers"],
                self.flow,
                ctx.state["returns_apart"],
            )
        )

    def begin(self, session: Session, ctx: Context) -> None:
        """Load what row-by-row evaluation looks up (indexes of parties and products)."""
        ctx.state["history_lookup"] = (
            party_index(session),
            product_index(session),
            _product_info(session),
            {},
            {},
        )

    def evaluate_rows(self, rows: list[Row], ctx: Context) -> None:
        """Everything about each row on its own (not yet the bill it belongs to)."""
        parties, products, info, party_cache, product_cache = ctx.state["history_lookup"]
        new_parties: dict[str, dict[str, Any]] = ctx.state.setdefault("new_parties", {})
        new_products: dict[str, dict[str, Any]] = ctx.state.setdefault("new_products", {})
        default_rate = ctx.default_tax_rate
        for row in rows:
            if not row.ok:
                continue
            v = row.values
            pkey = (v.get("party_code"), v.get("party"))
            party = party_cache.get(pkey)
            if party is None:
                party = self._party(parties, v, row, ctx, new_parties)
                if party is not None:
                    party_cache[pkey] = party
            if not row.ok:
                continue
            qkey = product_key(v)
            product = product_cache.get(qkey)
            if product is None:
                product = self._product(products, v, row, ctx, new_products)
                if product is not None:
                    product_cache[qkey] = product
            if not row.ok:
                continue
            base_unit, packs, p_rate = info.get(product, (v.get("unit") or "个", {}, None))
            unit = v.get("unit") or base_unit
            factor = Decimal(1) if unit == base_unit else packs.get(unit)
            if factor is None:
                row.fail(
                    f"商品没有单位“{unit}”（基本单位为 {base_unit}）。请先在商品资料中添加这个包装单位。",
                    f"The product has no unit '{unit}' (base unit {base_unit}).",
                    None,
                    "unit",
                )
                continue
            qty = v["qty"]
            if qty == 0:
                row.fail("数量不能为 0。", "The quantity cannot be 0.", None, "qty")
                continue
            price = v.get("unit_price")
            amount = v.get("amount")
            if price is None:
                if amount is None:
                    row.fail(
                        "缺少单价或金额。", "Give a unit price or an amount.", None, "unit_price"
                    )
                    continue
                price = quantize(amount / qty, PRICE_SCALE)
            rate = v.get("tax_rate")
            if rate is None:
                rate = p_rate if p_rate is not None else default_rate
            off = ZERO
            if v.get("discount") is not None and v.get("unit_price") is not None:
                off = discount_off(v["discount"], qty, price, rate, amount)
            figures = line_amounts(qty, price, rate, off)
            try:  # what the line stores beyond the cells: the services' rule for a line
                validate.fits(price, PRICE, "单价", "Unit price")
                validate.fits(off, RATE, "折扣", "Discount")
                validate.line_fits(qty * factor, figures.total, "", "")
            except ValidationError as exc:
                row.fail(exc.zh, exc.en, None, "qty")
                continue
            if amount is not None and abs(figures.total - amount) >= Decimal("0.01"):
                row.note(
                    f"金额 {fmt_money(amount)} 与 数量×单价 {fmt_money(figures.total)} 不符，按数量×单价记账。",
                    f"Amount {fmt_money(amount)} differs from qty × price {fmt_money(figures.total)};"
                    " qty × price is used.",
                )
            row.target = product
            row.changes = {
                "party": party,
                "unit": unit,
                "factor": factor,
                "price": price,
                "discount": off,
                "rate": rate,
                "net": figures.net,
                "tax": figures.tax,
                "total": figures.total,
                "rounded": rounded_by(qty * price * (ONE - off), figures.total),
            }

    def _party(
        self, index: Any, v: dict[str, Any], row: Row, ctx: Context, new: dict[str, dict[str, Any]]
    ) -> Any:
        match = index.match(v.get("party_code"), v.get("party"))
        if match.found:
            return match.id
        code, name = v.get("party_code"), v.get("party")
        if not code and not name:
            if self.role == "customer":  # 散客, or refused once the whole file is seen
                return self._walk_in(index, new)
            row.fail(f"缺少{self.who[0]}。", f"The {self.who[1]} is missing.", None, "party")
            return None
        if match.ambiguous:
            ambiguous(row, match, self.who)
            return None
        if ctx.options.create_missing:
            # a customer known only by its ID (CustomerID 17850): the ID is its name too
            key = "new:" + name if name else ID_ONLY_PREFIX + normalize_code(code)
            first = planned_record(
                row, ctx, "party", new, key, {"name": name or code, "code": code or ""}
            )
            if first is not None and name:
                spec = new[first]
                if spec["name"] == spec["code"] and first.startswith(ID_ONLY_PREFIX):
                    spec["name"] = name  # a later line names it
            return first
        label = name or code
        row.fail(
            f"找不到{self.who[0]}“{label}”。请先导入{self.who[0]}，或选择“{CREATE_MISSING_ZH}”"
            "（命令行 --create-missing）。",
            f"No {self.who[1]} '{label}'. Import it first, or choose '{CREATE_MISSING_EN}' "
            "(--create-missing).",
            None,
            "party",
        )
        return None

    @staticmethod
    def _walk_in(index: Any, new: dict[str, dict[str, Any]]) -> Any:
        """The walk-in customer: the ledger's (code WALKIN), or one to create."""
        match = index.match(WALK_IN_CODE, None)
        if match.found:
            return match.id
        new.setdefault(WALK_IN_KEY, {"name": WALK_IN_NAME, "code": WALK_IN_CODE})
        return WALK_IN_KEY

    def _product(
        self, index: Any, v: dict[str, Any], row: Row, ctx: Context, new: dict[str, dict[str, Any]]
    ) -> Any:
        wanted = product_of_line(v)
        match = match_line_product(index, wanted)
        if match.found:
            return match.id
        label = wanted.get("code") or wanted.get("name") or wanted.get("barcode")
        if not label:
            row.fail(
                "缺少商品编码或名称。", "The product code or name is missing.", None, "product_code"
            )
            return None
        if match.ambiguous:
            ambiguous(row, match, ("商品", "product"))
            return None
        if ctx.options.create_missing and wanted.get("name"):
            # coded by its barcode when the file gives no code, as the product list codes it
            code_from_barcode(wanted, lambda code: bool(index.by_code.get(code)))
            key = "new:" + normalize_code(wanted.get("code") or "") + ":" + wanted["name"]
            spec = {
                "code": wanted.get("code") or "",
                "name": wanted["name"],
                "spec": wanted.get("spec") or "",
                "barcode": wanted.get("barcode") or "",
                "base_unit": wanted.get("base_unit") or "个",
            }
            first = planned_record(row, ctx, "product", new, key, spec)
            if first is not None:
                # its later lines in another unit are refused now, as they will be once it
                # exists (a re-run must find what the first run wrote)
                unit = new[first]["base_unit"]
                ctx.state["history_lookup"][2].setdefault(first, (unit, {}, None))
            return first
        row.fail(
            f"找不到商品“{label}”。请先导入商品，或选择“{CREATE_MISSING_ZH}”"
            "（命令行 --create-missing）。",
            f"No product '{label}'. Import products first, or choose '{CREATE_MISSING_EN}' "
            "(--create-missing).",
            None,
            "product_code",
        )
        return None

    def _group(self, session: Session, rows: list[Row], ctx: Context) -> None:
        groups: dict[str, list[Row]] = defaultdict(list)
        occurrences = Occurrences(self.flow)
        blank = blank_parties(rows)
        walk_in = self.role == "customer" and walk_in_wanted(
            ctx.options.walk_in, sum(blank), len(rows)
        )
        for row, no_party in zip(rows, blank, strict=True):
            v = row.values
            if no_party and row.ok and not walk_in:
                no_customer(row.fail)
            if v.get("doc_number"):
                row.group = f"imp:{self.flow}:{v['doc_number']}"
            elif row.ok:
                row.group = occurrences.ref(values_fingerprint(v))
            else:
                continue
            groups[row.group].append(row)
        existing = _existing_refs(session, f"imp:{self.flow}:")
        returns: dict[str, tuple[str, Any]] = {}  # ref → number and party of each return
        new_bills: dict[str, Any] = {}  # ref → party
        for ref, members in groups.items():
            bad = next((r for r in members if not r.ok), None)
            first = members[0]
            if bad is None:
                for r in members[1:]:
                    if r.values["doc_date"] != first.values["doc_date"]:
                        r.fail(
                            f"同一单号的日期与第 {first.excel_row} 行不同。",
                            f"Same number as row {first.excel_row} but another date.",
                            None,
                            "doc_date",
                        )
                    elif r.changes["party"] != first.changes["party"]:
                        r.fail(
                            f"同一单号的{self.who[0]}与第 {first.excel_row} 行不同。",
                            f"Same number as row {first.excel_row} but another {self.who[1]}.",
                            None,
                            "party",
                        )
                bad = next((r for r in members if not r.ok), None)
            if bad is not None:
                number = first.values.get("doc_number") or ""
                for r in members:
                    if r.ok:
                        r.fail(
                            f"同一单据 {number} 的第 {bad.excel_row} 行有错误，整张单据未导入。",
                            f"Row {bad.excel_row} of the same document {number} has an error; "
                            "the whole document is left out.",
                        )
                continue
            total = sum((r.changes["total"] for r in members), Decimal(0))
            back = is_return(r.values["qty"] for r in members)
            if back:  # stored as a return: its total positive
                total = -total
                returns[ref] = (first.values.get("doc_number") or "", first.changes["party"])
            found = existing.get(ref)
            if found is None:
                for r in members:
                    r.outcome = NEW
                if not back:
                    new_bills[ref] = first.changes["party"]
            elif found == (total, len(members)):
                for r in members:
                    r.outcome = UNCHANGED
            else:
                for r in members:
                    r.fail(
                        f"单号 {first.values.get('doc_number')} 已导入过，但内容不同（账上合计 "
                        f"{fmt_money(found[0])}，{found[1]} 行）。",
                        f"Number {first.values.get('doc_number')} was imported before with other "
                        f"content (total {fmt_money(found[0])}, {found[1]} lines).",
                    )
        new_returns = {ref: r for ref, r in returns.items() if groups[ref][0].outcome == NEW}
        ctx.state["return_links"] = link_returns(session, self.flow, new_returns, new_bills)
        ctx.state["return_numbers"] = {ref: number for ref, (number, _) in new_returns.items()}
        plan_rows(session, groups, list(new_returns), ctx, line_figures)

    # --- apply ------------------------------------------------------------------------

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        from desktop.importing.kinds.bulk import DocSpec, history_note, write_documents

        ids = self._create_missing(uow, rows, ctx)
        docs: dict[str, DocSpec] = {}
        links: dict[str, str | None] = ctx.state.get("return_links", {})
        plans: dict[str, Planned] = ctx.state.get("return_plans", {})
        firsts: dict[str, Row] = {}
        for row in rows:
            if row.outcome != NEW:
                continue
            if row.group in plans:  # made by the returns service, once the bills are in
                firsts.setdefault(row.group, row)
                continue
            c = row.changes
            party = ids.get(c["party"], c["party"])
            product = ids.get(row.target, row.target)
            doc = docs.get(row.group)
            if doc is None:
                doc = docs[row.group] = DocSpec(
                    ref=row.group,
                    party_id=party,
                    doc_date=row.values["doc_date"],
                    number=row.values.get("doc_number") or "",
                    salesperson=row.values.get("salesperson") or "",
                    notes=row.values.get("notes") or "",
                    returns=row.group in links,
                    source=links.get(row.group),
                )
            figures = line_figures(row)
            doc.lines.append(Line(product, figures_returned(figures) if doc.returns else figures))
        write_documents(uow, self.flow, list(docs.values()), ctx)
        made = {ref: doc.id for ref, doc in docs.items() if doc.id is not None}
        make_returns(uow, plans, made, history_note(True), firsts.__getitem__)

    def _create_missing(
        self, uow: UnitOfWork, rows: Iterable[Row], ctx: Context
    ) -> dict[Any, uuid.UUID]:
        used: set[Any] = set()
        first: Row | None = None
        for r in rows:
            if r.outcome == NEW:
                used.add(r.changes.get("party"))
                used.add(r.target)
                first = first or r
        return self._create_used(uow, used, ctx, lambda: first)

    def _create_used(
        self,
        uow: UnitOfWork,
        used: set[Any],
        ctx: Context,
        first: Callable[[], Row | None],
        given_ids: dict[Any, uuid.UUID] | None = None,
    ) -> dict[Any, uuid.UUID]:
        """Create the parties and products the new lines use, in bulk (see ``records.py``),
        with the ids ``given_ids`` holds for some of them."""
        from desktop.importing.kinds.records import create_records

        parties: dict[Any, dict[str, Any]] = {}
        for key, spec in ctx.state.get("new_parties", {}).items():
            if key in used:
                values = {k: val for k, val in spec.items() if val}
                values.update(
                    is_customer=self.role == "customer", is_supplier=self.role == "supplier"
                )
                values["notes"] = "导入历史单据时自动新建"
                parties[key] = values
        products: dict[Any, dict[str, Any]] = {}
        for key, spec in ctx.state.get("new_products", {}).items():
            if key in used:  # a blank code: the desk's next one
                values = {k: val for k, val in spec.items() if val}
                values["notes"] = "导入历史单据时自动新建"
                products[key] = values
        try:
            ids = create_records(uow, "party", parties, given_ids)
            ids.update(create_records(uow, "product", products, given_ids))
        except DomainError as exc:
            row = first()
            assert row is not None
            row.fail(exc.zh, exc.en)
            raise RowFailed(row) from exc
        return ids


#: the fields that name a line's product, in :func:`product_key`'s order
PRODUCT_KEY = ("product_code", "barcode", "product_name", "spec", "color", "size", "unit")


def product_key(v: dict[str, Any]) -> tuple[Any, ...]:
    """What names a line's product (:func:`products.product_of_line`): lines with the same
    key name the same product, looked up once."""
    return tuple(v.get(field) for field in PRODUCT_KEY)


def blank_parties(rows: list[Row]) -> list[bool]:
    """Which rows name no party at all (neither code nor name)."""
    return [not r.values.get("party_code") and not r.values.get("party") for r in rows]


def discount_off(
    cell: DiscountCell, qty: Decimal, price: Decimal, rate: Decimal, amount: Decimal | None
) -> Decimal:
    """The share taken off a line for a 折扣 cell.

    九折 and 95折 say the share paid. A bare 0.9 or 10 % could be either: the line's amount
    decides when the file has one (a reading whose total matches it, or no discount at all
    when the price already had it); otherwise more than half is read as the share paid (the
    Chinese 折扣 convention) and less as the share taken off.
    """
    ratio = cell.ratio
    if cell.paid:
        readings = [ONE - ratio]
    elif ratio > HALF:
        readings = [ONE - ratio, ratio]
    else:
        readings = [ratio, ONE - ratio]
    if amount is not None:
        for off in (*readings, ZERO):
            if abs(line_amounts(qty, price, rate, off).total - amount) < FEN:
                return off
    return readings[0]


ONE, HALF = Decimal(1), Decimal("0.5")


def line_figures(row: Row) -> Figures:
    """An evaluated line's figures as the bulk writer stores them."""
    c = row.changes
    return Figures(
        unit=c["unit"],
        unit_factor=to_scaled(c["factor"], QTY_SCALE),
        qty=to_scaled(row.values["qty"], QTY_SCALE),
        unit_price=to_scaled(c["price"], PRICE_SCALE),
        discount_rate=to_scaled(c["discount"], RATE_SCALE),
        tax_rate=to_scaled(c["rate"], RATE_SCALE),
        net_amount=to_scaled(c["net"], MONEY_SCALE),
        tax_amount=to_scaled(c["tax"], MONEY_SCALE),
        total_amount=to_scaled(c["total"], MONEY_SCALE),
    )


def _product_info(
    session: Session,
) -> dict[uuid.UUID, tuple[str, dict[str, Decimal], Decimal | None]]:
    from desktop.models import ProductUnit

    packs: dict[uuid.UUID, dict[str, Decimal]] = defaultdict(dict)
    for pid, unit, factor in session.execute(
        select(ProductUnit.product_id, ProductUnit.unit, ProductUnit.factor)
    ):
        packs[pid][unit] = factor
    return {
        pid: (unit, packs.get(pid, {}), rate)
        for pid, unit, rate in session.execute(
            select(Product.id, Product.base_unit, Product.tax_rate)
        )
    }


def _existing_refs(session: Session, prefix: str) -> dict[str, tuple[Decimal, int]]:
    from sqlalchemy import func

    rows = session.execute(
        select(Document.external_ref, Document.total, func.count(DocumentLine.id))
        .join(DocumentLine, DocumentLine.document_id == Document.id, isouter=True)
        .where(Document.external_ref.like(like_prefix(prefix), escape=LIKE_ESCAPE))
        .group_by(Document.id)
    )
    return {str(ref): (total, n) for ref, total, n in rows}


_ = (ERROR, Party)


_OUTCOME = {1: NEW, 2: UNCHANGED}
