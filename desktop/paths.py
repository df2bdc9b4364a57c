"""Where the user's ledger, backups and logs live (per-OS user directories)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Zhangfang"


def data_dir() -> Path:
    """The user's data directory; ``ZHANGFANG_HOME`` overrides it (tests, portable use)."""
    override = os.environ.get("ZHANGFANG_HOME")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_ledger_path() -> Path:
    return data_dir() / "ledger.zhangfang"


def demo_ledger_path(real: Path) -> Path:
    """Where the first-run wizard puts the demo: a file of its own beside the real ledger."""
    return real.with_name("demo.zhangfang")


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def log_file() -> Path:
    """The log file, made readable by its owner only."""
    path = log_dir() / "zhangfang.log"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    return path
