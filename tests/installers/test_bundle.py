"""The Linux bundle as a user gets it: built by installers/linux/build.sh from the lock file,
then run on its own (not the source tree: another folder, no PYTHONPATH) on a fresh data
folder: version, demo ledger, one PDF, an .xlsx out and in again, check, the window
offscreen; a ledger from the previous release upgraded with a backup first; a newer one
refused plainly.

The build (a virtualenv from requirements/lock-linux.txt, then PyInstaller) goes into
``build/linux`` (or ``$ZF_BUNDLE_DIR``) and is reused by later runs while the lock file is
unchanged (the venv) — PyInstaller itself runs every time, so the bundle is this tree's.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from desktop import __version__
from desktop.models.db import head_revision

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


def _build() -> Path:
    prebuilt = os.environ.get("ZF_BUNDLE_PREBUILT")  # a bundle built a moment ago, as is
    if prebuilt:
        return Path(prebuilt)
    out = Path(os.environ.get("ZF_BUNDLE_DIR") or ROOT / "build" / "linux")
    out.mkdir(parents=True, exist_ok=True)
    # both pytest-xdist workers may get a test of this module: one builds, the other waits
    # and takes that build (the same run: the same PYTEST_XDIST_TESTRUNUID)
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    stamp = out / "built-for-run"
    with open(out / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == run_id:
            return out / "dist" / "zhangfang"
        env = {**os.environ, "PYTHON": sys.executable}
        env.pop("PYTHONPATH", None)
        started = time.monotonic()
        done = subprocess.run(
            ["bash", str(ROOT / "installers/linux/build.sh"), "--out", str(out), "--no-deb"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        stamp.write_text(run_id)
        print(f"bundle built in {time.monotonic() - started:.0f} s")
    return out / "dist" / "zhangfang"


@pytest.fixture(scope="module")
def bundle() -> Path:
    return _build()


class Program:
    """The bundled ``zhangfang``, run in ``work`` with its own data folder."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.exe = bundle / "zhangfang"
        self.work = work
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "ZHANGFANG_RESOURCES", "VIRTUAL_ENV")
        }
        self.env.update(
            ZHANGFANG_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8"
        )

    def __call__(self, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(self.exe), *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == code, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        return done


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


@pytest.mark.timeout(3600)
def test_the_bundle_works_on_its_own(bundle: Path, tmp_path: Path) -> None:
    run = Program(bundle, tmp_path)
    assert run("--version").stdout.strip() == f"zhangfang {__version__}"
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").iterdir())

    run("demo", "--ledger", "demo.zhangfang", "--customers", "5", "--products", "20")
    with closing(sqlite3.connect(tmp_path / "demo.zhangfang")) as conn:
        number = conn.execute(
            "SELECT number FROM document WHERE kind = 'sales_bill' ORDER BY number LIMIT 1"
        ).fetchone()[0]
    run("print", number, "--ledger", "demo.zhangfang", "--out", "bill.pdf")
    assert (tmp_path / "bill.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts"):  # the bundled CJK font is found and embedded
        fonts = subprocess.run(
            ["pdffonts", str(tmp_path / "bill.pdf")], capture_output=True, text=True, check=True
        )
        assert "WenQuanYi" in fonts.stdout or "ZFHei" in fonts.stdout, fonts.stdout

    run("export", "customers", "customers.xlsx", "--ledger", "demo.zhangfang")
    run("init", "--firm", "新商行", "--ledger", "new.zhangfang")
    imported = run("import", "customers.xlsx", "--kind", "customers", "--ledger", "new.zhangfang")
    assert "5 new" in imported.stdout or "新增 5" in imported.stdout, imported.stdout
    run("check", "--ledger", "new.zhangfang")
    run("check", "--ledger", "demo.zhangfang")
    # the window: starts offscreen on the demo (translations, icon, fonts from the bundle)
    run("app", "--ledger", "demo.zhangfang", "--quit-after", "3000", "--screenshot", "w.png")
    from PySide6.QtGui import QImage

    shot = QImage(str(tmp_path / "w.png"))
    assert shot.width() >= 600 and shot.height() >= 400
    assert len({shot.pixel(x, y) for x in range(0, shot.width(), 40) for y in (60, 300)}) > 3
    run("app", "demo.zhangfang", "--quit-after", "100")  # as a file manager opens a ledger


@pytest.mark.timeout(3600)
def test_the_bundle_upgrades_an_old_ledger_and_refuses_a_newer_one(
    bundle: Path, tmp_path: Path
) -> None:
    run = Program(bundle, tmp_path)
    old = tmp_path / "old.zhangfang"
    shutil.copyfile(FIXTURES / "ledger-0009.zhangfang", old)
    assert _revision(old) == "0009"
    run("check", "--ledger", str(old))
    assert _revision(old) == head_revision()
    backups = list((tmp_path / "home" / "backups").glob("old-*before-upgrade*.zhangfang"))
    assert len(backups) == 1 and _revision(backups[0]) == "0009"
    assert "4,204.00" in run("balance", "张三五金", "--ledger", str(old)).stdout

    newer = tmp_path / "newer.zhangfang"
    shutil.copyfile(old, newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    refused = run("check", "--ledger", str(newer), code=2)
    assert "newer" in refused.stderr.lower() or "新版本" in refused.stderr, refused.stderr
    assert _revision(newer) == "9999"
