"""``zhangfang layout``: the print layouts saved in the ledger.

    zhangfang layout list [--kind KIND] [--paper PAPER]
    zhangfang layout show KIND [--paper PAPER] [--name NAME]
    zhangfang layout export KIND [--paper PAPER] [--name NAME] --out FILE.json
    zhangfang layout import FILE.json [--name NAME]
    zhangfang layout reset KIND [--paper PAPER] [--name NAME]

KIND is a document kind (sales_bill, delivery, quote ...) or ``statement``; PAPER is a4,
a5, 241x140 or 241x93. A print uses the layout named 默认 (or the built-in default);
``print --layout NAME`` picks another.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, say, table
from desktop.errors import ValidationError

MAX_READ = 2 * 1024 * 1024


def _paper(name: str) -> str:
    from desktop.printing.jobs import paper_named

    return paper_named(name).key


def layout_cmd(args: argparse.Namespace) -> int:
    action: str = args.action
    if action == "list":
        return _list(args)
    if action == "import":
        return _import(args)
    if not args.target:
        args.layout_parser.error(f"usage: zhangfang layout {action} KIND [--paper PAPER]")
    if action == "show":
        return _show(args)
    if action == "export":
        return _export(args)
    return _reset(args)


def _list(args: argparse.Namespace) -> int:
    from desktop.printing.layouts import describe
    from desktop.services.print_layouts import list_layouts

    paper = _paper(args.paper) if args.paper else None
    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            entries = list_layouts(session, args.kind, paper)
    finally:
        ledger.close()
    if args.json:
        emit_json([{**describe(e.layout), "saved": e.saved, "version": e.version} for e in entries])
        return 0
    rows = [
        [
            e.layout.kind,
            e.layout.paper,
            e.layout.name,
            str(len(e.layout.columns)),
            str(len(e.layout.copies)),
            f"v{e.version}" if e.saved else "默认/default",
        ]
        for e in entries
    ]
    table(["kind", "paper", "name", "columns", "copies", "saved"], rows, {3, 4})
    return 0


def _one(args: argparse.Namespace) -> Any:
    from desktop.services.print_layouts import get_layout

    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            return get_layout(session, args.target, _paper(args.paper or "a4"), args.name)
    finally:
        ledger.close()


def _show(args: argparse.Namespace) -> int:
    from desktop.printing.layouts import describe

    emit_json(describe(_one(args)))
    return 0


def _export(args: argparse.Namespace) -> int:
    from desktop.printing.layouts import to_file

    if args.out is None:
        args.layout_parser.error("layout export needs --out FILE.json")
    out: Path = args.out
    layout = _one(args)
    try:
        out.write_text(to_file(layout), encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            "not_writable", f"无法写入 {out}：{exc.strerror}", f"Cannot write {out}."
        ) from exc
    say(
        f"已导出版式 {layout.kind}/{layout.paper}/{layout.name} 到 {out}",
        f"Exported layout {layout.kind}/{layout.paper}/{layout.name} to {out}",
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from desktop.services.print_layouts import import_layout

    if not args.target:
        args.layout_parser.error("usage: zhangfang layout import FILE.json [--name NAME]")
    path = Path(args.target)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_READ + 1)
    except OSError as exc:
        raise ValidationError(
            "layout_file_missing",
            f"无法读取版式文件 {path}：{exc.strerror}",
            f"Cannot read the layout file {path}: {exc.strerror}",
        ) from exc
    ledger = open_ledger(args)
    try:
        with ledger.unit() as uow:
            row = import_layout(uow, raw, args.name)
            kind, paper, name, version = row.kind, row.paper, row.name, row.version
    finally:
        ledger.close()
    if args.json:
        emit_json({"kind": kind, "paper": paper, "name": name, "version": version})
    else:
        say(
            f"已导入版式 {kind}/{paper}/{name}（第 {version} 版）",
            f"Imported layout {kind}/{paper}/{name} (version {version})",
        )
    return 0


def _reset(args: argparse.Namespace) -> int:
    from desktop.printing.layouts import DEFAULT_NAME
    from desktop.services.print_layouts import reset_layout

    paper = _paper(args.paper or "a4")
    name = args.name or DEFAULT_NAME
    ledger = open_ledger(args)
    try:
        with ledger.unit() as uow:
            had = reset_layout(uow, args.target, paper, name)
    finally:
        ledger.close()
    if had and name != DEFAULT_NAME:
        say(
            f"版式 {args.target}/{paper}/{name} 已删除。",
            f"Layout {args.target}/{paper}/{name} was removed.",
        )
    elif had:
        say(
            f"版式 {args.target}/{paper}/{name} 已恢复默认。",
            f"Layout {args.target}/{paper}/{name} is back to the default.",
        )
    else:
        say(
            f"版式 {args.target}/{paper}/{name} 本来就是默认的。",
            f"Layout {args.target}/{paper}/{name} was already the default.",
        )
    return 0


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``layout``."""
    p = sub.add_parser(
        "layout",
        parents=[common],
        help="print layouts: list, show, export, import, reset to default",
        description="zhangfang layout list|show|export|import|reset",
    )
    p.add_argument("action", choices=["list", "show", "export", "import", "reset"])
    p.add_argument("target", nargs="?", help="KIND (sales_bill, statement ...) or FILE to import")
    p.add_argument("--kind", help="list: only this kind")
    p.add_argument("--paper", help="a4 | a5 | 241x140 | 241x93")
    p.add_argument("--name", help="the layout's name (default 默认)")
    p.add_argument("--out", type=Path, help="export: the JSON file to write")
    p.set_defaults(handler=layout_cmd, layout_parser=p)
