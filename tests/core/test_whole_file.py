"""Whole-file operations that cannot lose work: restore only a ledger nobody else has open
and this version can read; refused files untouched; a full disk said plainly; every file
the user's alone (issue 13, items 2, 4, 10, 12, 13, 14)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.errors import LedgerFileError
from desktop.services import backup
from desktop.services.ledger import Ledger
from tests.helpers import customer

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM party"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def home() -> Path:
    return Path(os.environ["ZHANGFANG_HOME"])


@pytest.fixture
def other_process(ledger_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program with the ledger open (a second window), adding a customer on
    each line it reads."""
    script = textwrap.dedent(
        """
        import sys
        from desktop.services.ledger import Ledger
        from desktop.services.parties import create_party
        ledger = Ledger.open(sys.argv[1], actor="other")
        print("open", flush=True)
        for line in sys.stdin:
            with ledger.unit() as uow:
                create_party(uow, name=line.strip())
            print("saved", flush=True)
        ledger.close()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(ledger_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "open"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=60)


def test_restore_is_refused_while_another_program_has_the_ledger_open(
    capsys: Any, ledger_path: Path, tmp_path: Path, other_process: subprocess.Popen[str]
) -> None:
    """The report: restore replaced the file under a window that kept committing into the
    replaced one, and 183 of 346 committed steps were lost for good."""
    saved = backup.backup_to(ledger_path, tmp_path / "saved.zhangfang")
    assert other_process.stdin is not None and other_process.stdout is not None
    other_process.stdin.write("甲\n")
    other_process.stdin.flush()
    assert other_process.stdout.readline().strip() == "saved"
    before = names(ledger_path)

    with pytest.raises(LedgerFileError) as refused:
        backup.restore(saved, ledger_path)
    assert refused.value.code == "ledger_in_use"
    code, _, err = run(capsys, "restore", str(saved), "--ledger", str(ledger_path))
    assert code == 2 and "其他程序" in err and "未改动" in err and len(err.splitlines()) == 1

    # two programs still work on one ledger together; the other one's work is all there
    other_process.stdin.write("乙\n")
    other_process.stdin.flush()
    assert other_process.stdout.readline().strip() == "saved"
    mine = Ledger.open(ledger_path)
    customer(mine, "丙")
    mine.close()
    assert names(ledger_path) == sorted([*before, "乙", "丙"])
    assert not list((home() / "backups").glob("*before-restore*"))


def test_a_window_restores_after_closing_its_own_ledger(ledger: Any, ledger_path: Path) -> None:
    customer(ledger, "甲")
    saved = backup.backup_to(ledger_path, backup.default_backup_path(ledger_path))
    customer(ledger, "乙")
    with pytest.raises(LedgerFileError, match="其他程序"):
        backup.restore(saved, ledger_path)  # its own connection counts too
    ledger.close()
    kept = backup.restore(saved, ledger_path)
    assert kept is not None and names(kept) == ["乙", "甲"]
    assert names(ledger_path) == ["甲"]
    assert not Path(str(ledger_path) + ".restoring").exists()


def test_a_backup_from_a_newer_version_is_refused_before_anything_changes(
    capsys: Any, ledger_path: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.zhangfang"
    backup.backup_to(ledger_path, newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(ledger_path)
    code, _, err = run(capsys, "restore", str(newer), "--ledger", str(ledger_path))
    assert code == 2 and "更新版本" in err and "未改动" in err
    assert digest(ledger_path) == before
    assert not list((home() / "backups").glob("*before-restore*"))
    Ledger.open(ledger_path).close()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    before = digest(other)
    with pytest.raises(LedgerFileError, match="不是账房账本"):
        Ledger.open(other)
    assert digest(other) == before  # it was switched to WAL mode
    assert sorted(p.name for p in tmp_path.glob("other*")) == ["other.sqlite"]


def test_a_file_claiming_an_old_schema_is_refused_untouched_every_time(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zhangfang"
    with closing(sqlite3.connect(fake)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        for table in ("party", "document", "firm"):
            conn.execute(f"CREATE TABLE {table} (id)")
        conn.execute("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY)")
    before = digest(fake)
    for _ in range(2):
        with pytest.raises(LedgerFileError) as refused:
            Ledger.open(fake)
        assert refused.value.code in ("not_a_ledger", "upgrade_failed")
        assert digest(fake) == before  # tables were added
    assert not list(home().glob("backups/*.zhangfang*"))  # a new backup on every attempt


@pytest.mark.parametrize("kind", ["text", "png", "folder", "truncated", "missing"])
def test_backup_of_what_is_not_a_ledger(
    capsys: Any, kind: str, ledger_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / f"source-{kind}.zhangfang"
    if kind == "text":
        source.write_text("单号,日期\nQ1,2024-03-01\n", encoding="utf-8")
    elif kind == "png":
        source.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)
    elif kind == "folder":
        source.mkdir()
    elif kind == "truncated":
        data = ledger_path.read_bytes()
        source.write_bytes(data[: len(data) // 3])
    out = tmp_path / "out"
    out.mkdir()
    for target in ([], [str(out)], [str(out / "copy.zhangfang")]):
        code, _, err = run(capsys, "backup", "--ledger", str(source), *target)
        assert code == 2, err
        assert str(source) in err and len(err.strip().splitlines()) == 1
        assert "内部错误" not in err
    assert list(out.iterdir()) == []
    assert list(home().glob("backups/*")) == []


def test_files_are_the_users_alone(capsys: Any, tmp_path: Path) -> None:
    os.umask(0o022)  # a usual default: what the app makes must not depend on it
    path = tmp_path / "books" / "ledger.zhangfang"
    assert run(capsys, "init", "--firm", "甲商行", "--ledger", str(path))[0] == 0
    ledger = Ledger.open(path)
    customer(ledger, "乙")
    wal = Path(str(path) + "-wal")
    assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    ledger.close()
    code, _, _ = run(capsys, "backup", "--ledger", str(path), "--json")
    assert code == 0
    code, _, _ = run(capsys, "export", "customers", str(tmp_path / "c.csv"), "--ledger", str(path))
    assert code == 0
    from desktop.paths import log_file

    made = [
        path,
        *home().glob("backups/*.zhangfang"),
        tmp_path / "c.csv",
        log_file(),
    ]
    assert len(made) == 4
    assert {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in made} == {
        str(p): "0o600" for p in made
    }
    folders = [home(), home() / "backups", home() / "logs", path.parent]
    assert {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {
        str(p): "0o700" for p in folders
    }


def test_files_made_by_the_core_are_private_whatever_the_umask(
    ledger_path: Path, tmp_path: Path
) -> None:
    os.umask(0o022)
    made = Ledger.open(tmp_path / "new.zhangfang", create=True)
    made.close()
    copy = backup.backup_to(ledger_path, backup.default_backup_path(ledger_path))
    labelled = backup.labelled_backup(ledger_path, "before-import")
    for path in (tmp_path / "new.zhangfang", copy, labelled):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


class _FullDisk:
    """``sqlite3`` as the backup module sees it, on a disk that fills up at the copy."""

    def __init__(self) -> None:
        self.real = sqlite3

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        return _Conn(self.real.connect(*args, **kwargs))


class _Conn:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)

    def __enter__(self) -> _Conn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.__exit__(*exc)

    def backup(self, target: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_is_said_plainly_and_leaves_nothing(
    capsys: Any, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = backup.backup_to(ledger_path, tmp_path / "saved.zhangfang")
    before = digest(ledger_path)
    monkeypatch.setattr(backup, "sqlite3", _FullDisk())
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, "backup", "--ledger", str(ledger_path), str(out))
    assert code == 2 and "磁盘已满" in err and str(out) in err
    assert list(out.iterdir()) == []
    code, _, err = run(capsys, "restore", str(saved), "--ledger", str(ledger_path))
    assert code == 2 and "磁盘已满" in err
    assert digest(ledger_path) == before
    left = [p.name for p in [*tmp_path.iterdir(), *home().glob("backups/*")]]
    assert not [n for n in left if n.endswith((".part", ".restoring", "-journal"))], left
    assert not [p for p in home().glob("backups/*") if p.stat().st_size == 0]


def test_a_full_disk_while_saving_is_said_plainly(
    capsys: Any, ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.services import checks

    def full(*args: Any) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(checks, "run_checks", full)  # the command imports it when it runs
    code, _, err = run(capsys, "check", "--ledger", str(ledger_path))
    assert code == 1 and "磁盘已满" in err and str(ledger_path.parent) in err
    assert "内部错误" not in err


def test_what_a_killed_program_left_is_cleaned_up_on_the_next_open(
    ledger_path: Path, tmp_path: Path
) -> None:
    folder = home() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = "20261206-120000-123"
    orphans = [
        folder / f"ledger-{stamp}-before-import.zhangfang.part",
        folder / f"ledger-{stamp}-before-import.zhangfang.part-journal",
        folder / f"ledger-{stamp}.zhangfang",  # a name reserved, never filled
        tmp_path / "ledger.zhangfang.restoring",
    ]
    for path in orphans:
        path.write_bytes(b"")
    others = [folder / f"other-{stamp}.zhangfang.part", folder / f"ledger-{stamp}-x.zhangfang"]
    others[0].write_bytes(b"")
    others[1].write_bytes(b"kept")
    first = Ledger.open(ledger_path)
    second = Ledger.open(ledger_path)  # another program's open: nothing to clean, nothing lost
    second.close()
    first.close()
    assert [p for p in orphans if p.exists()] == []
    assert all(p.exists() for p in others)


def test_orphans_are_left_alone_while_the_ledger_is_open_elsewhere(
    ledger: Any, ledger_path: Path
) -> None:
    part = home() / "backups" / "ledger-20261206-120000-123.zhangfang.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"")  # perhaps being written by the program that has it open
    Ledger.open(ledger_path).close()
    assert part.exists()


def test_backups_before_risky_steps_are_rotated(ledger_path: Path) -> None:
    for _ in range(backup.KEEP_LABELLED + 3):
        backup.labelled_backup(ledger_path, "before-import")
        backup.labelled_backup(ledger_path, "before-undo-import")
    for revision in ("0001", "0004"):
        for _ in range(backup.KEEP_LABELLED):
            backup.backup_before_upgrade(ledger_path, revision)
    folder = home() / "backups"
    assert len(list(folder.glob("*-before-import.zhangfang"))) == backup.KEEP_LABELLED
    assert len(list(folder.glob("*-before-undo-import.zhangfang"))) == backup.KEEP_LABELLED
    upgrades = sorted(p.name for p in folder.glob("*-before-upgrade-from-*.zhangfang"))
    assert len(upgrades) == backup.KEEP_LABELLED
    assert all(name.endswith("-0004.zhangfang") for name in upgrades)


def test_a_disk_full_error_is_recognised_through_its_wrappers() -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.errors import is_disk_full

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(
        OperationalError("x", {}, sqlite3.OperationalError("database or disk is full"))
    )
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(ValueError("disk"))


def test_two_programs_opening_an_old_ledger_at_once_both_work(tmp_path: Path) -> None:
    """Each finds the upgrade needed; one does it, the other waits and opens the result."""
    path = tmp_path / "old.zhangfang"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "ledger-0001.zhangfang", path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "desktop.cli.main", "check", "--ledger", str(path)]
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    results = []
    try:  # read while waiting (a full pipe would stop the child), and leave none running
        for p in procs:
            err = p.communicate(timeout=120)[1]
            results.append((p.returncode, err))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    assert results == [(0, ""), (0, "")]
    assert len(list(home().glob("backups/*before-upgrade*"))) == 1


def test_a_ledger_from_a_newer_version_can_still_be_backed_up(
    capsys: Any, ledger_path: Path, tmp_path: Path
) -> None:
    with closing(sqlite3.connect(ledger_path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = run(capsys, "backup", "--ledger", str(ledger_path), str(tmp_path))
    assert code == 0, err
    assert len(list(tmp_path.glob("ledger-*.zhangfang"))) == 1


def test_stale_parts_of_automatic_backups_are_removed(ledger_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    stale = folder / "ledger-auto-20261201-000000-000.zhangfang.part"
    fresh = folder / "ledger-auto-20261206-000000-000.zhangfang.part"  # being written now
    for part in (stale, fresh):
        part.write_bytes(b"x")
    old = stale.stat().st_mtime - backup.STALE_PART_SECONDS - 60
    os.utime(stale, (old, old))
    backup.auto_backup(ledger_path, folder, keep=3)
    assert not stale.exists() and fresh.exists()


def test_a_restored_ledger_that_will_not_open_names_the_kept_copy(
    capsys: Any, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = backup.backup_to(ledger_path, tmp_path / "saved.zhangfang")

    def refuse(*_args: Any, **_kwargs: Any) -> Ledger:
        raise LedgerFileError(
            "upgrade_failed", "账本升级没有完成。", "The upgrade did not complete."
        )

    monkeypatch.setattr(Ledger, "open", refuse)
    code, _, err = run(capsys, "restore", str(saved), "--ledger", str(ledger_path))
    (kept,) = home().glob("backups/*-before-restore.zhangfang")
    assert code == 2 and str(kept) in err and len(err.strip().splitlines()) == 1
