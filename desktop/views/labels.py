"""Names for what the screens show: column titles and price sources through Qt's
translation (``QCoreApplication.translate``, so lupdate finds them); the core's
codes (kinds, statuses, actions, fapiao and sync codes) from the core's one labels
table, ``desktop.labels``, in the current language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop import labels as core
from desktop.views.i18n import language


def column(key: str) -> str:
    names = {
        "code": QCoreApplication.translate("Column", "编码"),
        "name": QCoreApplication.translate("Column", "名称"),
        "contact": QCoreApplication.translate("Column", "联系人"),
        "phone": QCoreApplication.translate("Column", "电话"),
        "balance": QCoreApplication.translate("Column", "欠款余额"),
        "credit_limit": QCoreApplication.translate("Column", "信用额度"),
        "terms": QCoreApplication.translate("Column", "账期"),
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
        "overdue": QCoreApplication.translate("Column", "逾期天数"),
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
    return core.name(core.STATUS, code, language())


def kind(code: str) -> str:
    return core.name(core.KIND, code, language())


def action(code: str) -> str:
    return core.name(core.ACTION, code, language())


#: codes shown in "fkind" columns and choosers; no code is in two of these tables
_CODE_TABLES = (
    core.FAPIAO_KIND,
    core.FAPIAO_DIRECTION,
    core.FAPIAO_STATUS,
    core.OUTBOX_STATE,
    core.CREDIT_POLICY,
    core.ROLE,
)


def code_text(code: str) -> str:
    """Fapiao kinds, directions and states, sync states, credit policies, roles."""
    for table in _CODE_TABLES:
        if code in table:
            return core.name(table, code, language())
    return code


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
