"""Unexpected errors become a plain message naming the log file; backups run when due."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.views.backups import BackupScheduler
from desktop.views.errors import log_file
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


@pytest.fixture
def app_logging() -> Any:
    """The window's log set up as the app does, and taken down after: the root logger
    outlives the test, and the next test in this process has a log folder of its own."""
    import logging

    from desktop.app import setup_logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging()
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_unexpected_error_is_logged_not_shown_as_traceback(
    qtbot: Any, ctx: Any, messages: list[Any], app_logging: None
) -> None:
    def broken(_uow: Any) -> None:
        raise RuntimeError("disk on fire")

    ctx.write(broken)
    wait_idle(qtbot, ctx)
    _title, text = messages[-1]
    assert "Traceback" not in text and "disk on fire" not in text
    assert log_file() in text
    assert "disk on fire" in Path(log_file()).read_text(encoding="utf-8")


def test_a_full_disk_while_saving_is_said_plainly(
    qtbot: Any, ctx: Any, messages: list[Any]
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def full(_uow: Any) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    ctx.write(full)
    wait_idle(qtbot, ctx)
    _title, text = messages[-1]
    assert "磁盘已满" in text and log_file() not in text


def test_domain_error_in_users_language(qtbot: Any, ctx: Any, messages: list[Any]) -> None:
    from desktop.services import parties

    ctx.write(lambda u: parties.create_party(u, name=""))
    wait_idle(qtbot, ctx)
    assert messages[-1][1] == "名称不能为空。"


def test_scheduler_runs_when_due(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    ctx.prefs.backup_folder = str(tmp_path / "auto")
    ctx.prefs.backup_hours = 24
    ctx.prefs.last_backup = 0
    scheduler = BackupScheduler(ctx)
    assert scheduler.due()
    scheduler.check()
    qtbot.waitUntil(lambda: not scheduler.running, timeout=20000)
    assert list((tmp_path / "auto").glob("*.zhangfang"))
    assert not scheduler.due()
