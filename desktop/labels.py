"""The one table of names for the ledger's codes, in Chinese and English.

The core stores codes (``draft``, ``sales_bill``, ``AR``); every screen, printout,
export and message that shows one to a person takes its words from here, so a
kind or status is named the same way everywhere and a new code cannot be added
without its names (``tests/core/test_closed_sets.py`` checks both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.codes import (
    Account,
    BuyerStatus,
    CreditPolicy,
    DocKind,
    DocStatus,
    FapiaoDirection,
    FapiaoKind,
    FapiaoStatus,
    FlowName,
    ImportState,
    MarketStatusCode,
    NegativeStock,
    OutboxState,
    OwnerChange,
    ProblemKind,
    Role,
    StockLevel,
    StockShown,
    TermsKind,
)


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The name in ``lang`` ("zh" or "en"); Chinese for anything else."""
        return self.en if lang == "en" else self.zh


KIND: dict[str, Label] = {
    DocKind.QUOTE: Label("报价单", "Quote"),
    DocKind.SALES_ORDER: Label("销售订单", "Sales order"),
    DocKind.DELIVERY: Label("送货单", "Delivery note"),
    DocKind.SALES_BILL: Label("销售单", "Sales bill"),
    DocKind.SALES_RETURN: Label("销售退货单", "Sales return"),
    DocKind.PURCHASE_ORDER: Label("采购订单", "Purchase order"),
    DocKind.GOODS_RECEIPT: Label("入库单", "Goods receipt"),
    DocKind.SUPPLIER_BILL: Label("采购账单", "Supplier bill"),
    DocKind.PURCHASE_RETURN: Label("采购退货单", "Purchase return"),
    DocKind.RECEIPT: Label("收款单", "Receipt"),
    DocKind.PAYMENT: Label("付款单", "Payment"),
    DocKind.STOCKTAKE: Label("盘点单", "Stocktake"),
}

STATUS: dict[str, Label] = {
    DocStatus.DRAFT: Label("草稿", "Draft"),
    DocStatus.SENT: Label("已发送", "Sent"),
    DocStatus.ACCEPTED: Label("已接受", "Accepted"),
    DocStatus.REJECTED: Label("已拒绝", "Rejected"),
    DocStatus.CONFIRMED: Label("已确认", "Confirmed"),
    DocStatus.PARTIAL: Label("部分完成", "Partly done"),
    DocStatus.FULFILLED: Label("已完成", "Done"),
    DocStatus.CLOSED: Label("已关闭", "Closed"),
    DocStatus.POSTED: Label("已过账", "Posted"),
    DocStatus.CANCELLED: Label("已作废", "Cancelled"),
    DocStatus.REVERSED: Label("已红冲", "Reversed"),
}

#: the lifecycle's actions (``services.lifecycle``), then the editor's words for two of
#: them seen from the other side: receiving goods, collecting or paying a bill
ACTION: dict[str, Label] = {
    "send": Label("发送", "Send"),
    "accept": Label("接受", "Accept"),
    "reject": Label("拒绝", "Reject"),
    "cancel": Label("作废", "Cancel document"),
    "edit": Label("修改", "Edit"),
    "confirm": Label("确认", "Confirm"),
    "deliver": Label("发货", "Deliver"),
    "bill": Label("开单", "Bill"),
    "progress": Label("更新进度", "Update progress"),
    "close": Label("关闭订单", "Close order"),
    "post": Label("过账", "Post"),
    "reverse": Label("红冲", "Reverse"),
    "allocate": Label("核销", "Allocate"),
    "receive": Label("收货", "Receive"),
    "collect": Label("收款", "Receive payment"),
    "pay": Label("付款", "Pay"),
}

ACCOUNT: dict[str, Label] = {
    Account.AR: Label("应收", "Receivable"),
    Account.AP: Label("应付", "Payable"),
}

FLOW: dict[str, Label] = {
    FlowName.SALES: Label("销售", "Sales"),
    FlowName.PURCHASE: Label("采购", "Purchasing"),
}

FAPIAO_KIND: dict[str, Label] = {
    FapiaoKind.SPECIAL: Label("专票", "Special VAT"),
    FapiaoKind.NORMAL: Label("普票", "Normal VAT"),
    FapiaoKind.DIGITAL: Label("数电票", "Digital"),
}

FAPIAO_DIRECTION: dict[str, Label] = {
    FapiaoDirection.OUT: Label("销项", "Issued"),
    FapiaoDirection.IN: Label("进项", "Received"),
}

FAPIAO_STATUS: dict[str, Label] = {
    FapiaoStatus.VALID: Label("有效", "Valid"),
    FapiaoStatus.CANCELLED: Label("作废", "Cancelled"),
    FapiaoStatus.RED: Label("红字", "Red-letter"),
}

OUTBOX_STATE: dict[str, Label] = {
    OutboxState.PENDING: Label("待同步", "Waiting"),
    OutboxState.APPLIED: Label("已同步", "Synced"),
    OutboxState.REJECTED: Label("被拒绝", "Rejected"),
    OutboxState.DIVERGED: Label("与服务器不一致", "Diverged"),
}

SYNC_PROBLEM: dict[str, Label] = {
    ProblemKind.CONFLICT: Label("修改冲突", "Conflicting change"),
    ProblemKind.NEGATIVE_STOCK: Label("库存不足", "Stock below zero"),
    ProblemKind.CREDIT: Label("超信用", "Over credit"),
    ProblemKind.DUPLICATE_NAME: Label("重名", "Same name twice"),
    ProblemKind.DUPLICATE_BARCODE: Label("条码重复", "Same barcode twice"),
    ProblemKind.REJECTED: Label("被服务器拒绝", "Refused by the server"),
    ProblemKind.DRIFT: Label("本机无法应用", "Cannot apply here"),
    ProblemKind.FUTURE_DATE: Label("日期在未来", "Dated in the future"),
}

IMPORT_STATE: dict[str, Label] = {
    ImportState.APPLIED: Label("已导入", "Imported"),
    ImportState.UNDONE: Label("已撤销", "Undone"),
}

NEGATIVE_STOCK: dict[str, Label] = {
    NegativeStock.ALLOW: Label("允许负库存", "Allow negative stock"),
    NegativeStock.BLOCK: Label("禁止负库存", "Block negative stock"),
}

CREDIT_POLICY: dict[str, Label] = {
    CreditPolicy.WARN: Label("仅提醒", "Warn only"),
    CreditPolicy.BLOCK: Label("禁止确认", "Block"),
    CreditPolicy.OVERRIDE: Label("凭理由放行", "Allow with a reason"),
}

#: what the owner approves, as a message names it ("改变信用控制方式需要老板密码")
OWNER_CHANGE: dict[str, Label] = {
    OwnerChange.CREDIT_POLICY: Label("改变信用控制方式", "Changing the credit policy"),
    OwnerChange.OVERDUE_DAYS: Label("改变允许逾期天数", "Changing the allowed overdue days"),
    OwnerChange.CREDIT_LIMIT: Label("提高客户信用额度", "Raising a customer's credit limit"),
    OwnerChange.REVERSAL: Label("红冲已过账的单据", "Reversing a posted document"),
    OwnerChange.PEOPLE: Label("更改公司人员或角色", "Changing the firm's people or their roles"),
}

ROLE: dict[str, Label] = {
    Role.OWNER: Label("老板", "Owner"),
    Role.ACCOUNTANT: Label("财务", "Accountant"),
    Role.CLERK: Label("开单员", "Sales clerk"),
    Role.WAREHOUSE: Label("仓管", "Warehouse keeper"),
}

TERMS_KIND: dict[str, Label] = {
    TermsKind.DAYS: Label("按天", "Days after the bill"),
    TermsKind.MONTH_END: Label("月结", "Month-end"),
}

BUYER_STATUS: dict[str, Label] = {
    BuyerStatus.PENDING: Label("待审核", "Awaiting a clerk"),
    BuyerStatus.ACCEPTED: Label("已接受", "Accepted"),
    BuyerStatus.DECLINED: Label("已拒绝", "Declined"),
}

STOCK_SHOWN: dict[str, Label] = {
    StockShown.FIGURE: Label("显示数量", "Show the quantity"),
    StockShown.LEVEL: Label("只显示有货/少量/缺货", "Show in stock / low / out only"),
}

STOCK_LEVEL: dict[str, Label] = {
    StockLevel.IN: Label("有货", "In stock"),
    StockLevel.LOW: Label("少量", "Low"),
    StockLevel.OUT: Label("缺货", "Out of stock"),
}

MARKET_STATUS: dict[str, Label] = {
    MarketStatusCode.RECEIVED: Label("已收到", "Received"),
    MarketStatusCode.QUOTED: Label("已报价", "Quoted"),
    MarketStatusCode.CONFIRMED: Label("已确认", "Confirmed"),
    MarketStatusCode.SHIPPED: Label("已发货", "Shipped"),
    MarketStatusCode.BILLED: Label("已开单", "Billed"),
    MarketStatusCode.PAID: Label("已付款", "Paid"),
    MarketStatusCode.DECLINED: Label("已婉拒", "Declined"),
}

#: the text fields the services take (parties, products, the firm, document headers), named
#: in messages about them
TEXT_FIELD: dict[str, Label] = {
    "code": Label("编码", "Code"),
    "barcode": Label("条码", "Barcode"),
    "name": Label("名称", "Name"),
    "short_name": Label("简称", "Short name"),
    "spec": Label("规格", "Spec"),
    "category": Label("类别", "Category"),
    "base_unit": Label("基本单位", "Base unit"),
    "contact": Label("联系人", "Contact"),
    "phone": Label("电话", "Phone"),
    "bill_to": Label("账单地址", "Billing address"),
    "ship_to": Label("送货地址", "Delivery address"),
    "invoice_name": Label("开票名称", "Invoice name"),
    "invoice_tax_id": Label("纳税人识别号", "Tax id"),
    "invoice_address": Label("开票地址", "Invoice address"),
    "invoice_phone": Label("开票电话", "Invoice phone"),
    "invoice_bank": Label("开户行", "Bank"),
    "invoice_account": Label("银行账号", "Bank account"),
    "salesperson": Label("业务员", "Salesperson"),
    "qualification": Label("资质", "Qualification"),
    "notes": Label("备注", "Notes"),
    "address": Label("地址", "Address"),
    "tax_id": Label("纳税人识别号", "Tax id"),
    "bank": Label("开户行", "Bank"),
    "bank_account": Label("银行账号", "Bank account"),
    "reference": Label("参考号", "Reference"),
    "method": Label("付款方式", "Payment method"),
    "title": Label("网店名称", "Name buyers see"),
    "company": Label("公司", "Company"),
    "email": Label("邮箱", "Email"),
    "reason": Label("原因", "Reason"),
}

#: every closed set and its names: the test walks this to find a code without a name
TABLES: dict[type, Mapping[str, Label]] = {
    DocKind: KIND,
    DocStatus: STATUS,
    Account: ACCOUNT,
    FlowName: FLOW,
    FapiaoKind: FAPIAO_KIND,
    FapiaoDirection: FAPIAO_DIRECTION,
    FapiaoStatus: FAPIAO_STATUS,
    OutboxState: OUTBOX_STATE,
    ProblemKind: SYNC_PROBLEM,
    ImportState: IMPORT_STATE,
    NegativeStock: NEGATIVE_STOCK,
    CreditPolicy: CREDIT_POLICY,
    OwnerChange: OWNER_CHANGE,
    Role: ROLE,
    TermsKind: TERMS_KIND,
    BuyerStatus: BUYER_STATUS,
    StockShown: STOCK_SHOWN,
    StockLevel: STOCK_LEVEL,
    MarketStatusCode: MARKET_STATUS,
}


def name(table: Mapping[str, Label], code: str, lang: str = "zh") -> str:
    """``code``'s name in ``lang``; an unknown code (a damaged row) shows as itself."""
    found = table.get(code)
    return found.text(lang) if found is not None else code


def zh_names(table: Mapping[str, Label]) -> dict[str, str]:
    """The Chinese column of ``table``, for code that only ever speaks Chinese (printouts)."""
    return {code: label.zh for code, label in table.items()}


KIND_ZH = zh_names(KIND)
STATUS_ZH = zh_names(STATUS)
ACTION_ZH = zh_names(ACTION)


def terms_words(kind: str, days: int, lang: str = "zh") -> str:
    """Payment terms in words (documents, lists): 月结30天, 月结, 30天, 现结."""
    zh = lang.startswith("zh")
    if kind == "month_end":
        if zh:
            return f"月结{days}天" if days else "月结"
        return f"month-end + {days} days" if days else "month-end"
    if zh:
        return f"{days}天" if days else "现结"
    return f"{days} days" if days else "cash"


def parse_terms(text: str) -> tuple[str, int] | None:
    """The inverse of :func:`terms_words`, for what people type in a sheet's 账期 column:
    "30", "30天", "30日", "月结30天", "月结", "现结", "现金", "month-end + 30 days",
    "30 days" → (terms kind, days); None when it says no terms at all."""
    import re

    word = text.strip().lower().replace(" ", "")
    if not word:
        return None
    kind = "month_end" if word.startswith(("月结", "month-end", "monthend")) else "days"
    if word in ("现结", "现金", "现款", "货到付款", "cash", "cod"):
        return ("days", 0)
    match = re.fullmatch(r"(?:月结|month-?end\+?)?(\d{1,3})(?:天|日|days?|d)?", word)
    if match:
        return (kind, int(match.group(1)))
    if word in ("月结", "month-end", "monthend"):
        return ("month_end", 0)
    raise ValueError(text)
