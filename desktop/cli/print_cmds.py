"""The print commands: a document, one statement, or statements for every customer.

    zhangfang print NUMBER --out FILE.pdf [--paper a4|a5|241x140|241x93] [--no-prices]
    zhangfang print statement PARTY --from DATE --to DATE --out FILE.pdf
    zhangfang print statements --from DATE --to DATE --out DIR
    zhangfang print labels PRODUCT... [--copies N] [--sheet a4-3x8 | --roll 40x30] [--price]
                           [--receipt NUMBER] --out FILE.pdf

Each prints with the saved layout of its kind and paper (``zhangfang layout``); --layout
NAME picks another saved one.

Printer offset and rows per page come from this desk's settings
(``print.offset.<paper>``, ``print.rows.<paper>``); --offset-x/--offset-y and
--rows override them for one run.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desktop.cli.ledger_cmds import ledger_path, open_ledger
from desktop.cli.output import emit_json, say
from desktop.codes import Account
from desktop.money import fmt_money

if TYPE_CHECKING:  # reportlab loads only when something is printed
    from desktop.printing import jobs

PAPER_CHOICES = ["a4", "a5", "241x140", "241x93"]


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Bad usage: the parser's own error, which main turns into exit code 2."""
    parser: argparse.ArgumentParser = args.print_parser
    parser.error(message)


def _dates(args: argparse.Namespace) -> tuple[date, date]:
    if args.date_from is None or args.date_to is None:
        _usage(args, "statements need --from DATE and --to DATE")
    if args.date_from > args.date_to:
        _usage(args, f"--from {args.date_from} is after --to {args.date_to}")
    return args.date_from, args.date_to


def _setup(ledger: Any, args: argparse.Namespace) -> jobs.PrinterSetup:
    from desktop.printing import jobs

    return jobs.printer_setup(
        ledger, jobs.paper_named(args.paper), args.offset_x, args.offset_y, args.rows
    )


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        print(f"注意：{w}", file=sys.stderr)


def print_cmd(args: argparse.Namespace) -> int:
    target: list[str] = args.target
    if target[0] == "labels":
        from desktop.cli.label_cmds import labels_cmd

        return labels_cmd(args, target[1:])
    if target[0] == "statements" and len(target) == 1:
        return _statements(args)
    if target[0] == "statement":
        if len(target) != 2:
            _usage(args, "usage: print statement PARTY --from DATE --to DATE --out FILE.pdf")
        return _statement(args, target[1])
    if len(target) != 1:
        _usage(args, "usage: zhangfang print NUMBER --out FILE.pdf")
    return _document(args, target[0])


def _document(args: argparse.Namespace, number: str) -> int:
    from desktop.printing import jobs

    out: Path = args.out
    if out.is_dir():
        _usage(args, f"--out must be a file, not the folder {out}")
    plain = None if getattr(args, "as_person", None) else _plain_print(args, number)
    if plain is not None:
        done, setup = plain
    else:
        ledger = open_ledger(args)
        try:
            setup = _setup(ledger, args)
            done = jobs.print_document(
                ledger,
                number,
                out,
                setup,
                prices=not args.no_prices,
                hidden=args.hide or (),
                layout=args.layout,
            )
        finally:
            ledger.close()
    _warn(done.warnings)
    if args.json:
        emit_json(
            {
                "number": done.number,
                "file": str(done.path),
                "pages": done.pages,
                "paper": setup.paper.key,
                "print_count": done.print_count,
                "reprint": done.reprint,
                "warnings": done.warnings,
            }
        )
    else:
        mark = f"，补打，第 {done.print_count} 次打印" if done.reprint else ""
        say(
            f"已打印 {done.number} 到 {done.path}（{done.pages} 页{mark}）",
            f"Printed {done.number} to {done.path} ({done.pages} page(s)"
            + (f", reprint #{done.print_count}" if done.reprint else "")
            + ")",
        )
    return 0


def _plain_print(
    args: argparse.Namespace, number: str
) -> tuple[jobs.DocumentPrint, jobs.PrinterSetup] | None:
    """One document printed without loading the ORM, when it can be (``plain_print``)."""
    from desktop.printing import jobs
    from desktop.printing.plain_print import print_plain

    return print_plain(
        ledger_path(args),
        number,
        args.out,
        jobs.paper_named(args.paper),
        (args.offset_x, args.offset_y),
        args.rows,
        prices=not args.no_prices,
        hidden=args.hide or (),
        layout=args.layout,
    )


def _statement(args: argparse.Namespace, party: str) -> int:
    from desktop.printing import jobs

    date_from, date_to = _dates(args)
    out: Path = args.out
    if out.is_dir():
        _usage(args, f"--out must be a file, not the folder {out}")
    ledger = open_ledger(args)
    try:
        setup = _setup(ledger, args)
        done = jobs.print_statement(
            ledger,
            party,
            date_from,
            date_to,
            out,
            setup,
            Account.AP if args.payables else None,
            layout=args.layout,
        )
    finally:
        ledger.close()
    _warn(done.warnings)
    sent = _record_sent(args, party, date_from, date_to)
    if args.json:
        emit_json(
            {
                **({"sent": sent} if sent else {}),
                "party": {"code": done.party_code, "name": done.party_name},
                "from": date_from,
                "to": date_to,
                "file": str(done.path),
                "pages": done.pages,
                "opening": done.opening,
                "closing": done.closing,
                "lines": done.lines,
            }
        )
    else:
        say(
            f"已打印 {done.party_name} 的对账单到 {done.path}（{done.pages} 页，"
            f"期初 {fmt_money(done.opening)}，期末 {fmt_money(done.closing)}）",
            f"Printed the statement of {done.party_name} to {done.path} ({done.pages} page(s), "
            f"opening {fmt_money(done.opening)}, closing {fmt_money(done.closing)})",
        )
        if sent:
            say(f"已登记为{sent['sent_on']}以{sent['via']}寄出，待客户确认",
                f"Recorded as sent on {sent['sent_on']} by {sent['via']}, waiting for "
                "the party to confirm")  # fmt: skip
    return 0


def _record_sent(args: argparse.Namespace, party: str, date_from: date, date_to: date
                 ) -> dict[str, Any] | None:  # fmt: skip
    """``--sent VIA``: the statement printed is noted as sent today (statement tracking)."""
    if not args.sent:
        return None
    from desktop.cli.statement_run import track_sent

    ledger = open_ledger(args)
    try:
        account = Account.AP if args.payables else Account.AR
        return track_sent(ledger, party, date_from, date_to, date.today(), args.sent, account)
    finally:
        ledger.close()


def _statements(args: argparse.Namespace) -> int:
    from desktop.printing import jobs

    date_from, date_to = _dates(args)
    out_dir: Path = args.out
    if out_dir.exists() and not out_dir.is_dir():
        _usage(args, f"--out must be a folder for statements: {out_dir}")
    show = not args.json and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show and total:
            print(f"\r对账单 {done}/{total}", end="", file=sys.stderr, flush=True)

    ledger = open_ledger(args)
    try:
        setup = _setup(ledger, args)
        result = jobs.print_statements(
            ledger,
            date_from,
            date_to,
            out_dir,
            setup,
            account=Account.AP if args.payables else Account.AR,
            progress=progress,
            layout=args.layout,
        )
    finally:
        ledger.close()
    if show:
        print(file=sys.stderr)
    if args.json:
        emit_json(
            {
                "from": date_from,
                "to": date_to,
                "count": result.count,
                "combined": str(result.combined) if result.combined else None,
                "combined_pages": result.combined_pages,
                "files": [
                    {
                        "code": f.party_code,
                        "name": f.party_name,
                        "file": str(f.path),
                        "pages": f.pages,
                        "opening": f.opening,
                        "closing": f.closing,
                    }
                    for f in result.files
                ],
            }
        )
    elif not result.count:
        say(
            f"{date_from} 至 {date_to} 没有需要对账的往来单位（无余额、无发生额）。",
            f"No party has a balance or activity from {date_from} to {date_to}.",
        )
    else:
        say(
            f"已打印 {result.count} 份对账单到 {out_dir}，汇总文件 {result.combined}"
            f"（共 {result.combined_pages} 页）",
            f"Printed {result.count} statements to {out_dir}; combined file {result.combined} "
            f"({result.combined_pages} pages)",
        )
    return 0


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``print``."""
    p = sub.add_parser(
        "print",
        parents=[common],
        help="print a document or statements to PDF",
        description="zhangfang print NUMBER --out FILE.pdf | print statement PARTY --from D "
        "--to D --out FILE.pdf | print statements --from D --to D --out DIR",
    )
    p.add_argument(
        "target", nargs="+", help="NUMBER | statement PARTY | statements | labels PRODUCT..."
    )
    p.add_argument("--out", type=Path, required=True, help="PDF file (a folder for statements)")
    p.add_argument("--paper", default="a4", choices=PAPER_CHOICES, help="paper")
    p.add_argument("--from", dest="date_from", type=parse_date, help="statement period start")
    p.add_argument("--to", dest="date_to", type=parse_date, help="statement period end")
    p.add_argument("--offset-x", type=float, help="printer offset in mm (+ right)")
    p.add_argument("--offset-y", type=float, help="printer offset in mm (+ down)")
    p.add_argument("--rows", type=int, help="rows per page on continuous forms")
    p.add_argument("--no-prices", action="store_true", help="leave out prices and amounts")
    p.add_argument("--hide", action="append", help="a column to hide (code, spec, remark ...)")
    p.add_argument("--payables", action="store_true", help="supplier statements (AP)")
    p.add_argument("--layout", metavar="NAME", help="a saved print layout (default: 默认)")
    p.add_argument("--copies", type=int, default=1, help="labels: copies per product")
    p.add_argument("--sheet", help="labels: A4 label sheet COLUMNSxROWS, e.g. a4-3x8, a4-4x10")
    p.add_argument("--roll", help="labels: roll label size in mm, e.g. 40x30, 50x30")
    p.add_argument("--price", action="store_true", help="labels: show the retail price")
    p.add_argument("--receipt", metavar="NUMBER", help="labels: one per unit of a goods receipt")
    p.add_argument(
        "--sent", metavar="HOW", help="statement: record it as sent today by HOW (微信, 邮件 …)"
    )
    p.set_defaults(handler=print_cmd, print_parser=p)
