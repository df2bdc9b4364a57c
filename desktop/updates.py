"""Is a newer Zhangfang published? The desk asks the server it syncs with (``GET
/api/v1/version``) at most once a day, on a worker thread; any failure means "nothing to
say": an update notice must never get in the way of the books."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__

if TYPE_CHECKING:
    import httpx

VERSION_PATH = "/api/v1/version"
#: how often the desk asks
INTERVAL = timedelta(days=1)
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Update:
    version: str
    url: str


def version_key(text: str) -> tuple[int, ...] | None:
    """``1.2.10`` → (1, 2, 10); None for anything that is not dotted numbers."""
    if not re.fullmatch(r"\d+(\.\d+)*", text.strip()):
        return None
    return tuple(int(part) for part in text.strip().split("."))


def newer(published: str, current: str = __version__) -> bool:
    mine, theirs = version_key(current), version_key(published)
    return mine is not None and theirs is not None and theirs > mine


def due(stamp: Path, now: datetime) -> bool:
    """True when the last check (the stamp file's time) was a day ago or more, or never."""
    try:
        last = datetime.fromisoformat(stamp.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return True
    return now - last >= INTERVAL or last > now


def mark(stamp: Path, now: datetime) -> None:
    stamp.write_text(now.astimezone(UTC).isoformat(), encoding="utf-8")


def check(server: str, client: httpx.Client | None = None) -> Update | None:
    """The server's published version when newer than this one; None otherwise, and on any
    failure (no answer, an old server without the route, a malformed answer).

    httpx is loaded here, on the worker thread that asks, not when the window starts."""
    import httpx

    url = server.rstrip("/") + VERSION_PATH
    try:
        if client is None:
            with httpx.Client(timeout=TIMEOUT_SECONDS) as own:
                answer = own.get(url)
        else:
            answer = client.get(url)  # with its own timeout
        if answer.status_code != 200:
            return None
        body = answer.json()
        version, link = str(body.get("version") or ""), str(body.get("url") or "")
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    if not newer(version) or not link.startswith(("https://", "http://")):
        return None
    return Update(version, link)
