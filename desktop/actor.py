"""Who a change is by when nobody signed in: the operating system's user name."""

from __future__ import annotations

import getpass


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "user"
