"""``zhangfang login / logout / sync / conflicts``: this desk and the firm's sync server.

The password is typed at a prompt that does not echo it, or read from stdin when that is
not a terminal (``echo "$PW" | zhangfang login …``); never an argument (others see those in
``ps``). The refresh token goes to the OS keyring; without a usable one the command says
why and each ``sync`` asks for the password again.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import queue
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop.cli.ledger_cmds import open_ledger
from desktop.cli.output import emit_json, language, say
from desktop.cli.terminal import stdin_is_terminal, stdin_line
from desktop.codes import OutboxState
from desktop.errors import ValidationError

if TYPE_CHECKING:  # httpx and tenacity load only for these commands (every command's start)
    from desktop.services.ledger import Ledger
    from desktop.sync.client import SyncClient
    from desktop.sync.engine import SyncEngine, SyncStatus


def read_password() -> str:
    """The sync password: typed without echo, or one line of stdin when it is not a tty."""
    if stdin_is_terminal():
        password = getpass.getpass("同步密码：" if language() == "zh" else "Sync password: ")
    else:
        password = stdin_line()
    if not password:
        raise ValidationError("password_input", "没有输入密码。", "No password was given.")
    return password


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


def _keyring_note(client: SyncClient) -> None:
    store = client.tokens
    if store is not None and store.problem is not None:
        _warn(store.problem.message(language()))


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _progress_line(what_zh: str, what_en: str) -> Callable[[int, int], None]:
    """A percentage line at every tenth of the way (never with --json: stdout is data)."""
    shown = [-1]

    def show(done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if tenth > shown[0]:
            shown[0] = tenth
            say(f"{what_zh} {tenth * 10}%", f"{what_en} {tenth * 10}%")
            sys.stdout.flush()

    return show


def _first_state(args: argparse.Namespace, ledger: Ledger, client: SyncClient) -> Any:
    """Upload this ledger or join the firm's (``desktop.sync.first_state``); the ledger may
    be replaced and opened again, so the one returned is the one to close."""
    from desktop.sync import first_state, snapshot

    progress = None
    if not args.json:
        up = snapshot.has_business(ledger.path)
        progress = _progress_line(*(("上传", "Uploading") if up else ("下载", "Downloading")))
    return first_state.settle(ledger, client, progress)


def login_cmd(args: argparse.Namespace) -> int:
    from desktop.sync import first_state
    from desktop.sync.account import login
    from desktop.sync.settings import read_settings

    password = read_password()
    ledger = open_ledger(args)
    try:
        signed = login(ledger, args.server, args.firm, args.user, password, args.desk_name)
        if signed.enrolled:
            first_state.begin(ledger)
        try:
            ledger, outcome = _first_state(args, ledger, signed.client)
        finally:
            signed.client.close()
        s = read_settings(ledger)
    finally:
        ledger.close()
    _keyring_note(signed.client)
    if args.json:
        emit_json(
            {
                "server": s.server,
                "firm": s.firm,
                "user": s.user,
                "desk": s.desk_code,
                "desk_id": s.desk_id,
                "enrolled": signed.enrolled,
                "keyring": signed.client.tokens is not None and signed.client.tokens.in_keyring,
                "first_state": outcome.action,
                "renumbered": signed.renumbered,
                "bytes": outcome.size,
                "cursor": outcome.cursor,
            }
        )
        return 0
    what_zh = "已登记并登录" if signed.enrolled else "已登录"
    what_en = "Enrolled and signed in" if signed.enrolled else "Signed in"
    say(
        f"{what_zh} {s.server}（商号 {s.firm}，用户 {s.user}，工作站 {s.desk_code}）",
        f"{what_en} to {s.server} (firm {s.firm}, user {s.user}, desk {s.desk_code})",
    )
    if signed.renumbered:
        n = len(signed.renumbered)
        say(
            f"这个账本是副本：它尚未发送的 {n} 个编号已改为本工作站的编号"
            f"（{'、'.join(f'{a}→{b}' for a, b in signed.renumbered.items())}）",
            f"This ledger is a copy: {n} numbers of its unsent records now follow this desk's "
            f"series ({', '.join(f'{a}→{b}' for a, b in signed.renumbered.items())})",
        )
    if outcome.action == "uploaded":
        say(
            f"已上传本机账本作为商号的起点（{_size(outcome.size)}）",
            f"Uploaded this ledger as the firm's first state ({_size(outcome.size)})",
        )
    elif outcome.action == "joined":
        say(
            f"已从服务器下载商号账本（{_size(outcome.size)}）",
            f"Downloaded the firm's ledger from the server ({_size(outcome.size)})",
        )
    return 0


def logout_cmd(args: argparse.Namespace) -> int:
    from desktop.sync.account import logout

    ledger = open_ledger(args)
    try:
        told = logout(ledger)
    finally:
        ledger.close()
    if args.json:
        emit_json({"signed_out": True, "server_told": told})
        return 0
    say(
        "已退出同步登录；账本和未同步的改动都保留着。",
        "Signed out; the ledger and its unsynced changes are kept.",
    )
    if not told:
        _warn(
            "连不上服务器，未能通知它；这台电脑上的登录凭据已删除。"
            if language() == "zh"
            else "The server could not be reached to be told; the sign-in is removed here."
        )
    return 0


def _signed_in_client(ledger: Ledger) -> SyncClient:
    """A client with a token for this session: the keyring's, or the password asked now."""
    from desktop.sync.account import open_session, session_signin

    client, problem = open_session(ledger)
    if problem is None:
        return client
    _warn(problem.message(language()))
    try:
        session_signin(ledger, client, read_password())
    except BaseException:
        client.close()
        raise
    return client


def _time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso or "-"


def _status_line(status: SyncStatus) -> str:
    zh = language() == "zh"
    counts = (
        f"待发送 {status.pending}，被拒 {status.rejected}"
        if zh
        else f"{status.pending} pending, {status.rejected} rejected"
    )
    if status.last_error:
        text = status.last_error.get("zh" if zh else "en", "")
        return f"{text}（{counts}）" if zh else f"{text} ({counts})"
    if not status.last_sync:
        return f"还没有同步过（{counts}）" if zh else f"Not synced yet ({counts})"
    when = _time(status.last_sync)
    return f"已同步 {when}（{counts}）" if zh else f"Synced at {when} ({counts})"


def _status(args: argparse.Namespace, ledger: Ledger) -> int:
    from desktop.sync import core
    from desktop.sync.credentials import TokenStore
    from desktop.sync.engine import stored_status
    from desktop.sync.settings import read_settings

    settings = read_settings(ledger)
    status = stored_status(ledger)
    store = (
        TokenStore(settings.server, settings.firm, settings.desk_id) if settings.enrolled else None
    )
    data: dict[str, Any] = {
        "enrolled": settings.enrolled,
        "server": settings.server,
        "firm": settings.firm,
        "user": settings.user,
        "desk": settings.desk_code,
        "desk_id": settings.desk_id,
        "signed_in": bool(store is not None and store.load()),
        "keyring": None if store is None or store.problem is None else store.problem.code,
        "cursor": core.sync_cursor(ledger),
        **status.as_json(),
    }
    if args.json:
        emit_json(data)
        return 0
    if not settings.enrolled:
        say("这个账本没有登录同步服务器。", "This ledger is not signed in to a sync server.")
    else:
        say(
            f"{settings.server}  商号 {settings.firm}  用户 {settings.user}  "
            f"工作站 {settings.desk_code}",
            f"{settings.server}  firm {settings.firm}  user {settings.user}  "
            f"desk {settings.desk_code}",
        )
    print(_status_line(status))
    return 0


@contextmanager
def _log_to_file() -> Iterator[None]:
    """The sync engine's warnings go to the log file while the command runs: with no
    handler Python would print them on stderr too, beside the command's own line."""
    from desktop.paths import log_file

    handler = logging.FileHandler(log_file(), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("zhangfang")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()


def sync_cmd(args: argparse.Namespace) -> int:
    from desktop.sync import first_state, resync

    box = [open_ledger(args)]  # a resync replaces the ledger: the one to close is box[0]
    try:
        if args.status:
            return _status(args, box[0])
        first_state.require_settled(box[0])  # before asking for a password, not after
        resync.finish(box[0])  # a resync cut short: its unsent changes applied again first
        with _log_to_file():
            return _sync(args, box)
    finally:
        box[0].close()


def _sync(args: argparse.Namespace, box: list[Ledger]) -> int:
    from desktop.sync.engine import HALTING, SyncEngine
    from desktop.sync.errors import ResyncRequired
    from desktop.sync.settings import note_sync, read_settings

    try:
        client = _signed_in_client(box[0])
    except HALTING as exc:  # signing in for the session said so: the status says it too
        note_sync(box[0], exc)
        raise
    started_over = False
    try:
        while True:
            engine = SyncEngine(box[0], client, read_settings(box[0]), interval=args.interval)
            try:
                code = _once(args, engine) if args.once else _loop(engine)
                if engine.status().state != "resync_required" or started_over:
                    return code
            except ResyncRequired:
                if started_over:  # told so again right after starting over: say it, stop
                    raise
            finally:
                engine.stop()
            box[0] = _start_over(args, box[0], client)
            started_over = True
    finally:
        client.close()


def _start_over(args: argparse.Namespace, ledger: Ledger, client: SyncClient) -> Ledger:
    """The server no longer has the history this desk needs: start again from the firm's
    ledger, keeping the unsent changes (``desktop.sync.resync``)."""
    from desktop.sync.resync import resync

    quiet = args.json
    if not quiet:
        say(
            "服务器已清理这台电脑需要的历史记录：从商号账本重新开始（未发送的改动会保留）",
            "The server no longer has the history this desk needs: starting again from the "
            "firm's ledger (unsent changes are kept)",
        )
    progress = None if quiet else _progress_line("下载", "Downloading")
    ledger, done = resync(ledger, client, progress)
    if not quiet:
        say(
            f"已下载商号账本（{_size(done.size)}）；保留 {done.carried} 条未发送的改动"
            f"；原来的账本保存在 {done.kept}",
            f"Downloaded the firm's ledger ({_size(done.size)}); kept {done.carried} unsent "
            f"changes; the ledger as it was is kept at {done.kept}",
        )
        if done.refused:
            _warn(
                f"{done.refused} 条未发送的改动已无法应用到商号账本，没有发送；"
                "请用 zhangfang conflicts 查看"
                if language() == "zh"
                else f"{done.refused} unsent changes no longer fit the firm's ledger and were "
                "not sent; see zhangfang conflicts"
            )
    return ledger


def _once(args: argparse.Namespace, engine: SyncEngine) -> int:
    report = engine.sync_once()
    status = engine.status()
    if args.json:
        emit_json({**status.as_json(), "report": report.__dict__})
        return 0
    say(
        f"已同步：发送 {report.pushed} 条（被拒 {report.rejected}），收到 {report.applied} 条；"
        f"待发送 {status.pending}",
        f"Synced: sent {report.pushed} ({report.rejected} rejected), received "
        f"{report.applied}; {status.pending} pending",
    )
    return 1 if report.rejected else 0


def _loop(engine: SyncEngine) -> int:
    """Sync until Ctrl+C, one line per sync; stops when an answer needs a person."""
    seen: queue.Queue[SyncStatus] = queue.Queue()
    engine.add_listener(seen.put)
    engine.start()
    try:
        while True:
            try:
                status = seen.get(timeout=0.5)
            except queue.Empty:
                continue
            print(f"{datetime.now().strftime('%H:%M:%S')} {_status_line(status)}", flush=True)
            if engine.halted:
                return 1
    except KeyboardInterrupt:
        say("已停止同步。", "Sync stopped.")
        return 0


def conflicts_cmd(args: argparse.Namespace) -> int:
    from desktop.sync import core, inbox

    ledger = open_ledger(args)
    try:
        if args.settle:
            return _settle(ledger, args)
        with ledger.read() as session:
            entries = inbox.refused_changes(session)
        found = core.open_problems(ledger)
    finally:
        ledger.close()
    problems = [
        {
            "seq": e.seq,
            "id": str(e.id),
            "at": e.at.isoformat(timespec="seconds"),
            "actor": e.actor,
            "intent": e.intent,
            "subject": inbox.subject(e.args),
            "state": e.state,
            "reason": (e.result or {}).get("reason", ""),
            "reason_zh": (e.result or {}).get("reason_zh", ""),
        }
        for e in entries
    ]
    if args.json:
        emit_json({"rejected": problems, "problems": found})
        return 0
    if not problems and not found:
        say("没有被拒的改动或冲突。", "No rejected changes or conflicts.")
        return 0
    zh = language() == "zh"
    for p in problems:
        what = "被拒" if p["state"] == OutboxState.REJECTED else "与服务器不一致"
        what_en = "rejected" if p["state"] == OutboxState.REJECTED else "diverged"
        reason = (p["reason_zh"] or p["reason"]) if zh else (p["reason"] or p["reason_zh"])
        subject = f" {p['subject']}" if p["subject"] else ""
        say(
            f"#{p['seq']} {p['at']} {p['intent']}{subject} {what}：{reason}",
            f"#{p['seq']} {p['at']} {p['intent']}{subject} {what_en}: {reason}",
        )
    for c in found:
        say(
            f"问题 {c['shown']} {c['at']}：{c['zh']}",
            f"Problem {c['shown']} {c['at']}: {c['en']}",
        )
    return 1


def _settle(ledger: Ledger, args: argparse.Namespace) -> int:
    """Settle one line of the list, as the window's inbox does (``desktop.sync.inbox``)."""
    from desktop.sync import inbox

    with ledger.read() as session:
        key = inbox.key_of(args.settle, session)
    with ledger.unit() as uow:
        inbox.settle(uow, key, args.note or "", take_offered=args.take_other)
    say(f"已处理：{args.settle}", f"Settled: {args.settle}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``login``, ``logout``, ``sync`` and ``conflicts``."""
    p = sub.add_parser(
        "login",
        parents=[common],
        help="sign this desk in to the firm's sync server (enrols it the first time); "
        "the password is asked, or read from stdin",
    )
    p.add_argument("--server", required=True, metavar="URL", help="e.g. http://127.0.0.1:8750")
    p.add_argument("--firm", required=True, help="the firm's code on the server")
    p.add_argument("--user", required=True, help="your user name on the server")
    p.add_argument("--desk-name", help="how the server lists this desk (default: host name)")
    p.set_defaults(handler=login_cmd)

    p = sub.add_parser("logout", parents=[common], help="sign this desk out of the sync server")
    p.set_defaults(handler=logout_cmd)

    p = sub.add_parser(
        "sync",
        parents=[common],
        help="sync with the server until Ctrl+C (one line per sync), or --once, or --status",
    )
    p.add_argument("--once", action="store_true", help="sync once and stop")
    p.add_argument("--status", action="store_true", help="show the last sync (no network)")
    p.add_argument(
        "--interval", type=float, default=60.0, metavar="SECONDS", help="timer (default 60)"
    )
    p.set_defaults(handler=sync_cmd)

    p = sub.add_parser(
        "conflicts", parents=[common], help="changes the server rejected, and conflicts"
    )
    p.add_argument(
        "--settle",
        metavar="KEY",
        help="settle one line: #N for a refused change, or a problem's id",
    )
    p.add_argument(
        "--take-other",
        action="store_true",
        help="with --settle, a conflict takes the value the other desk offered",
    )
    p.add_argument("--note", help="with --settle, a note on how it was settled")
    p.set_defaults(handler=conflicts_cmd)
