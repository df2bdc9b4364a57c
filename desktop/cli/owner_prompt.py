"""The owner's approval on the command line: the password from ``ZHANGFANG_OWNER_PASSWORD``
or typed at a prompt that does not echo it (never an argument: others see those in ``ps``),
and the reason from ``--reason`` or asked for."""

from __future__ import annotations

import getpass
import os
import sys

from desktop.cli.output import language
from desktop.cli.terminal import stdin_is_terminal
from desktop.errors import OwnerRequired
from desktop.services.owner import OwnerApproval

PASSWORD_VARIABLE = "ZHANGFANG_OWNER_PASSWORD"


def from_environment(reason: str | None) -> OwnerApproval | None:
    """The approval the environment gives (None without the variable)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        return None
    return OwnerApproval(password, (reason or "").strip())


def ask(refused: OwnerRequired, reason: str | None) -> OwnerApproval:
    """Ask at the terminal for what ``refused`` needs; without a terminal, refuse with a
    message that says how to give it."""
    zh = language() == "zh"
    if not stdin_is_terminal():
        raise OwnerRequired(
            refused.code,
            f"{refused.zh}请在终端中运行以输入老板密码，或设置环境变量 {PASSWORD_VARIABLE}，"
            "并用 --reason 写明原因。",
            f"{refused.en} Run it at a terminal to type the owner's password, or set "
            f"{PASSWORD_VARIABLE}, and give the reason with --reason.",
        )
    print(refused.message(language()), file=sys.stderr)
    why = (reason or "").strip()
    while not why:
        why = input("原因：" if zh else "Reason: ").strip()
    password = getpass.getpass("老板密码：" if zh else "Owner's password: ")
    return OwnerApproval(password, why)
