"""Each command imports only what it needs: ``zhangfang --help`` and the parser of every
command load no SQLAlchemy, Alembic, reportlab, openpyxl or pypinyin (they took 2.5 s
before); printing one document loads no Alembic or pypdf when the ledger is
current. Checked in a fresh interpreter through ``sys.modules``, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "pypinyin", "PySide6", "pypdf")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages loaded after ``code`` runs in a new interpreter."""
    probe = (
        "import json, sys\n"
        + code
        + "\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    run_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=run_env, check=True
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_loads_no_heavy_package() -> None:
    loaded = _loaded_after(
        "import contextlib, io\n"
        "from desktop.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'print' in out.getvalue() and 'import' in out.getvalue(), out.getvalue()\n"
    )
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_every_command_parser_loads_no_heavy_package() -> None:
    """Building the whole parser (what any command does first) stays light."""
    loaded = _loaded_after("from desktop.cli.main import build_parser\nbuild_parser()")
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_print_of_one_document_loads_no_orm(tmp_path: Path) -> None:
    """One bill of a current ledger is printed and counted through a plain sqlite3
    connection (``printing.plain_print``): no SQLAlchemy, Alembic or pypdf (batches only)."""
    home = tmp_path / "home"
    home.mkdir()
    ledger = tmp_path / "demo.zhangfang"
    env = {"ZHANGFANG_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", "demo", "--ledger", str(ledger),
         "--customers", "3", "--products", "5", "--months", "1"],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT), **env}, check=True,
    )  # fmt: skip
    import sqlite3

    with sqlite3.connect(ledger) as conn:
        number = conn.execute(
            "SELECT number FROM document WHERE kind = 'sales_bill' LIMIT 1"
        ).fetchone()[0]
    out = tmp_path / "bill.pdf"
    loaded = _loaded_after(
        "from desktop.cli.main import main\n"
        f"assert main(['print', {number!r}, '--ledger', {str(ledger)!r}, '--out', "
        f"{str(out)!r}]) == 0\n",
        env,
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in loaded  # it did print
    unwanted = {"sqlalchemy", "alembic", "pypdf", "openpyxl", "PySide6"}
    assert loaded.isdisjoint(unwanted), loaded & unwanted
    with sqlite3.connect(ledger) as conn:  # and counted the print, with its intent
        count = conn.execute("SELECT print_count FROM document WHERE number = ?", (number,))
        assert count.fetchone() == (1,)
        intents = conn.execute("SELECT args FROM outbox WHERE intent = 'document.print'")
        assert [number in args for (args,) in intents] == [True]
