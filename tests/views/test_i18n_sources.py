"""Every string the window translates has an English translation in the shipped .qm file.

The sources are read from the code (``self.tr("…")`` in a class, a module's
``tr("…")`` helper over ``QCoreApplication.translate("Context", …)``, and
``QCoreApplication.translate("Context", "…")``) and looked up with Qt's own translator.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

REPO = Path(__file__).resolve().parents[2]
VIEWS = REPO / "desktop" / "views"
QM = REPO / "resources" / "i18n" / "zhangfang_en.qm"


def _text(node: ast.AST) -> str | None:
    """A string literal (implicit concatenation included), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _module_context(tree: ast.Module) -> str | None:
    """The context of a module-level ``def tr(text)`` helper, if it has one."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and call.args and _text(call.args[0]):
                    return _text(call.args[0])
    return None


def sources(path: Path) -> Iterator[tuple[str, str, int]]:
    """(context, source, line) of each translated literal in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_ctx = _module_context(tree)

    def walk(node: ast.AST, cls: str | None) -> Iterator[tuple[str, str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from walk(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func = child.func
                args = child.args
                if isinstance(func, ast.Attribute) and func.attr == "tr" and cls and args:
                    text = _text(args[0])
                    if text is not None:
                        yield cls, text, child.lineno
                elif isinstance(func, ast.Name) and func.id == "tr" and module_ctx and args:
                    text = _text(args[0])
                    if text is not None:
                        yield module_ctx, text, child.lineno
                elif isinstance(func, ast.Attribute) and func.attr == "translate" and len(args) > 1:
                    ctx, text = _text(args[0]), _text(args[1])
                    if ctx is not None and text is not None:
                        yield ctx, text, child.lineno
            yield from walk(child, cls)

    yield from walk(tree, None)


#: the window's sync modules (issue 16): every string checked strictly
SYNC_MODULES = ("sync_dialog.py", "sync_menu.py", "sync_screen.py", "sync_session.py")


@pytest.fixture(scope="module")
def translator(qapp: object) -> QTranslator:
    found = QTranslator()
    assert found.load(str(QM))
    return found


@pytest.mark.parametrize("name", SYNC_MODULES)
def test_every_sync_string_has_english(translator: QTranslator, name: str) -> None:
    missing = [
        f"{name}:{line} [{ctx}] {text!r}"
        for ctx, text, line in sources(VIEWS / name)
        if not translator.translate(ctx, text)
    ]
    assert missing == []


def test_every_window_string_has_english(translator: QTranslator) -> None:
    missing = [
        f"{path.relative_to(VIEWS)}:{line} [{ctx}] {text!r}"
        for path in sorted(VIEWS.rglob("*.py"))
        for ctx, text, line in sources(path)
        if not translator.translate(ctx, text)
    ]
    assert missing == []


def test_the_reader_finds_the_kinds_of_calls_the_window_uses() -> None:
    found = {(ctx, text) for ctx, text, _ in sources(VIEWS / "sync_screen.py")}
    assert ("SyncScreen", "采用对方的值") in found
    found = {(ctx, text) for ctx, text, _ in sources(VIEWS / "sync_menu.py")}
    assert ("SyncMenu", "联网同步…") in found
    found = {(ctx, text) for ctx, text, _ in sources(VIEWS / "nav.py")}
    assert ("Nav", "同步状态") in found
