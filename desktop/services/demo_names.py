"""Chinese text for the demo ledger: firm, party and product names, addresses, ids.

Kept apart from the simulation so the pools can grow without touching the
business rules. Every function takes the caller's seeded ``random.Random`` so
the same seed always yields the same names (never the global RNG). The product
families (units, packs, specs, tax rates) are in :mod:`desktop.services.demo_families`.
"""

from __future__ import annotations

import random

SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "国庆",
    "红梅",
    "文",
    "斌",
    "鑫",
    "浩",
    "婷",
    "宇",
    "欣",
    "建国",
    "立新",
    "春生",
    "德明",
    "永福",
    "玉兰",
    "金凤",
    "小龙",
    "海涛",
    "建军",
    "秀兰",
    "志刚",
    "丽华",
]
#: 张三五金, 李四建材: the shop names owners give themselves
NICK = ["三", "四", "五", "六", "老三", "老五", "大庆", "二", "小二", "阿明", "阿强"]
CITIES = (
    ("广东省", "广州", "天河区"),
    ("广东省", "深圳", "宝安区"),
    ("广东省", "东莞", "长安镇"),
    ("广东省", "佛山", "南海区"),
    ("浙江省", "义乌", "稠城街道"),
    ("浙江省", "杭州", "余杭区"),
    ("浙江省", "宁波", "鄞州区"),
    ("浙江省", "温州", "鹿城区"),
    ("江苏省", "苏州", "吴中区"),
    ("江苏省", "无锡", "惠山区"),
    ("江苏省", "常州", "武进区"),
    ("江苏省", "南京", "江宁区"),
    ("上海市", "上海", "嘉定区"),
    ("福建省", "泉州", "晋江市"),
    ("福建省", "厦门", "湖里区"),
    ("山东省", "青岛", "城阳区"),
    ("山东省", "临沂", "兰山区"),
    ("河南省", "郑州", "金水区"),
    ("湖北省", "武汉", "汉阳区"),
    ("湖南省", "长沙", "雨花区"),
    ("四川省", "成都", "武侯区"),
    ("重庆市", "重庆", "九龙坡区"),
    ("陕西省", "西安", "未央区"),
    ("天津市", "天津", "西青区"),
    ("河北省", "石家庄", "裕华区"),
    ("安徽省", "合肥", "蜀山区"),
    ("江西省", "南昌", "青山湖区"),
)
STEMS = [
    "华强",
    "鑫达",
    "恒通",
    "宏发",
    "永盛",
    "金鼎",
    "瑞丰",
    "东兴",
    "汇丰",
    "信达",
    "联华",
    "天成",
    "中联",
    "顺发",
    "佳利",
    "盛达",
    "隆兴",
    "德润",
    "广源",
    "正泰",
    "新亚",
    "百川",
    "振华",
    "九洲",
    "昌盛",
    "荣达",
    "万通",
    "富源",
    "亿丰",
    "宝泰",
    "嘉禾",
    "利民",
    "华美",
    "金鹰",
    "祥和",
    "合力",
    "腾飞",
    "兴旺",
    "伟业",
    "创新",
    "海纳",
    "同心",
    "博远",
    "精诚",
    "恒昌",
    "大有",
    "长兴",
    "泰和",
    "鸿运",
    "福源",
]
TRADES = [
    "五金",
    "电子",
    "建材",
    "机电",
    "塑胶",
    "化工",
    "包装",
    "照明",
    "电器",
    "劳保",
    "水暖",
    "管件",
    "线缆",
    "工具",
    "紧固件",
    "装饰",
]
COMPANY = ("有限公司", "贸易有限公司", "实业有限公司", "商贸有限公司", "科技有限公司")
SHOP = ("商行", "经营部", "批发部", "门市部", "店")
STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "工业大道",
    "环城路",
    "商贸城",
    "五金城",
    "建材市场",
    "机电城",
]
BANKS = (
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "中国银行",
    "交通银行",
    "招商银行",
    "农村商业银行",
)
TITLES = ("老板", "经理", "采购", "财务", "仓管", "业务员")
METHODS = ("银行转账", "银行转账", "银行转账", "现金", "承兑汇票", "微信", "支付宝")
CLOSE_REASONS = ("客户取消剩余数量", "缺货，客户同意不再补发", "项目变更，余量不要了")
CANCEL_REASONS = ("客户改单，重新下单", "重复下单", "客户取消订单")
OVERRIDE_REASONS = (
    "老客户，信誉良好，老板口头同意",
    "客户承诺月底前结清欠款",
    "节前备货，已电话确认付款计划",
    "大单，先发货后收款（经理批准）",
)
REVERSE_REASONS = ("数量录错，重新发货", "送错规格，重开单", "单据重复，作废重开")

LETTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


BRANDS = [
    "金象",
    "飞鹰",
    "宏宇",
    "长江",
    "华通",
    "永固",
    "三环",
    "东方",
    "红星",
    "雄狮",
    "万达",
    "环球",
    "金牛",
    "航天",
    "神龙",
    "百盛",
]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "136", "150", "186", "189", "135", "177")) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def landline(rng: random.Random, city: str) -> str:
    area = {
        "广州": "020",
        "深圳": "0755",
        "上海": "021",
        "天津": "022",
        "重庆": "023",
        "杭州": "0571",
        "南京": "025",
        "苏州": "0512",
        "成都": "028",
        "武汉": "027",
    }
    return f"{area.get(city, '0' + str(rng.randint(310, 999)))}-{rng.randint(2000_0000, 8999_9999)}"


def tax_id(rng: random.Random) -> str:
    """An 18-character 统一社会信用代码 lookalike (passes the ledger's tax-id format check)."""
    return "91" + str(rng.randint(110000, 659000)) + "".join(rng.choice(LETTERS) for _ in range(10))


def bank(rng: random.Random, city: tuple[str, str, str]) -> tuple[str, str]:
    name = f"{rng.choice(BANKS)}{city[1]}{city[2].rstrip('区镇市街道')}支行"
    return name, "".join(rng.choice("0123456789") for _ in range(19))


def address(rng: random.Random, city: tuple[str, str, str]) -> str:
    return f"{city[0]}{city[1]}市{city[2]}{rng.choice(STREETS)}{rng.randint(1, 888)}号"


def company_name(rng: random.Random, taken: set[str]) -> tuple[str, str, tuple[str, str, str]]:
    """(full name, short name, city) unique within ``taken``: 东莞华强电子有限公司 / 张三五金."""
    for attempt in range(1000):
        city = rng.choice(CITIES)
        roll = rng.random()
        trade = rng.choice(TRADES)
        if roll < 0.3:
            short = rng.choice(SURNAMES) + rng.choice(NICK) + trade
            name = short + (rng.choice(SHOP) if rng.random() < 0.5 else "")
        elif roll < 0.55:
            short = rng.choice(STEMS) + trade
            name = short + rng.choice(SHOP)
        else:
            short = rng.choice(STEMS) + trade
            name = city[1] + short + rng.choice(COMPANY)
        if attempt > 20:
            name = f"{city[1]}{city[2]}{name}"
        if attempt > 200:
            name = f"{name}（{attempt}）"
        if name not in taken:
            taken.add(name)
            return name, short, city
    raise RuntimeError("name pool exhausted")


def ean13(rng: random.Random) -> str:
    """A barcode starting 69 (China) with a correct EAN-13 check digit."""
    body = "69" + "".join(rng.choice("0123456789") for _ in range(10))
    odd = sum(int(c) for c in body[0::2])
    even = sum(int(c) for c in body[1::2])
    return body + str((10 - (odd + 3 * even) % 10) % 10)
