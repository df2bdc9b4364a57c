"""Product form: code kept as text, pack units (箱=24), quantity tiers, prices."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLineEdit, QTabWidget, QVBoxLayout, QWidget

from desktop.money import QTY, fmt_qty
from desktop.views.context import Context
from desktop.views.forms.amount_edit import AmountEdit
from desktop.views.forms.common import FormDialog, check_amount, check_required
from desktop.views.forms.listing_tab import ListingTab, save_listing

FIELD_MAP = {
    "code": "code",
    "Product code": "code",
    "Product name": "name",
    "Retail price": "retail_price",
    "Cost price": "cost_price",
    "Base unit": "base_unit",
    "Minimum order quantity": "min_order_qty",
    "Minimum stock": "min_stock",
}


def parse_pairs(text: str) -> list[tuple[str, Decimal]] | None:
    """``箱=24, 包=10`` → [("箱", 24), ("包", 10)]; None when malformed."""
    pairs: list[tuple[str, Decimal]] = []
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            return None
        left, right = (x.strip() for x in part.split("=", 1))
        error, value = check_amount(right, allow_empty=False)
        if error or value is None or not left:
            return None
        pairs.append((left, value))
    return pairs


class ProductForm(FormDialog):
    def __init__(
        self, ctx: Context, product_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_id = product_id
        self.setObjectName("product_form")
        self.setWindowTitle(self.tr("商品"))
        self.code = self.add("code", self.tr("商品编码"), QLineEdit())
        self.name = self.add("name", self.tr("名称"), QLineEdit())
        self.spec = self.add("spec", self.tr("规格"), QLineEdit())
        self.category = self.add("category", self.tr("类别"), QLineEdit())
        self.barcode = self.add("barcode", self.tr("条码"), QLineEdit())
        self.base_unit = self.add("base_unit", self.tr("基本单位"), QLineEdit("个"))
        self.units = self.add("units", self.tr("包装单位"), QLineEdit())
        self.units.setPlaceholderText(self.tr("例如：箱=24, 包=10"))
        self.retail_price = self.add("retail_price", self.tr("零售价"), AmountEdit())
        self.cost_price = self.add("cost_price", self.tr("成本价"), AmountEdit())
        self.tiers = self.add("tiers", self.tr("批量价"), QLineEdit())
        self.tiers.setPlaceholderText(self.tr("起批量=单价，例如：100=2.0, 1000=1.8"))
        self.min_order_qty = self.add("min_order_qty", self.tr("起订量"), QLineEdit())
        self.min_order_qty.setPlaceholderText(self.tr("基本单位，网店订单不能少于它"))
        self.min_stock = self.add("min_stock", self.tr("最低库存"), QLineEdit())
        self.min_stock.setPlaceholderText(self.tr("基本单位，库存低于它时在库存报表中标出"))
        self.listing = ListingTab()
        self._into_tabs()
        if product_id is None:  # a new product without a code gets the desk's next one
            self.code.setPlaceholderText(self.tr("留空自动编号"))
        for key in self._required():
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(
                lambda k=key, e=edit: self.set_error(k, check_required(e.text()))
            )
        for key in ("retail_price", "cost_price"):
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(
                lambda k=key, e=edit: self.set_error(k, check_amount(e.text())[0])
            )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 70)
        if product_id is not None:
            self._load(product_id)

    def _into_tabs(self) -> None:
        """The fields above on a 基本资料 page, the marketplace on a 网店 page."""
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeItem(self.form)
        self.form.setParent(None)
        basic = QWidget()
        QVBoxLayout(basic).addLayout(self.form)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("product_tabs")
        self.tabs.addTab(basic, self.tr("基本资料"))
        self.tabs.addTab(self.listing, self.tr("网店"))
        outer.insertWidget(0, self.tabs)

    def _required(self) -> tuple[str, ...]:
        return ("name", "base_unit") if self.product_id is None else ("code", "name", "base_unit")

    def _load(self, product_id: uuid.UUID) -> None:
        from desktop.services.products import get_product

        with self.ctx.ledger.read() as s:
            p = get_product(s, product_id)
            for key in ("code", "name", "spec", "category", "barcode", "base_unit"):
                getattr(self, key).setText(getattr(p, key) or "")
            self.retail_price.set_value(p.retail_price)
            self.cost_price.set_value(p.cost_price)
            self.units.setText(", ".join(f"{u.unit}={fmt_qty(u.factor)}" for u in p.units))
            self.tiers.setText(
                ", ".join(
                    f"{fmt_qty(x.min_qty)}={fmt_qty(x.price)}" for x in p.prices if x.kind == "tier"
                )
            )
            self.min_order_qty.setText(fmt_qty(p.min_order_qty) if p.min_order_qty else "")
            self.min_stock.setText(fmt_qty(p.min_stock) if p.min_stock else "")
            self.listing.set_product_defaults(p.name, p.spec)
            self.listing.load(s, p.id)
            self.setWindowTitle(f"{p.code} {p.name}")

    def values(self) -> dict[str, Any] | None:
        self.clear_errors()
        for key in self._required():
            self.set_error(key, check_required(self.fields[key].text()))  # type: ignore[attr-defined]
        prices = {}
        for key, edit in (("retail_price", self.retail_price), ("cost_price", self.cost_price)):
            error, value = check_amount(edit.text())
            self.set_error(key, error)
            prices[key] = value if value is not None else Decimal(0)
        units = parse_pairs(self.units.text())
        if units is None:
            self.set_error("units", self.tr("格式应为 单位=数量，例如 箱=24"))
        tiers = parse_pairs(self.tiers.text())
        if tiers is None:
            self.set_error("tiers", self.tr("格式应为 起批量=单价，例如 100=2.0"))
        moq_error, moq = check_amount(self.min_order_qty.text(), column=QTY)
        self.set_error("min_order_qty", moq_error)
        min_error, min_stock = check_amount(self.min_stock.text(), column=QTY)
        self.set_error("min_stock", min_error)
        if self.has_errors():
            return None
        return {
            "min_order_qty": moq if moq is not None else Decimal(0),
            "min_stock": min_stock if min_stock is not None else Decimal(0),
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
            "spec": self.spec.text().strip(),
            "category": self.category.text().strip(),
            "barcode": self.barcode.text().strip(),
            "base_unit": self.base_unit.text().strip(),
            **prices,
            "units": [{"unit": u, "factor": f} for u, f in units or []],
            "tiers": [{"min_qty": q, "price": p} for q, p in tiers or []],
        }

    def submit(self) -> None:
        values = self.values()
        listing = self.listing.state()
        if values is None or listing is None:
            if listing is None:
                self.tabs.setCurrentWidget(self.listing)
            return
        product_id = self.product_id
        tab = self.listing

        def write(uow: Any) -> uuid.UUID:
            from desktop.services import products

            if product_id is None:
                ident = products.create_product(uow, **values).id
            else:
                ident = products.update_product(uow, product_id, **values).id
            save_listing(uow, ident, tab, listing)
            return ident

        def done(ident: object) -> None:
            assert isinstance(ident, uuid.UUID)
            self.product_id = ident
            self.accept()

        self.ctx.write(write, done, lambda exc: self.show_domain_error(exc, FIELD_MAP))
