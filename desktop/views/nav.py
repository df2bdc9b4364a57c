"""The navigation: which screens exist, in which groups, and what "new" makes on each."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


@dataclass(frozen=True)
class NavItem:
    key: str
    new_what: str = ""
    group: str = ""


ITEMS: tuple[NavItem, ...] = (
    NavItem("dashboard", group="home"),
    NavItem("customers", "customer", "base"),
    NavItem("suppliers", "supplier", "base"),
    NavItem("products", "product", "base"),
    NavItem("quotes", "quote", "sales"),
    NavItem("sales_orders", "sales_order", "sales"),
    NavItem("deliveries", "", "sales"),
    NavItem("sales_bills", "", "sales"),
    NavItem("receipts", "receipt", "sales"),
    NavItem("purchase_orders", "purchase_order", "purchase"),
    NavItem("goods_receipts", "", "purchase"),
    NavItem("supplier_bills", "", "purchase"),
    NavItem("payments", "payment", "purchase"),
    NavItem("stock", "", "other"),
    NavItem("fapiao", "", "other"),
    NavItem("reports", "", "other"),
    NavItem("sync", "", "other"),
)


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
    names = {
        "home": "",
        "base": QCoreApplication.translate("Nav", "资料"),
        "sales": QCoreApplication.translate("Nav", "销售"),
        "purchase": QCoreApplication.translate("Nav", "采购"),
        "other": QCoreApplication.translate("Nav", "库存与报表"),
    }
    return names.get(key, key)
