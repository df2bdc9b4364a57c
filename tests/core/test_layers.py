"""The layers hold: the core never imports Qt nor the views, and the models never import the
layers above them. Each rule imports every module of its layer in a fresh interpreter with
the forbidden packages made unimportable, so a lazy import inside a function is caught as
soon as that module is imported, and a top-level one always."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop"

SCRIPT = """
import importlib, pkgutil, sys
FORBIDDEN = {forbidden!r}
class Block:
    def find_spec(self, name, path=None, target=None):
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
            raise ImportError("not allowed in this layer: " + name)
sys.meta_path.insert(0, Block())
import desktop
for mod in pkgutil.walk_packages(desktop.__path__, "desktop."):
    name = mod.name
    if not name.startswith({layer!r}) or name.startswith({skip!r}):
        continue
    importlib.import_module(name)
print("ok")
"""

#: the core: everything but the Qt views and the GUI entry point
CORE_SKIP = ("desktop.views", "desktop.app", "desktop.models.migrations")
#: The one crossing allowed: ``zhangfang app`` starts the window, lazily, from the CLI (it
#: reports a plain error when PySide6 is missing); nothing else in the core may.
LAUNCHERS = {("desktop/cli/main.py", "desktop.app")}
#: what sits above the models
ABOVE_MODELS = (
    "desktop.services",
    "desktop.importing",
    "desktop.printing",
    "desktop.exporting",
    "desktop.queries",
    "desktop.editing",
    "desktop.cli",
    "desktop.sync",
    "desktop.views",
    "desktop.app",
)


def _import_layer(layer: tuple[str, ...], forbidden: tuple[str, ...], skip: tuple[str, ...]) -> str:
    """Import every module of ``layer`` (but ``skip``) with ``forbidden`` blocked."""
    code = SCRIPT.format(forbidden=forbidden, layer=layer, skip=skip)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_imports_without_qt_or_the_views() -> None:
    got = _import_layer(("desktop",), ("PySide6", "desktop.views", "desktop.app"), CORE_SKIP)
    assert got == "ok"


def test_models_import_nothing_above_them() -> None:
    got = _import_layer(("desktop.models",), ABOVE_MODELS, ("desktop.models.migrations",))
    assert got == "ok"


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at any depth (inside functions too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def _offenders(folder: Path, forbidden: tuple[str, ...], skip: tuple[str, ...] = ()) -> list[str]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        if name.startswith(skip):
            continue
        for line, module in _imports(path):
            if (f"{rel}.py", module) in LAUNCHERS:
                continue
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                out.append(f"{rel}.py:{line} imports {module}")
    return out


@pytest.mark.parametrize(
    ("folder", "forbidden", "skip"),
    [
        (PACKAGE, ("PySide6", "desktop.views", "desktop.app"), CORE_SKIP),
        (PACKAGE / "models", ABOVE_MODELS, ()),
    ],
    ids=["core", "models"],
)
def test_no_import_inside_a_function_crosses_a_layer(
    folder: Path, forbidden: tuple[str, ...], skip: tuple[str, ...]
) -> None:
    """Importing a module runs only its top level: a lazy import in a function body (common
    here, for start-up time) is read from the source instead."""
    assert _offenders(folder, forbidden, skip) == []


def test_the_source_check_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n\ndef later():\n    from desktop.services.backup import backup_to\n",
        encoding="utf-8",
    )
    assert _imports(sample) == [(1, "os"), (4, "desktop.services.backup")]
