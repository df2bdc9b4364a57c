"""The fields of the firm's profile people edit, with their names in both languages.

Plain data (no database, no Qt), so the window can list them without loading the core.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import ValidationError


@dataclass(frozen=True)
class ProfileField:
    key: str
    zh: str
    en: str


PROFILE = (
    ProfileField("name", "公司名称", "Firm name"),
    ProfileField("legal_name", "开票名称", "Legal name (on fapiao)"),
    ProfileField("tax_id", "纳税人识别号", "Tax id"),
    ProfileField("address", "地址", "Address"),
    ProfileField("phone", "电话", "Phone"),
    ProfileField("bank", "开户行", "Bank"),
    ProfileField("bank_account", "银行账号", "Bank account"),
    ProfileField("logo_path", "标志（Logo）", "Logo"),
)
#: other names people type for a field (``zhangfang firm --set 税号=…``)
ALIASES = {"税号": "tax_id", "账号": "bank_account", "logo": "logo_path", "标志": "logo_path"}


def field_key(name: str) -> str:
    """The profile field ``name`` means (its key, or its name in either language)."""
    wanted = name.strip()
    for f in PROFILE:
        if wanted in (f.key, f.zh, f.en) or wanted.lower() == f.en.lower():
            return f.key
    if wanted in ALIASES:
        return ALIASES[wanted]
    choices = "、".join(f.zh for f in PROFILE)
    raise ValidationError(
        "unknown_field",
        f"没有“{wanted}”这一项。公司资料可以改：{choices}。",
        f"There is no field “{wanted}”. The profile has: "
        + ", ".join(f.key for f in PROFILE)
        + ".",
    )
