"""The firm's seal image (电子章): a small PNG with a transparent background.

Why checked by its bytes, not its name: the seal travels inside a layout to every desk and
to other shops (an exported layout file), so a renamed JPEG, a huge picture or a file that
only claims to be a PNG is refused before it is stored, with a message saying what to do.
"""

from __future__ import annotations

import struct
import zlib

from desktop.errors import ValidationError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: big enough for a sharp 600×600 seal, small enough to travel in every sync
MAX_BYTES = 300 * 1024
MAX_SIDE = 2000
MIN_SIDE = 40


def _refuse(code: str, zh: str, en: str) -> ValidationError:
    return ValidationError(code, zh, en)


def check_seal(data: bytes) -> tuple[int, int]:
    """The seal's (width, height) in pixels; a ValidationError when it is not usable."""
    if len(data) > MAX_BYTES:
        raise _refuse(
            "seal_too_big",
            f"印章图片太大（{len(data) // 1024} KB），请用不超过 {MAX_BYTES // 1024} KB 的 PNG。",
            f"The seal image is too big ({len(data) // 1024} KB); use a PNG of at most "
            f"{MAX_BYTES // 1024} KB.",
        )
    if not data.startswith(PNG_MAGIC) or len(data) < 33 or data[12:16] != b"IHDR":
        raise _refuse(
            "seal_not_png",
            "印章图片必须是 PNG 格式（透明背景）。",
            "The seal image must be a PNG file (with a transparent background).",
        )
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    crc = struct.unpack(">I", data[29:33])[0]
    if zlib.crc32(data[12:29]) != crc:
        raise _refuse(
            "seal_not_png", "印章图片已损坏，请重新保存为 PNG。", "The seal PNG is damaged."
        )
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _refuse(
            "seal_size",
            f"印章图片尺寸 {width}×{height} 不合适，边长应在 {MIN_SIDE}–{MAX_SIDE} 像素之间。",
            f"The seal image is {width}×{height} pixels; each side must be "
            f"{MIN_SIDE}–{MAX_SIDE} pixels.",
        )
    if colour not in (4, 6) and b"tRNS" not in data:
        raise _refuse(
            "seal_opaque",
            "印章图片没有透明背景，盖在文字上会遮住内容。请用透明背景的 PNG。",
            "The seal image has no transparent background and would hide the text under "
            "it; use a PNG with transparency.",
        )
    return width, height
