"""The navigation: which screens exist, in which groups, and what "new" makes on each."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop import labels as core
from desktop.codes import DocKind
from desktop.views.i18n import language


@dataclass(frozen=True)
class NavItem:
    key: str
    new_what: str = ""
    group: str = ""
    #: only for a desk signed in to the marketplace (nothing to see before)
    online: bool = False


ITEMS: tuple[NavItem, ...] = (
    NavItem("dashboard", group="home"),
    NavItem("customers", "customer", "base"),
    NavItem("suppliers", "supplier", "base"),
    NavItem("products", "product", "base"),
    NavItem("quotes", DocKind.QUOTE, "sales"),
    NavItem("sales_orders", DocKind.SALES_ORDER, "sales"),
    NavItem("deliveries", "", "sales"),
    NavItem("sales_bills", DocKind.SALES_BILL, "sales"),
    NavItem("receipts", DocKind.RECEIPT, "sales"),
    NavItem("purchase_orders", DocKind.PURCHASE_ORDER, "purchase"),
    NavItem("goods_receipts", "", "purchase"),
    NavItem("supplier_bills", DocKind.SUPPLIER_BILL, "purchase"),
    NavItem("payments", DocKind.PAYMENT, "purchase"),
    NavItem("stock", "", "other"),
    NavItem("fapiao", "", "other"),
    NavItem("reports", "", "other"),
    NavItem("sync", "", "other", online=True),
)


def shown(signed_in: bool) -> tuple[NavItem, ...]:
    """The screens the navigation offers: the sync screen only once the desk signed in."""
    return tuple(item for item in ITEMS if signed_in or not item.online)


def title(key: str) -> str:
    names = {
        "dashboard": QCoreApplication.translate("Nav", "工作台"),
        "customers": QCoreApplication.translate("Nav", "客户"),
        "suppliers": QCoreApplication.translate("Nav", "供应商"),
        "products": QCoreApplication.translate("Nav", "商品"),
        "quotes": QCoreApplication.translate("Nav", "报价单"),
        "sales_orders": QCoreApplication.translate("Nav", "销售订单"),
        "deliveries": QCoreApplication.translate("Nav", "送货单"),
        "sales_bills": QCoreApplication.translate("Nav", "销售单"),
        "receipts": QCoreApplication.translate("Nav", "收款"),
        "purchase_orders": QCoreApplication.translate("Nav", "采购订单"),
        "goods_receipts": QCoreApplication.translate("Nav", "入库单"),
        "supplier_bills": QCoreApplication.translate("Nav", "采购账单"),
        "payments": QCoreApplication.translate("Nav", "付款"),
        "stock": QCoreApplication.translate("Nav", "库存"),
        "fapiao": QCoreApplication.translate("Nav", "发票"),
        "reports": QCoreApplication.translate("Nav", "报表"),
        "sync": QCoreApplication.translate("Nav", "同步状态"),
    }
    return names.get(key, key)


def group_title(key: str) -> str:
    if key in core.FLOW:  # the sales and purchase groups are named as their flows
        return core.name(core.FLOW, key, language())
    names = {
        "home": "",
        "base": QCoreApplication.translate("Nav", "资料"),
        "other": QCoreApplication.translate("Nav", "库存与报表"),
    }
    return names.get(key, key)
