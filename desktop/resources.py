"""Where the app's shipped files are: the one place that knows about frozen bundles.

A PyInstaller bundle unpacks its data next to the program (``sys._MEIPASS``); the source
tree keeps them in ``resources/`` beside the ``desktop`` package. ``ZHANGFANG_RESOURCES``
overrides both (tests, unusual installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "ZHANGFANG_RESOURCES"


def bundle_root() -> Path | None:
    """The frozen bundle's data folder, or None when running from the source tree."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if getattr(sys, "frozen", False) and meipass else None


def resources_dir() -> Path:
    """The app's resources folder: fonts, translations, icons."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    root = bundle_root()
    if root is not None:
        return root / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def icon_path(size: int = 256) -> Path:
    """The 账 seal as a PNG of ``size`` pixels (installers/make_icon.py draws them)."""
    return resources_dir() / "icons" / f"zhangfang-{size}.png"
