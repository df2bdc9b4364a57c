"""The firm's profile as people edit it after the first run: which fields, their names in
both languages, and the logo kept beside the ledgers.

The fields are listed once (``desktop.firm_fields``) for the dialog, ``zhangfang firm``
and the screens' reads; the values go through ``firm.update_firm`` (one validation, one
intent).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.firm_fields import PROFILE, field_key
from desktop.paths import data_dir
from desktop.services.firm import get_firm, update_firm
from desktop.services.uow import UnitOfWork

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
__all__ = ["PROFILE", "field_key", "keep_logo", "read_profile", "update_profile"]


def read_profile(session: Session) -> dict[str, str]:
    firm = get_firm(session)
    return {f.key: str(getattr(firm, f.key) or "") for f in PROFILE}


def keep_logo(source: str | Path) -> str:
    """Copy a logo picture beside the ledgers (the original may move or vanish) after
    checking it is a picture the printouts can use; returns where it is kept."""
    path = Path(source)
    if not path.is_file() or path.suffix.lower() not in LOGO_TYPES:
        raise ValidationError(
            "bad_logo",
            f"标志须是 PNG、JPG、BMP 或 GIF 图片：{path}",
            f"The logo must be a PNG, JPG, BMP or GIF picture: {path}",
        )
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception:
        width = height = 0
    if not width or not height:
        raise ValidationError(
            "bad_logo", f"无法读取这张图片：{path}", f"This picture cannot be read: {path}"
        )
    target = data_dir() / ("logo" + path.suffix.lower())
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    return str(target)


def update_profile(uow: UnitOfWork, values: dict[str, Any]) -> None:
    """Change the profile fields given (keys or names); a new logo is kept first."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        key = field_key(name)
        text = str(value).strip()
        if key == "tax_id":
            text = text.upper()
        if key == "logo_path" and text:
            text = keep_logo(text)
        clean[key] = text
    if clean:
        update_firm(uow, **clean)
