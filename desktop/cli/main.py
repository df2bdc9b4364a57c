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

from desktop.cli import ledger_cmds
from desktop.cli.output import language
from desktop.errors import DomainError, LedgerFileError

Handler = Callable[[argparse.Namespace], int]


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


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--ledger", type=Path, help="ledger file (default: the user's ledger)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = _Parser(prog="zhangfang", description="账房 Zhangfang ledger", parents=[common])
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("init", parents=[common], help="create a ledger for a firm")
    p.add_argument("--firm", required=True, help="the firm's name")
    p.add_argument("--tax-id", default="")
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--bank", default="")
    p.add_argument("--account", default="")
    p.add_argument("--desk", default="A", help="this desk's code (A, B, ...)")
    p.set_defaults(handler=ledger_cmds.init)

    p = sub.add_parser("demo", parents=[common], help="create a realistic demo ledger")
    p.add_argument("--customers", type=int, default=60)
    p.add_argument("--products", type=int, default=300)
    p.add_argument("--months", type=int, default=12)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--replace", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=ledger_cmds.demo)

    p = sub.add_parser("check", parents=[common], help="check integrity and invariants")
    p.set_defaults(handler=ledger_cmds.check)

    p = sub.add_parser("balance", parents=[common], help="receivable/payable balances")
    p.add_argument("party", nargs="?", help="code or name of one party")
    p.add_argument("--as-of", type=parse_date, help="balance at the end of this date")
    p.add_argument("--payables", action="store_true", help="payables (AP) instead of AR")
    p.set_defaults(handler=ledger_cmds.balance)

    p = sub.add_parser("stock", parents=[common], help="stock on hand")
    p.add_argument("product", nargs="?", help="code, barcode or part of a name")
    p.add_argument("--as-of", type=parse_date)
    p.set_defaults(handler=ledger_cmds.stock)

    p = sub.add_parser("backup", parents=[common], help="back up the ledger")
    p.add_argument("out", nargs="?", type=Path)
    p.set_defaults(handler=ledger_cmds.backup)

    p = sub.add_parser("restore", parents=[common], help="restore the ledger from a backup")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=ledger_cmds.restore)

    p = sub.add_parser("app", parents=[common], help="open the window")
    p.set_defaults(handler=_app)
    return parser


def _app(args: argparse.Namespace) -> int:
    try:
        from desktop.app import main as app_main
    except ImportError as exc:
        raise UsageError(
            f"the window needs PySide6 ({exc}); run the README's first command"
        ) from exc
    argv = ["--ledger", str(args.ledger)] if args.ledger else []
    return int(app_main(argv))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    lang = language()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["app", *(argv or sys.argv[1:])])
        handler: Handler = args.handler
        return handler(args)
    except UsageError as exc:
        print(f"zhangfang: {exc}", file=sys.stderr)
        return 2
    except LedgerFileError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    except DomainError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (``zhangfang balance | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("已取消。" if lang == "zh" else "Cancelled.", file=sys.stderr)
        return 1
    except Exception as exc:
        log = _log_unexpected(exc)
        print(
            ("内部错误，详情已写入 " if lang == "zh" else "Internal error; details in ") + str(log),
            file=sys.stderr,
        )
        return 1


def _log_unexpected(exc: BaseException) -> Path:
    from desktop.paths import log_dir

    path = log_dir() / "zhangfang.log"
    logging.basicConfig(filename=path, level=logging.INFO, force=True)
    logging.getLogger("zhangfang").error("unexpected error", exc_info=exc)
    return path


if __name__ == "__main__":
    sys.exit(main())
