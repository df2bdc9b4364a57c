"""``zhangfang statement``: statements sent and the parties' answers.

    zhangfang statement track PARTY --from DATE --to DATE --via 微信 [--on DATE]
    zhangfang statement confirm PARTY --by NAME [--on DATE]
    zhangfang statement dispute PARTY --by NAME --note TEXT [--line NUMBER ...] [--on DATE]
    zhangfang statement pending [--as-of DATE]

An answer is about the party's last statement sent. ``--payables`` for suppliers'.
``print statement … --sent VIA`` prints and records it as sent in one go.
"""

from __future__ import annotations

import argparse
from typing import Any


def statement_cmd(args: argparse.Namespace) -> int:
    from desktop.cli.statement_run import statement_cmd as run

    return run(args)


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``statement``."""
    p = sub.add_parser(
        "statement",
        parents=[common],
        help="statements sent, confirmed or disputed; who has not confirmed",
        description="zhangfang statement track PARTY --from D --to D --via HOW | confirm "
        "PARTY --by NAME | dispute PARTY --by NAME --note TEXT [--line NUMBER] | pending",
    )
    p.add_argument("action", choices=("track", "confirm", "dispute", "pending"))
    p.add_argument("party", nargs="?", help="customer or supplier: code or name")
    p.add_argument("--from", dest="date_from", type=parse_date, help="period start")
    p.add_argument("--to", dest="date_to", type=parse_date, help="period end")
    p.add_argument("--via", help="how it was sent: 打印, 微信, 邮件, 传真 ... (or print, "
                   "wechat, email, fax)")  # fmt: skip
    p.add_argument("--on", type=parse_date, help="date sent or answered (default today)")
    p.add_argument("--by", help="who confirmed or disputed it on the party's side")
    p.add_argument("--note", help="what the party disputes")
    p.add_argument("--line", action="append", help="a disputed document number (repeatable)")
    p.add_argument("--as-of", type=parse_date, help="pending: as of this day (default today)")
    p.add_argument("--payables", action="store_true", help="supplier statements (AP)")
    p.set_defaults(handler=statement_cmd, statement_parser=p)
