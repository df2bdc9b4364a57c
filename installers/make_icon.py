"""Draw the app icon, a red 账 seal, from the bundled CJK font: every PNG size the platforms
need (16…1024) plus Windows' .ico and macOS' .icns, into resources/icons/.

Reproducible: the same font and Pillow give the same files. Run it again after changing the
drawing: ``python installers/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
RED = (190, 30, 30, 255)
PAPER = (255, 250, 240, 255)


def seal(size: int = 1024) -> Image.Image:
    """The seal at ``size`` pixels: a red rounded square with 账 cut out in paper white."""
    scale = 4  # drawn large, then shrunk: smooth edges at every size
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = big // 16
    draw.rounded_rectangle((margin, margin, big - margin, big - margin), radius=big // 8, fill=RED)
    inner = big // 9
    draw.rounded_rectangle(
        (inner, inner, big - inner, big - inner),
        radius=big // 14,
        outline=PAPER,
        width=max(1, big // 48),
    )
    font = ImageFont.truetype(str(FONT), int(big * 0.62), index=0)
    left, top, right, bottom = draw.textbbox((0, 0), "账", font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    draw.text((x, y), "账", font=font, fill=PAPER)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    master = seal(1024)
    for size in SIZES:
        image = (
            master
            if size == 1024
            else seal(size)
            if size <= 64
            else master.resize((size, size), Image.Resampling.LANCZOS)
        )
        image.save(OUT / f"zhangfang-{size}.png", optimize=True)
    master.save(OUT / "zhangfang.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    master.save(OUT / "zhangfang.icns")
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
