"""What ``zhangfang statement`` does; imported only when the command runs, so ``--help``
and the other commands do not load the services."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, NoReturn

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, language, say, table
from desktop.models import Account, StatementRecord
from desktop.money import fmt_money
from desktop.services import statement_tracking as tracking
from desktop.services.parties import get_party

_STATUS = {"sent": ("未确认", "not confirmed"), "disputed": ("有异议", "disputed")}


def _account(args: argparse.Namespace) -> str:
    return Account.AP if args.payables else Account.AR


def _record_json(row: StatementRecord, code: str, name: str) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "party": {"code": code, "name": name},
        "from": row.period_from,
        "to": row.period_to,
        "closing": row.closing,
        "sent_on": row.sent_on,
        "via": row.sent_via,
        "status": row.status,
        "answered_on": row.answered_on,
        "answered_by": row.answered_by,
        "note": row.note,
        "disputed_lines": row.disputed_lines,
    }


def track_sent(ledger: Any, party: str, date_from: date, date_to: date, on: date, via: str,
               account: str) -> dict[str, Any]:  # fmt: skip
    """Record a statement as sent; its JSON (``print statement --sent`` uses it too)."""
    with ledger.unit() as uow:
        row = tracking.track(uow, party, date_from, date_to, on, via, account)
        who = get_party(uow.session, row.party_id)
        return _record_json(row, who.code, who.name)


def _track(args: argparse.Namespace, ledger: Any) -> int:
    if args.date_from is None or args.date_to is None or not args.via:
        _usage(args, "statement track PARTY --from DATE --to DATE --via HOW")
    out = track_sent(ledger, args.party, args.date_from, args.date_to,
                     args.on or date.today(), args.via, _account(args))  # fmt: skip
    if args.json:
        emit_json(out)
    else:
        name, closing = out["party"]["name"], fmt_money(out["closing"])
        say(
            f"已登记：{out['sent_on']} 以{out['via']}寄出 {name} 的对账单"
            f"（{out['from']} 至 {out['to']}，期末 {closing}）",
            f"Recorded: the statement of {name} ({out['from']} to {out['to']}, closing "
            f"{closing}) sent on {out['sent_on']} by {out['via']}",
        )
    return 0


def _answer(args: argparse.Namespace, ledger: Any) -> int:
    if not args.by or (args.action == "dispute" and not args.note):
        more = " --note TEXT [--line NUMBER]" if args.action == "dispute" else ""
        _usage(args, f"statement {args.action} PARTY --by NAME{more}")
    on = args.on or date.today()
    with ledger.unit() as uow:
        last = tracking.latest(uow.session, args.party, _account(args))
        if args.action == "confirm":
            row = tracking.confirm(uow, last.id, on, args.by)
        else:
            row = tracking.dispute(uow, last.id, on, args.by, args.note, args.line or [])
        who = get_party(uow.session, row.party_id)
        out = _record_json(row, who.code, who.name)
    if args.json:
        emit_json(out)
    elif args.action == "confirm":
        say(
            f"{who.name} 已于 {on} 确认对账单（{row.period_to}，期末 {fmt_money(row.closing)}）",
            f"{who.name} confirmed the statement to {row.period_to} (closing "
            f"{fmt_money(row.closing)}) on {on}",
        )
    else:
        say(
            f"已登记 {who.name} 对 {row.period_to} 对账单的异议：{row.note}",
            f"Recorded {who.name}'s dispute of the statement to {row.period_to}: {row.note}",
        )
    return 0


def _pending(args: argparse.Namespace, ledger: Any) -> int:
    with ledger.read() as session:
        found = tracking.pending(session, args.as_of, _account(args))
        out = [_record_json(p.record, p.party_code, p.party_name) | {"waiting_days":
               p.waiting_days} for p in found]  # fmt: skip
    if args.json:
        emit_json(out)
        return 0
    if not out:
        say("所有寄出的对账单都已确认。", "Every statement sent is confirmed.")
        return 0
    zh = language() == "zh"
    table(
        ["客户", "期间至", "期末", "寄出", "方式", "状态", "天数", "异议"]
        if zh
        else ["Party", "To", "Closing", "Sent", "How", "Status", "Days", "Disputed"],
        [
            [
                x["party"]["name"],
                str(x["to"]),
                fmt_money(x["closing"]),
                str(x["sent_on"]),
                x["via"],
                _STATUS[x["status"]][0 if zh else 1],
                str(x["waiting_days"]),
                " ".join([x["note"], *x["disputed_lines"]]).strip(),
            ]
            for x in out
        ],
        right={2, 6},
    )
    return 0


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Bad usage: the parser's own error, which main turns into exit code 2."""
    parser: argparse.ArgumentParser = args.statement_parser
    parser.error(message)


def statement_cmd(args: argparse.Namespace) -> int:
    if args.action != "pending" and not args.party:
        _usage(args, f"statement {args.action} needs the PARTY (code or name)")
    ledger = open_ledger(args)
    try:
        if args.action == "track":
            return _track(args, ledger)
        if args.action == "pending":
            return _pending(args, ledger)
        return _answer(args, ledger)
    finally:
        ledger.close()
