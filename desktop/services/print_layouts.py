"""Print layouts kept in the ledger: read, save, reset to default, export and import.

Why in the ledger and through intents: every desk, and the server once synced, must print
a bill the same way, so a layout is firm data like a customer. A layout is stored whole
(its body) and a save replaces it whole: applied again in the server's order on every
copy, the last save to reach the server wins everywhere. Its id comes from what it is for
(kind, paper, name), so the same layout saved on two desks offline is one row everywhere.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import PrintLayout
from desktop.printing.layout_catalog import KINDS
from desktop.printing.layouts import (
    DEFAULT_NAME,
    Layout,
    default_layout,
    from_body,
    from_file,
    paper_of,
    pick_layout,
    to_file,
    validate,
)
from desktop.printing.paper import PAPERS
from desktop.services.uow import UnitOfWork, intent_entry

_NAMESPACE = uuid.UUID("6f1d5a52-6c1e-4b8e-9a51-7a6e1f0c2d10")


def layout_id(kind: str, paper: str, name: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{kind}/{paper}/{name}")


@dataclass(frozen=True)
class LayoutEntry:
    """A layout as listed: saved (with its version) or the built-in default."""

    layout: Layout
    saved: bool
    version: int = 0


def _row(session: Session, kind: str, paper: str, name: str) -> PrintLayout | None:
    return session.scalar(
        select(PrintLayout).where(
            PrintLayout.kind == kind, PrintLayout.paper == paper, PrintLayout.name == name
        )
    )


def get_layout(session: Session, kind: str, paper: str, name: str | None = None) -> Layout:
    """The layout a print of ``kind`` on ``paper`` uses (:func:`pick_layout`)."""

    def saved(kind: str, paper: str, name: str) -> dict | None:
        row = _row(session, kind, paper, name)
        return row.body if row is not None else None

    return pick_layout(kind, paper, name, saved)


def list_layouts(
    session: Session, kind: str | None = None, paper: str | None = None
) -> list[LayoutEntry]:
    """Every saved layout, plus the built-in default of each kind and paper with none saved
    under 默认 (restricted to ``kind``/``paper`` when given)."""
    paper_key = paper_of(paper).key if paper else None
    query = select(PrintLayout).order_by(PrintLayout.kind, PrintLayout.paper, PrintLayout.name)
    rows = list(session.scalars(query))
    out: list[LayoutEntry] = []
    for k in KINDS if kind is None else (kind,):
        for p in PAPERS if paper_key is None else (paper_key,):
            mine = [r for r in rows if r.kind == k and r.paper == p]
            if not any(r.name == DEFAULT_NAME for r in mine):
                out.append(LayoutEntry(default_layout(k, p), saved=False))
            out += [
                LayoutEntry(from_body(r.kind, r.paper, r.name, r.body), True, r.version)
                for r in mine
            ]
    return out


@intent_entry
def save_layout(uow: UnitOfWork, layout: Layout, version: int | None = None) -> PrintLayout:
    """Store ``layout`` (validated) in place of any saved under its kind, paper and name.

    ``version`` is given when a save made elsewhere is applied again: the copy then holds
    the very version the original save made.
    """
    layout = validate(layout)
    row = _row(uow.session, layout.kind, layout.paper, layout.name)
    if row is None:
        row = PrintLayout(
            id=layout_id(layout.kind, layout.paper, layout.name),
            kind=layout.kind,
            paper=layout.paper,
            name=layout.name,
            body=layout.body(),
            version=version or 1,
        )
        uow.session.add(row)
    else:
        row.body = layout.body()
        row.version = version if version is not None else row.version + 1
    uow.session.flush()
    uow.record(
        "print_layout.save",
        {
            "kind": row.kind,
            "paper": row.paper,
            "name": row.name,
            "body": row.body,
            "version": row.version,
        },
    )
    return row


@intent_entry
def reset_layout(uow: UnitOfWork, kind: str, paper: str, name: str = DEFAULT_NAME) -> bool:
    """Back to the built-in default: the saved layout goes (True when there was one)."""
    default_layout(kind, paper)  # refuses an unknown kind or paper plainly
    paper = paper_of(paper).key
    row = _row(uow.session, kind, paper, name)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()
    uow.record("print_layout.reset", {"kind": kind, "paper": paper, "name": name})
    return row is not None


def export_layout(session: Session, kind: str, paper: str, name: str | None = None) -> str:
    """The layout as the small JSON file a dealer hands to another shop."""
    return to_file(get_layout(session, kind, paper, name))


def import_layout(uow: UnitOfWork, raw: bytes, name: str | None = None) -> PrintLayout:
    """Store a layout read from a file: validated whole first, so a crafted or damaged file
    is refused with nothing stored. ``name`` saves it under another name."""
    layout = from_file(raw)
    if name:
        layout = layout.with_(name=name)
    return save_layout(uow, layout)
