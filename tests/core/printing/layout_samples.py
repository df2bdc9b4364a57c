"""Seal images and layouts for the layout tests."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from desktop.printing.layouts import CopySpec, Layout, LayoutColumn, default_layout


def seal_png(size: int = 160, transparent: bool = True) -> bytes:
    """A red ring with a star-ish mark: a seal on a transparent (or white) background."""
    mode_bg = (0, 0, 0, 0) if transparent else (255, 255, 255, 255)
    img = Image.new("RGBA", (size, size), mode_bg)
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, size - 4, size - 4), outline=(220, 0, 0, 255), width=max(3, size // 20))
    draw.ellipse(
        (size // 2 - 12, size // 2 - 12, size // 2 + 12, size // 2 + 12), fill=(220, 0, 0, 255)
    )
    out = io.BytesIO()
    (img if transparent else img.convert("RGB")).save(out, "PNG")
    return out.getvalue()


def three_part(kind: str, paper: str) -> Layout:
    """A 三联 layout: no 编码 or 备注, 规格 before 品名, 品名 renamed, wording, three tinted
    copies, a seal."""
    base = default_layout(kind, paper)
    by_key = {c.key: c for c in base.columns}
    order = ["no", "spec", "name", "unit", "qty", "price", "discount", "amount"]
    columns = tuple(
        LayoutColumn(k, by_key[k].width_mm, "货品名称" if k == "name" else "") for k in order
    )
    return base.with_(
        name="三联",
        columns=columns,
        header_text="温馨提示：货物当面点清，过后概不负责",
        footer_text="开户行：工商银行浦东支行　账号：1001234567890123456",
        copies=(CopySpec("存根"), CopySpec("客户", "pink"), CopySpec("回单", "yellow")),
        seal=seal_png(),
    )
