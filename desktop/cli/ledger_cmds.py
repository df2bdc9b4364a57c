"""The ledger commands: init, demo, check, balance, stock, backup, restore."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import labels
from desktop.cli.output import emit_json, language, say, table
from desktop.codes import Account
from desktop.errors import ValidationError
from desktop.money import ZERO, fmt_money, fmt_qty
from desktop.paths import default_ledger_path, demo_ledger_path
from desktop.services.desks import DEFAULT_DESK, validate_desk_code

if TYPE_CHECKING:
    from desktop.services.ledger import Ledger

# The services (SQLAlchemy, the models, Alembic) are imported inside each command, not
# here: ``zhangfang --help`` and the parser of every other command need none of them.


def ledger_path(args: argparse.Namespace) -> Path:
    return Path(args.ledger) if args.ledger else default_ledger_path()


def open_ledger(args: argparse.Namespace) -> Ledger:
    from desktop.cli.people_cmds import sign_in
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(ledger_path(args))
    try:
        sign_in(ledger, getattr(args, "as_person", None))
    except BaseException:
        ledger.close()
        raise
    ledger.on_busy(_waiting())
    return ledger


def _waiting() -> Callable[[float | None], None]:
    """While a save waits for another desk's, say so once on stderr (stdout stays clean)."""
    said = False

    def tell(waited: float | None) -> None:
        nonlocal said
        if waited is None:
            said = False
        elif not said:
            said = True
            print(
                "另一台电脑正在保存，请稍候…"
                if language() == "zh"
                else "Another desk is saving; waiting…",
                file=sys.stderr,
                flush=True,
            )

    return tell


def init(args: argparse.Namespace) -> int:
    from desktop.services.desks import set_desk
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    path = ledger_path(args)
    if path.exists() and path.stat().st_size > 0:
        raise ValidationError(
            "ledger_exists", f"账本已存在：{path}", f"A ledger already exists at {path}."
        )
    desk = args.desk  # checked by desk_code while parsing
    ledger = Ledger.open(path, create=True)
    try:
        set_desk(ledger, desk)
        with ledger.unit() as uow:
            firm = create_firm(
                uow,
                args.firm,
                tax_id=args.tax_id,
                address=args.address,
                phone=args.phone,
                bank=args.bank,
                bank_account=args.account,
            )
            name = firm.name
    except Exception:
        ledger.close()
        path.unlink(missing_ok=True)
        raise
    ledger.close()
    if args.json:
        emit_json({"ledger": str(path), "firm": name, "desk": desk})
    else:
        say(
            f"已创建账本 {path}（{name}，工作站 {desk}）",
            f"Created ledger {path} for {name} (desk {desk})",
        )
    return 0


def demo(args: argparse.Namespace) -> int:
    from desktop import file_lock
    from desktop.services.demo import check_size, generate_demo
    from desktop.services.ledger import Ledger

    check_size(args.customers, args.products, args.months, *([args.end] if args.end else []))
    # never the user's real ledger unless named: a file of its own beside it by default
    path = Path(args.ledger) if args.ledger else demo_ledger_path(default_ledger_path())
    if path.exists() and path.stat().st_size > 0:
        if not args.replace:
            raise ValidationError(
                "ledger_exists",
                f"账本已存在：{path}（如要覆盖请加 --replace）",
                f"A ledger already exists at {path} (add --replace to overwrite).",
            )
        with file_lock.held(path, "exclusive"):  # never from under a program using it
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    ledger = Ledger.open(path, create=True)
    try:
        summary = generate_demo(
            ledger,
            customers=args.customers,
            products=args.products,
            months=args.months,
            seed=args.seed,
            **({"end": args.end} if args.end else {}),
            progress=_progress_line if sys.stderr.isatty() and not args.json else None,
        )
    except BaseException:
        ledger.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    ledger.close()
    data = {
        "ledger": str(path),
        "firm": summary.firm,
        "from": summary.start,
        "to": summary.end,
        "document_lines": summary.lines,
        "documents": summary.documents,
        "features": summary.features,
        "seconds": round(summary.seconds, 1),
    }
    if args.json:
        emit_json(data)
        return 0
    lang = language()
    say(f"已生成演示账本 {path}", f"Demo ledger written to {path}")
    say(
        f"  {summary.firm}，{summary.start} 至 {summary.end}，"
        f"{sum(summary.documents.values())} 张单据，{summary.lines} 行明细，用时 {summary.seconds:.1f} 秒",
        f"  {summary.firm}, {summary.start} to {summary.end}, "
        f"{sum(summary.documents.values())} documents, {summary.lines} lines, "
        f"{summary.seconds:.1f} s",
    )
    for kind, count in sorted(summary.documents.items()):
        print(f"  {labels.name(labels.KIND, kind, lang)}: {count}")
    return 0


def _progress_line(done: int, total: int) -> None:
    sys.stderr.write(f"\r{done}/{total}")
    sys.stderr.flush()
    if done >= total:
        sys.stderr.write("\n")


def check(args: argparse.Namespace) -> int:
    from desktop.services.checks import run_checks

    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            problems = run_checks(session)
    finally:
        ledger.close()
    lang = language()
    if args.json:
        emit_json(
            {
                "ok": not problems,
                "problems": [
                    {"code": p.code, "message": p.zh if lang == "zh" else p.en} for p in problems
                ],
            }
        )
    elif problems:
        for p in problems:
            print(p.zh if lang == "zh" else p.en)
        say(f"发现 {len(problems)} 个问题。", f"{len(problems)} problem(s) found.")
    else:
        say(
            "检查通过：数据库完好，所有余额、库存与单据一致。",
            "OK: the file is intact and every balance, stock figure and document agrees.",
        )
    return 1 if problems else 0


def balance(args: argparse.Namespace) -> int:
    from desktop.services import receivables

    account = Account.AP if args.payables else Account.AR
    as_of: date = args.as_of or date.today()
    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            if args.party:
                return _one_balance(session, args, account, as_of)
            rows = receivables.balances(session, account, as_of)
            data: list[dict[str, Any]] = [
                {
                    "code": p.code,
                    "name": p.name,
                    "balance": bal,
                    "overdue_days": receivables.overdue_days(session, p.id, as_of, account),
                }
                for p, bal in rows
            ]
    finally:
        ledger.close()
    total = sum((r["balance"] for r in data), start=ZERO)
    if args.json:
        emit_json({"account": account, "as_of": as_of, "total": total, "parties": data})
        return 0
    zh = language() == "zh"
    table(
        ["编码", "名称", "余额", "逾期天数"] if zh else ["Code", "Name", "Balance", "Overdue days"],
        [[r["code"], r["name"], fmt_money(r["balance"]), str(r["overdue_days"])] for r in data],
        right={2, 3},
    )
    say(f"合计 {fmt_money(total)}（截至 {as_of}）", f"Total {fmt_money(total)} as of {as_of}")
    return 0


def _one_balance(session: Any, args: argparse.Namespace, account: str, as_of: date) -> int:
    from desktop.services import receivables
    from desktop.services.parties import get_party

    party = get_party(session, args.party)
    bal = receivables.balance(session, party.id, account, as_of)
    items = receivables.open_items(session, party.id, account, as_of)
    rows: list[dict[str, Any]] = [
        {
            "number": i.number,
            "date": i.doc_date,
            "due_date": i.due_date,
            "total": i.total,
            "open": i.open,
            "overdue_days": i.overdue_days(as_of),
        }
        for i in items
    ]
    if args.json:
        emit_json(
            {
                "account": account,
                "as_of": as_of,
                "party": {"code": party.code, "name": party.name},
                "balance": bal,
                "open_items": rows,
            }
        )
        return 0
    zh = language() == "zh"
    say(
        f"{party.name}（{party.code}）截至 {as_of} 余额 {fmt_money(bal)}",
        f"{party.name} ({party.code}) balance {fmt_money(bal)} as of {as_of}",
    )
    table(
        ["单号", "日期", "到期日", "金额", "未结", "逾期天数"]
        if zh
        else ["Number", "Date", "Due", "Amount", "Open", "Overdue days"],
        [
            [
                r["number"],
                str(r["date"]),
                str(r["due_date"] or ""),
                fmt_money(r["total"]),
                fmt_money(r["open"]),
                str(r["overdue_days"]),
            ]
            for r in rows
        ],
        right={3, 4, 5},
    )
    return 0


def stock(args: argparse.Namespace) -> int:
    from desktop.services import stock as stock_svc

    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            rows = stock_svc.stock_list(session, args.product or "", as_of=args.as_of)
            data: list[dict[str, Any]] = [
                {
                    "code": r.product.code,
                    "name": r.product.name,
                    "spec": r.product.spec,
                    "unit": r.product.base_unit,
                    "qty": r.qty,
                    "avg_cost": r.avg_cost,
                    "value": r.value,
                }
                for r in rows
            ]
    finally:
        ledger.close()
    if args.product and not data:
        raise ValidationError(
            "not_found", f"找不到商品：{args.product}", f"No product matches {args.product}."
        )
    if args.json:
        emit_json(
            {
                "as_of": args.as_of or date.today(),
                "products": [{**d, "qty": fmt_qty(d["qty"])} for d in data],
            }
        )
        return 0
    zh = language() == "zh"
    table(
        ["编码", "名称", "规格", "单位", "库存", "平均成本", "金额"]
        if zh
        else ["Code", "Name", "Spec", "Unit", "On hand", "Avg cost", "Value"],
        [
            [
                d["code"],
                d["name"],
                d["spec"],
                d["unit"],
                fmt_qty(d["qty"]),
                f"{d['avg_cost']:.4f}",
                fmt_money(d["value"]),
            ]
            for d in data
        ],
        right={4, 5, 6},
    )
    return 0


def backup(args: argparse.Namespace) -> int:
    from desktop.services import backup as backups

    path = ledger_path(args)
    target = backups.backup_ledger(path, args.out)
    if args.json:
        emit_json({"ledger": str(path), "backup": str(target)})
    else:
        say(f"已备份到 {target}", f"Backed up to {target}")
    return 0


def restore(args: argparse.Namespace) -> int:
    from desktop.services.ledger_files import restore_and_open

    path = ledger_path(args)
    opened = restore_and_open(args.file, path)
    opened.ledger.close()
    kept = opened.kept
    if args.json:
        emit_json(
            {
                "ledger": str(path),
                "restored_from": str(args.file),
                "previous_saved_as": str(kept) if kept else None,
            }
        )
    else:
        say(
            f"已从 {args.file} 恢复账本" + (f"；原账本另存为 {kept}" if kept else ""),
            f"Restored {path} from {args.file}"
            + (f"; the previous file is saved as {kept}" if kept else ""),
        )
    return 0


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {text}")
    return value


def desk_code(text: str) -> str:
    """``--desk``: a code :func:`validate_desk_code` refuses is bad usage (exit 2)."""
    try:
        return validate_desk_code(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message(language())) from exc


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add init, demo, check, balance, stock, backup and restore."""
    p = sub.add_parser("init", parents=[common], help="create a ledger for a firm")
    p.add_argument("--firm", required=True, help="the firm's name")
    p.add_argument("--tax-id", default="")
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--bank", default="")
    p.add_argument("--account", default="")
    p.add_argument(
        "--desk",
        type=desk_code,
        default=DEFAULT_DESK,
        help="this desk's code, 1-4 capital letters or digits starting with a letter (A, B2)",
    )
    p.set_defaults(handler=init)

    p = sub.add_parser(
        "demo",
        parents=[common],
        help="create a realistic demo ledger (default: demo.zhangfang beside your ledger)",
    )
    p.add_argument("--customers", type=positive_int, default=60)
    p.add_argument("--products", type=positive_int, default=300)
    p.add_argument("--months", type=positive_int, default=12)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--end", type=parse_date, help="last day of the history (default: today)")
    p.add_argument("--replace", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=demo)

    p = sub.add_parser("check", parents=[common], help="check integrity and invariants")
    p.set_defaults(handler=check)

    p = sub.add_parser("balance", parents=[common], help="receivable/payable balances")
    p.add_argument("party", nargs="?", help="code or name of one party")
    p.add_argument("--as-of", type=parse_date, help="balance at the end of this date")
    p.add_argument("--payables", action="store_true", help="payables (AP) instead of AR")
    p.set_defaults(handler=balance)

    p = sub.add_parser("stock", parents=[common], help="stock on hand")
    p.add_argument("product", nargs="?", help="code, barcode or part of a name")
    p.add_argument("--as-of", type=parse_date)
    p.set_defaults(handler=stock)

    p = sub.add_parser("backup", parents=[common], help="back up the ledger")
    p.add_argument("out", nargs="?", type=Path)
    p.set_defaults(handler=backup)

    p = sub.add_parser("restore", parents=[common], help="restore the ledger from a backup")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=restore)
