"""An open ledger file: the engine, a session factory and who works at which desk."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import LocalSetting
from desktop.models.db import open_engine
from desktop.services.uow import UnitOfWork, unit_of_work

DEFAULT_DESK = "A"


class Ledger:
    """Hands out read sessions and units of work on one ledger file."""

    def __init__(self, engine: Engine, path: Path, actor: str | None = None) -> None:
        self.engine = engine
        self.path = path
        self.actor = actor or _default_actor()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.desk = self.local_setting("desk_code") or DEFAULT_DESK

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, actor: str | None = None) -> Ledger:
        path = Path(path)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        return cls(open_engine(path, create=create), path, actor)

    def session(self) -> Session:
        """A session for reading; the caller closes it."""
        return self._sessions()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """One change, committed whole or not at all."""
        with unit_of_work(self._sessions(), self.actor, self.desk) as uow:
            yield uow

    def local_setting(self, key: str) -> str | None:
        with self.read() as session:
            row = session.get(LocalSetting, key)
            return row.value if row else None

    def set_local_setting(self, key: str, value: str) -> None:
        with self.read() as session:
            session.merge(LocalSetting(key=key, value=value))
            session.commit()
        if key == "desk_code":
            self.desk = value

    def close(self) -> None:
        self.engine.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "user"


def settings_keys(session: Session) -> list[str]:
    return list(session.scalars(select(LocalSetting.key)))
