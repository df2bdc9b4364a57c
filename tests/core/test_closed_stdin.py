"""Commands started with standard input closed (a scheduler, some CI runners): Python then
has no ``sys.stdin`` at all. A command that would read a password says, in one line, that
none was given; it never fails with an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def closed_stdin(argv: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with file descriptor 0 closed, as such a program starts."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZHANGFANG_HOME": str(home)}
    env["ZHANGFANG_LANG"] = "en"
    return subprocess.run(
        ["bash", "-c", 'exec "$@" 0<&-', "closed-stdin", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_child_really_has_no_stdin(tmp_path: Path) -> None:
    done = closed_stdin([sys.executable, "-c", "import sys; print(sys.stdin)"], tmp_path)
    assert done.stdout.strip() == "None"


def test_login_without_stdin_says_no_password_was_given(ledger_path: Path, tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "desktop.cli.main", "login", "--server", "http://127.0.0.1:9"]
    argv += ["--firm", "acme", "--user", "老板", "--ledger", str(ledger_path)]
    done = closed_stdin(argv, tmp_path / "home")
    assert done.returncode == 1
    assert done.stderr.strip() == "No password was given.", done.stderr


def test_server_firm_add_without_stdin_is_one_line(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "marketplace", "firm", "add", "--code", "acme", "--name", "Acme"]
    argv += ["--owner", "boss"]
    done = closed_stdin([*argv, "--data", str(tmp_path / "server")], tmp_path / "home")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "AttributeError" not in line, line
