"""Products: create, change, find, units and the price a line should start with."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.barcodes import checked_barcode
from desktop.codes import ProblemKind
from desktop.errors import ValidationError, not_found
from desktop.models import Document, DocumentLine, Party, Product, ProductPrice, ProductUnit
from desktop.models.document import DocKind, DocStatus
from desktop.money import PRICE, PRICE_SCALE, QTY, quantize
from desktop.search_keys import search_key
from desktop.services import row_cache
from desktop.services import validate as v
from desktop.services.numbering import next_code, observe
from desktop.services.serialize import jsonable
from desktop.services.type_ahead import key_contains
from desktop.services.uow import UnitOfWork, intent_entry

FIELDS = {
    "code",
    "barcode",
    "name",
    "spec",
    "category",
    "base_unit",
    "retail_price",
    "cost_price",
    "tax_rate",
    "min_order_qty",
    "min_stock",
    "notes",
    "archived",
}


def get_product(session: Session, key: uuid.UUID | str) -> Product:
    """By id, code or barcode."""
    product: Product | None = None
    if isinstance(key, uuid.UUID):
        product = session.get(Product, key)
    else:
        product = session.scalar(select(Product).where(Product.code == key))
        if product is None and key:
            product = session.scalar(select(Product).where(Product.barcode == key).limit(1))
    if product is None:
        raise not_found("商品", "Product", key)
    return product


def preload(session: Session, ids: Iterable[uuid.UUID]) -> list[Product]:
    """Load many products (with their units) in a few queries, so that :func:`get_product`
    and ``session.get`` find them without a query and an autoflush each: a document or
    stocktake of thousands of lines. Keep the returned list while working: the session
    holds its objects weakly."""
    wanted = [i for i in set(ids) if isinstance(i, uuid.UUID)]
    loaded, missing = row_cache.products(session, wanted)  # held, or kept between units
    query = _preload_query()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        read = list(session.scalars(query, {"ids": chunk}).unique())
        row_cache.keep_products(session, read)
        loaded += read
    return loaded


_PRELOAD: list[Any] = []


def _preload_query() -> Any:
    """Products by id with their units, in the one query: built once, on first use (every
    document saved asks it)."""
    if not _PRELOAD:
        from sqlalchemy import bindparam
        from sqlalchemy.orm import joinedload

        _PRELOAD.append(
            select(Product)
            .where(Product.id.in_(bindparam("ids", expanding=True)))
            .options(joinedload(Product.units))
        )
    return _PRELOAD[0]


def product_search_key(product: Product) -> str:
    """What a product is found by: its name, code, spec and barcode."""
    return search_key(product.name, product.code, product.spec, product.barcode)


@intent_entry
def create_product(uow: UnitOfWork, **values: Any) -> Product:
    units = values.pop("units", [])
    tiers = values.pop("tiers", [])
    levels = values.pop("levels", {})
    clean = _validated(values, creating=True)
    if not clean["code"]:
        clean["code"] = next_code(uow.session, "product", uow.desk)
    _check_code(uow.session, clean["code"], None)
    product = Product(id=uow.new_key("product", lambda: clean["code"])[0], **clean)
    if uow.replaying:
        observe(uow.session, product.code)
    product.search_key = product_search_key(product)
    product.units = _units(product.base_unit, units)
    _check_barcodes(uow, product.id, _barcodes(product.base_unit, clean, product.units), {})
    product.prices = _prices(tiers, levels)
    uow.session.add(product)
    uow.session.flush()
    uow.record(
        "product.create",
        {"id": product.id, **clean, "units": units, "tiers": tiers, "levels": levels},
    )
    return product


@intent_entry
def update_product(uow: UnitOfWork, product_id: uuid.UUID, **values: Any) -> Product:
    product = uow.session.get(Product, product_id)
    if product is None:
        raise not_found("商品", "Product", product_id)
    units = values.pop("units", None)
    tiers = values.pop("tiers", None)
    levels = values.pop("levels", None)
    clean = _validated(values, creating=False)
    if "code" in clean:
        _check_code(uow.session, clean["code"], product.id)
    changing = [*clean, *(k for k, x in (("tiers", tiers), ("levels", levels)) if x is not None)]
    before = field_values(product, changing)
    held = _barcodes(product.base_unit, {"barcode": product.barcode}, product.units)
    wanted_units = _units(product.base_unit, units) if units is not None else product.units
    wanted = _barcodes(product.base_unit, {"barcode": product.barcode, **clean}, wanted_units)
    _check_barcodes(uow, product.id, wanted, held)
    for key, value in clean.items():
        setattr(product, key, value)
    if units is not None:
        product.units = _reuse_units(product.units, wanted_units)
    if tiers is not None or levels is not None:
        keep_tiers = (
            tiers
            if tiers is not None
            else [
                {"min_qty": p.min_qty, "price": p.price} for p in product.prices if p.kind == "tier"
            ]
        )
        keep_levels = (
            levels
            if levels is not None
            else {p.level: p.price for p in product.prices if p.kind == "level"}
        )
        product.prices = _prices(keep_tiers, keep_levels)
    product.search_key = product_search_key(product)
    product.version += 1
    uow.record(
        "product.update",
        {
            "id": product.id,
            "base_version": product.version - 1,
            **clean,
            "units": units,
            "tiers": tiers,
            "levels": levels,
            # what this desk saw, so the server can tell a concurrent change to a price
            # (docs/sync.md, merge rules)
            "before": before,
        },
    )
    return product


def field_values(product: Product, fields: Iterable[str]) -> dict[str, Any]:
    """The product's current values of ``fields`` (``tiers`` and ``levels`` too) as they
    travel in an intent."""
    values: dict[str, Any] = {}
    for key in fields:
        if key == "tiers":
            values[key] = [
                {"min_qty": p.min_qty, "price": p.price} for p in product.prices if p.kind == "tier"
            ]
        elif key == "levels":
            values[key] = {p.level: p.price for p in product.prices if p.kind == "level"}
        elif key in FIELDS:
            values[key] = getattr(product, key)
    return jsonable(values)


def _validated(values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(values) - FIELDS
    if unknown:
        raise ValidationError(
            "unknown_field",
            f"未知字段：{', '.join(sorted(unknown))}",
            f"Unknown fields: {', '.join(sorted(unknown))}",
        )
    clean = dict(values)
    v.plain_texts(clean)
    if creating or "code" in clean:
        code = clean.get("code")
        if isinstance(code, float | int) and not isinstance(code, bool):
            raise ValidationError(
                "code_not_text",
                "商品编码必须是文字（以免丢失前导 0）。",
                "A product code must be text (so leading zeros stay).",
            )
        if creating and not str(code or "").strip():
            clean["code"] = ""  # the desk's next code, given when the product is created
        else:
            clean["code"] = v.required_text(code, "商品编码", "Product code", 60)
    if creating or "name" in clean:
        clean["name"] = v.required_text(clean.get("name"), "商品名称", "Product name")
    for key, zh, en in (
        ("retail_price", "零售价", "Retail price"),
        ("cost_price", "成本价", "Cost price"),
        ("min_order_qty", "起订量", "Minimum order quantity"),
        ("min_stock", "最低库存", "Minimum stock"),
    ):
        if clean.get(key) is not None:
            clean[key] = v.decimal_value(
                clean[key], zh, en, column=PRICE if "price" in key else QTY
            )
    if clean.get("tax_rate") is not None:
        clean["tax_rate"] = v.rate_value(clean["tax_rate"], "税率", "Tax rate")
    if "base_unit" in clean:
        clean["base_unit"] = v.required_text(clean["base_unit"], "基本单位", "Base unit", 20)
    if clean.get("barcode") is not None:
        clean["barcode"] = checked_barcode(clean["barcode"])
    return clean


def _units(base_unit: str, units: list[dict[str, Any]]) -> list[ProductUnit]:
    result: list[ProductUnit] = []
    seen = {base_unit}
    for item in units:
        name = v.required_text(item.get("unit"), "包装单位", "Pack unit", 20)
        factor = v.decimal_value(
            item.get("factor"),
            f"{name}的换算数量",
            f"Factor of {name}",
            allow_zero=False,
            column=QTY,
        )
        if name in seen:
            raise ValidationError(
                "duplicate_unit", f"单位“{name}”重复了。", f"Unit {name} appears twice."
            )
        seen.add(name)
        barcode = checked_barcode(item.get("barcode"))
        result.append(ProductUnit(unit=name, factor=factor, barcode=barcode))
    return result


def _reuse_units(current: list[ProductUnit], wanted: list[ProductUnit]) -> list[ProductUnit]:
    """The wanted units, keeping the existing row of a unit that stays (changed in place).

    Replacing every row would make the flush insert 箱 again before deleting the old 箱 and
    trip the (product, unit) uniqueness.
    """
    by_unit = {u.unit: u for u in current}
    out: list[ProductUnit] = []
    for new in wanted:
        old = by_unit.get(new.unit)
        if old is None:
            out.append(new)
        else:
            old.factor, old.barcode = new.factor, new.barcode
            out.append(old)
    return out


def _prices(tiers: list[dict[str, Any]], levels: dict[int, Any]) -> list[ProductPrice]:
    prices: list[ProductPrice] = []
    for tier in tiers:
        prices.append(
            ProductPrice(
                kind="tier",
                min_qty=v.decimal_value(tier["min_qty"], "起批量", "Tier quantity", column=QTY),
                price=v.decimal_value(tier["price"], "批发价", "Tier price", column=PRICE),
            )
        )
    for level, price in levels.items():
        prices.append(
            ProductPrice(
                kind="level",
                level=int(level),
                price=v.decimal_value(price, "等级价", "Level price", column=PRICE),
            )
        )
    return prices


def _check_code(session: Session, code: str, own_id: uuid.UUID | None) -> None:
    other = session.scalar(select(Product.id).where(Product.code == code))
    if other is not None and other != own_id:
        raise ValidationError(
            "duplicate_code",
            f"商品编码 {code} 已存在。",
            f"Product code {code} already exists.",
            field="code",
        )


def barcode_holder(
    session: Session, code: str, *, skip: uuid.UUID | None = None
) -> tuple[Product, str] | None:
    """The product (other than ``skip``) and unit that hold ``code`` (a base unit's or a
    pack unit's barcode); None when no other product has it."""
    if not code:
        return None
    query = select(Product).where(Product.barcode == code)
    if skip is not None:
        query = query.where(Product.id != skip)
    found = session.scalars(query.limit(1)).first()
    if found is not None:
        return found, found.base_unit
    units = select(ProductUnit).where(ProductUnit.barcode == code)
    if skip is not None:
        units = units.where(ProductUnit.product_id != skip)
    pack = session.scalars(units.limit(1)).first()
    return (pack.product, pack.unit) if pack is not None else None


def barcode_clash(
    session: Session,
    product_id: uuid.UUID | None,
    wanted: dict[str, str],
    held: dict[str, str] | None = None,
    pending: dict[str, tuple[str, str, str]] | None = None,
) -> ValidationError | None:
    """The one rule that a barcode names one product and one of its units: the refusal
    for the first barcode in ``wanted`` (unit → barcode, after the change) that another
    unit of the product, or another product, already holds; None when all are free.
    Only barcodes the change sets are checked (``held``: unit → barcode before it), so
    duplicates an old ledger already has (``zhangfang check`` lists them) never block an
    edit of something else. ``pending``: barcode → (code, name, unit) of products being
    made alongside, not written yet (an import's batch)."""
    held = held or {}
    for unit, code in wanted.items():
        if not code or held.get(unit) == code:
            continue
        twin = next((u for u, c in wanted.items() if c == code and u != unit), None)
        if twin is not None:
            return ValidationError(
                "duplicate_barcode",
                f"条码 {code} 同时填在了“{twin}”和“{unit}”两个单位上：每个单位要用自己的条码。",
                f"Barcode {code} is given to both units {twin} and {unit}: each unit needs "
                "a barcode of its own.",
                field="barcode",
            )
        holder = barcode_holder(session, code, skip=product_id)
        other = (holder[0].code, holder[0].name, holder[1]) if holder else None
        other = other or (pending or {}).get(code)
        if other is not None:
            ocode, oname, ounit = other
            return ValidationError(
                "duplicate_barcode",
                f"条码 {code} 已是商品 {ocode} {oname}（{ounit}）的条码："
                "一个条码只能属于一个商品，请核对条码。",
                f"Barcode {code} already belongs to product {ocode} {oname} "
                f"({ounit}): a barcode names one product; check the barcode.",
                field="barcode",
                other=ocode,
            )
    return None


def _barcodes(base_unit: str, values: dict[str, Any], units: list[ProductUnit]) -> dict[str, str]:
    """unit → barcode of a product: its own (base unit's) and its pack units'."""
    out = {base_unit: str(values.get("barcode") or "")}
    out.update({u.unit: u.barcode or "" for u in units})
    return out


def _check_barcodes(
    uow: UnitOfWork, product_id: uuid.UUID, wanted: dict[str, str], held: dict[str, str]
) -> None:
    """:func:`barcode_clash` raised; a change made at another desk (sync) stands as made
    there, with a problem noted for a person (two desks gave one barcode offline)."""
    clash = barcode_clash(uow.session, product_id, wanted, held)
    if clash is None:
        return
    if uow.replaying:
        if uow.remote:
            uow.problem(
                ProblemKind.DUPLICATE_BARCODE,
                clash.zh,
                clash.en,
                entity="product",
                entity_id=product_id,
            )
        return
    raise clash


def unit_factor(product: Product, unit: str | None) -> tuple[str, Decimal]:
    """The unit name and its base-unit factor; the base unit when ``unit`` is empty."""
    if not unit or unit == product.base_unit:
        return product.base_unit, Decimal(1)
    for pack in product.units:
        if pack.unit == unit:
            return pack.unit, pack.factor
    known = "、".join([product.base_unit, *(u.unit for u in product.units)])
    raise ValidationError(
        "unknown_unit",
        f"商品 {product.code} 没有单位“{unit}”（可用：{known}）。",
        f"Product {product.code} has no unit {unit} (known: {known}).",
    )


@dataclass(frozen=True)
class PriceSuggestion:
    """The price per base unit a new line starts with, where it came from, and the last price."""

    price: Decimal
    source: str  # "level", "tier", "last", "retail"
    last_price: Decimal | None


def suggest_price(
    session: Session,
    product: Product,
    party: Party | None,
    base_qty: Decimal,
    kind: str = DocKind.SALES_ORDER,
) -> PriceSuggestion:
    """Price policy: customer level price, else quantity tier, else last price, else retail.

    The last price to this party is returned as well so the clerk sees it beside the line.
    Purchases start from the last purchase price, else the product's cost.
    """
    purchase = kind in (DocKind.PURCHASE_ORDER, DocKind.GOODS_RECEIPT, DocKind.SUPPLIER_BILL)
    last = last_price(session, product.id, party.id, purchase) if party is not None else None
    if purchase:
        if last is not None:
            return PriceSuggestion(last, "last", last)
        return PriceSuggestion(product.cost_price, "cost", last)
    if party is not None and party.price_level > 0:
        for price in product.prices:
            if price.kind == "level" and price.level == party.price_level:
                return PriceSuggestion(price.price, "level", last)
    tiers = sorted((p for p in product.prices if p.kind == "tier"), key=lambda p: p.min_qty)
    chosen = None
    for tier in tiers:
        if base_qty >= tier.min_qty:
            chosen = tier
    if chosen is not None:
        return PriceSuggestion(chosen.price, "tier", last)
    if last is not None:
        return PriceSuggestion(last, "last", last)
    return PriceSuggestion(product.retail_price, "retail", last)


def last_price(
    session: Session, product_id: uuid.UUID, party_id: uuid.UUID, purchase: bool = False
) -> Decimal | None:
    """上次售价: the per-base-unit price on this party's latest posted or confirmed line."""
    kinds = (
        [DocKind.PURCHASE_ORDER, DocKind.SUPPLIER_BILL]
        if purchase
        else [DocKind.SALES_ORDER, DocKind.SALES_BILL]
    )
    row = session.execute(
        select(DocumentLine.unit_price, DocumentLine.unit_factor)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            Document.party_id == party_id,
            DocumentLine.product_id == product_id,
            Document.kind.in_(kinds),
            Document.reverses_id.is_(None),
            Document.status.not_in([DocStatus.DRAFT, DocStatus.CANCELLED]),
        )
        .order_by(Document.doc_date.desc(), Document.created_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return quantize(row.unit_price / row.unit_factor, PRICE_SCALE)


def find_products(
    session: Session, text: str = "", *, include_archived: bool = False, limit: int = 50
) -> list[Product]:
    """Match code, barcode, name, spec or pinyin (``type_ahead.key_contains``)."""
    query = _finding(session, select(Product), text, include_archived)
    return list(session.scalars(query.limit(limit)))


def find_product_rows(session: Session, text: str = "", *, limit: int = 50) -> list[Any]:
    """The same products as :func:`find_products` (not archived), in the same order, as rows
    of (id, code, name, spec): what a type-ahead list shows, without building an ORM
    object per product on every key."""
    columns = select(Product.id, Product.code, Product.name, Product.spec)
    return list(session.execute(_finding(session, columns, text, False).limit(limit)))


def _finding(session: Session, query: Any, text: str, include_archived: bool) -> Any:
    """The one rule of a product lookup: the key contains the text, by code."""
    if text.strip():
        query = query.where(*key_contains(session, Product, text))
    if not include_archived:
        query = query.where(Product.archived.is_(False))
    return query.order_by(Product.code)
