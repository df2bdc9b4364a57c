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


def _sales_log(path: Path, at_least: int) -> int:
    """A sales history CSV of ``at_least`` bytes (big enough for the import's reader
    process); returns its number of lines."""
    lines = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("单号,日期,客户,商品编码,商品名称,数量,单价\n")
        doc = 0
        while out.tell() < at_least:
            doc += 1
            day = f"2026-{doc % 11 + 1:02d}-{doc % 28 + 1:02d}"
            for line in range(5):
                p = (doc * 7 + line * 13) % 200 + 1
                out.write(
                    f"XS{doc:06d},{day},客户{doc % 40 + 1:03d}号商行,P{p:04d},"
                    f"商品{p:04d}号 规格{p % 7}x{p % 5}箱装,{line + 1},{p * 1.25:.2f}\n"
                )
                lines += 1
    return lines


def _children(pid: int) -> list[str]:
    """The command lines of ``pid``'s child processes (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return found


@pytest.mark.timeout(3600)
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the reader process needs two cores")
def test_the_bundle_reads_a_big_file_in_its_reader_process(bundle: Path, tmp_path: Path) -> None:
    """A big file is read by a second process of the frozen program
    (``multiprocessing.freeze_support``): it starts, reads, and the lines all come in."""
    from desktop.read_ahead import READER_PROCESS_BYTES

    run = Program(bundle, tmp_path)
    lines = _sales_log(tmp_path / "sales.csv", READER_PROCESS_BYTES + 100_000)
    run("init", "--firm", "新商行", "--ledger", "big.zhangfang")
    args = ["import", "sales.csv", "--kind", "sales_history", "--create-missing"]
    importing = subprocess.Popen(
        [str(run.exe), *args, "--ledger", "big.zhangfang"],
        cwd=tmp_path,
        env=run.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[str] = set()
    while importing.poll() is None:
        seen.update(_children(importing.pid))
        time.sleep(0.05)
    out, err = importing.communicate()
    assert importing.returncode == 0, out + err
    assert "Traceback" not in err
    assert any("multiprocessing" in cmd for cmd in seen), seen
    assert f"{lines} new" in out or f"新增 {lines}" in out, out
    with closing(sqlite3.connect(tmp_path / "big.zhangfang")) as conn:
        assert conn.execute("SELECT COUNT(*) FROM document_line").fetchone()[0] == lines
    run("check", "--ledger", "big.zhangfang")


@pytest.mark.timeout(3600)
@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="dpkg-deb builds the .deb")
def test_the_deb_holds_the_bundle_menu_entry_icons_and_file_type(
    bundle: Path, tmp_path: Path
) -> None:
    """The .deb packs the bundle that was just tested: unpacked (as dpkg would, without
    installing it on this machine), its program runs, and the menu entry, icons and
    file type are where the desktop looks for them."""
    env = {**os.environ, "DEB_COMPRESSION": "none"}  # quick; the release uses xz
    env.pop("PYTHONPATH", None)
    out = bundle.parent.parent
    done = subprocess.run(
        ["bash", str(ROOT / "installers/linux/build.sh"), "--out", str(out), "--deb-only"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [deb] = out.glob(f"zhangfang_{__version__}_*.deb")
    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True)
    assert f"Version: {__version__}" in info.stdout and "Package: zhangfang" in info.stdout
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert os.readlink(root / "usr/bin/zhangfang") == "/opt/zhangfang/zhangfang"
    entry = (root / "usr/share/applications/zhangfang.desktop").read_text()
    assert "Exec=zhangfang app %f" in entry and "Icon=zhangfang" in entry, entry
    mime = "application/x-zhangfang-ledger"
    assert mime in entry and mime in (root / "usr/share/mime/packages/zhangfang.xml").read_text()
    assert (root / "usr/share/icons/hicolor/256x256/apps/zhangfang.png").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(root / "usr/share/applications/zhangfang.desktop")],
            check=True,
        )
    run = Program(root / "opt" / "zhangfang", tmp_path)
    assert run("--version").stdout.strip() == f"zhangfang {__version__}"
    run("init", "--firm", "新商行", "--ledger", "deb.zhangfang")
    run("check", "--ledger", "deb.zhangfang")
    if shutil.which("gio") and shutil.which("update-mime-database"):
        # a file manager reading the package's file type calls a ledger a ledger (its
        # content alone sniffs as an SQLite database)
        subprocess.run(["update-mime-database", str(root / "usr/share/mime")], check=True)
        looked = subprocess.run(
            ["gio", "info", "-a", "standard::content-type", str(tmp_path / "deb.zhangfang")],
            env={**os.environ, "XDG_DATA_DIRS": f"{root / 'usr/share'}:/usr/share"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert mime in looked.stdout, looked.stdout
