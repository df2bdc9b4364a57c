"""The hostile-file corpus (``hostile_files``) through the user's entry points: each file is
refused with one plain line or read, by ``zhangfang import --dry-run`` (a subprocess, so a
crash shows as a dead process, not a dead test run) and by the wizard's reading path in
this process, which must survive every file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import desktop
from desktop.importing import wizard
from desktop.importing.errors import ImportFileError
from desktop.importing.isolated import read_in_reader
from tests.core.importing.hostile_files import (
    CORPUS,
    HEAD_ROWS,
    Hostile,
    build_corpus,
    ods_file,
    sheet_xml,
    xlsx_package,
)

#: The command line under an address-space cap: a guard that fails shows as a crash (or a
#: refusal) in seconds instead of a machine swapping. Reader processes inherit the cap.
_CAPPED_CLI = (
    "import resource, sys\n"
    "cap = 4 * 1024 ** 3\n"
    "resource.setrlimit(resource.RLIMIT_AS, (cap, cap))\n"
    "from desktop.cli.main import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


_CLI = (sys.executable, "-c", _CAPPED_CLI)
_ROOT = Path(desktop.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Hostile, Path]]:
    return build_corpus(tmp_path_factory.mktemp("hostile"))


def assert_plain(text: str) -> None:
    """One plain line: no traceback, no "Internal error", no Rust panic."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text[:2000]
    assert "Traceback" not in text and "panicked" not in text
    assert "内部错误" not in text and "Internal error" not in text


def zhangfang_import(path: Path, ledger: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *_CLI,
            "import",
            str(path),
            "--kind",
            "customer",
            "--dry-run",
            "--ledger",
            str(ledger),
            *more,
        ],
        capture_output=True,
        text=True,
        cwd=_ROOT,  # the desktop package under test, whatever pytest's folder
        timeout=300,
        check=False,
    )


def cli_problem(entry: Hostile, result: subprocess.CompletedProcess[str]) -> str | None:
    """What is wrong with the command line's answer to ``entry`` (None: nothing)."""
    if result.returncode < 0:
        return f"killed by signal {-result.returncode}: {result.stderr[-1500:]}"
    if "Traceback" in result.stdout + result.stderr:
        return f"traceback: {result.stderr[-1500:]}"
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        return f"exit {result.returncode}, not JSON: {result.stdout[-500:]} {result.stderr[-1500:]}"
    if entry.expect == "read":
        counts = answer.get("counts", {})
        if result.returncode != 0 or not counts.get("new") or counts.get("error"):
            return f"not read: exit {result.returncode}, {answer}"
        return None
    if result.returncode != 2 or answer.get("ok") is not False:
        return f"not refused: exit {result.returncode}, {str(answer)[:500]}"
    if entry.codes and answer["code"] not in entry.codes:
        return f"refused as {answer['code']}, expected {entry.codes}: {answer['message']}"
    try:
        assert_plain(answer["message"])
    except AssertionError:
        return f"message not plain: {answer['message']!r}"
    return None


@pytest.mark.slow
def test_the_command_line_refuses_or_reads_every_file(
    corpus: dict[str, tuple[Hostile, Path]], ledger_path: Path, tmp_path: Path
) -> None:
    """``zhangfang import FILE --dry-run --json`` for every file, three at a time (each on
    its own copy of the ledger): every answer is checked, then every problem is listed."""

    def run(entry: Hostile) -> subprocess.CompletedProcess[str]:
        ledger = tmp_path / f"{entry.name}.zhangfang"
        shutil.copyfile(ledger_path, ledger)
        return zhangfang_import(corpus[entry.name][1], ledger, "--json")

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, CORPUS))
    problems = [
        f"{entry.name}: {problem}"
        for entry, result in zip(CORPUS, results, strict=True)
        if (problem := cli_problem(entry, result)) is not None
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("entry", CORPUS, ids=[h.name for h in CORPUS])
def test_the_wizard_refuses_or_reads_in_this_process(
    entry: Hostile, corpus: dict[str, tuple[Hostile, Path]]
) -> None:
    _, path = corpus[entry.name]
    try:
        book = wizard.read(path)
        analysis = wizard.analyse(book, "customer")
    except ImportFileError as exc:
        assert entry.expect == "refused", exc.message("en")
        if entry.codes:
            assert exc.code in entry.codes, (exc.code, exc.message("en"))
        for lang in ("zh", "en"):
            assert_plain(exc.message(lang))
    else:
        assert entry.expect == "read", f"read {path.name}: {book.rows[:3]}"
        assert analysis.table.headers[:2] == ["客户编码", "客户名称"]
        assert analysis.table.rows


@pytest.mark.slow
def test_a_history_import_of_a_sheet_calamine_dies_on_is_a_plain_message(
    corpus: dict[str, tuple[Hostile, Path]], ledger_path: Path
) -> None:
    """The streamed path: the sheet goes to a reader process, which dies there."""
    _, path = corpus["xfd_unbound_prefix_single_quotes.xlsx"]
    how = ("--kind", "sales_history", "--dry-run", "--ledger", str(ledger_path))
    result = subprocess.run(
        [*_CLI, "import", str(path), *how],
        capture_output=True,
        text=True,
        cwd=_ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert_plain(result.stderr)
    assert "读取" in result.stderr


def test_an_ods_is_never_loaded_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """calamine does not have its extent checked for .ods/.xls/.xlsb: it reads them in a
    reader process only (the trap below is set in this process alone)."""
    from desktop.importing import reader

    def trap(_path: Path) -> None:
        raise AssertionError("calamine opened a workbook in the app's own process")

    monkeypatch.setattr(reader, "_open_calamine", trap)
    book = reader.read_workbook(ods_file(tmp_path / "客户.ods"))
    assert book.format == "ods" and book.rows == [["客户编码", "客户名称"], ["C001", "张三五金"]]


def test_a_sheet_too_big_to_parse_is_read_by_a_reader_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spelled oddly (single quotes) and past the parsed reading's bound (lowered here, in
    this process only): nothing vouches for it here, so a reader process reads it."""
    from desktop.importing import extent, reader

    path = xlsx_package(tmp_path / "客户.xlsx", sheet_xml(HEAD_ROWS.replace('"', "'")))
    monkeypatch.setattr(extent, "EXACT_SCAN_BYTES", 100)
    used: list[Path] = []

    def spy(path: Path, *args: object) -> object:
        used.append(path)
        return read_in_reader(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_in_reader", spy)
    book = reader.read_workbook(path)
    assert used == [path]
    assert book.rows == [["客户编码", "客户名称"], ["C001", "张三五金"], ["C002", "李四建材"]]
