"""Translated names for the core's codes: columns, statuses, kinds, actions.

The core keeps codes (``draft``, ``sales_order``); every word the user sees is
here, through ``QCoreApplication.translate`` so lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def column(key: str) -> str:
    names = {
        "code": QCoreApplication.translate("Column", "编码"),
        "name": QCoreApplication.translate("Column", "名称"),
        "contact": QCoreApplication.translate("Column", "联系人"),
        "phone": QCoreApplication.translate("Column", "电话"),
        "balance": QCoreApplication.translate("Column", "欠款余额"),
        "credit_limit": QCoreApplication.translate("Column", "信用额度"),
        "terms_days": QCoreApplication.translate("Column", "账期(天)"),
        "salesperson": QCoreApplication.translate("Column", "业务员"),
        "invoice_tax_id": QCoreApplication.translate("Column", "税号"),
        "ship_to": QCoreApplication.translate("Column", "送货地址"),
        "spec": QCoreApplication.translate("Column", "规格"),
        "category": QCoreApplication.translate("Column", "类别"),
        "base_unit": QCoreApplication.translate("Column", "单位"),
        "retail_price": QCoreApplication.translate("Column", "零售价"),
        "cost_price": QCoreApplication.translate("Column", "成本价"),
        "on_hand": QCoreApplication.translate("Column", "库存"),
        "barcode": QCoreApplication.translate("Column", "条码"),
        "avg_cost": QCoreApplication.translate("Column", "平均成本"),
        "stock_value": QCoreApplication.translate("Column", "库存金额"),
        "number": QCoreApplication.translate("Column", "单号"),
        "doc_date": QCoreApplication.translate("Column", "日期"),
        "party": QCoreApplication.translate("Column", "往来单位"),
        "status": QCoreApplication.translate("Column", "状态"),
        "total": QCoreApplication.translate("Column", "金额"),
        "net_total": QCoreApplication.translate("Column", "不含税金额"),
        "tax_total": QCoreApplication.translate("Column", "税额"),
        "open": QCoreApplication.translate("Column", "未收/未付"),
        "due_date": QCoreApplication.translate("Column", "到期日"),
        "unapplied": QCoreApplication.translate("Column", "未核销"),
        "method": QCoreApplication.translate("Column", "方式"),
        "reference": QCoreApplication.translate("Column", "凭证号"),
        "notes": QCoreApplication.translate("Column", "备注"),
        "created_by": QCoreApplication.translate("Column", "制单人"),
        "fapiao_code": QCoreApplication.translate("Column", "发票代码"),
        "issue_date": QCoreApplication.translate("Column", "开票日期"),
        "fapiao_kind": QCoreApplication.translate("Column", "发票类型"),
        "direction": QCoreApplication.translate("Column", "方向"),
        "fapiao_status": QCoreApplication.translate("Column", "发票状态"),
        "seq": QCoreApplication.translate("Column", "序号"),
        "at": QCoreApplication.translate("Column", "时间"),
        "actor": QCoreApplication.translate("Column", "操作人"),
        "intent": QCoreApplication.translate("Column", "操作"),
        "sync_state": QCoreApplication.translate("Column", "同步状态"),
    }
    return names.get(key, key)


def status(code: str) -> str:
    names = {
        "draft": QCoreApplication.translate("Status", "草稿"),
        "sent": QCoreApplication.translate("Status", "已发送"),
        "accepted": QCoreApplication.translate("Status", "已接受"),
        "rejected": QCoreApplication.translate("Status", "已拒绝"),
        "confirmed": QCoreApplication.translate("Status", "已确认"),
        "partial": QCoreApplication.translate("Status", "部分完成"),
        "fulfilled": QCoreApplication.translate("Status", "已完成"),
        "closed": QCoreApplication.translate("Status", "已关闭"),
        "posted": QCoreApplication.translate("Status", "已过账"),
        "cancelled": QCoreApplication.translate("Status", "已作废"),
        "reversed": QCoreApplication.translate("Status", "已红冲"),
    }
    return names.get(code, code)


def kind(code: str) -> str:
    names = {
        "quote": QCoreApplication.translate("Kind", "报价单"),
        "sales_order": QCoreApplication.translate("Kind", "销售订单"),
        "delivery": QCoreApplication.translate("Kind", "送货单"),
        "sales_bill": QCoreApplication.translate("Kind", "销售单"),
        "sales_return": QCoreApplication.translate("Kind", "销售退货单"),
        "purchase_order": QCoreApplication.translate("Kind", "采购订单"),
        "goods_receipt": QCoreApplication.translate("Kind", "入库单"),
        "supplier_bill": QCoreApplication.translate("Kind", "采购账单"),
        "purchase_return": QCoreApplication.translate("Kind", "采购退货单"),
        "receipt": QCoreApplication.translate("Kind", "收款单"),
        "payment": QCoreApplication.translate("Kind", "付款单"),
        "stocktake": QCoreApplication.translate("Kind", "盘点单"),
    }
    return names.get(code, code)


def action(code: str) -> str:
    names = {
        "send": QCoreApplication.translate("Action", "发送"),
        "accept": QCoreApplication.translate("Action", "接受"),
        "reject": QCoreApplication.translate("Action", "拒绝"),
        "cancel": QCoreApplication.translate("Action", "作废"),
        "confirm": QCoreApplication.translate("Action", "确认"),
        "deliver": QCoreApplication.translate("Action", "发货"),
        "receive": QCoreApplication.translate("Action", "收货"),
        "bill": QCoreApplication.translate("Action", "开单"),
        "close": QCoreApplication.translate("Action", "关闭订单"),
        "post": QCoreApplication.translate("Action", "过账"),
        "reverse": QCoreApplication.translate("Action", "红冲"),
        "collect": QCoreApplication.translate("Action", "收款"),
        "pay": QCoreApplication.translate("Action", "付款"),
    }
    return names.get(code, code)


def code_text(code: str) -> str:
    """Fapiao kinds, directions and states, sync states."""
    names = {
        "special": QCoreApplication.translate("Code", "专票"),
        "normal": QCoreApplication.translate("Code", "普票"),
        "digital": QCoreApplication.translate("Code", "数电票"),
        "out": QCoreApplication.translate("Code", "销项"),
        "in": QCoreApplication.translate("Code", "进项"),
        "valid": QCoreApplication.translate("Code", "有效"),
        "red": QCoreApplication.translate("Code", "红字"),
        "cancelled": QCoreApplication.translate("Code", "作废"),
        "pending": QCoreApplication.translate("Code", "待同步"),
        "applied": QCoreApplication.translate("Code", "已同步"),
        "rejected": QCoreApplication.translate("Code", "被拒绝"),
        "warn": QCoreApplication.translate("Code", "仅提醒"),
        "block": QCoreApplication.translate("Code", "禁止确认"),
        "override": QCoreApplication.translate("Code", "凭理由放行"),
    }
    return names.get(code, code)


def price_source(code: str) -> str:
    names = {
        "level": QCoreApplication.translate("PriceSource", "等级价"),
        "tier": QCoreApplication.translate("PriceSource", "批量价"),
        "last": QCoreApplication.translate("PriceSource", "上次价"),
        "retail": QCoreApplication.translate("PriceSource", "零售价"),
        "cost": QCoreApplication.translate("PriceSource", "成本价"),
        "manual": QCoreApplication.translate("PriceSource", "手工"),
    }
    return names.get(code, code)
