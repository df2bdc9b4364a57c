"""Barcodes: one place that checks a barcode's check digit, names its symbology and finds
the product (and unit) a scanned code belongs to.

A code of 8, 12 or 13 digits is read as EAN-8, UPC-A or EAN-13 and must carry a right check
digit (a misread or mistyped digit is caught at the desk, not at the customer's till); any
other code (Code 128, an in-house code, ITF-14...) is stored as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import ean

from desktop.errors import ValidationError
from desktop.models import Product, ProductUnit

Symbology = Literal["ean13", "ean8", "upca", "code128"]
_BY_LENGTH: dict[int, Symbology] = {13: "ean13", 8: "ean8", 12: "upca"}
_NAMES = {"ean13": "EAN-13", "ean8": "EAN-8", "upca": "UPC-A"}


def symbology(code: str) -> Symbology:
    """The symbology a (checked) code is printed in: EAN/UPC by length when all digits,
    Code 128 otherwise."""
    if code.isascii() and code.isdigit() and len(code) in _BY_LENGTH:
        return _BY_LENGTH[len(code)]
    return "code128"


def is_valid(code: str) -> bool:
    """True when ``code`` is no EAN/UPC or one whose check digit is right."""
    return symbology(code) == "code128" or ean.is_valid(code)


def checked_barcode(value: object, field: str = "barcode") -> str:
    """The barcode as stored (trimmed; empty for none); raises a plain bilingual
    ValidationError when an EAN-13/EAN-8/UPC-A code has a wrong check digit."""
    code = str(value or "").strip()
    kind = symbology(code)
    if kind != "code128" and not ean.is_valid(code):
        right = ean.calc_check_digit(code[:-1])
        name = _NAMES[kind]
        raise ValidationError(
            "bad_barcode",
            f"条码 {code} 的校验位不对（{name} 最后一位应为 {right}）：请核对条码是否抄错、扫错。",
            f"Barcode {code} has a wrong check digit ({name}: the last digit should be "
            f"{right}); check it was not mistyped or misread.",
            field=field,
        )
    return code


@dataclass(frozen=True)
class Scanned:
    """What a scanned code names: the product and the unit the code belongs to (the
    product's base unit, or a pack unit with its factor)."""

    product: Product
    unit: str
    archived: bool


def by_barcode(session: Session, code: str) -> Scanned | None:
    """The product and unit a barcode belongs to, a pack unit's own code first; an active
    product before an archived one (``archived`` says so); None when no product has it."""
    code = code.strip()
    if not code:
        return None
    found: list[Scanned] = []
    for pack in session.scalars(select(ProductUnit).where(ProductUnit.barcode == code)):
        found.append(Scanned(pack.product, pack.unit, pack.product.archived))
    for product in session.scalars(select(Product).where(Product.barcode == code)):
        found.append(Scanned(product, product.base_unit, product.archived))
    if not found:
        return None
    return next((s for s in found if not s.archived), found[0])
