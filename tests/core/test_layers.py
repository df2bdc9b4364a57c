"""The core never imports Qt: import every core module with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is not allowed in the core: " + name)
sys.meta_path.insert(0, Block())
import desktop
for mod in pkgutil.walk_packages(desktop.__path__, "desktop."):
    name = mod.name
    if name.startswith(("desktop.views", "desktop.app", "desktop.models.migrations")):
        continue
    importlib.import_module(name)
print("ok")
"""


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
