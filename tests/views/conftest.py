"""GUI tests: offscreen Qt, a private data directory, and a prepared ledger copied per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZHANGFANG_HOME", tempfile.mkdtemp(prefix="zf-home-"))

import pytest

from tests.views.builder import build_ledger


@pytest.fixture(scope="session")
def template_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.zhangfang"
    build_ledger(path)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("ZHANGFANG_HOME", str(folder))
    return folder


@pytest.fixture
def ledger_path(home: Path, template_ledger: Path) -> Path:
    target = home / "ledger.zhangfang"
    shutil.copyfile(template_ledger, target)
    return target


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes are recorded instead of blocking the test."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []

    def record(kind: str, answer: Any = None) -> Any:
        def box(_parent: Any, title: str, text: str, *args: Any, **kw: Any) -> Any:
            seen.append((title, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(record("warning")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(record("information")))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(record("question", QMessageBox.StandardButton.Yes))
    )
    return seen


@pytest.fixture
def ctx(qapp: Any, ledger_path: Path, messages: list[tuple[str, str]]) -> Any:
    from desktop.views import i18n
    from desktop.views.context import Context
    from desktop.views.prefs import Prefs
    from desktop.views.theme import apply_appearance

    prefs = Prefs()
    prefs.backup_hours = 0
    i18n.set_language("zh")
    apply_appearance(qapp, 100, False)
    context = Context(ledger_path, prefs)
    assert context.ledger is not None  # starts the writer thread and waits for it
    yield context
    context.close()
    i18n.set_language("zh")
    apply_appearance(qapp, 100, False)


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Any:
    from desktop.views.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def wait_idle(qtbot: Any, ctx: Any, timeout: int = 20000) -> None:
    qtbot.waitUntil(ctx.writer.idle, timeout=timeout)


def D(text: str) -> Decimal:
    return Decimal(text)
