"""Streaming a big history file: lines kept as small tuples, rows rebuilt on demand.

The streamed path decides exactly what :class:`HistoryHandler` decides on the whole grid
(the tests compare both); it only keeps less in memory.
"""

from __future__ import annotations

import uuid
from array import array
from collections.abc import Sequence
from decimal import Decimal
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from desktop.ids import new_hex, new_id
from desktop.importing.header import DataRow
from desktop.importing.kinds.base import Context
from desktop.importing.kinds.bulk_rows import Figures, LineRow
from desktop.importing.kinds.history import (
    PRODUCT_KEY,
    HistoryHandler,
    _existing_refs,
    line_figures,
)
from desktop.importing.kinds.history_figures import MAX_BASE8, NOT_YET, Scaled, no_discount
from desktop.importing.kinds.history_returns import (
    Planned,
    as_return,
    enabled,
    make_returns,
    terms_of,
)
from desktop.importing.kinds.history_rules import (
    Occurrences,
    fingerprint,
    product_part,
    rounded_by,
    values_fingerprint,
)
from desktop.importing.kinds.history_stream_bills import check_bills
from desktop.importing.kinds.history_stream_early import EarlyLines, written_early
from desktop.importing.kinds.history_stream_rows import LineRows
from desktop.importing.kinds.products import match_line_product, product_of_line
from desktop.importing.mapping import Mapping
from desktop.importing.rows import NEW, ParsedColumns, Row, parse_columns
from desktop.money import FEN, PRICE_SCALE, quantize
from desktop.services.uow import UnitOfWork


class HistoryStream:
    """A history import fed in chunks of parsed rows, each line kept as one small tuple.

    Same decisions as :meth:`HistoryHandler.evaluate` / :meth:`HistoryHandler.apply`
    (``tests`` compare the two), for files too big to keep a Row object per line.
    """

    def __init__(
        self,
        handler: HistoryHandler,
        session: Session,
        ctx: Context,
        *,
        writing: bool = True,
        early: bool = False,
    ) -> None:
        """``writing``: the import will be written (:meth:`apply`); a preview or dry run
        leaves the bills unbuilt. ``early`` (when writing, in a unit whose references are
        checked at commit): the lines go in while the file is read (``history_stream_early``).
        """
        self.h = handler
        self.ctx = ctx
        handler.begin(session, ctx)
        # the references imported before, read before any line of this import goes in
        self.existing = _existing_refs(session, f"imp:{handler.flow}:")  # ref → total, lines
        self.early = EarlyLines(session) if writing and early else None
        self.lines: list[_Kept] = []  # per line
        # per bill, built as its lines come (see _Bill): the writing left for the end is
        # little more than numbering the bills
        self.bills: dict[str, list[Any]] | None = {} if writing else None
        self._hexes: dict[Any, str] = {}  # product (id, or key of one to create) → id as hex
        self._new_ids: dict[Any, uuid.UUID] = {}  # ids chosen for products to create
        self._refs: dict[str, str] = {}  # bill number → ref
        self.links: dict[str, str | None] = {}  # ref of a return → its bill (finish)
        # lines' terms, return plans, returns apart from their bill: see history_returns
        self._terms: dict[tuple[Any, ...], tuple[Any, ...]] | None = {} if enabled(ctx) else None
        self.plans: dict[str, Planned] = {}
        self.apart: set[str] = set()
        self.ok = bytearray()
        self.outcomes = bytearray()
        self.excel_rows = array("l")
        self.kept: dict[int, Row] = {}
        self._occurrences = Occurrences(handler.flow)
        self.blank = bytearray()  # per line: it names no party
        self.rounded: dict[int, Decimal] = {}  # excel row → what rounding to the fen changed
        self._dates: dict[Any, Any] = {}
        self._scaled = Scaled()

    def add_chunk(self, data_rows: list[DataRow], mapping: Mapping) -> None:
        """Parse and evaluate a chunk of data rows, keeping one tuple per line.

        Ordinary lines (known party and product, a unit it has, figures that agree) are
        worked out here on scaled integers; any other line goes through
        :meth:`HistoryHandler.evaluate_rows`, which words every problem and note.
        """
        self.add_parsed(parse_columns(data_rows, mapping, self.h.fields))

    def add_parsed(self, parsed: ParsedColumns) -> None:
        """:meth:`add_chunk` for a chunk already parsed (by a reader process, say)."""
        self._append_all(self._chunk_lines(parsed))
        if self.early is not None:
            self.early.flush()
        self.blank.extend(
            [
                not code and not name
                for code, name in zip(
                    parsed.column("party_code"), parsed.column("party"), strict=True
                )
            ]
        )

    def _row_path(self, parsed: ParsedColumns, j: int) -> _Item:
        row = parsed.row(j)
        self.h.evaluate_rows([row], self.ctx)
        return self._item_of(row)

    def _chunk_lines(self, parsed: ParsedColumns) -> list[_Item]:
        """Every line of the chunk worked out, in order: the ordinary ones here, on scaled
        integers; any other through the row path (:meth:`_row_path`), before the next line
        is read, since the records it plans (new ones are known from their first line on)
        are in the caches the next lines are read with."""
        parties, products, info, party_cache, product_cache = self.ctx.state["history_lookup"]
        col = parsed.column
        positions: Sequence[int] = range(len(parsed.excel_rows))
        excel_rows = parsed.excel_rows
        row_path = self._row_path
        # records already in the ledger: each key not in the caches looked up once (in the
        # loop, where the key is hashed anyway), as the row path would
        missed_parties: set[Any] = set()
        missed_products: set[Any] = set()
        qkeys = zip(*map(col, PRODUCT_KEY), strict=True)
        problems = parsed.problems
        default_rate = self.ctx.default_tax_rate
        scale4 = self._scaled.scale4
        known_lines, line_of = self._scaled.lines, self._scaled.line
        out: list[Any] = []  # an _Item per line; None until the row path has the line
        j = -1
        columns = zip(
            positions,
            excel_rows,
            col("doc_number"),
            col("doc_date"),
            zip(col("party_code"), col("party"), strict=True),
            qkeys,
            col("unit"),
            col("tax_rate"),
            col("qty"),
            col("unit_price"),
            col("amount"),
            zip(col("salesperson"), col("notes"), col("discount"), strict=True),
            strict=True,
        )
        for (
            j,
            excel_row,
            number,
            d,
            pkey,
            qkey,
            unit,
            rate,
            qty,
            price,
            amount,
            extra,
        ) in columns:
            if out and out[-1] is None:  # the line before is the row path's, and goes first
                out[-1] = row_path(parsed, j - 1)
            out.append(None)
            if j in problems:
                continue
            party = party_cache.get(pkey)
            if party is None and pkey not in missed_parties:
                match = parties.match(*pkey)
                if match.found:
                    party = party_cache[pkey] = match.id
                else:
                    missed_parties.add(pkey)
            product = product_cache.get(qkey)
            if product is None and qkey not in missed_products:
                match = match_line_product(
                    products, product_of_line(dict(zip(PRODUCT_KEY, qkey, strict=True)))
                )
                if match.found:
                    product = product_cache[qkey] = match.id
                else:
                    missed_products.add(qkey)
            salesperson, notes, discount = extra
            if discount is not None and price is not None and not no_discount(discount):
                continue  # the row path reads it (see history.discount_off)
            if party is None or product is None:
                continue
            given = (unit, price)  # as the file has them, for the fingerprint
            known = info.get(product)
            base_unit, packs, p_rate = (unit or "个", _NO_PACKS, None) if known is None else known
            unit = unit or base_unit
            factor4 = 10_000 if unit == base_unit else scale4(packs.get(unit))
            if factor4 is None or not qty or (price is None and amount is None):
                continue
            if price is None:
                price = quantize(amount / qty, PRICE_SCALE)
            if rate is None:
                rate = p_rate if p_rate is not None else default_rate
            scaled = known_lines.get((qty, price, rate), NOT_YET)
            if scaled is NOT_YET:
                scaled = line_of(qty, price, rate)
            if scaled is None:
                continue
            q4, p6, r6, net, tax, total = scaled
            base8 = q4 * factor4
            if base8 % 10_000 or not -MAX_BASE8 < base8 < MAX_BASE8:
                continue
            if amount is not None and abs(Decimal(total).scaleb(-2) - amount) >= FEN:
                continue  # the row path words the note
            # the hot path: by position, in the order Figures declares its fields
            figures = _new_tuple(Figures, (unit, factor4, q4, p6, 0, r6, net, tax, total))
            out[-1] = (
                True,
                excel_row,
                number,
                d,
                party,
                product,
                figures,
                None
                if number
                else fingerprint(
                    d, pkey, product_part(*qkey[:6]), given[0], qty, given[1], amount, discount
                ),
                # whole fen unless quantity × price has more decimals
                rounded_by(qty * price, Decimal(total).scaleb(-2))
                if (q4 * p6) % 100_000_000
                else None,
                (salesperson, notes),
                None,
            )
        if out and out[-1] is None:
            out[-1] = row_path(parsed, j)
        return out

    def _item_of(self, row: Row) -> _Item:
        """A line evaluated by the row path, in the form :meth:`_chunk_lines` gives."""
        v = row.values
        texts = (v.get("salesperson"), v.get("notes"))
        mark = None
        if row.ok and not v.get("doc_number"):
            mark = values_fingerprint(v)
        if not row.ok:
            return (
                False,
                row.excel_row,
                v.get("doc_number"),
                v.get("doc_date"),
                None,
                None,
                None,
                None,
                None,
                texts,
                row,
            )
        c = row.changes
        figures = line_figures(row)
        return (
            True,
            row.excel_row,
            v.get("doc_number"),
            v.get("doc_date"),
            c["party"],
            row.target,
            figures,
            mark,
            c["rounded"],
            texts,
            row,
        )

    def _append_all(self, items: list[_Item]) -> None:
        """Keep the chunk's lines in order and add the good ones to their bills; what each
        line reads is held in locals (this runs once per line of the file)."""
        flow = self.h.flow
        refs, dates, rounded_at, terms_of_lines = self._refs, self._dates, self.rounded, self._terms
        keep, mark_ok = self.lines.append, self.ok.append
        bills, hexes, occurrence = self.bills, self._hexes, self._occurrences.ref
        early = None if self.early is None else self.early.pending.append
        existing = self.existing
        for item in items:
            ok, excel_row, number, d, party, product, figures, mark, rounded, texts, row = item
            d = dates.setdefault(d, d)
            if row is not None and (row.errors or row.notes):
                self.kept[excel_row] = row
            if not ok:
                ref = f"imp:{flow}:{number}" if number else ""
                keep(_Kept(excel_row, ref, d, None, None, None, number or "", 0, None))
                mark_ok(0)
                continue
            if number:
                known = refs.get(number)
                if known is None:  # one string per bill, not one per line
                    known = refs[number] = f"imp:{flow}:{number}"
                ref = known
            else:
                number = ""
                ref = occurrence(mark)
            if rounded is not None:
                rounded_at[excel_row] = rounded
            terms = None
            if terms_of_lines is not None:  # one tuple per distinct terms
                terms = terms_of_lines.setdefault(t := terms_of(figures), t)
            net, tax, total = figures[6:]  # Figures: ..., net, tax, total amount
            keep(
                _new_tuple(
                    _Kept, (excel_row, ref, d, party, product, total, number, figures[2], terms)
                )
            )
            mark_ok(1)
            if bills is None:
                continue
            bill = bills.get(ref)
            if bill is None:
                salesperson, notes = texts
                bill = bills[ref] = [new_hex(), party, d, number, salesperson or "", notes or ""]
                bill += [[], 0, 0, 0]
            product_hex = hexes.get(product)
            if product_hex is None:
                product_hex = hexes[product] = self._product_hex(product)
            rows: list[LineRow] = bill[_ROWS]
            # ``bulk_rows.line_row`` inlined (a call per line): keys, figures, notes; made by
            # tuple.__new__, without the Python-level __new__ a NamedTuple class call runs
            line = _new_tuple(
                LineRow, (new_hex(), bill[0], len(rows) + 1, product_hex, *figures, "")
            )
            rows.append(line)
            if early is not None and ref not in existing and written_early(line):
                early(line)
            bill[_NET] += net
            bill[_TAX] += tax
            bill[_SUM] += total

    def _product_hex(self, product: Any) -> str:
        if isinstance(product, uuid.UUID):
            return product.hex
        # a product to be created: its id is chosen now, for the lines that point to it
        ident = self._new_ids[product] = new_id()
        return ident.hex

    def retract(self, excel_rows: list[int]) -> None:
        gone = set(excel_rows)
        while self.lines and self.lines[-1].excel_row in gone:
            line = self.lines.pop()
            self.blank.pop()
            self.rounded.pop(line.excel_row, None)
            ok = self.ok.pop()
            if ok:
                self._occurrences.take_back(line.ref)
            if ok and self.bills is not None:
                # the latest line of its bill: take it off the bill again
                bill = self.bills[line.ref]
                row: LineRow = bill[_ROWS].pop()
                if self.early is not None and written_early(row):
                    self.early.take_back(row)
                bill[_NET] -= row.net_amount
                bill[_TAX] -= row.tax_amount
                bill[_SUM] -= row.total_amount
                if not bill[_ROWS]:
                    del self.bills[line.ref]
        for r in gone:
            self.kept.pop(r, None)

    def fail_line(self, i: int, zh: str, en: str, fld: str | None = None) -> None:
        excel_row = self.lines[i].excel_row
        row = self.kept.get(excel_row)
        if row is None:
            row = self.kept[excel_row] = Row(excel_row, {})
        row.fail(zh, en, None, fld)
        self.ok[i] = 0

    def finish(self, session: Session) -> None:
        """Bills: consistent lines, all-or-nothing, recognised when imported before."""
        early = self.early
        if early is not None:
            early.start_rebuild()  # SQLite builds the indexes while the bills are checked
        try:
            check_bills(self, session)
        finally:
            if early is not None:
                early.wait()

    @property
    def rows(self) -> Sequence[Row]:
        return LineRows(self)

    def has_new(self) -> bool:
        return 1 in self.outcomes

    def apply(self, uow: UnitOfWork) -> None:
        from desktop.importing.kinds.bulk import DocSpec, history_note, write_documents

        assert self.bills is not None, "a preview's stream is not written"
        lines, outcomes = self.lines, self.outcomes
        new_lines = list(compress(lines, map((1).__eq__, outcomes)))  # outcome 1: new
        used: set[Any] = set(map(attrgetter("party"), new_lines))
        used.update(map(attrgetter("product"), new_lines))
        new_refs: set[str] = set(map(attrgetter("ref"), new_lines))
        first = [outcomes.index(1)] if new_lines else []

        def first_row() -> Row | None:
            return self._row(lines[first[0]].excel_row) if first else None

        ids = self.h._create_used(uow, used, self.ctx, first_row, self._new_ids)
        docs = []
        firsts: dict[str, int] = {}  # excel row of each planned return's first line
        for i, line in enumerate(lines):
            if line.ref in self.plans and outcomes[i] == 1:
                firsts.setdefault(line.ref, line.excel_row)
        early = self.early
        stale: list[str] = []  # bills with lines written early that are not written
        for ref, bill in self.bills.items():
            if ref not in new_refs or ref in self.plans:  # those: the returns service's
                if early is not None and ref not in self.existing:
                    stale.append(bill[0])
                continue
            doc = DocSpec(
                ref=ref,
                party_id=ids.get(bill[1], bill[1]),
                doc_date=bill[2],
                number=bill[3],
                salesperson=bill[4],
                notes=bill[5],
                id=bill[0],
                rows=bill[_ROWS],
                totals=(bill[_NET], bill[_TAX], bill[_SUM]),
            )
            if early is not None:
                doc.unwritten = [row for row in bill[_ROWS] if not written_early(row)]
            if ref in self.links:  # a cancelled invoice: a return, its figures positive
                # (no line of it went early: all its quantities are negative)
                doc.returns, doc.source = True, self.links[ref]
                doc.rows = [as_return(row) for row in bill[_ROWS]]
                doc.unwritten = None
                doc.totals = (-bill[_NET], -bill[_TAX], -bill[_SUM])
            docs.append(doc)
        self.lines = []  # the report needs only row numbers and outcomes from here on
        self.bills = None
        if early is not None:
            early.drop_bills(stale)
        write_documents(uow, self.h.flow, docs, self.ctx)
        if early is not None:
            early.rebuild_indexes()  # before the returns service looks lines up
        made = {doc.ref: doc.id for doc in docs if doc.id is not None}
        make_returns(uow, self.plans, made, history_note(True), lambda ref: self._row(firsts[ref]))

    def _row(self, excel_row: int) -> Row:
        """The report's row for a line (made when it had nothing to say yet)."""
        row = self.kept.get(excel_row)
        if row is None:
            row = self.kept[excel_row] = Row(excel_row, {}, NEW)
        return row


class _Kept(NamedTuple):
    """What is kept of a line: enough to group, check and report it (total in fen)."""

    excel_row: int
    ref: str
    on: Any
    party: Any
    product: Any
    total: int | None
    number: str
    qty: int  # ×10⁴: all negative, the document is a return
    terms: tuple[Any, ...] | None  # what a return line shares with its bill's (terms_of)


_new_tuple = tuple.__new__
_NO_PACKS: dict[str, Any] = {}  # a product not in the ledger's lookups: no pack units (read only)

# _Bill: [id, party, date, number, salesperson, notes, rows (``bulk_rows.LineRow``), net, tax,
# total (fen)]
_ROWS, _NET, _TAX, _SUM = 6, 7, 8, 9
# An item on its way there: (ok, excel row, number, date, party, product, figures,
#  qty, price, (salesperson, notes), the Row when the row path made one)
_Item = tuple[Any, ...]
