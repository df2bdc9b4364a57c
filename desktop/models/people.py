"""The people of the firm: who works at its desks, in which role (``services.people``)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.codes import Role
from desktop.models.base import Base, IdMixin, TimestampMixin


class Person(IdMixin, TimestampMixin, Base):
    """A person whose name documents carry (制单、经办) when they work at a desk."""

    __tablename__ = "person"
    __audited__ = True
    __secret__ = frozenset({"password_hash"})

    #: as shown and printed: spaces collapsed
    name: Mapped[str] = mapped_column(String(40))
    #: the name compared: no two people of the firm share it (``services.people.name_key``)
    name_key: Mapped[str] = mapped_column(String(40), unique=True)
    #: a :class:`Role`
    role: Mapped[str] = mapped_column(String(12), default=Role.CLERK)
    #: archived people stay on the documents they made but no longer work at a desk
    active: Mapped[bool] = mapped_column(default=True)
    #: their own password, hashed like the owner's (``services.owner``); empty: none. An
    #: owner has none: the firm's owner password is theirs. Never in the audit log.
    password_hash: Mapped[str] = mapped_column(Text, default="")
    #: the desk the person was added at
    desk: Mapped[str] = mapped_column(String(8), default="")
