"""The documents behind a report's figure: a :class:`Drill` filter read as a list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.money import MONEY_SCALE, from_scaled
from desktop.queries.db import uid
from desktop.reports.common import rows
from desktop.reports.region import region_of
from desktop.reports.table import Drill
from desktop.services.open_amounts import open_amount_sql


@dataclass(frozen=True)
class DrillDocument:
    id: uuid.UUID
    number: str
    kind: str
    doc_date: date
    party: str
    status: str
    total: Decimal


def documents(session: Session, drill: Drill, limit: int = 5000) -> list[DrillDocument]:
    """The documents a drill names, newest first (at most ``limit``); cancelled and draft
    documents never are behind a figure."""
    where = [
        "d.kind IN (" + ", ".join(f":k{i}" for i in range(len(drill.kinds))) + ")",
        "d.status NOT IN ('draft', 'cancelled')",
    ]
    params: dict[str, object] = {f"k{i}": k for i, k in enumerate(drill.kinds)}
    if drill.date_from is not None:
        where.append("d.doc_date >= :date_from")
        params["date_from"] = drill.date_from
    if drill.date_to is not None:
        where.append("d.doc_date <= :date_to")
        params["date_to"] = drill.date_to
    if drill.party_id is not None:
        where.append("d.party_id = :party")
        params["party"] = uid(drill.party_id)
    if drill.document_number is not None:
        where.append("d.number = :number")
        params["number"] = drill.document_number
    if drill.salesperson is not None:
        where.append("COALESCE(NULLIF(d.salesperson, ''), pa.salesperson, '') = :sp")
        params["sp"] = drill.salesperson
    if drill.product_id is not None:
        where.append(
            "EXISTS (SELECT 1 FROM document_line l WHERE l.document_id = d.id"
            " AND l.product_id = :product)"
        )
        params["product"] = uid(drill.product_id)
    if drill.category is not None:
        where.append(
            "EXISTS (SELECT 1 FROM document_line l JOIN product pr ON pr.id = l.product_id"
            " WHERE l.document_id = d.id AND pr.category = :category)"
        )
        params["category"] = drill.category
    if drill.open_only:
        until = ":date_to" if drill.date_to is not None else None
        where.append(f"{open_amount_sql('d', until)} > 0")
    found = rows(
        session,
        "SELECT d.id, d.number, d.kind, d.doc_date, COALESCE(pa.name, ''), d.status, d.total,"
        " COALESCE(pa.bill_to, ''), COALESCE(pa.ship_to, '')"
        " FROM document d LEFT JOIN party pa ON pa.id = d.party_id"
        f" WHERE {' AND '.join(where)} ORDER BY d.doc_date DESC, d.number DESC",
        **params,
    )
    out = []
    for doc_id, number, kind, on, party, status, total, bill_to, ship_to in found:
        if drill.region is not None and region_of(bill_to, ship_to) != drill.region:
            continue
        out.append(
            DrillDocument(
                uuid.UUID(str(doc_id)),
                number,
                kind,
                date.fromisoformat(on),
                party,
                status,
                from_scaled(int(total or 0), MONEY_SCALE),
            )
        )
        if len(out) >= limit:
            break
    return out
