"""``zhangfang report NAME``: the owner's reports (``desktop.reports``) as a table, JSON,
an Excel workbook or a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, language, say, table
from desktop.errors import ValidationError
from desktop.reports import NAMES, ReportParams, run
from desktop.reports.cells import is_number, row_texts, totals_texts
from desktop.reports.table import ReportTable


def _buckets(text: str) -> tuple[int, ...]:
    try:
        limits = tuple(int(x) for x in text.replace("，", ",").split(",") if x.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not day limits such as 30,60,90: {text}") from exc
    if not limits or any(n <= 0 for n in limits):
        raise argparse.ArgumentTypeError(f"not day limits such as 30,60,90: {text}")
    return limits


def params_of(args: argparse.Namespace) -> ReportParams:
    if args.as_of and (args.date_from or args.date_to):
        raise ValidationError(
            "as_of_or_period",
            "--as-of 与 --from/--to 只能选一种。",
            "Give either --as-of or --from/--to, not both.",
        )
    return ReportParams(
        as_of=args.as_of,
        date_from=args.date_from,
        date_to=args.date_to,
        by=args.by,
        period=args.period,
        days=args.days,
        buckets=args.buckets,
        top=args.top,
        weeks=args.weeks,
    )


def report(args: argparse.Namespace) -> int:
    lang = language()
    params = params_of(args)
    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            result = run(session, args.name, params)
            firm = None
            if args.xlsx or args.pdf:
                from desktop.services.firm import get_firm

                firm = get_firm(session)
                session.expunge(firm)
    finally:
        ledger.close()
    if args.xlsx:
        from desktop.exporting.report_sheet import report_sheet
        from desktop.exporting.xlsx import write_xlsx

        out: Path = args.xlsx
        write_xlsx(report_sheet(result, firm.name if firm else "", lang), out)
        return _wrote(args, result, out)
    if args.pdf:
        from desktop.printing.builders.report import build
        from desktop.printing.jobs import PrinterSetup, write_pdf
        from desktop.printing.paper import A4_PORTRAIT, Offset

        assert firm is not None
        out = args.pdf
        write_pdf(build(firm, result, lang), out, PrinterSetup(A4_PORTRAIT, Offset(0, 0)))
        return _wrote(args, result, out)
    if args.json:
        emit_json(result.as_json())
        return 0
    _print(result, lang)
    return 0


def _wrote(args: argparse.Namespace, result: ReportTable, out: Path) -> int:
    if args.json:
        emit_json({"report": result.name, "file": str(out), "rows": len(result.rows)})
    else:
        say(
            f"已将{result.title_zh}（{len(result.rows)} 行）写入 {out}",
            f"Wrote {result.title_en} ({len(result.rows)} rows) to {out}",
        )
    return 0


def _print(result: ReportTable, lang: str) -> None:
    print(result.title(lang))
    lines = [row_texts(result, r, lang) for r in result.rows]
    total = totals_texts(result, lang)
    if total:
        lines.append(total)
    right = {i for i, c in enumerate(result.columns) if is_number(c)}
    table([c.caption(lang) for c in result.columns], lines, right)
    for zh, en in result.notes:
        print(zh if lang == "zh" else en)


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="the owner's reports: " + ", ".join(NAMES),
        description="Reports as a table, --json, --xlsx OUT or --pdf OUT. Dates: --as-of "
        "for aging, statements, stock, slow-movers, below-minimum and cash; --from/--to for the others (default: "
        "this month).",
    )
    p.add_argument("name", choices=NAMES)
    p.add_argument("--as-of", dest="as_of", type=parse_date)
    p.add_argument("--from", dest="date_from", type=parse_date)
    p.add_argument("--to", dest="date_to", type=parse_date)
    p.add_argument(
        "--by",
        help="customer, supplier, product, category, salesperson, region; margin: line "
        "(lines sold below cost); aging: document (overdue documents)",
    )
    p.add_argument("--period", choices=("day", "month", "quarter", "year"))
    p.add_argument("--days", type=int, default=90, help="slow-movers: unsold this many days")
    p.add_argument("--buckets", type=_buckets, help="aging: day limits, e.g. 30,60,90")
    p.add_argument("--top", type=int, default=10, help="kpi: overdue customers listed")
    p.add_argument("--weeks", type=int, default=8, help="cash: weeks ahead")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--xlsx", type=Path, metavar="OUT", help="write an Excel workbook")
    out.add_argument("--pdf", type=Path, metavar="OUT", help="write a PDF (A4)")
    p.set_defaults(handler=report)
