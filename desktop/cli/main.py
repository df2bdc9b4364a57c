"""``zhangfang``: the command line. Exit 0 on success, 1 when the work ran but found or
rejected something, 2 on bad usage or unreadable input; always one plain line, never a
traceback (unexpected errors go to the log file, whose path is printed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

from desktop import __version__
from desktop.errors import DomainError, LedgerFileError, disk_full, file_problem, is_disk_full

Handler = Callable[[argparse.Namespace], int]


def command_groups() -> list[ModuleType]:
    """The command groups; each adds its subcommands: register(subparsers, common_parent,
    parse_date). Imported here, not at the top: the import's reader process loads this
    module again (multiprocessing's spawn does) and needs none of them."""
    from desktop.cli import (
        excel_cmds,
        firm_cmds,
        layout_cmds,
        ledger_cmds,
        market_cmds,
        people_cmds,
        print_cmds,
        report_cmds,
        statement_cmds,
        sync_cmds,
    )

    return [
        ledger_cmds,
        firm_cmds,
        people_cmds,
        print_cmds,
        statement_cmds,
        layout_cmds,
        excel_cmds,
        report_cmds,
        sync_cmds,
        market_cmds,
    ]


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def build_parser(groups: bool | Sequence[ModuleType] = True) -> argparse.ArgumentParser:
    """The whole command line; without ``groups``, only ``app`` (the window's start: the
    other commands' modules are not imported for it); with a list, those groups and ``app``
    (``print``: one document printed in under a second, issue 18)."""
    common = _Parser(add_help=False)
    common.add_argument("--ledger", type=Path, help="ledger file (default: the user's ledger)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument(
        "--as",
        dest="as_person",
        metavar="NAME",
        help="work as this person of the firm: their name goes on what the command makes "
        "(ZHANGFANG_PASSWORD or a prompt when they have a password)",
    )
    parser = _Parser(prog="zhangfang", description="账房 Zhangfang ledger", parents=[common])
    parser.add_argument("--version", action="version", version=f"zhangfang {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    chosen = command_groups() if groups is True else list(groups or [])
    for group in chosen:
        group.register(sub, common, parse_date)

    p = sub.add_parser("app", parents=[common], help="open the window")
    p.add_argument("file", nargs="?", type=Path, help="a ledger file to open (as --ledger)")
    p.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    p.add_argument("--screenshot", type=Path, metavar="PNG", help=argparse.SUPPRESS)
    p.set_defaults(handler=_app)
    return parser


def _app(args: argparse.Namespace) -> int:
    try:
        from desktop.app import main as app_main
    except ImportError as exc:
        raise UsageError(
            f"the window needs PySide6 ({exc}); run the README's first command"
        ) from exc
    # the window's own parser takes argv as sys.argv has it: the program's name first
    ledger = args.file or args.ledger
    argv = [sys.argv[0] or "zhangfang", *(["--ledger", str(ledger)] if ledger else [])]
    if args.quit_after is not None:  # smoke tests of the installed program
        argv += ["--quit-after", str(args.quit_after)]
        if args.screenshot:
            argv += ["--screenshot", str(args.screenshot)]
    return int(app_main(argv))


def main(argv: Sequence[str] | None = None) -> int:
    # a packaged app starts the import's reader process from its own executable (elsewhere
    # freeze_support does nothing, and multiprocessing loads with the import: not at the start)
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    from desktop.cli.output import language

    os.umask(0o077)  # the books, backups, exports and logs are the user's alone
    given = list(sys.argv[1:] if argv is None else argv)
    _read_ahead(given)
    parser = build_parser(_groups_for(given))
    lang = language()
    # --json asks for JSON whatever happens: errors too (as {"error": {code, message}})
    wants_json = "--json" in (sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["app", *(argv or sys.argv[1:])])
        handler: Handler = args.handler
        return handler(args)
    except UsageError as exc:
        return _failed("usage", f"zhangfang: {exc}", 2, wants_json)
    except LedgerFileError as exc:
        return _failed(exc.code, exc.message(lang), 2, wants_json)
    except DomainError as exc:
        return _failed(exc.code, exc.message(lang), 1, wants_json)
    except BrokenPipeError:
        # the reader went away (``zhangfang balance | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("已取消。" if lang == "zh" else "Cancelled.", file=sys.stderr)
        return 1
    except Exception as exc:
        if is_disk_full(exc):
            return _failed(
                "disk_full", disk_full(_ledger_folder(argv)).message(lang), 1, wants_json
            )
        if isinstance(exc, OSError):  # a folder for a file, no permission, no such place
            problem = file_problem(exc)
            return _failed(problem.code, problem.message(lang), 2, wants_json)
        log = _log_unexpected(exc)
        text = ("内部错误，详情已写入 " if lang == "zh" else "Internal error; details in ") + str(
            log
        )
        return _failed("internal", text, 1, wants_json)


#: the ``import`` options followed by a value (``--kind X``), as ``excel_cmds`` and the
#: common options define them
_IMPORT_VALUES = frozenset(
    {
        *("--ledger", "--as", "--kind", "--sheet", "--errors", "--rows-file", "--undo"),
        *("--map", "--date", "--date-order", "--flow", "--direction", "--reason"),
    }
)
#: the kinds streamed by a reader process (``plan.STREAMED_KINDS``), as typed
_STREAMED = ("sales_history", "purchase_history")


def _groups_for(argv: Sequence[str]) -> bool | list[ModuleType]:
    """The command groups a command line needs: none for the window, ``print_cmds`` alone
    for ``print`` (the others' modules cost ~0.15 s to load), else all (``--help``, or an
    option before the command)."""
    if argv[:1] in ([], ["app"]):
        return False
    if argv[0] == "print":
        from desktop.cli import print_cmds

        return [print_cmds]
    return True


def _read_ahead(argv: Sequence[str]) -> None:
    """``zhangfang import FILE`` of a big sales or purchase history (or a file of no kind
    given): start its reader process now, beside this process's own start-up (see
    ``desktop.read_ahead``). A guess from the raw arguments; anything unusual (a sheet
    named, an option spelled short) just starts no reader early."""
    if not argv or argv[0] != "import":
        return
    file: str | None = None
    args = iter(argv[1:])
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in ("--sheet", "--undo", "--list"):
            return
        if name == "--kind":
            kind = arg.split("=", 1)[1] if "=" in arg else next(args, "")
            if kind not in _STREAMED:
                return
        elif name in _IMPORT_VALUES:
            if "=" not in arg:
                next(args, None)
        elif not arg.startswith("-") and file is None:
            file = arg
    if file is not None:
        from desktop import read_ahead

        read_ahead.start(Path(file))


def _failed(code: str, message: str, status: int, wants_json: bool) -> int:
    """Say why the command failed: one line on stderr, and as JSON on stdout with --json."""
    from desktop.cli.output import emit_json

    print(message, file=sys.stderr)
    if wants_json:
        emit_json({"error": {"code": code, "message": message}})
    return status


def _ledger_folder(argv: Sequence[str] | None) -> Path:
    """Where a full disk stopped the command: the ledger's folder."""
    from desktop.paths import default_ledger_path

    try:
        args, _rest = build_parser().parse_known_args(argv)
        ledger = args.ledger
    except UsageError:
        ledger = None
    return (ledger or default_ledger_path()).resolve().parent


def _log_unexpected(exc: BaseException) -> Path:
    from desktop.paths import log_file

    path = log_file()
    logging.basicConfig(filename=path, level=logging.INFO, force=True)
    logging.getLogger("zhangfang").error("unexpected error", exc_info=exc)
    return path


if __name__ == "__main__":
    sys.exit(main())
