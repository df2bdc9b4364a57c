"""Import bookkeeping: each import is a batch that can be undone as a whole, and the
user's column mappings are remembered per header layout."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.codes import ImportState
from desktop.models.base import Base, IdMixin, utcnow


class ImportBatch(IdMixin, Base):
    __tablename__ = "import_batch"

    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(Text, default="")
    sheet: Mapped[str] = mapped_column(String(120), default="")
    #: new / updated / unchanged / skipped / error counts
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    #: an :class:`ImportState`
    state: Mapped[str] = mapped_column(String(10), default=ImportState.APPLIED)
    #: the backup taken just before the import
    backup_path: Mapped[str] = mapped_column(Text, default="")


class ImportMapping(Base):
    """A user's column mapping for one header layout (see importing.mapping.layout_key)."""

    __tablename__ = "import_mapping"

    layout_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    mapping: Mapped[dict] = mapped_column(JSON)
    used_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
