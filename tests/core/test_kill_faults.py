"""``kill -9`` at random points of an import, a save loop, a backup, a restore, an undo and
a schema upgrade (issue 13): after every kill the ledger opens, ``zhangfang check``
passes, and nothing committed is lost. Each command runs as a real ``zhangfang`` process
(its own process group, so the import's reader dies with it) killed after a random delay
from the moment its operation starts (see ``Timing``); the seed is printed so a failure
can be re-run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from desktop.importing.plan import run_import
from desktop.services import backup
from desktop.services.checks import run_checks
from desktop.services.ledger import Ledger
from desktop.services.parties import create_party
from tests.helpers import draw_seed

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = draw_seed("ZHANGFANG_KILL_SEED")

SAVE_LOOP = textwrap.dedent(
    """
    import sys
    from desktop.services.ledger import Ledger
    from desktop.services.parties import create_party
    ledger = Ledger.open(sys.argv[1], actor="loop")
    for step in range(10_000):
        name = f"{sys.argv[2]}-{step}"
        with ledger.unit() as uow:
            create_party(uow, name=name)
        print(name, flush=True)
    """
)


def zhangfang(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop.cli.main", *args]


def spawn(argv: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZHANGFANG_LANG": "en"}
    return subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def kill_after(argv: list[str], delay: float) -> tuple[bool, str]:
    """Run ``argv``, ``kill -9`` it (and its children) after ``delay`` seconds. Returns
    whether it was killed (False: it ended first) and what it printed."""
    proc = spawn(argv)
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        killed = True
    out, err = proc.communicate(timeout=120)
    if not killed:
        assert proc.returncode == 0, err
    return killed, out


class Timing:
    """When to kill a command: a random moment of the operation itself, not of the start-up
    (imports take most of a short command's life). The operation starts when its first
    file appears (``started``); its length is learnt from each run that ends unkilled, so
    the delays follow the machine's load."""

    def __init__(self, started: Callable[[], bool], rng: random.Random) -> None:
        self.started = started
        self.rng = rng
        self.length = 1.0

    def run(self, argv: list[str]) -> tuple[bool, str]:
        proc = spawn(argv)
        begun: float | None = None
        deadline = 0.0
        while proc.poll() is None:
            now = time.monotonic()
            if begun is None and self.started():
                begun = now
                deadline = now + self.rng.uniform(0, self.length)
            if begun is not None and now >= deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _err = proc.communicate(timeout=120)
                return True, out
            time.sleep(0.002)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        if begun is not None:
            self.length = max(0.02, time.monotonic() - begun)
        return False, out


def appeared(folder: Path, pattern: str) -> Callable[[], bool]:
    return lambda: any(folder.glob(pattern))


def pad(ledger: Path, megabytes: int) -> None:
    """Make the file big enough that copying it takes a while (a desk setting nobody reads)."""
    with closing(sqlite3.connect(ledger)) as conn, conn:
        conn.execute(
            "INSERT INTO local_setting (key, value) VALUES ('test.padding', ?)",
            ("x" * (megabytes * 1024 * 1024),),
        )


def duration(argv: list[str]) -> float:
    """How long ``argv`` runs when nobody kills it (chooses the delays; never asserted)."""
    start = time.monotonic()
    proc = spawn(argv)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return time.monotonic() - start


@pytest.fixture(scope="module")
def start_up() -> float:
    """How long ``zhangfang`` takes to start (imports): kills land after it."""
    return duration(zhangfang("--help"))


@pytest.fixture
def rng() -> random.Random:
    print(f"kill-fault seed {SEED} (ZHANGFANG_KILL_SEED={SEED} to repeat)")
    return random.Random(SEED)


def backups_folder() -> Path:
    return Path(os.environ["ZHANGFANG_HOME"]) / "backups"


def assert_sound(ledger: Path) -> None:
    """The ledger opens, passes ``zhangfang check`` (the same checks, in this process) and
    its opening removed what the killed program left half-written."""
    opened = Ledger.open(ledger)
    try:
        with opened.read() as session:
            problems = run_checks(session)
    finally:
        opened.close()
    assert problems == [], f"seed {SEED}: {[p.en for p in problems]}"
    leftovers = [
        p.name
        for p in [*ledger.parent.iterdir(), *backups_folder().glob("*")]
        if p.name.endswith((".part", ".part-journal", ".restoring"))
    ]
    assert leftovers == [], f"seed {SEED}"


def run_kills(
    kills: int,
    ledger: Path,
    argv: Callable[[int], list[str]],
    runner: Callable[[list[str]], tuple[bool, str]],
    after: Callable[[int, bool, str], None],
    before: Callable[[int], None] | None = None,
) -> None:
    """``kills`` runs of ``argv(n)`` killed by ``runner`` (a run that ends first is checked
    too and does not count), the ledger checked after each."""
    done = 0
    for attempt in range(kills * 4):
        if done >= kills:
            break
        if before:
            before(attempt)
        killed, out = runner(argv(attempt))
        done += killed
        assert_sound(ledger)
        after(attempt, killed, out)
    assert done >= kills, f"only {done} of {kills} runs were killed (seed {SEED})"


def names(path: Path, prefix: str = "") -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        query = "SELECT name FROM party WHERE name LIKE ?"
        return {r[0] for r in conn.execute(query, (prefix + "%",))}


def big_old_ledger(path: Path, products: int) -> None:
    """The 0004 fixture with many stock positions: its upgrade to 0005 rewrites each."""
    shutil.copyfile(FIXTURES / "ledger-0004.zhangfang", path)
    with closing(sqlite3.connect(path)) as conn, conn:
        (template,) = conn.execute("SELECT id FROM product").fetchone()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(product)")]
        new = {"id": "?", "code": "?", "name": "?"}
        picked = ", ".join(new.get(c, f'"{c}"') for c in columns)
        order = [c for c in columns if c in new]
        ids = [f"{n:032x}" for n in range(1, products + 1)]
        values = {"id": ids, "code": [f"K{n:06d}" for n in range(1, products + 1)]}
        values["name"] = [f"商品{n}" for n in range(1, products + 1)]
        conn.executemany(
            f"INSERT INTO product ({', '.join(columns)}) SELECT {picked} FROM product "
            f"WHERE id = '{template}'",
            list(zip(*(values[c] for c in order), strict=True)),
        )
        conn.executemany(
            "INSERT INTO stock_balance (product_id, qty, value) VALUES (?, 0, 0)",
            [(i,) for i in ids],
        )


#: kills per operation: 105 in all
SAVE_KILLS, IMPORT_KILLS, BACKUP_KILLS, UNDO_KILLS, RESTORE_KILLS, UPGRADE_KILLS = (
    25,
    20,
    15,
    15,
    15,
    15,
)
#: kills of a sales history import, whose lines go in before their bills (besides the 105)
HISTORY_KILLS = 8
#: megabytes added to the ledgers that are copied whole (backup, restore, the backups an
#: import and an undo make first): copying them takes long enough to be killed in
PADDING_MB = 8


def test_a_save_loop_keeps_every_step_it_reported(
    ledger_path: Path, start_up: float, rng: random.Random
) -> None:
    """Each step printed (committed) is in the ledger afterwards. The loop never ends, so
    each run is killed after start-up plus up to 0.6 s of saving."""

    def saved(attempt: int, _killed: bool, out: str) -> None:
        assert set(out.split()) <= names(ledger_path, f"S{attempt}-"), f"seed {SEED}"

    run_kills(
        SAVE_KILLS,
        ledger_path,
        lambda n: [sys.executable, "-c", SAVE_LOOP, str(ledger_path), f"S{n}"],
        lambda argv: kill_after(argv, rng.uniform(start_up, start_up + 0.6)),
        saved,
    )


def test_an_import_is_all_or_nothing(ledger_path: Path, tmp_path: Path, rng: random.Random) -> None:
    rows = 200
    pad(ledger_path, PADDING_MB)

    def sheet(n: int) -> list[str]:
        file = tmp_path / f"customers-{n}.csv"
        lines = ["客户名称,电话"] + [f"I{n}-{i},1380000{i:04d}" for i in range(rows)]
        file.write_text("\n".join(lines) + "\n", "utf-8")
        return zhangfang("import", str(file), "--kind", "customer", "--ledger", str(ledger_path))

    def imported(attempt: int, killed: bool, _out: str) -> None:
        count = len(names(ledger_path, f"I{attempt}-"))
        assert count in ((0, rows) if killed else (rows,)), f"seed {SEED}: {count}"

    timing = Timing(appeared(backups_folder(), "*-before-import.zhangfang.part"), rng)
    run_kills(IMPORT_KILLS, ledger_path, sheet, timing.run, imported)


def test_a_sales_history_is_all_or_nothing(
    ledger_path: Path, tmp_path: Path, rng: random.Random
) -> None:
    """A sales log's lines go into the ledger while the file is still read, before their
    bills, with foreign keys off in that unit (``history_stream_early``): a kill anywhere
    leaves all of the bills with their lines, or none of them and no line."""
    bills, per_bill = 2500, 8
    wal = Path(f"{ledger_path}-wal")
    base: list[int | None] = [None]

    def writing() -> bool:
        """The import has begun writing: the write-ahead log grows (the lines spill)."""
        size = wal.stat().st_size if wal.exists() else 0
        if base[0] is None:
            base[0] = size
        return size > base[0] + 256 * 1024

    def log(n: int) -> list[str]:
        base[0] = None
        file = tmp_path / f"sales-{n}.csv"
        lines = ["单号,日期,客户,商品编码,商品名称,数量,单价"]
        lines += [
            f"H{n}-{b},2024-03-{1 + b % 28:02d},客户{b % 40},P{i},商品{i},{1 + i},2.5"
            for b in range(bills)
            for i in range(per_bill)
        ]
        file.write_text("\n".join(lines) + "\n", "utf-8")
        return zhangfang("import", str(file), "--kind", "sales_history", "--create-missing",
                         "--ledger", str(ledger_path))  # fmt: skip

    def imported(attempt: int, killed: bool, _out: str) -> None:
        with closing(sqlite3.connect(ledger_path)) as conn:
            made = conn.execute(
                "SELECT count(*) FROM document WHERE reference LIKE ?", (f"H{attempt}-%",)
            ).fetchone()[0]
            lines = conn.execute(
                "SELECT count(*) FROM document_line l JOIN document d ON d.id = l.document_id "
                "WHERE d.reference LIKE ?",
                (f"H{attempt}-%",),
            ).fetchone()[0]
            dangling = conn.execute("PRAGMA foreign_key_check(document_line)").fetchall()
        assert dangling == [], f"seed {SEED}"
        expected = ((0, 0), (bills, bills * per_bill)) if killed else ((bills, bills * per_bill),)
        assert (made, lines) in expected, f"seed {SEED}: {made} bills, {lines} lines"

    # from the first lines written: they go in long before the backup is made
    timing = Timing(writing, rng)
    run_kills(HISTORY_KILLS, ledger_path, log, timing.run, imported)


def test_a_backup_is_whole_or_absent(ledger_path: Path, rng: random.Random) -> None:
    pad(ledger_path, PADDING_MB)

    def backed_up(_attempt: int, _killed: bool, _out: str) -> None:
        for copy in backups_folder().glob("*.zhangfang"):
            assert copy.stat().st_size, f"seed {SEED}: an empty backup {copy}"
            backup.verify(copy)

    command = zhangfang("backup", "--ledger", str(ledger_path))
    timing = Timing(appeared(backups_folder(), "*.zhangfang.part"), rng)
    run_kills(BACKUP_KILLS, ledger_path, lambda _n: command, timing.run, backed_up)


def test_an_undo_is_all_or_nothing(ledger_path: Path, tmp_path: Path, rng: random.Random) -> None:
    pad(ledger_path, PADDING_MB)
    state = {"batch": "", "prefix": ""}

    def import_to_undo(n: int) -> None:
        if state["batch"]:
            return  # the last undo was killed before it committed: undo that one again
        file = tmp_path / f"undo-{n}.csv"
        file.write_text("客户名称\n" + "".join(f"U{n}-{i}\n" for i in range(50)), "utf-8")
        opened = Ledger.open(ledger_path)
        try:
            report = run_import(opened, file, kind="customer", backup=False)
        finally:
            opened.close()
        state["batch"], state["prefix"] = str(report.batch_id)[:13], f"U{n}-"

    def command(_n: int) -> list[str]:
        return zhangfang("import", "--undo", state["batch"], "--ledger", str(ledger_path))

    def undone(_attempt: int, _killed: bool, _out: str) -> None:
        count = len(names(ledger_path, state["prefix"]))
        assert count in (0, 50), f"seed {SEED}: {count}"
        if count == 0:
            state["batch"] = ""

    timing = Timing(appeared(backups_folder(), "*-before-undo-import.zhangfang.part"), rng)
    run_kills(UNDO_KILLS, ledger_path, command, timing.run, undone, import_to_undo)


def test_a_restore_leaves_the_old_books_or_the_new_with_the_old_kept(
    ledger_path: Path, tmp_path: Path, rng: random.Random
) -> None:
    pad(ledger_path, PADDING_MB)
    saved = backup.backup_to(ledger_path, tmp_path / "saved.zhangfang")
    restored = names(saved)
    old: dict[str, set[str]] = {}

    def change_the_books(n: int) -> None:
        opened = Ledger.open(ledger_path)
        try:
            with opened.unit() as uow:
                create_party(uow, name=f"R{n}")
        finally:
            opened.close()
        old["names"] = names(ledger_path)

    def checked(_attempt: int, _killed: bool, _out: str) -> None:
        now = names(ledger_path)
        assert now in (old["names"], restored), f"seed {SEED}"
        if now == restored:
            kept = [names(p) for p in backups_folder().glob("*-before-restore.zhangfang")]
            assert old["names"] in kept, f"seed {SEED}: the replaced books were lost"

    command = zhangfang("restore", str(saved), "--ledger", str(ledger_path))
    timing = Timing(appeared(tmp_path, "ledger.zhangfang.restoring"), rng)
    run_kills(RESTORE_KILLS, ledger_path, lambda _n: command, timing.run, checked, change_the_books)


def test_a_schema_upgrade_leaves_the_old_ledger_or_the_new(
    tmp_path: Path, rng: random.Random
) -> None:
    old = tmp_path / "old.zhangfang"
    big_old_ledger(old, 3000)
    upgraded = tmp_path / "upgraded.zhangfang"
    command = zhangfang("check", "--ledger", str(upgraded))

    def fresh(_n: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(upgraded) + suffix).unlink(missing_ok=True)
        shutil.copyfile(old, upgraded)

    def whole(_attempt: int, _killed: bool, _out: str) -> None:
        with closing(sqlite3.connect(upgraded)) as conn:
            assert conn.execute("SELECT count(*) FROM product").fetchone()[0] == 3001

    timing = Timing(appeared(backups_folder(), "upgraded-*-before-upgrade-*.part"), rng)
    run_kills(UPGRADE_KILLS, upgraded, lambda _n: command, timing.run, whole, fresh)


def test_at_least_a_hundred_kills() -> None:
    kills = (SAVE_KILLS, IMPORT_KILLS, BACKUP_KILLS, UNDO_KILLS, RESTORE_KILLS, UPGRADE_KILLS)
    assert sum(kills) >= 100
