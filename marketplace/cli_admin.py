"""``zhangfang-server compact | firm list | user list/disable/enable/password | desk …``.

Kept apart from ``cli`` (serving, adding firms and users) so each grows on its own. Every
command here sets ``run`` on its arguments; ``cli.main`` calls it with the settings and
turns any refusal into one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime

from marketplace import admin
from marketplace.compaction import DEFAULT_KEEP_DAYS, compact
from marketplace.context import Server
from marketplace.settings import Settings

Run = Callable[[Settings, argparse.Namespace], int]


def add_commands(
    sub: argparse._SubParsersAction,
    firm: argparse._SubParsersAction,
    user: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
) -> None:
    """Add the operator's commands beside ``firm add`` and ``user add``."""
    c = sub.add_parser("compact", parents=[common], help="delete change-log history")
    c.add_argument(
        "--keep-days",
        type=int,
        default=DEFAULT_KEEP_DAYS,
        help=f"keep changes younger than this many days (default {DEFAULT_KEEP_DAYS})",
    )
    c.set_defaults(run=_compact)
    firm.add_parser("list", parents=[common], help="the firms").set_defaults(run=_firm_list)
    ul = user.add_parser("list", parents=[common], help="a firm's users")
    ul.add_argument("--firm", required=True)
    ul.set_defaults(run=_user_list)
    for action, run, text in (
        ("disable", _user_disable, "stop a user signing in"),
        ("enable", _user_enable, "let a disabled user sign in again"),
        ("password", _user_password, "set a user's password (prompt or stdin)"),
    ):
        p = user.add_parser(action, parents=[common], help=text)
        p.add_argument("--firm", required=True)
        p.add_argument("name")
        p.set_defaults(run=run)
    desk = sub.add_parser("desk", help="desks").add_subparsers(dest="action", required=True)
    dl = desk.add_parser("list", parents=[common], help="a firm's desks")
    dl.add_argument("--firm", required=True)
    dl.set_defaults(run=_desk_list)
    dr = desk.add_parser("revoke", parents=[common], help="revoke a desk")
    dr.add_argument("--firm", required=True)
    dr.add_argument("code")
    dr.set_defaults(run=_desk_revoke)


def _with_server(settings: Settings, work: Callable[[Server], int]) -> int:
    server = Server(settings)
    try:
        return work(server)
    finally:
        server.close()


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


def _compact(settings: Settings, args: argparse.Namespace) -> int:
    def work(server: Server) -> int:
        for row in compact(server, args.keep_days):
            print(
                f"{row.firm}: horizon {row.horizon_before} → {row.horizon}, "
                f"{row.removed} changes removed / 删除 {row.removed} 条历史"
            )
        return 0

    return _with_server(settings, work)


def _firm_list(settings: Settings, args: argparse.Namespace) -> int:
    def work(server: Server) -> int:
        print("code\tname\tusers\tdesks\tchanges\thorizon")
        for f in admin.firms(server):
            print(f"{f.code}\t{f.name}\t{f.users}\t{f.desks}\t{f.change_seq}\t{f.horizon}")
        return 0

    return _with_server(settings, work)


def _user_list(settings: Settings, args: argparse.Namespace) -> int:
    def work(server: Server) -> int:
        print("name\trole\tstate\tcreated")
        for u in admin.users(server, args.firm):
            state = "disabled" if u.disabled else "active"
            print(f"{u.name}\t{u.role}\t{state}\t{_when(u.created_at)}")
        return 0

    return _with_server(settings, work)


def _user_disable(settings: Settings, args: argparse.Namespace) -> int:
    return _set_disabled(settings, args, True)


def _user_enable(settings: Settings, args: argparse.Namespace) -> int:
    return _set_disabled(settings, args, False)


def _set_disabled(settings: Settings, args: argparse.Namespace, disabled: bool) -> int:
    def work(server: Server) -> int:
        user = admin.set_disabled(server, args.firm, args.name, disabled)
        if disabled:
            print(f"已停用用户 {user.name} / Disabled user {user.name}")
        else:
            print(f"已启用用户 {user.name} / Enabled user {user.name}")
        return 0

    return _with_server(settings, work)


def _user_password(settings: Settings, args: argparse.Namespace) -> int:
    from marketplace.cli import read_password

    password = read_password(f"{args.name} 的新密码 / new password: ")

    def work(server: Server) -> int:
        user = admin.set_password(server, args.firm, args.name, password)
        print(f"已设置 {user.name} 的密码 / Set {user.name}'s password")
        return 0

    return _with_server(settings, work)


def _desk_list(settings: Settings, args: argparse.Namespace) -> int:
    def work(server: Server) -> int:
        print("code\tname\tuser\tenrolled\tlast seen\tstate\tpulled")
        for d in admin.desks(server, args.firm):
            state = f"revoked {_when(d.revoked_at)}" if d.revoked_at else "active"
            print(
                f"{d.code}\t{d.name}\t{d.user}\t{_when(d.enrolled_at)}\t{_when(d.last_seen)}"
                f"\t{state}\t{d.pulled_seq}"
            )
        return 0

    return _with_server(settings, work)


def _desk_revoke(settings: Settings, args: argparse.Namespace) -> int:
    def work(server: Server) -> int:
        desk = admin.revoke(server, args.firm, args.code)
        print(f"已吊销工作站 {desk.code}（{desk.name}）/ Revoked desk {desk.code} ({desk.name})")
        return 0

    return _with_server(settings, work)
