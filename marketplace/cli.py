"""``zhangfang-server``: serve, or set up firms and users. One line per error, never a
traceback; passwords only from a prompt or standard input, never an argument."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path

from platformdirs import user_data_dir

from desktop.errors import DomainError
from marketplace.accounts import AccountError, add_user, create_firm, find_firm
from marketplace.cli_admin import add_commands as add_admin_commands
from marketplace.context import Server
from marketplace.settings import Settings

DEMO_FIRM = "demo"
DEMO_NAME = "演示商行"
DEMO_OWNER = "老板"
DEFAULT_PORT = 8750


def default_data() -> Path:
    return Path(user_data_dir("zhangfang-server", appauthor=False))


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given before or after the command, a sub-command's default never hides it
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="the data folder")
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database URL (default: SQLite in the data folder), e.g. "
        "postgresql+psycopg://user@host/db",
    )
    p = argparse.ArgumentParser(
        prog="zhangfang-server", parents=[common], description="The Zhangfang sync server."
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument(
        "--fd",
        type=int,
        default=None,
        help="serve on this listening socket, bound by whoever started the server (its "
        "--host and --port are then only what the server says it is on)",
    )
    p.add_argument("--demo", action="store_true", help="make a demo firm if missing, then serve")
    p.add_argument("--access-ttl", type=int, default=None, help="access token seconds")
    p.add_argument("--refresh-ttl", type=int, default=None, help="refresh token seconds")
    p.add_argument(
        "--refresh-grace",
        type=int,
        default=None,
        help="seconds a just-rotated refresh token may be presented again (default 60)",
    )
    p.add_argument(
        "--snapshot-limit-mb",
        type=int,
        default=None,
        help="largest ledger a desk may upload as the firm's first state (default 2048)",
    )
    p.add_argument(
        "--max-open-ledgers",
        type=int,
        default=None,
        help="firm ledgers kept open at most (default 64)",
    )
    p.add_argument(
        "--ledger-idle-minutes",
        type=float,
        default=None,
        help="close a firm ledger nobody used for this long (default 10)",
    )
    sub = p.add_subparsers(dest="command")
    firm = sub.add_parser("firm", help="firms").add_subparsers(dest="action", required=True)
    fa = firm.add_parser("add", parents=[common], help="add a firm with its owner")
    fa.add_argument("--code", required=True)
    fa.add_argument("--name", required=True)
    fa.add_argument("--owner", required=True, help="the owner's user name")
    user = sub.add_parser("user", help="users").add_subparsers(dest="action", required=True)
    ua = user.add_parser("add", parents=[common], help="add a user to a firm")
    ua.add_argument("--firm", required=True, help="the firm's code")
    ua.add_argument("--name", required=True)
    ua.add_argument("--role", choices=("owner", "clerk"), default="clerk")
    market = sub.add_parser("market", help="the marketplace").add_subparsers(
        dest="action", required=True
    )
    mr = market.add_parser(
        "refresh",
        parents=[common],
        help="rebuild a firm's catalog for buyers (and its requests' status) from its ledger",
    )
    mr.add_argument("--firm", required=True, help="the firm's code")
    add_admin_commands(sub, firm, user, common)
    return p


def _settings(args: argparse.Namespace) -> Settings:
    data = getattr(args, "data", None) or default_data()
    settings = Settings(data=data.resolve(), db_url=getattr(args, "db", None))
    if getattr(args, "access_ttl", None):
        settings.access_ttl = args.access_ttl
    if getattr(args, "refresh_ttl", None):
        settings.refresh_ttl = args.refresh_ttl
    if getattr(args, "refresh_grace", None) is not None:
        settings.refresh_grace = args.refresh_grace
    if getattr(args, "max_open_ledgers", None):
        settings.max_open_ledgers = args.max_open_ledgers
    if getattr(args, "ledger_idle_minutes", None):
        settings.ledger_idle = args.ledger_idle_minutes * 60
    if getattr(args, "snapshot_limit_mb", None):
        settings.snapshot_limit = args.snapshot_limit_mb * 1024 * 1024
    return settings


def read_password(prompt: str) -> str:
    """From the terminal (asked twice), or the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():  # None: started with stdin closed
        first = getpass.getpass(prompt)
        if getpass.getpass("再输入一次 / Again: ") != first:
            raise AccountError("两次输入的密码不一致 / The passwords differ")
        return first
    return "" if sys.stdin is None else sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        run = getattr(args, "run", None)
        if run is not None:  # the operator's commands (``cli_admin``)
            return int(run(settings, args))
        if args.command == "firm":
            return _firm_add(settings, args)
        if args.command == "user":
            return _user_add(settings, args)
        if args.command == "market":
            return _market_refresh(settings, args)
        return _serve(settings, args)
    except (AccountError, DomainError, OSError, ValueError) as exc:
        text = exc.zh + " / " + exc.en if isinstance(exc, DomainError) else str(exc)
        print(f"zhangfang-server: {text}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database that cannot be reached, …: one line all the same
        print(f"zhangfang-server: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1


def _firm_add(settings: Settings, args: argparse.Namespace) -> int:
    password = read_password(f"{args.owner} 的密码 / password: ")
    server = Server(settings)
    try:
        firm = create_firm(server, args.code, args.name, args.owner, password)
        print(f"已创建商号 {firm.name}（{firm.code}）/ Created firm {firm.code}")
    finally:
        server.close()
    return 0


def _user_add(settings: Settings, args: argparse.Namespace) -> int:
    password = read_password(f"{args.name} 的密码 / password: ")
    server = Server(settings)
    try:
        add_user(server, args.firm, args.name, password, args.role)
        print(f"已添加用户 {args.name.strip()} / Added user {args.name.strip()} ({args.role})")
    finally:
        server.close()
    return 0


def _market_refresh(settings: Settings, args: argparse.Namespace) -> int:
    """The firm's whole catalog projection and open requests' status, from its ledger
    (a running server does this for what each push or request touched)."""
    from marketplace import catalog, market

    server = Server(settings)
    try:
        with server.db.read() as session:
            firm = find_firm(session, args.firm)
        if firm is None:
            raise AccountError(f"没有这个商号：{args.firm} / No firm {args.firm}")
        count = catalog.refresh(server, firm.id, None)
        changed = market.refresh_status(server, firm.id)
        print(
            f"{firm.code}：{count} 个商品，{changed} 个询价/订单状态有变 / "
            f"{count} products, {changed} requests' status changed"
        )
    finally:
        server.close()
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from marketplace.app import create_app

    # what the desk's core keeps aside (a firm's ledger replaced by a desk's upload goes to
    # "backups"), in the server's data folder rather than a desk user's
    os.environ.setdefault("ZHANGFANG_HOME", str(settings.data / "desk-home"))
    app = create_app(settings)
    if args.demo:
        _demo(app.state.server, args)
    print(f"Zhangfang server on http://{args.host}:{args.port} (data: {settings.data})", flush=True)
    if args.fd is None:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    # a socket bound before this process started: nobody else can take its port meanwhile
    import socket

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[socket.socket(fileno=args.fd)])
    return 0


def _demo(server: Server, args: argparse.Namespace) -> None:
    with server.db.read() as session:
        exists = find_firm(session, DEMO_FIRM) is not None
    if exists:
        print(
            f"演示商号已存在（{DEMO_FIRM}）；密码是第一次创建时显示的那个。"
            f" / The demo firm exists; its password was printed when it was made.",
            flush=True,
        )
    else:
        password = secrets.token_urlsafe(9)
        create_firm(server, DEMO_FIRM, DEMO_NAME, DEMO_OWNER, password)
        print(f"已创建演示商号 {DEMO_NAME}（{DEMO_FIRM}），{DEMO_OWNER} 的密码：{password}")
        print(
            f"Created the demo firm {DEMO_NAME} ({DEMO_FIRM}); {DEMO_OWNER}'s password: {password}",
            flush=True,
        )
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print("在一台电脑上登记 / Enrol a desk with:", flush=True)
    print(
        f"  zhangfang login --server http://{host}:{args.port} --firm {DEMO_FIRM} "
        f"--user {DEMO_OWNER}",
        flush=True,
    )
