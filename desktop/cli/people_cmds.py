"""``zhangfang people``: the firm's people and their roles (list, add, rename, role, archive,
restore, password), and ``--as NAME``: whose name the commands that write put on what they
make (制单、经办), checked as the window checks the desk's operator.

Passwords are never arguments (others see those in ``ps``): the new one from
``ZHANGFANG_NEW_PASSWORD`` or typed twice at a prompt, a person's own from
``ZHANGFANG_PASSWORD`` or a prompt; the owner's as every owner's change takes it
(``owner_prompt``).
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.cli.output import emit_json, language, say, table
from desktop.cli.terminal import stdin_is_terminal
from desktop.errors import OwnerRequired, ValidationError
from desktop.labels import ROLE, name

if TYPE_CHECKING:  # the services load when a command runs, not for the parser
    from desktop.services.ledger import Ledger
    from desktop.services.uow import UnitOfWork

NEW_PASSWORD = "ZHANGFANG_NEW_PASSWORD"
OWN_PASSWORD = "ZHANGFANG_PASSWORD"


def _secret(variable: str, prompt_zh: str, prompt_en: str, *, twice: bool = False) -> str:
    """A password from ``variable`` or typed without echo; without a terminal, refused."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not stdin_is_terminal():
        raise ValidationError(
            "password_input",
            f"请在终端中运行以输入密码，或设置环境变量 {variable}。",
            f"Run it at a terminal to type the password, or set {variable}.",
        )
    zh = language() == "zh"
    first = getpass.getpass(prompt_zh if zh else prompt_en)
    if twice and getpass.getpass("再输一次：" if zh else "Again: ") != first:
        raise ValidationError(
            "password_mismatch", "两次输入的密码不一样。", "The two passwords differ."
        )
    return first


def sign_in(ledger: Ledger, who: str | None) -> None:
    """Make ``who`` (``--as``) the actor of the ledger's changes, as the desk's operator."""
    from desktop.services import people

    if not who:
        return
    with ledger.read() as session:
        if people.has_people(session) and people.password_needed(
            session, people.find_person(session, who)
        ):
            password = _secret(OWN_PASSWORD, "密码：", "Password: ")
        else:
            password = ""
        ledger.actor = people.sign_in(session, who, password)


def _as_owner(ledger: Ledger, reason: str | None, change: Callable[[UnitOfWork], object]) -> None:
    """Run ``change`` in one unit; asked for the owner, ask (or take the environment's)."""
    from desktop.cli import owner_prompt

    approval = owner_prompt.from_environment(reason)
    try:
        with ledger.unit() as uow:
            uow.owner = approval
            change(uow)
    except OwnerRequired as exc:
        if approval is not None:
            raise  # the password given is wrong, or no reason was given
        approval = owner_prompt.ask(exc, reason)
        with ledger.unit() as uow:
            uow.owner = approval
            change(uow)


def _row(person: Any) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "role_name": name(ROLE, person.role, language()),
        "active": person.active,
        "password": bool(person.password_hash),
        "desk": person.desk,
    }


def people_cmd(args: argparse.Namespace) -> int:
    from desktop.cli.ledger_cmds import open_ledger
    from desktop.services import people

    ledger = open_ledger(args)
    try:
        action = args.people_action or "list"
        if action != "list":
            _change(ledger, action, args)
        with ledger.read() as session:
            rows = [_row(p) for p in people.list_people(session)]
    finally:
        ledger.close()
    if args.json:
        emit_json({"people": rows})
        return 0
    if not rows:
        say(
            "公司还没有人员：用 zhangfang people add 姓名 --role 角色 添加。",
            "The firm has no people yet: add them with zhangfang people add NAME --role ROLE.",
        )
        return 0
    zh = language() == "zh"
    yes, no = ("有", "无") if zh else ("yes", "no")
    table(
        ["姓名", "角色", "状态", "密码"] if zh else ["Name", "Role", "State", "Password"],
        [
            [
                r["name"],
                r["role_name"],
                ("在职" if zh else "active") if r["active"] else ("已停用" if zh else "archived"),
                yes if r["password"] else no,
            ]
            for r in rows
        ],
    )
    return 0


def _change(ledger: Ledger, action: str, args: argparse.Namespace) -> None:
    from desktop.services import people

    reason = getattr(args, "reason", None)
    if action == "add":
        _as_owner(ledger, reason, lambda uow: people.add_person(uow, args.name, args.role))
        return
    with ledger.read() as session:
        ident = people.find_person(session, args.name).id
    if action == "password":
        new = "" if args.clear else _secret(NEW_PASSWORD, "新密码：", "New password: ", twice=True)
        current = os.environ.get(OWN_PASSWORD) or None
        _as_owner(ledger, reason, lambda uow: people.set_password(uow, ident, new, current))
        return
    changes: dict[str, dict[str, Any]] = {
        "rename": {"name": getattr(args, "new_name", None)},
        "role": {"role": getattr(args, "role", None)},
        "archive": {"active": False},
        "restore": {"active": True},
    }
    values = changes[action]
    _as_owner(ledger, reason, lambda uow: people.update_person(uow, ident, **values))


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``people``."""
    roles = ", ".join(f"{code} ({label.zh})" for code, label in ROLE.items())
    p = sub.add_parser(
        "people",
        parents=[common],
        help="the firm's people and their roles",
        description=f"zhangfang people [list | add NAME --role ROLE | rename NAME NEW | "
        f"role NAME ROLE | archive NAME | restore NAME | password NAME [--clear]]; "
        f"roles: {roles}. Changes need the owner's password when one is set "
        f"(ZHANGFANG_OWNER_PASSWORD or a prompt) and --reason.",
    )
    p.set_defaults(handler=people_cmd, people_action=None)
    actions = p.add_subparsers(dest="people_action", parser_class=type(p))
    owners = argparse.ArgumentParser(add_help=False)
    owners.add_argument("--reason", help="why (changes to the people are the owner's)")
    actions.add_parser("list", parents=[common], help="list the people")
    a = actions.add_parser("add", parents=[common, owners], help="add a person")
    a.add_argument("name")
    a.add_argument("--role", default="clerk", help=roles)
    a = actions.add_parser("rename", parents=[common, owners], help="rename a person")
    a.add_argument("name")
    a.add_argument("new_name")
    a = actions.add_parser("role", parents=[common, owners], help="change a person's role")
    a.add_argument("name")
    a.add_argument("role", help=roles)
    for action, text in (("archive", "archive a person"), ("restore", "bring a person back")):
        a = actions.add_parser(action, parents=[common, owners], help=text)
        a.add_argument("name")
    a = actions.add_parser(
        "password",
        parents=[common, owners],
        help=f"set a person's password ({NEW_PASSWORD} or a prompt; their current one "
        f"from {OWN_PASSWORD} lets them change it without the owner)",
    )
    a.add_argument("name")
    a.add_argument("--clear", action="store_true", help="remove the password")
