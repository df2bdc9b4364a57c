"""The general rule behind the synonym table: a header is what it is about plus what it says.

Real exports name their columns "客户 ID", "StockCode", "订单创建时间", "宝贝标题", "商品单价"
or "买家实际支付金额": an *entity* (客户, stock, 订单, 宝贝) followed by a *role* (ID, code,
时间, 标题, 单价, 金额), on a header already normalised by ``mapping.normalize_header``
(case, spaces, underscores, punctuation, full-width forms, ``*`` marks and "(元)" notes
gone). A role of ID/编号/代号/No/Code gives the entity's code, a descriptive one
(名称/姓名/Name/Description/标题) its name; dates, quantities, prices and amounts only need
a stem made of known words (下单, 购买, 实付, unit, gross...). Stems must be made only of
known words, so "XX路18号" or "Ship Name" are not taken for headers.

Plain data plus one function: grow the word lists from real files, not the code.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: role words, matched at the end of a normalised header (longest first)
ROLES: dict[str, tuple[str, ...]] = {
    "code": (
        "id",
        "no",
        "nr",
        "num",
        "number",
        "code",
        "编号",
        "编码",
        "代码",
        "代号",
        "号码",
        "单号",
        "号",
        "key",
    ),
    "name": (
        "名称",
        "全名",
        "全称",
        "姓名",
        "名字",
        "名",
        "fullname",
        "name",
        "description",
        "desc",
        "标题",
        "title",
    ),
    "date": ("日期", "时间", "date", "time", "datetime", "timestamp", "day"),
    "qty": ("数量", "件数", "个数", "销量", "qty", "quantity", "units", "sold", "count", "counts"),
    "price": ("单价", "价格", "售价", "price"),
    "amount": (
        "金额",
        "总额",
        "销售额",
        "总价",
        "amount",
        "amounts",
        "total",
        "sales",
        "revenue",
        "value",
    ),
}

#: what a stem may be about; the first word of each list names the entity
ENTITIES: dict[str, tuple[str, ...]] = {
    "customer": (
        "客户",
        "顾客",
        "会员",
        "买家",
        "买家会员",
        "购买方",
        "购方",
        "购货单位",
        "收货人",
        "customer",
        "client",
        "buyer",
        "member",
        "cust",
    ),
    "supplier": ("供应商", "供货商", "供货单位", "厂家", "厂商", "supplier", "vendor"),
    "party": ("往来单位", "单位", "结算单位", "party"),
    "product": (
        "商品",
        "产品",
        "货品",
        "物料",
        "存货",
        "宝贝",
        "物品",
        "货物",
        "菜品",
        "菜",
        "药品",
        "药",
        "配件",
        "款式",
        "product",
        "item",
        "stock",
        "goods",
        "article",
        "material",
        "part",
        "dish",
        "dishes",
        "drug",
        "medicine",
        "book",
        "sku",
        "prod",
    ),
    "order": (
        "订单",
        "单据",
        "销售单",
        "出库单",
        "发货单",
        "销货单",
        "采购单",
        "入库单",
        "进货单",
        "小票",
        "交易",
        "流水",
        "order",
        "invoice",
        "bill",
        "receipt",
        "transaction",
        "document",
        "doc",
        "voucher",
        "po",
        "so",
    ),
    "person": (
        "业务员",
        "销售员",
        "经手人",
        "salesperson",
        "employee",
        "emp",
        "staff",
        "salesman",
    ),
    "warehouse": ("仓库", "备货仓", "发货仓", "仓", "warehouse"),
}

#: words that qualify a date, quantity, price or amount; earlier ones are preferred when two
#: columns compete (订单创建时间 before 付款时间 before 发货时间)
QUALIFIERS = (
    "下单",
    "创建",
    "开单",
    "制单",
    "成交",
    "销售",
    "购买",
    "采购",
    "进货",
    "业务",
    "出库",
    "入库",
    "收款",
    "开票",
    "实付",
    "实收",
    "实际",
    "应付",
    "应收",
    "支付",
    "付款",
    "含税",
    "折后",
    "总",
    "合计",
    "发货",
    "sale",
    "purchase",
    "created",
    "create",
    "place",
    "placed",
    "posting",
    "unit",
    "units",
    "net",
    "gross",
    "total",
    "line",
    "extended",
    "paid",
    "payment",
    "ship",
    "shipped",
    "shipping",
)


def _history(role: str) -> dict[tuple[str, str], str]:
    """A sales or a purchase history: the same fields, the party a customer or a supplier."""
    return {
        ("order", "code"): "doc_number",
        ("*", "date"): "doc_date",
        (role, "code"): "party_code",
        (role, "name"): "party",
        ("party", "code"): "party_code",
        ("party", "name"): "party",
        ("product", "code"): "product_code",
        ("product", "name"): "product_name",
        ("person", "name"): "salesperson",
        ("warehouse", "name"): "warehouse",
        ("*", "qty"): "qty",
        ("*", "price"): "unit_price",
        ("*", "amount"): "amount",
    }


#: the field a (entity, role) pair feeds in each kind; "" is a header that is only a role
#: word or only qualifiers (数量, 下单时间); "*" any stem of known words
FIELD_RULES: dict[str, dict[tuple[str, str], str]] = {
    "customer": {
        ("customer", "code"): "code",
        ("customer", "name"): "name",
        ("party", "code"): "code",
        ("party", "name"): "name",
    },
    "supplier": {
        ("supplier", "code"): "code",
        ("supplier", "name"): "name",
        ("party", "code"): "code",
        ("party", "name"): "name",
    },
    "product": {
        ("product", "code"): "code",
        ("product", "name"): "name",
        ("*", "price"): "wholesale_price",
    },
    "opening_balance": {
        ("customer", "code"): "party_code",
        ("customer", "name"): "party",
        ("supplier", "code"): "party_code",
        ("supplier", "name"): "party",
        ("party", "code"): "party_code",
        ("party", "name"): "party",
    },
    "opening_stock": {
        ("product", "code"): "product_code",
        ("product", "name"): "product_name",
        ("warehouse", "name"): "warehouse",
        ("*", "qty"): "qty",
    },
    "sales_history": _history("customer"),
    "purchase_history": _history("supplier"),
    # receipts and payments take dates, amounts and numbers from their own synonyms only:
    # an order's 下单时间 and 订单金额 do not make a receipt
    "payment": {
        ("customer", "code"): "party_code",
        ("customer", "name"): "party",
        ("supplier", "code"): "party_code",
        ("supplier", "name"): "party",
        ("party", "code"): "party_code",
        ("party", "name"): "party",
    },
    "fapiao": {
        ("*", "date"): "date",
        ("customer", "name"): "party",
    },
}

#: entity words that are a whole header on their own ("Invoice" is a number, "Item" a name);
#: the others are covered by the synonym table or mean too many things ("Stock", "Part")
BARE_WORDS = {
    "invoice": "code",
    "item": "name",
    "dish": "name",
    "drug": "name",
    "medicine": "name",
    "client": "name",
    "buyer": "name",
    "宝贝": "name",
    "菜品": "name",
    "药品": "name",
    "买家": "name",
    "会员": "name",
}

#: headers of marketplace and ERP exports that the rule does not reach, by kind and field
#: (淘宝/天猫, 1688, 京东, 拼多多 order reports; 管家婆, 金蝶 KIS, 畅捷通 T+, 用友 lists)
EXTRA_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "customer": {
        "name": ["姓名", "客户姓名", "会员姓名", "买家会员名", "往来单位全名"],
        "code": ["往来单位编号", "会员卡号", "会员编号"],
        "mobile": ["联系手机", "手机号码", "会员手机"],
        "address": ["收货地址", "详细地址"],
    },
    "supplier": {
        "name": ["往来单位全名", "供应商全名"],
        "code": ["往来单位编号"],
    },
    "product": {
        "code": ["商家编码", "商品编号", "存货编码", "存货代码", "商品代码", "货号", "款号"],
        "name": ["商品全名", "存货全名", "宝贝名称", "商品标题", "宝贝标题", "Description"],
        "spec": ["规格型号", "存货规格"],
        "unit": ["计量单位", "主计量单位", "基本计量单位"],
        "barcode": ["条形码", "商品条形码"],
        # the selling price is the retail one where the sheet has a 批发价 as well
        "retail_price": ["销售价", "售价", "销售单价", "门店价"],
    },
    "opening_stock": {
        "product_code": ["商家编码", "存货编码", "存货代码", "商品编号", "StockCode"],
        "product_name": ["商品全名", "存货全名", "Description"],
        "qty": ["结存数量", "期末数量", "现存数量", "库存量", "可用库存"],
    },
    "sales_history": {
        "doc_number": ["Invoice", "InvoiceNo", "子订单编号", "主订单编号", "凭证号"],
        "doc_date": ["InvoiceDate", "订单创建时间", "下单时间", "单据日期"],
        "party": ["买家会员名", "买家昵称", "会员名", "姓名", "收货人姓名", "往来单位全名"],
        "party_code": ["往来单位编号", "买家ID", "会员编号"],
        "product_code": ["商家编码", "StockCode", "存货编码", "存货代码", "商品编号", "货号"],
        "product_name": ["商品全名", "存货全名", "宝贝标题", "商品标题", "Description"],
        "spec": ["规格型号", "存货规格", "销售属性", "商品属性", "宝贝属性"],
        "qty": ["购买数量", "宝贝总数量", "商品数量", "出库数量"],
        "unit_price": ["商品单价", "宝贝单价", "成交单价", "单价(元)"],
        "amount": ["实付金额", "买家实际支付金额", "商品总价", "应收金额"],
    },
    "purchase_history": {
        "doc_number": ["凭证号"],
        "party": ["往来单位全名"],
        "party_code": ["往来单位编号"],
        "product_code": ["商家编码", "存货编码", "存货代码", "商品编号"],
        "product_name": ["商品全名", "存货全名"],
        "spec": ["规格型号", "存货规格"],
        "amount": ["采购金额", "应付金额", "实付金额"],
    },
    "payment": {
        "party": ["往来单位全名"],
        "party_code": ["往来单位编号"],
    },
    "fapiao": {},
}


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_ROLE_OF = {w: role for role, words in ROLES.items() for w in words}
#: role words longest first: the longest one a header ends with is its role
_ROLE_WORDS = tuple(sorted(_ROLE_OF, key=len, reverse=True))
_ENTITY_OF = {w: entity for entity, words in ENTITIES.items() for w in words}
_QUALIFIER_RANK = {w: i for i, w in enumerate(QUALIFIERS)}
_STEM_WORDS = re.compile(f"(?:{_alternation(list(_ENTITY_OF) + list(QUALIFIERS))})")
#: (entity, role) pairs some kind has a field for ("*": any stem)
_USED = {pair for rules in FIELD_RULES.values() for pair in rules}


@lru_cache(maxsize=4096)
def split_header(norm: str) -> tuple[str, str, int] | None:
    """(entity or "", role, preference) of a normalised header, or None when it is not one
    entity/qualifier stem plus a role word. A lower preference wins between two columns."""
    if not norm or len(norm) > 40:
        return None
    if norm in BARE_WORDS:
        return _ENTITY_OF[norm], BARE_WORDS[norm], 50
    if not norm.endswith(_ROLE_WORDS):  # most cells of a sheet: one C call says no
        return None
    role_word = next(w for w in _ROLE_WORDS if norm.endswith(w))
    role = _ROLE_OF[role_word]
    stem = norm[: len(norm) - len(role_word)]
    if not stem:
        return "", role, 0
    entity, rank, at = "", 0, 0
    while at < len(stem):  # the stem must be made of known words only
        word = _STEM_WORDS.match(stem, at)
        if word is None:
            return None
        text = word.group()
        if text in _ENTITY_OF:
            entity = _ENTITY_OF[text]  # the last entity before the role: 客户订单号 is an order's
        else:
            rank = max(rank, 1 + _QUALIFIER_RANK[text])
        at = word.end()
    if not entity and role in ("code", "name"):
        return None  # "Ship Name": only an entity has a code or a name
    return entity, role, 10 + rank


def is_rule_header(norm: str) -> bool:
    """Whether the general rule reads a normalised header as a field of some kind."""
    split = split_header(norm)
    if split is None:
        return False
    entity, role, rank = split
    if not entity and not rank:
        return False  # a bare "Sales" or "Value" is as often a cell as a header
    return (entity, role) in _USED or ("*", role) in _USED


def rule_fields(norm: str, kind: str) -> tuple[str, int] | None:
    """The field of ``kind`` that a normalised header feeds by the general rule, with its
    preference, or None."""
    split = split_header(norm)
    rules = FIELD_RULES.get(kind)
    if split is None or not rules:
        return None
    entity, role, rank = split
    fname = rules.get((entity, role)) if entity else None
    if fname is None and role in ("date", "qty", "price", "amount"):
        fname = rules.get(("*", role))
    return None if fname is None else (fname, rank)


def bare_entity_as_code(norms: list[str], kind: str, fields: dict[str, int]) -> dict[str, int]:
    """用友/金蝶 exports put a bare "客户" (the code) beside "客户名称" (the name): when a
    bare entity word sits beside a column that names that entity's name, the named column
    feeds the name and the bare one the entity's code (when nothing else does)."""
    rules = FIELD_RULES.get(kind, {})
    out = dict(fields)
    for col, norm in enumerate(norms):
        entity = _ENTITY_OF.get(norm)
        name_field = rules.get((entity, "name")) if entity else None
        code_field = rules.get((entity, "code")) if entity else None
        if name_field is None or code_field is None or code_field in out:
            continue
        if out.get(name_field, col) != col:  # the name comes from another column already
            named = out[name_field]
        else:
            taken = set(out.values())
            named = next(
                (
                    other
                    for other, text in enumerate(norms)
                    if other not in taken
                    and (split_header(text) or ("", "", 0))[:2] == (entity, "name")
                ),
                -1,
            )
        if named < 0 or (split_header(norms[named]) or ("", "", 0))[:2] != (entity, "name"):
            continue
        if col in out.values() and out.get(name_field) != col:
            continue  # the bare column feeds some other field
        out[name_field], out[code_field] = named, col
    return out
