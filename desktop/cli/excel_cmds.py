"""Excel commands: import (with preview, error workbook and undo), export, template."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.output import emit_json, language, say, table
from desktop.codes import Account, FapiaoDirection, FlowName
from desktop.errors import OwnerRequired, ValidationError
from desktop.importing.date_names import CLI_NAMES

if TYPE_CHECKING:
    from desktop.importing.errors import ImportFileError
    from desktop.importing.kinds.base import ImportOptions
    from desktop.services.ledger import Ledger

#: ``--date-order`` → ``values.DateOrder``
DATE_ORDER_OPTIONS = {names[0]: order for order, names in CLI_NAMES.items()}

EXPORT_KINDS = (
    "customers",
    "suppliers",
    "products",
    "stock",
    "receivables",
    "payables",
    "sales",
    "purchases",
    "payments",
    "fapiao",
    "statements",
)


def _open(args: argparse.Namespace) -> Any:
    from desktop.cli.ledger_cmds import open_ledger

    return open_ledger(args)


def _file_error(exc: ImportFileError, args: argparse.Namespace) -> int:
    lang = language()
    if getattr(args, "json", False):
        emit_json({"ok": False, "code": exc.code, "message": exc.message(lang)})
    else:
        import sys

        print(exc.message(lang), file=sys.stderr)
    return 2


def _overrides(pairs: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ValidationError(
                "bad_map", f"--map 应写成 字段=列：{pair}", f"--map needs field=column: {pair}"
            )
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip() or None
    return out


def do_import(args: argparse.Namespace) -> int:
    if args.undo:
        return _undo(args)
    if args.list:
        return _list(args)
    if not args.file:
        raise ValidationError("no_file", "请指定要导入的文件。", "Name the file to import.")
    from desktop.importing.kinds.base import ImportOptions

    options = ImportOptions(
        opening_date=args.date,
        move_stock=args.move_stock,
        post_balances=args.post_balances,
        create_missing=args.create_missing,
        skip_near_duplicates=args.skip_near_duplicates,
        flow=args.flow,
        direction=args.direction,
        walk_in=args.walk_in,
        date_order=DATE_ORDER_OPTIONS.get(args.date_order or ""),
    )
    from desktop.cli import owner_prompt

    options.owner = owner_prompt.from_environment(args.reason)
    ledger = _open(args)
    try:
        try:
            return _import_and_report(ledger, args, options)
        except OwnerRequired as exc:  # the file changes what only the owner may change
            if options.owner is not None:
                raise  # the password given is wrong, or no reason was given
            options.owner = owner_prompt.ask(exc, args.reason)
            return _import_and_report(ledger, args, options)
    finally:
        ledger.close()  # after the report: closing copies a big import's log into the file


def _import_and_report(ledger: Ledger, args: argparse.Namespace, options: ImportOptions) -> int:
    """Import (or preview) the file and print the report; the caller closes the ledger."""
    from desktop.importing.errors import ImportFileError
    from desktop.importing.plan import run_import
    from desktop.importing.summary import summary as import_summary

    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit() and int(sheet) >= 1:
        sheet = int(sheet) - 1
    try:
        report = run_import(
            ledger,
            args.file,
            kind=args.kind,
            sheet=sheet,
            options=options,
            overrides=_overrides(args.map or []),
            dry_run=args.dry_run,
        )
    except ImportFileError as exc:
        return _file_error(exc, args)
    lang = language()
    failed = bool(report.counts["error"] or report.aborted)
    summary = import_summary(report, lang, kind_guessed=args.kind is None)
    summary["errors_file"] = None
    summary["rows_file"] = None
    if args.errors and failed:
        # only now: openpyxl takes a third of a second to load
        from desktop.importing.error_workbook import error_workbook_path, write_error_workbook

        try:
            write_error_workbook(report, args.errors, lang)
        except ImportFileError as exc:
            return _file_error(exc, args)
        summary["errors_file"] = str(error_workbook_path(args.errors))
    if args.rows_file:
        from desktop.importing.summary import write_rows_file

        try:
            write_rows_file(report, args.rows_file, lang)
        except OSError as exc:
            raise _cannot_write(args.rows_file, exc) from exc
        summary["rows_file"] = str(args.rows_file)
    from desktop.cli.import_report import emit

    emit(report, summary, lang, as_json=args.json, all_rows=args.rows)
    return 1 if failed else 0


def import_kind(text: str) -> str:
    """``--kind``: a kind's key, plural or Chinese name (see ``synonyms.kind_from_text``)."""
    from desktop.importing.synonyms import KIND_ZH, kind_from_text

    kind = kind_from_text(text)
    if kind is None:
        if language() == "zh":
            raise argparse.ArgumentTypeError(
                f"不认识的导入类型“{text}”。可选：{'、'.join(KIND_ZH.values())}"
            )
        raise argparse.ArgumentTypeError(
            f"unknown import kind '{text}'; choose one of: {', '.join(KIND_ZH)}"
        )
    return kind


def _undo(args: argparse.Namespace) -> int:
    from desktop.importing.undo import undo_batch

    ledger = _open(args)
    try:
        result = undo_batch(ledger, args.undo)
    finally:
        ledger.close()
    data = result.as_dict()
    if args.json:
        emit_json(data)
    else:
        say(
            f"已撤销导入批次 {result.batch_id}：红冲 {len(result.reversed)} 张单据，删除 "
            f"{result.deleted_documents} 张历史单据和 {sum(result.deleted.values())} 条资料，停用 "
            f"{len(result.archived)} 条（仍被单据使用），恢复 {result.restored} 个字段。备份：{result.backup_path}",
            f"Undid batch {result.batch_id}: reversed {len(result.reversed)} documents, deleted "
            f"{result.deleted_documents} history documents and {sum(result.deleted.values())} records, "
            f"archived {len(result.archived)} still in use, restored {result.restored} fields. "
            f"Backup: {result.backup_path}",
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from desktop.models import ImportBatch

    ledger = _open(args)
    try:
        with ledger.read() as session:
            batches = list(session.scalars(select(ImportBatch).order_by(ImportBatch.at.desc())))
            data = [
                {
                    "batch": str(b.id),
                    "at": b.at,
                    "kind": b.kind,
                    "file": b.file_name,
                    "sheet": b.sheet,
                    "state": b.state,
                    "counts": {k: v for k, v in b.counts.items() if k != "undo"},
                }
                for b in batches
            ]
    finally:
        ledger.close()
    if args.json:
        emit_json(data)
    else:
        table(
            ["批次", "时间", "类型", "文件", "状态"],
            [[d["batch"][:13], str(d["at"])[:19], d["kind"], d["file"], d["state"]] for d in data],
        )
    return 0


def do_export(args: argparse.Namespace) -> int:
    from desktop.exporting.csv_out import write_csv
    from desktop.exporting.reports import build_sheet
    from desktop.exporting.xlsx import write_xlsx

    out: Path = args.out
    if args.kind == "statements":
        return _export_statements(args)
    ledger = _open(args)
    try:
        with ledger.read() as session:
            sheet = build_sheet(session, args.kind, args.date_from, args.date_to)
            if out.suffix.lower() == ".csv":
                count = write_csv(sheet, out, args.encoding)
            elif out.suffix.lower() == ".xlsx":
                count = write_xlsx(sheet, out)
            else:
                raise ValidationError(
                    "bad_suffix",
                    "导出文件须以 .xlsx 或 .csv 结尾。",
                    "The output file must end in .xlsx or .csv.",
                )
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    finally:
        ledger.close()
    if args.json:
        emit_json({"kind": args.kind, "file": str(out), "rows": count})
    else:
        say(f"已导出 {count} 行到 {out}", f"Exported {count} rows to {out}")
    return 0


def _cannot_write(out: Path, exc: OSError) -> ValidationError:
    if not out.parent.is_dir():
        return ValidationError(
            "no_folder",
            f"文件夹不存在：{out.parent}。请先建好文件夹，或换一个位置。",
            f"The folder {out.parent} does not exist; create it or choose another place.",
        )
    return ValidationError(
        "cannot_write",
        f"无法写入 {out}：{exc.strerror or exc}（文件是否在 Excel 中打开？）",
        f"Cannot write {out}: {exc.strerror or exc} (is it open in Excel?)",
    )


def _export_statements(args: argparse.Namespace) -> int:
    """对账单 of every customer (or supplier, --payables) due one, a sheet each, in one .xlsx."""
    from desktop.exporting.statements import export_statements

    out: Path = args.out
    if not (args.date_from and args.date_to):
        args.export_parser.error("statements need --from DATE and --to DATE")
    if out.suffix.lower() != ".xlsx":
        args.export_parser.error("statements are exported to an .xlsx file")
    account = Account.AP if args.payables else Account.AR
    ledger = _open(args)
    try:
        done = export_statements(ledger, args.date_from, args.date_to, out, account=account)
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    finally:
        ledger.close()
    assert done is not None
    if args.json:
        emit_json(
            {
                "kind": "statements",
                "file": str(out),
                "statements": done.count,
                "closing_total": str(done.closing_total),
            }
        )
    else:
        say(
            f"已导出 {done.count} 份对账单到 {out}（每个往来单位一个工作表，另有汇总表）",
            f"Exported {done.count} statements to {out} (a sheet each, plus a summary sheet)",
        )
    return 0


def do_template(args: argparse.Namespace) -> int:
    from desktop.exporting.templates import write_template
    from desktop.importing.errors import ImportFileError

    try:
        path = write_template(args.kind, args.out)
    except ImportFileError as exc:
        return _file_error(exc, args)
    if args.json:
        emit_json({"kind": args.kind, "file": str(path)})
    else:
        say(f"已生成导入模板 {path}", f"Template written to {path}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add import, export and template."""
    from desktop.importing.mapping import KINDS

    p = sub.add_parser(
        "import", parents=[common], help="import customers, products, history... from Excel/CSV"
    )
    p.add_argument("file", nargs="?", type=Path)
    p.add_argument(
        "--kind",
        type=import_kind,
        help="what the file holds: "
        + ", ".join(KINDS)
        + " (or 客户, 商品, 销售明细…; default: guessed)",
    )
    p.add_argument("--sheet", help="sheet name or number (default: the first with data)")
    p.add_argument("--dry-run", action="store_true", help="preview only; write nothing")
    p.add_argument(
        "--errors",
        type=Path,
        help="write the imported sheet to this .xlsx with an 错误原因 column and the bad "
        "cells marked (fix them there and import it again)",
    )
    p.add_argument(
        "--rows",
        action="store_true",
        help="also print every row's outcome (by default: the summary and the first problem rows)",
    )
    p.add_argument(
        "--rows-file",
        type=Path,
        metavar="PATH",
        help="write every row's outcome to PATH: .csv for a spreadsheet, else JSON Lines",
    )
    p.add_argument("--undo", metavar="BATCH", help="undo an earlier import batch")
    p.add_argument("--list", action="store_true", help="list earlier import batches")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN", help="map a field to a column")
    p.add_argument("--date", type=parse_date, help="date of opening balances/stock (default today)")
    p.add_argument("--move-stock", action="store_true", help="history moves stock")
    p.add_argument(
        "--post-balances", action="store_true", help="history posts receivables/payables"
    )
    p.add_argument(
        "--create-missing",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="create the customers, suppliers and products the file names but the ledger "
        "lacks (default: yes in a ledger that has none of them yet)",
    )
    p.add_argument("--skip-near-duplicates", action="store_true", help="skip look-alike names")
    p.add_argument(
        "--walk-in",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="sales history: book lines without a customer to the walk-in customer 散客 "
        "(default: yes when the file names no customer, or one on at least half its lines)",
    )
    p.add_argument(
        "--date-order",
        choices=tuple(DATE_ORDER_OPTIONS),
        help="how dates such as 05-06-23 read when the file cannot tell (default: from the "
        "whole column)",
    )
    p.add_argument("--flow", choices=tuple(FlowName), help="payments: receipts or payments")
    p.add_argument("--direction", choices=tuple(FapiaoDirection), help="fapiao: issued or received")
    p.add_argument(
        "--reason",
        help="why, for changes the owner approves (raising credit limits); the owner's "
        "password is read from ZHANGFANG_OWNER_PASSWORD or asked for at the terminal",
    )
    p.set_defaults(handler=do_import)

    p = sub.add_parser("export", parents=[common], help="export a list or report to .xlsx/.csv")
    p.add_argument("kind", choices=EXPORT_KINDS)
    p.add_argument("out", type=Path)
    p.add_argument("--from", dest="date_from", type=parse_date)
    p.add_argument("--to", dest="date_to", type=parse_date)
    p.add_argument("--encoding", default="utf-8", choices=("utf-8", "gbk"), help="CSV encoding")
    p.add_argument("--payables", action="store_true", help="statements: suppliers (应付)")
    p.set_defaults(handler=do_export, export_parser=p)

    p = sub.add_parser("template", parents=[common], help="write a blank import template")
    p.add_argument("kind", type=import_kind, help="what the template is for: " + ", ".join(KINDS))
    p.add_argument("out", type=Path)
    p.set_defaults(handler=do_template)
