"""``zhangfang print labels``: barcode labels for products or a goods receipt.

zhangfang print labels PRODUCT... [--copies N] [--sheet a4-3x8 | --roll 40x30]
                       [--price] --out FILE.pdf
zhangfang print labels --receipt NUMBER [--sheet ... | --roll ...] --out FILE.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, say


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    parser: argparse.ArgumentParser = args.print_parser
    parser.error(message)


def labels_cmd(args: argparse.Namespace, keys: list[str]) -> int:
    """Print the labels to ``--out``; one line saying how many on how many pages."""
    from desktop.printing import labels
    from desktop.services.products import get_product

    out: Path = args.out
    if out.is_dir():
        _usage(args, f"--out must be a file, not the folder {out}")
    if args.sheet and args.roll:
        _usage(args, "give --sheet or --roll, not both")
    if bool(keys) == bool(args.receipt):
        _usage(args, "usage: print labels PRODUCT... | print labels --receipt NUMBER")
    if args.copies < 1:
        _usage(args, "--copies must be 1 or more")
    stock = labels.stock_named(args.sheet, args.roll)
    ledger = open_ledger(args)
    try:
        with ledger.read() as session:
            if args.receipt:
                wanted = labels.receipt_labels(session, args.receipt, price=args.price)
            else:
                found = [get_product(session, k) for k in keys]
                wanted = labels.product_labels(found, args.copies, price=args.price)
            pages = labels.render_labels(wanted, stock, out)
    finally:
        ledger.close()
    if args.json:
        emit_json({"file": str(out), "labels": len(wanted), "pages": pages, "stock": stock.key})
    else:
        say(
            f"已打印 {len(wanted)} 张标签到 {out}（{stock.key}，{pages} 页）",
            f"Printed {len(wanted)} labels to {out} ({stock.key}, {pages} page(s))",
        )
    return 0
