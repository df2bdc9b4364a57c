"""Shared fixtures: every test gets its own copy of one prepared, migrated ledger."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests explore new examples on every local run; in CI they replay the same ones,
# so a run on a loaded machine fails only on a real defect, never on an example's time or
# on a draw no one can reproduce.
settings.register_profile("local", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("local"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spreadsheets"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Backups, logs and the default ledger go to a temporary folder, never the user's;
    the umask the CLI sets (files the user's alone) is put back after each test."""
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ZHANGFANG_LANG", "zh")
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture(scope="session")
def _template_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    path = tmp_path_factory.mktemp("template") / "template.zhangfang"
    ledger = Ledger.open(path, create=True, actor="tester")
    with ledger.unit() as uow:
        create_firm(
            uow,
            "上海测试商贸有限公司",
            tax_id="91310000MA1FL0XX0X",
            address="上海市浦东新区测试路1号",
            phone="021-12345678",
            bank="工商银行浦东支行",
            bank_account="1001234567890123456",
        )
    ledger.close()
    return path


@pytest.fixture
def ledger_path(_template_ledger: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.zhangfang"
    shutil.copyfile(_template_ledger, path)
    return path


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[object]:
    from desktop.services.ledger import Ledger

    opened = Ledger.open(ledger_path, actor="tester")
    yield opened
    opened.close()
