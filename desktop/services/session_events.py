"""Session events heard once for every session and passed to the object a session carries.

Listening on each unit's own session, and removing the listener after, cost a measurable
part of a small unit's work; listening once on :class:`Session` and finding the interested
object in the session's ``info`` costs a dictionary look-up per event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session


def route(name: str, key: str, method: str) -> None:
    """On every session's event ``name``, call ``info[key].method(*the event's arguments)``
    when the session's ``info`` holds ``key`` (else nothing)."""

    def listener(*args: Any) -> None:
        first = args[0]
        session = first.session if isinstance(first, ORMExecuteState) else first
        target = session.info.get(key)
        if target is not None:
            getattr(target, method)(*args)

    event.listen(Session, name, listener)
