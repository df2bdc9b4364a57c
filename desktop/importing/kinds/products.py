"""Products with pack units (箱 = 24 个), wholesale level price, quantity tiers and 期初库存.

Matching: code, then (barcode, unit), then name + spec, each only when it fits one product
(``matching.Index``); the first row for a product wins and the others are reported on their
own rows (``claims``); sizes and colours make variants (``variants``); a pack size without a
pack unit takes 件, said once for the file. Blank cells leave the ledger's values alone;
pack units in the file (up to two per row) are added to (or correct) the product's units,
never removing others;
a 阶梯价 cell (``1-9:10；10-99:9.8；100+:9``) replaces the product's tiers. Codes stay text.
A product's base unit is never changed by an import (documents are counted in it).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from desktop.errors import DomainError, ValidationError
from desktop.importing.kinds.base import Context, RowFailed, opening_stock_qty, stock_line_fits
from desktop.importing.kinds.claims import (
    Claims,
    Moved,
    ambiguous,
    by_strength,
    check_new,
    check_update,
    settle,
)
from desktop.importing.kinds.records import update_fields
from desktop.importing.kinds.variants import variant_code, variant_codes
from desktop.importing.matching import (
    HOW_EN,
    HOW_ZH,
    Index,
    Match,
    add_product,
    describe_near,
    normalize_code,
    product_index,
)
from desktop.importing.rows import NEW, SKIPPED, UNCHANGED, UPDATE, FieldSpec, Issue, Row
from desktop.importing.summary import changes_note
from desktop.importing.tally import Said, Tally
from desktop.models import Product
from desktop.money import PRICE, QTY, fmt_qty
from desktop.services import validate
from desktop.services.opening import opening_stock
from desktop.services.products import barcode_clash, update_product
from desktop.services.uow import UnitOfWork

#: said once for all the new rows they are true of (``tally``), not on each row
BARCODE_AS_CODE = Said(
    "{n} 行没有编码，以条码作编码：{shown}。",
    "Barcode used as the code on {n} {rows} without a code: {shown}.",
)
CODE_ASSIGNED = Said(
    "{n} 行没有编码，导入时自动编号。", "No code on {n} {rows}: codes are assigned on import."
)

FIELDS = (
    FieldSpec("code", "code", "商品编码", "Code"),
    FieldSpec("barcode", "code", "条码", "Barcode"),
    FieldSpec("name", "text", "商品名称", "Name", required=True),
    FieldSpec("spec", "text", "规格", "Spec"),
    FieldSpec("model", "text", "型号", "Model"),
    FieldSpec("color", "text", "颜色", "Colour"),
    FieldSpec("size", "code", "尺码", "Size"),
    FieldSpec("category", "text", "类别", "Category"),
    FieldSpec("brand", "text", "品牌", "Brand"),
    FieldSpec("unit", "text", "基本单位", "Unit"),
    FieldSpec("pack_unit", "text", "包装单位", "Pack unit"),
    FieldSpec("pack_factor", "qty", "换算比例", "Pack size"),
    FieldSpec("pack_unit2", "text", "包装单位2", "Pack unit 2"),
    FieldSpec("pack_factor2", "qty", "换算比例2", "Pack size 2"),
    FieldSpec("retail_price", "price", "零售价", "Retail price"),
    FieldSpec("wholesale_price", "price", "批发价", "Wholesale price"),
    FieldSpec("cost", "price", "进价", "Cost"),
    FieldSpec("tax_rate", "percent", "税率", "Tax rate"),
    FieldSpec("min_order_qty", "qty", "起订量", "Minimum order"),
    FieldSpec("min_stock", "qty", "最低库存", "Minimum stock"),
    FieldSpec("tiers", "text", "阶梯价", "Quantity tiers"),
    FieldSpec("opening_stock", "qty", "期初库存", "Opening stock"),
    FieldSpec("weight", "text", "重量", "Weight"),
    FieldSpec("notes", "text", "备注", "Notes"),
)
#: the pack unit of a row that gives a pack size (包装数, 入数...) but no unit name; the
#: ledger has no setting for another, so it is the trade's usual word for a case
DEFAULT_PACK_UNIT = "件"
_TIER = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:(?:-|~|～|－|–|—|至|到)\s*\d+(?:\.\d+)?|\+|以上|及以上)?\s*"
    r"(?:个|件|箱)?\s*[:：=＝@]\s*[¥￥]?\s*(\d+(?:\.\d+)?)\s*(?:元)?\s*$"
)
_TIER_SPLIT = re.compile(r"[;；,，/\n|]+")


def parse_tiers(text: str) -> list[dict[str, Decimal]]:
    """``1-9:10；10-99:9.8；100+:9`` → [{min_qty: 1, price: 10}, ...] (raise ValueError)."""
    tiers: list[dict[str, Decimal]] = []
    for part in _TIER_SPLIT.split(text):
        if not part.strip():
            continue
        m = _TIER.match(part)
        if not m:
            raise ValueError(part)
        try:
            tiers.append({"min_qty": Decimal(m.group(1)), "price": Decimal(m.group(2))})
        except InvalidOperation as exc:
            raise ValueError(part) from exc
    return sorted(tiers, key=lambda t: t["min_qty"])


def format_tiers(tiers: list[dict[str, Decimal]]) -> str:
    return "；".join(f"{fmt_qty(t['min_qty'])}:{fmt_qty(t['price'])}" for t in tiers)


def code_from_barcode(wanted: dict[str, Any], taken: Callable[[str], bool]) -> bool:
    """A new product given no code takes its barcode as its code, unless ``taken`` says a
    product has that code (normalised, as codes match): True when it did. The product list
    and a history that creates products both code them so."""
    barcode = wanted.get("barcode")
    if wanted.get("code") or not barcode or taken(normalize_code(barcode)):
        return False
    wanted["code"] = barcode
    return True


def product_of_line(values: dict[str, Any]) -> dict[str, Any]:
    """The product a sales or purchase history line names, as the product list's row for it
    gives it (``_wanted``): a style code with its colour and size is the variant's code
    (``variant_code``), 规格 carries them, the barcode goes with the line's unit as its base
    unit. A history that creates products so makes the ones a product list would."""
    row = {
        "code": values.get("product_code"),
        "barcode": values.get("barcode"),
        "name": values.get("product_name"),
        "spec": values.get("spec"),
        "color": values.get("color"),
        "size": values.get("size"),
        "unit": values.get("unit"),
    }
    row["code"] = variant_code(row) or row["code"]
    return _wanted(row)


def match_line_product(index: Index, wanted: dict[str, Any]) -> Match:
    """The product of a history line (:func:`product_of_line`), found as the product list
    finds it: code, then (barcode, unit), then name + 规格. A line in a pack unit names a
    product by its base unit's barcode as well, so without a product for (barcode, unit)
    the barcode alone is tried."""
    code, name = wanted.get("code"), wanted.get("name")
    barcode, spec, unit = wanted.get("barcode"), wanted.get("spec"), wanted.get("base_unit")
    match = index.match(code, name, barcode, spec, unit)
    if unit and barcode and not match.found and not match.ambiguous:
        match = index.match(code, name, barcode, spec)
    return match


def _wanted(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for src, dst in (
        ("code", "code"),
        ("barcode", "barcode"),
        ("name", "name"),
        ("category", "category"),
        ("unit", "base_unit"),
        ("retail_price", "retail_price"),
        ("cost", "cost_price"),
        ("tax_rate", "tax_rate"),
        ("min_order_qty", "min_order_qty"),
        ("min_stock", "min_stock"),
    ):
        if values.get(src) not in (None, ""):
            out[dst] = values[src]
    spec = " ".join(str(values[k]) for k in ("spec", "model", "color", "size") if values.get(k))
    if spec:
        out["spec"] = spec
    extras = [
        f"{zh}：{values[k]}" for k, zh in (("brand", "品牌"), ("weight", "重量")) if values.get(k)
    ]
    notes = ([values["notes"]] if values.get("notes") else []) + extras
    if notes:
        out["notes"] = "；".join(notes)
    return out


class ProductHandler:
    kind = "product"
    fields: tuple[FieldSpec, ...] = FIELDS
    extra_synonyms: ClassVar[dict[str, list[str]]] = {
        "tiers": [
            "阶梯价",
            "数量阶梯价",
            "批发阶梯价",
            "阶梯价格",
            "起批价",
            "Tiers",
            "Tier Prices",
        ],
        "pack_factor": ["入数", "每箱入数", "箱入数", "每件数量", "Units per Case", "Case Pack"],
        "code": ["款号", "款式编号", "款式编码", "Style", "Style Code", "Style No"],
        "color": ["颜色", "色号", "颜色名称", "花色", "Color", "Colour"],
        "size": ["尺码", "尺寸", "码数", "鞋码", "码", "Size"],
    }

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        """Match each row (code → (barcode, unit) → name + spec, each only when it fits one
        product); the first row for a product wins (``claims``); every check the commit
        makes is made here, on the row it is about."""
        notes: list[Issue] = ctx.state.setdefault("notes", [])
        variants = variant_codes(rows)
        if variants is not None:
            notes.append(variants)
        settle(
            rows,
            notes,
            lambda assumed: self._plan(session, rows, ctx, assumed),
            lambda: self._moved(session, rows),
        )

    @staticmethod
    def _moved(session: Session, rows: list[Row]) -> Moved:
        """The products this plan renames or gives another barcode or spec."""
        out: Moved = {}
        for row in rows:
            if row.outcome != UPDATE or row.target is None:
                continue
            if any(k in row.changes for k in ("name", "barcode", "spec")):
                product = session.get(Product, row.target)
                assert product is not None
                now = {
                    k: row.changes.get(k, [None, getattr(product, k)])[1]
                    for k in ("name", "barcode", "spec")
                }
                out[row.target] = (
                    product.code,
                    now["name"],
                    now["barcode"] or "",
                    now["spec"] or "",
                    product.base_unit,
                )
        return out

    def _plan(self, session: Session, rows: list[Row], ctx: Context, assumed: Moved) -> None:
        """One pass over the rows, with the products in ``assumed`` filed as changed."""
        index = product_index(session)
        for ident, moved in assumed.items():
            index.remove(ident)
            add_product(index, ident, *moved)
        claims = Claims(self.fields)
        notes: list[Issue] = ctx.state["notes"]
        index.spoken = {normalize_code(r.values["code"]) for r in rows if r.values.get("code")}
        index.spoken_tax = {
            normalize_code(r.values["barcode"]) for r in rows if r.values.get("barcode")
        }
        default_packs = 0
        tally = Tally()
        for row in by_strength(rows, ("barcode",)):
            if not row.ok:
                continue
            vals = row.values
            wanted = _wanted(vals)
            extra, defaulted = self._packs(row, wanted.get("base_unit") or "个")
            default_packs += defaulted
            if not row.ok or not check_new(row, "product", _create_values(wanted, extra)):
                continue
            unit = wanted.get("base_unit")
            match = index.match(
                vals.get("code"),
                vals["name"],
                vals.get("barcode"),
                wanted.get("spec"),
                unit,
                by_code_only=True,
            )
            if match.ambiguous:
                ambiguous(row, match, ("商品", "product"))
            elif match.found:
                assert match.id is not None
                if not claims.settled(row, match, index.label[match.id][0]):
                    self._existing(session, row, match.id, match.how, wanted, extra, index)
                    if row.ok:  # a row in error speaks for nothing
                        claims.claim(match.id, row)
                claims.hold(row, match, index, vals.get("barcode"), unit)
            else:
                self._new(session, row, wanted, extra, match, index, claims, ctx, tally)
            if row.ok and vals.get("opening_stock") and row.outcome != SKIPPED:
                self._opening(session, row)
        if default_packs:
            notes.append(
                Issue(
                    f"{default_packs} 行只填了包装数、没有包装单位：包装单位按“{DEFAULT_PACK_UNIT}”导入。",
                    f"{default_packs} {'row gives' if default_packs == 1 else 'rows give'} a pack "
                    f"size without a pack unit: the pack unit is taken as '{DEFAULT_PACK_UNIT}'.",
                )
            )
        notes.extend(tally.issues(lambda row: row.outcome == NEW))
        if (clashes := claims.note()) is not None:
            notes.append(clashes)

    def _new(
        self,
        session: Session,
        row: Row,
        wanted: dict[str, Any],
        extra: dict[str, Any],
        match: Match,
        index: Index,
        claims: Claims,
        ctx: Context,
        tally: Tally,
    ) -> None:
        """A product the ledger lacks: planned (and put in the index, so later rows of the
        file find it as a second run would find it in the ledger)."""
        barcode = wanted.get("barcode") or ""
        unit = wanted.get("base_unit") or "个"
        holders = index.with_tax(barcode) if barcode else []
        if holders:  # a barcode names one product, whatever the unit
            other = holders[0]
            first = claims.owner.get(other)
            code, name = index.label[other]
            where_zh = f"第 {first.excel_row} 行的" if first else "已有"
            where_en = f"row {first.excel_row}'s" if first else "existing"
            row.fail(
                f"条码 {barcode} 已是{where_zh}商品 {code} {name} 的条码，但编码不同："
                "一个条码只能属于一个商品，请改正条码或编码。",
                f"Barcode {barcode} already belongs to {where_en} product {code} {name}, which has "
                "another code: a barcode names one product; correct the barcode or the code.",
                None,
                "barcode",
            )
            return
        clash = barcode_clash(session, None, {unit: barcode})  # a pack unit's, say
        if clash is not None:
            row.fail(clash.zh, clash.en, None, "barcode")
            return
        if not wanted.get("code"):  # said once for all such rows (``tally``)
            if code_from_barcode(wanted, lambda code: code in index.by_code):
                tally.add(BARCODE_AS_CODE, row, barcode)
            else:  # the desk's next product code, given as the import writes it
                wanted.pop("code", None)
                tally.add(CODE_ASSIGNED, row)
        planned = uuid.uuid4()
        add_product(
            index,
            planned,
            wanted.get("code", ""),
            wanted["name"],
            barcode,
            wanted.get("spec", ""),
            unit,
        )
        claims.claim(planned, row, planned=True)
        row.changes = {**wanted, **extra}
        row.outcome = NEW
        if near := claims.lookalikes(match):
            zh, en = describe_near(near)
            if ctx.options.skip_near_duplicates:
                row.outcome = SKIPPED
                row.note(f"与已有商品相似（{zh}），按设置跳过。", f"Looks like {en}; skipped.")
            else:
                row.note(
                    f"与已有商品相似（{zh}），将新建。如是同一商品，请填写其编码。",
                    f"Looks like existing product ({en}); a new one will be created.",
                )

    def _packs(self, row: Row, base_unit: str) -> tuple[dict[str, Any], int]:
        """The row's pack units, tiers and level price; and 1 when a pack size without a
        unit name took the default pack unit (said once for the file, not on each row)."""
        vals = row.values
        extra: dict[str, Any] = {}
        units: dict[str, Any] = {}
        defaulted = 0
        for unit_key, factor_key in (("pack_unit", "pack_factor"), ("pack_unit2", "pack_factor2")):
            unit, factor = vals.get(unit_key), vals.get(factor_key)
            if not unit and factor is None:
                continue
            if not unit and factor and unit_key == "pack_unit":
                unit = DEFAULT_PACK_UNIT if base_unit != DEFAULT_PACK_UNIT else "箱"
                defaulted = 1
            if not unit or not factor:
                row.fail(
                    "包装单位和换算比例要一起填写（如 箱 / 24）。",
                    "Give both the pack unit and its size (e.g. 箱 / 24).",
                )
            elif unit in units and units[unit] != factor:
                row.fail(
                    f"包装单位“{unit}”填了两个不同的换算比例。",
                    f"The pack unit '{unit}' has two different sizes.",
                )
            elif unit != vals.get("unit"):
                units[unit] = factor
        if units:
            extra["units"] = units
        if vals.get("wholesale_price") is not None:
            extra["levels"] = {1: vals["wholesale_price"]}
        if vals.get("tiers"):
            try:
                extra["tiers"] = parse_tiers(vals["tiers"])
                for tier in extra["tiers"]:  # what the service stores them as
                    validate.fits(tier["min_qty"], QTY, "阶梯价的起批量", "A tier's quantity")
                    validate.fits(tier["price"], PRICE, "阶梯价的单价", "A tier's price")
            except ValidationError as exc:
                row.fail(exc.zh, exc.en, None, "tiers")
            except ValueError as exc:
                row.fail(
                    f"阶梯价“{exc}”看不懂。请写成 起批量:单价，多档用分号隔开，如 1-9:10；10-99:9.8；100+:9。",
                    f"Cannot read tier '{exc}'. Write min qty:price separated by ';', "
                    "e.g. 1-9:10;10-99:9.8;100+:9.",
                )
        return extra, defaulted

    def _existing(
        self,
        session: Session,
        row: Row,
        product_id: Any,
        how: str,
        wanted: dict[str, Any],
        extra: dict[str, Any],
        index: Index,
    ) -> None:
        """A product in the ledger: what the row changes, checked as the service will."""
        product = session.get(Product, product_id)
        assert product is not None
        code = wanted.get("code")
        if code and normalize_code(code) != normalize_code(product.code):
            row.fail(
                f"{HOW_ZH[how]}与已有商品 {product.code} {product.name} 相同，但编码不同"
                f"（文件中为 {code}）。如是同一商品，请把编码改为 {product.code}。",
                f"Same {HOW_EN[how]} as existing product {product.code} {product.name} but a "
                f"different code ({code}). If it is the same product, use {product.code}.",
                None,
                "code",
            )
            return
        changes: dict[str, Any] = {}
        for key, val in wanted.items():
            if key == "code":
                continue
            if key == "base_unit" and val != product.base_unit:
                row.note(
                    f"基本单位与账上的“{product.base_unit}”不同，未更改。",
                    f"Base unit differs from '{product.base_unit}'; not changed.",
                )
                continue
            if getattr(product, key) != val:
                changes[key] = [getattr(product, key), val]
        units = {u.unit: u.factor for u in product.units}
        merged = {**units, **extra.get("units", {})}
        if merged != units:
            changes["units"] = [units, merged]
        levels = {p.level: p.price for p in product.prices if p.kind == "level"}
        for level, price in extra.get("levels", {}).items():
            if levels.get(level) != price:
                changes["levels"] = [levels, {**levels, level: price}]
        if "tiers" in extra:
            tiers = sorted(
                (
                    {"min_qty": p.min_qty, "price": p.price}
                    for p in product.prices
                    if p.kind == "tier"
                ),
                key=lambda t: t["min_qty"],
            )
            if tiers != extra["tiers"]:
                changes["tiers"] = [tiers, extra["tiers"]]
        if product.archived:
            changes["archived"] = [True, False]
        barcode = changes.get("barcode", [None, None])[1]
        # a barcode names one product whatever the unit (``products.barcode_clash``)
        others = [i for i in index.with_tax(barcode) if i != product.id]
        if barcode and others:
            other_code, other_name = index.label[others[0]]
            row.fail(
                f"条码 {barcode} 已是商品 {other_code} {other_name} 的条码：一个条码只能属于一个商品。",
                f"Barcode {barcode} already belongs to product {other_code} {other_name}.",
                None,
                "barcode",
            )
            return
        if barcode:
            packs = {u.unit: u.barcode for u in product.units}
            clash = barcode_clash(
                session,
                product.id,
                {**packs, product.base_unit: barcode},
                {**packs, product.base_unit: product.barcode},
            )
            if clash is not None:
                row.fail(clash.zh, clash.en, None, "barcode")
                return
        if changes and not check_update(row, "product", product.base_unit, update_fields(changes)):
            return
        row.target = product.id
        row.changes = changes
        row.outcome = UPDATE if changes else UNCHANGED
        if changes:
            row.note(*changes_note(product.code, changes, _show))

    def _opening(self, session: Session, row: Row) -> None:
        qty = row.values["opening_stock"]
        existing = opening_stock_qty(session, row.target) if row.target else None
        if existing is None:
            cost = row.values.get("cost")
            if cost is None:
                found = session.get(Product, row.target) if row.target else None
                cost = found.cost_price if found else Decimal(0)
            if not stock_line_fits(row, qty, cost):
                return
            row.changes["_opening"] = qty
            if row.outcome == UNCHANGED:
                row.outcome = UPDATE
            row.note(f"登记期初库存 {fmt_qty(qty)}", f"Opening stock {fmt_qty(qty)}")
        elif existing != qty:
            row.note(
                f"已登记期初库存 {fmt_qty(existing)}，与文件中的 {fmt_qty(qty)} 不同，未更改（请用盘点调整）。",
                f"Opening stock {fmt_qty(existing)} already booked, not {fmt_qty(qty)}; unchanged "
                "(use a stocktake).",
            )

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        self._create_new(uow, rows)
        stock: dict[Any, tuple[Decimal | str, Decimal | str]] = {}
        stock_rows: list[Row] = []
        for row in rows:
            if row.outcome not in (NEW, UPDATE):
                continue
            changes = dict(row.changes)
            opening = changes.pop("_opening", None)
            try:
                if row.outcome == NEW:
                    pass  # created above, in bulk
                elif changes:
                    assert row.target is not None
                    update_product(uow, row.target, **update_fields(changes))
            except DomainError as exc:
                row.fail(exc.zh, exc.en)
                raise RowFailed(row) from exc
            if opening:
                cost = row.values.get("cost")
                if cost is None:
                    found = uow.session.get(Product, row.target)
                    cost = found.cost_price if found else Decimal(0)
                stock[row.target] = (opening, cost)
                stock_rows.append(row)
        if stock:
            try:
                opening_stock(
                    uow, stock, ctx.options.on(), notes=f"期初库存（导入 {ctx.file_label}）"
                )
            except DomainError as exc:
                stock_rows[0].fail(exc.zh, exc.en)
                raise RowFailed(stock_rows[0]) from exc

    @staticmethod
    def _create_new(uow: UnitOfWork, rows: list[Row]) -> None:
        """The new products in one go (``records.create_records``: the service's validation,
        audit entries and sync intents, without an ORM round trip per product)."""
        from desktop.importing.kinds.records import create_new_rows

        create_new_rows(uow, "product", rows, lambda row: _create_values(row.changes, {}))


def _create_values(wanted: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A planned row's values as ``create_records`` takes them (pack units as a list)."""
    values = {k: v for k, v in {**wanted, **extra}.items() if k != "_opening"}
    units = values.pop("units", None) or {}
    values["units"] = [{"unit": u, "factor": f} for u, f in units.items()]
    return values


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list):
        return format_tiers(value) if value and isinstance(value[0], dict) else str(value)
    if isinstance(value, dict):
        return "、".join(
            f"{k}={fmt_qty(v) if isinstance(v, Decimal) else v}" for k, v in value.items()
        )
    return str(value)
