"""A party's region, read from its address: the province-level name it starts with.

Parties have no region field (adding one needs a schema change); traders write addresses
from the province down, so the first province, municipality or autonomous region named is
the region. An address naming none is 未知.
"""

from __future__ import annotations

PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)

UNKNOWN = "未知"


def region_of(*addresses: str) -> str:
    """The province-level region the first address that names one starts with."""
    for address in addresses:
        text = (address or "").strip()
        if not text:
            continue
        found = [(text.find(p), p) for p in PROVINCES if p in text]
        if found:
            return min(found)[1]
    return UNKNOWN
