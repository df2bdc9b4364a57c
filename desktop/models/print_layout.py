"""Print layouts saved in the ledger (``services.print_layouts``; the layout itself is
``desktop.printing.layouts``), so every desk and the server print alike."""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, IdMixin, TimestampMixin


class PrintLayout(IdMixin, TimestampMixin, Base):
    """How one kind of document prints on one paper, under a name (默认 is the one a print
    uses unless told otherwise). No row: the built-in default."""

    __tablename__ = "print_layout"
    __table_args__ = (UniqueConstraint("kind", "paper", "name", name="uq_print_layout_key"),)
    __audited__ = True

    #: a document kind (``DocKind``) or ``statement``
    kind: Mapped[str] = mapped_column(String(20))
    #: a paper key (``desktop.printing.paper.PAPERS``)
    paper: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(30))
    #: ``Layout.body()``: columns, wording, logo, seal, copies, rows, font
    body: Mapped[dict] = mapped_column(JSON)
    #: how many times it was saved: 1 for the first
    version: Mapped[int] = mapped_column(Integer, default=1)
