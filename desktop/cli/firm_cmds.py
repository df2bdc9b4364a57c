"""``zhangfang firm``: show the firm's profile, or change it (``--set FIELD=VALUE``)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, say
from desktop.errors import ValidationError
from desktop.firm_fields import PROFILE


def _pairs(raw: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                "bad_set",
                f"--set 要写成 字段=值，例如 --set 电话=020-8888 6666（收到：{item}）",
                f"--set takes FIELD=VALUE, e.g. --set phone=020-8888 6666 (got: {item})",
            )
        values[name.strip()] = value
    return values


def firm_cmd(args: argparse.Namespace) -> int:
    from desktop.services.firm_profile import read_profile, update_profile

    values = _pairs(args.set or [])
    ledger = open_ledger(args)
    try:
        if values:
            with ledger.unit() as uow:
                update_profile(uow, values)
        with ledger.read() as session:
            profile = read_profile(session)
    finally:
        ledger.close()
    if args.json:
        emit_json(profile)
        return 0
    for f in PROFILE:
        say(f"{f.zh}：{profile[f.key]}", f"{f.en}: {profile[f.key]}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``firm``."""
    p = sub.add_parser(
        "firm",
        parents=[common],
        help="show or change the firm's profile (name, address, tax id, bank, logo)",
        description="zhangfang firm [--set FIELD=VALUE ...]; FIELD is "
        + ", ".join(f"{f.key} ({f.zh})" for f in PROFILE),
    )
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", help="change a field")
    p.set_defaults(handler=firm_cmd)
