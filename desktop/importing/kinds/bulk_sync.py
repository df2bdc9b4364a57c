"""The sync intent of imported bills (``import.bills``): written beside the bills by
:func:`bulk.write_documents`, expanded with the bills' rows when it leaves the desk, and
turned back into the bills on another copy of the ledger."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from desktop.importing.deleted_bills import deleted_bills, stored_bills
from desktop.importing.kinds.base import Context, ImportOptions
from desktop.importing.kinds.bulk import DocSpec, history_note
from desktop.importing.kinds.bulk_rows import DocRow, LineRow
from desktop.models import DocKind
from desktop.services.uow import UnitOfWork

RETURNS = (DocKind.SALES_RETURN, DocKind.PURCHASE_RETURN)


def record_bills(
    uow: UnitOfWork,
    ctx: Context,
    flow: str,
    part: tuple[int, int],
    bills: list[tuple[str, int, str]],
) -> None:
    """The sync intent of imported bills, one part per slice of bills written: each bill's
    id, its place in numbering order and its reference. The bills and their lines are
    written in this same transaction and never change (an undo that deletes some keeps
    their rows in its audit entries), so the outbox reader adds their rows when the
    intent leaves the desk (:func:`expand_bills`) instead of the import writing every line
    twice; another copy then writes the same bills (same ids and numbers) by the same
    rules once it has every part (``import.bills``)."""
    args = {
        "batch": ctx.batch_id.hex if ctx.batch_id else None,
        "flow": flow,
        "move_stock": ctx.options.move_stock,
        "post_balances": ctx.options.post_balances,
        "part": part[0],
        "parts": part[1],
        "bills": bills,
        "made": [],
    }
    uow.record_text("import.bills", json.dumps(args, ensure_ascii=False, separators=(",", ":")))


def expand_bills(conn: Any, args: dict[str, Any]) -> dict[str, Any]:
    """An ``import.bills`` intent with the rows of its bills and their lines, as written
    (``document`` and ``document_line`` columns by name), ready to be applied elsewhere;
    bills an undo deleted since come from the audit trail (``deleted_bills``)."""
    if "documents" in args:
        return args
    ids = [bill[0] for bill in args["bills"]]
    documents, lines = stored_bills(conn, ids)
    found = {row[0] for row in documents}
    gone = [i for i in ids if i not in found]
    if gone:
        more_documents, more_lines = deleted_bills(conn, gone)
        documents += more_documents
        lines += more_lines
    return {
        **args,
        "document_columns": list(DocRow._fields),
        "line_columns": list(LineRow._fields),
        "documents": documents,
        "lines": lines,
    }


def bills_from_parts(parts: list[dict[str, Any]]) -> tuple[str, Context, list[DocSpec]]:
    """The bills an ``import.bills`` intent wrote, from all its parts, as ``write_documents``
    takes them (with the numbers they were given), and the import's options."""
    first = parts[0]
    flow = first["flow"]
    post = bool(first["post_balances"])
    prefix = history_note(post)
    docs: list[DocSpec] = []
    for part in parts:
        keys = {bill_id: (rank, ref) for bill_id, rank, ref in part["bills"]}
        doc_fields, line_fields = part["document_columns"], part["line_columns"]
        lines: dict[str, list[LineRow]] = defaultdict(list)
        for values in part["lines"]:
            row = LineRow(**dict(zip(line_fields, values, strict=True)))
            lines[row.document_id].append(row)
        for values in part["documents"]:
            doc = dict(zip(doc_fields, values, strict=True))
            notes = doc["notes"]
            own = notes[len(prefix) + 1 :] if notes.startswith(prefix + "；") else ""
            rank, ref = keys[doc["id"]]
            docs.append(
                DocSpec(
                    ref=ref,
                    party_id=uuid.UUID(doc["party_id"]),
                    doc_date=date.fromisoformat(doc["doc_date"]),
                    number=doc["reference"],
                    salesperson=doc["salesperson"],
                    notes=own,
                    id=doc["id"],
                    rows=sorted(lines[doc["id"]], key=lambda r: r.line_no),
                    totals=(doc["net_total"], doc["tax_total"], doc["total"]),
                    given_number=doc["number"],
                    given_rank=rank,
                    returns=doc["kind"] in RETURNS,
                    source=doc.get("source_id"),
                )
            )
    options = ImportOptions(move_stock=bool(first["move_stock"]), post_balances=post)
    batch = uuid.UUID(first["batch"]) if first["batch"] else None
    return flow, Context(options, batch_id=batch), docs
