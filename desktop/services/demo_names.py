"""Chinese text for the demo ledger: firm, party and product names, addresses, ids.

Kept apart from the simulation so the pools can grow without touching the
business rules. Every function takes the caller's seeded ``random.Random`` so
the same seed always yields the same names (never the global RNG).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Category:
    """One product family of a 五金机电 wholesaler: the products in it share how they are
    counted (``base_unit``), packed (``packs``: pack unit and how many base units it holds),
    described (``specs``, cheapest first: the cost rises with the spec) and taxed.

    ``name`` is the 类别 the ledger shows; several families can share it.
    """

    name: str
    nouns: tuple[str, ...]
    specs: tuple[str, ...]
    base_unit: str
    packs: tuple[tuple[str, tuple[int, ...]], ...]
    tax_rate: Decimal
    cost: tuple[float, float]  # cost per base unit, yuan: the cheapest spec to the dearest
    weight: int


#: goods at 13 %; 农机 (farm pumps, sprayers) at 9 % (增值税 low rate for agricultural machinery)
R13, R9 = Decimal("0.13"), Decimal("0.09")
CATEGORIES = (
    Category(
        "紧固件",
        ("外六角螺栓", "不锈钢内六角螺丝", "镀锌螺栓"),
        ("M6×20", "M8×30", "M10×40", "M12×50", "M16×60"),
        "个",
        (("盒", (50, 100)), ("箱", (500, 1000))),
        R13,
        (0.15, 3.0),
        5,
    ),
    Category(
        "紧固件",
        ("膨胀螺丝", "不锈钢膨胀螺栓"),
        ("M6×60", "M8×80", "M10×100", "M12×120"),
        "套",
        (("盒", (50, 100)),),
        R13,
        (0.3, 3.5),
        4,
    ),
    Category(
        "紧固件",
        ("十字自攻钉", "燕尾钻尾钉"),
        ("ST3.5×16", "ST4.2×25", "ST4.8×32", "ST5.5×50"),
        "个",
        (("盒", (500, 1000)),),
        R13,
        (0.02, 0.2),
        3,
    ),
    Category(
        "电线电缆",
        ("BV铜芯线", "BVR多股软线"),
        ("1.5平方 100米/卷", "2.5平方 100米/卷", "4平方 100米/卷", "6平方 100米/卷"),
        "卷",
        (),
        R13,
        (120.0, 560.0),
        4,
    ),
    Category(
        "电线电缆",
        ("RVV护套线", "YJV电力电缆"),
        ("2×1.0 100米/卷", "3×1.5 100米/卷", "3×2.5 100米/卷", "3×4+1×2.5 100米/卷"),
        "卷",
        (),
        R13,
        (180.0, 1500.0),
        2,
    ),
    Category(
        "电线电缆",
        ("超五类网线", "六类网线"),
        ("305米/箱 非屏蔽", "305米/箱 屏蔽"),
        "箱",
        (),
        R13,
        (260.0, 520.0),
        2,
    ),
    Category(
        "照明",
        ("LED球泡灯",),
        ("5W E27 白光", "9W E27 暖光", "12W E27 白光", "18W E27 白光"),
        "只",
        (("箱", (50, 100)),),
        R13,
        (2.5, 12.0),
        4,
    ),
    Category(
        "照明",
        ("LED灯管", "T5一体化支架灯"),
        ("0.6米 9W", "0.9米 14W", "1.2米 18W"),
        "支",
        (("箱", (25, 30)),),
        R13,
        (6.0, 20.0),
        3,
    ),
    Category(
        "照明",
        ("LED平板灯",),
        ("300×300 18W", "600×600 36W", "300×1200 40W"),
        "套",
        (("箱", (4, 6)),),
        R13,
        (30.0, 80.0),
        2,
    ),
    Category(
        "照明",
        ("LED投光灯",),
        ("50W IP65", "100W IP65", "200W IP65"),
        "台",
        (("箱", (6, 10)),),
        R13,
        (45.0, 260.0),
        1,
    ),
    Category(
        "开关插座",
        ("五孔插座", "单开单控开关", "双开双控开关", "16A三孔空调插座"),
        ("86型 白色", "86型 香槟金", "86型 灰色"),
        "个",
        (("盒", (10,)), ("箱", (200,))),
        R13,
        (3.5, 14.0),
        5,
    ),
    Category(
        "配电电器",
        ("小型断路器", "漏电保护断路器"),
        ("1P C16", "1P C32", "2P C32", "2P C63", "3P C63"),
        "只",
        (("盒", (12,)), ("箱", (120,))),
        R13,
        (9.0, 95.0),
        4,
    ),
    Category(
        "配电电器",
        ("配电箱", "明装强电箱"),
        ("PZ30 8回路", "PZ30 12回路", "PZ30 16回路", "PZ30 20回路"),
        "台",
        (("箱", (5, 10)),),
        R13,
        (25.0, 90.0),
        2,
    ),
    Category(
        "开关插座",
        ("新国标插线板", "USB插线板"),
        ("3位 1.8米", "4位 3米", "6位 5米"),
        "个",
        (("箱", (20, 40)),),
        R13,
        (12.0, 45.0),
        3,
    ),
    Category(
        "电工辅材",
        ("PVC电工胶带", "阻燃电工胶布"),
        ("18mm×10米 黑色", "18mm×20米 黑色", "18mm×20米 红色"),
        "卷",
        (("筒", (10,)), ("箱", (200,))),
        R13,
        (0.8, 2.5),
        3,
    ),
    Category(
        "电工辅材",
        ("尼龙扎带",),
        ("3×150mm 1000条", "4×200mm 500条", "5×300mm 250条"),
        "包",
        (("箱", (50, 100)),),
        R13,
        (6.0, 25.0),
        2,
    ),
    Category(
        "电工辅材",
        ("PVC电线管", "阻燃PVC穿线管"),
        ("Φ16 3.8米", "Φ20 3.8米", "Φ25 3.8米", "Φ32 3.8米"),
        "根",
        (("捆", (20, 50)),),
        R13,
        (2.5, 9.0),
        3,
    ),
    Category(
        "手动工具",
        ("活动扳手", "大开口扳手"),
        ("6寸", "8寸", "10寸", "12寸"),
        "把",
        (("盒", (10, 12)), ("箱", (60, 100))),
        R13,
        (8.0, 35.0),
        3,
    ),
    Category(
        "手动工具",
        ("钢丝钳", "尖嘴钳", "斜口钳"),
        ("6寸", "7寸", "8寸"),
        "把",
        (("盒", (12,)), ("箱", (120,))),
        R13,
        (9.0, 28.0),
        3,
    ),
    Category(
        "手动工具",
        ("钢卷尺",),
        ("3米×16mm", "5米×19mm", "7.5米×25mm", "10米×25mm"),
        "把",
        (("盒", (12,)), ("箱", (144,))),
        R13,
        (4.0, 22.0),
        3,
    ),
    Category(
        "手动工具",
        ("内六角扳手套装", "螺丝刀套装"),
        ("9件套", "12件套", "32件套"),
        "套",
        (("箱", (20, 40)),),
        R13,
        (12.0, 60.0),
        2,
    ),
    Category(
        "电动工具",
        ("冲击钻", "角磨机", "电锤"),
        ("550W", "710W", "850W", "1050W"),
        "台",
        (("箱", (4, 6)),),
        R13,
        (90.0, 420.0),
        2,
    ),
    Category(
        "电动工具",
        ("充电式电钻", "充电式扳手"),
        ("12V 单电", "20V 单电", "20V 双电"),
        "台",
        (("箱", (4, 6)),),
        R13,
        (150.0, 480.0),
        1,
    ),
    Category(
        "电动工具",
        ("树脂切割片", "角磨机磨片"),
        ("105×1.2×16", "125×1.6×22", "355×3×25.4"),
        "片",
        (("盒", (50,)), ("箱", (400,))),
        R13,
        (0.9, 9.0),
        3,
    ),
    Category(
        "电动工具",
        ("高速钢麻花钻头", "四坑电锤钻头"),
        ("Φ6", "Φ8", "Φ10", "Φ12"),
        "支",
        (("盒", (10,)),),
        R13,
        (1.5, 9.0),
        2,
    ),
    Category(
        "管件阀门",
        ("PPR弯头", "PPR三通", "PPR直接"),
        ("DN20 4分", "DN25 6分", "DN32 1寸"),
        "个",
        (("包", (50, 100)),),
        R13,
        (0.4, 2.5),
        3,
    ),
    Category(
        "管件阀门",
        ("PPR冷热水管",),
        ("DN20×2.8 4米", "DN25×3.5 4米", "DN32×4.4 4米"),
        "根",
        (("捆", (10, 20)),),
        R13,
        (14.0, 42.0),
        2,
    ),
    Category(
        "管件阀门",
        ("黄铜球阀", "铜闸阀"),
        ("DN15 4分", "DN20 6分", "DN25 1寸", "DN32 1.2寸"),
        "只",
        (("盒", (10, 20)),),
        R13,
        (12.0, 65.0),
        2,
    ),
    Category(
        "劳保用品",
        ("浸胶劳保手套", "棉纱手套"),
        ("均码", "L码"),
        "双",
        (("打", (12,)), ("箱", (240, 600))),
        R13,
        (0.8, 4.0),
        3,
    ),
    Category(
        "劳保用品",
        ("ABS安全帽", "V型安全帽"),
        ("黄色", "白色", "红色", "蓝色"),
        "顶",
        (("箱", (20, 25)),),
        R13,
        (9.0, 25.0),
        2,
    ),
    Category(
        "劳保用品",
        ("防尘口罩",),
        ("KN95 耳戴式", "KN95 头戴式"),
        "只",
        (("盒", (25, 50)), ("箱", (500, 1000))),
        R13,
        (0.6, 1.8),
        2,
    ),
    Category(
        "劳保用品",
        ("钢包头劳保鞋",),
        ("39码", "40码", "41码", "42码", "43码", "44码"),
        "双",
        (("箱", (10,)),),
        R13,
        (45.0, 60.0),
        1,
    ),
    Category(
        "胶粘密封",
        ("中性硅酮玻璃胶", "酸性玻璃胶"),
        ("300ml 透明", "300ml 白色", "300ml 黑色"),
        "支",
        (("箱", (24,)),),
        R13,
        (6.0, 14.0),
        2,
    ),
    Category(
        "胶粘密封",
        ("聚氨酯发泡胶",),
        ("500ml", "750ml", "900g"),
        "瓶",
        (("箱", (12, 24)),),
        R13,
        (9.0, 22.0),
        2,
    ),
    Category(
        "农用机械",
        ("农用自吸水泵", "农用潜水泵"),
        ("370W 1寸", "750W 1寸", "1.1kW 1.5寸", "2.2kW 2寸"),
        "台",
        (),
        R9,
        (180.0, 900.0),
        1,
    ),
    Category(
        "农用机械",
        ("背负式电动喷雾器", "手动喷雾器"),
        ("16L", "18L", "20L"),
        "台",
        (("箱", (2, 4)),),
        R9,
        (45.0, 160.0),
        1,
    ),
)
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
