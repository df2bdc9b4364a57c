"""``zhangfang market``: publish products on the firm's marketplace, see what buyers see,
and answer what buyers sent (the inbox: accept or decline a buyer, decline a draft)."""

from __future__ import annotations

import argparse
from typing import Any


def market_cmd(args: argparse.Namespace) -> int:
    from desktop.cli.market_run import market_cmd as run

    return run(args)


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``market``."""
    p = sub.add_parser(
        "market",
        parents=[common],
        help="the firm's marketplace: publish products, the inbox of buyers' requests",
        description="zhangfang market [list | publish CODE [--title T --spec S --buffer N "
        "--show figure|level] | unpublish CODE | inbox | accept-buyer ID [--customer CODE] | "
        "decline-buyer ID --reason R | decline NUMBER --reason R]",
    )
    p.set_defaults(handler=market_cmd, market_action=None)
    actions = p.add_subparsers(dest="market_action", parser_class=type(p))
    actions.add_parser("list", parents=[common], help="published products as buyers see them")
    actions.add_parser("inbox", parents=[common], help="drafts from buyers and pending buyers")
    a = actions.add_parser("publish", parents=[common], help="publish a product (or change it)")
    a.add_argument("code")
    a.add_argument("--title", help="the name buyers see (default: the product's)")
    a.add_argument("--spec", help="the spec buyers see (default: the product's)")
    a.add_argument("--buffer", help="safety stock kept back from buyers, in base units")
    a.add_argument("--show", choices=["figure", "level"], help="show the quantity or a level")
    a = actions.add_parser("unpublish", parents=[common], help="take a product off")
    a.add_argument("code")
    a = actions.add_parser("accept-buyer", parents=[common], help="accept a buyer as a customer")
    a.add_argument("buyer", metavar="ID")
    a.add_argument("--customer", help="an existing customer (code or name); default: a new one")
    a = actions.add_parser("decline-buyer", parents=[common], help="decline a buyer")
    a.add_argument("buyer", metavar="ID")
    a.add_argument("--reason", required=True, help="why (the buyer sees it)")
    a = actions.add_parser("decline", parents=[common], help="decline a buyer's inquiry or order")
    a.add_argument("number")
    a.add_argument("--reason", required=True, help="why (the buyer sees it)")
