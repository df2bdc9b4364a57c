"""Sales and purchases by customer/supplier, product, category, salesperson, region and
period, returns netted, with the same period last year beside it.

Read from the document lines posting wrote: bills add, returns take away, a red reversal
carries negated lines so it nets its original out (``common.DONE_STATUSES``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from desktop.money import MONEY_SCALE, QTY_SCALE, ZERO
from desktop.reports.common import (
    DONE_SQL,
    PERIODS,
    Dimension,
    as_uuid,
    bad_choice,
    dimension,
    id_of,
    key_columns,
    last_year,
    period_a_year_later,
    period_bounds,
    period_of,
    period_sql,
    ratio,
    rows,
)
from desktop.reports.region import region_of
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.flow_kinds import PURCHASE, SALES, Flow


@dataclass(slots=True)
class FlowFigures:
    """One row's sums: base quantity, bills (incl. tax), returns (incl. tax), net of tax,
    and bills less returns (incl. tax). Read with ``net_only``, only the net is summed and
    the other figures stay 0."""

    code: str
    name: str
    qty: Decimal = ZERO
    gross: Decimal = ZERO
    returns: Decimal = ZERO
    net_ex_tax: Decimal = ZERO
    net: Decimal = ZERO

    def add(self, other: FlowFigures) -> None:
        self.qty += other.qty
        self.gross += other.gross
        self.returns += other.returns
        self.net_ex_tax += other.net_ex_tax
        self.net += other.net


_SUMS = (
    " SUM(CASE WHEN d.kind = :bill THEN 1 ELSE -1 END * l.qty * l.unit_factor) AS qty,"
    " SUM(CASE WHEN d.kind = :bill THEN l.total_amount ELSE 0 END) AS gross,"
    " SUM(CASE WHEN d.kind = :bill THEN 0 ELSE l.total_amount END) AS returns,"
    " SUM(CASE WHEN d.kind = :bill THEN l.net_amount ELSE -l.net_amount END) AS net_ex"
)
_NET = " SUM(CASE WHEN d.kind = :bill THEN l.total_amount ELSE -l.total_amount END) AS net"


def flow_figures(
    session: Session,
    flow: Flow,
    dim: Dimension | None,
    period: str | None,
    start: date,
    end: date,
    net_only: bool = False,
) -> dict[tuple[str, str], FlowFigures]:
    """Σ per (period key, dimension key) of the flow's bill and return lines in [start, end],
    each with the code and name its key shows (joined to the sums in the same query).
    ``net_only``: bills less returns only (last year's column)."""
    key = dim.key_sql if dim else "''"
    code_sql, name_sql, named = _labels(dim)
    sums = "g.net" if net_only else "g.qty, g.gross, g.returns, g.net_ex"
    found = rows(
        session,
        f"SELECT g.per, g.k, {code_sql}, {name_sql}, {sums} FROM"
        f" (SELECT {period_sql(period, 'd.doc_date')} AS per, {key} AS k,"
        f"{_NET if net_only else _SUMS}"
        f" FROM document d JOIN document_line l ON l.document_id = d.id{joins_for(key)}"
        f" WHERE d.kind IN (:bill, :ret) AND d.status IN {DONE_SQL}"
        f" AND d.doc_date >= :start AND d.doc_date <= :end GROUP BY per, k) g{named}",
        bill=flow.bill,
        ret=flow.ret,
        start=start,
        end=end,
    )
    out: dict[tuple[str, str], FlowFigures] = {}
    # sums of scaled integers read back as exact amounts (``common.money``, inlined: a
    # report converts tens of thousands of them)
    fen, base_qty, qty_step = -MONEY_SCALE, -2 * QTY_SCALE, Decimal(1).scaleb(-QTY_SCALE)
    dec, half_up = Decimal, ROUND_HALF_UP
    if net_only:
        for per, k, code_, name_, net in found:
            k = str(k or "")
            label = name_ if name_ is not None else k
            out[(per or "", k)] = FlowFigures(code_ or "", label, net=dec(net or 0).scaleb(fen))
    else:
        for per, k, code_, name_, qty, gross, returns, net_ex in found:
            k = str(k or "")
            g, r = dec(gross or 0).scaleb(fen), dec(returns or 0).scaleb(fen)
            out[(per or "", k)] = FlowFigures(
                code_ or "",
                name_ if name_ is not None else k,
                dec(qty or 0).scaleb(base_qty).quantize(qty_step, rounding=half_up),
                g,
                r,
                dec(net_ex or 0).scaleb(fen),
                g - r,
            )
    if dim is not None and dim.name == "region":
        out = _by_region(session, out)
    return out


def _labels(dim: Dimension | None) -> tuple[str, str, str]:
    """The code and name a key shows, as SQL over the grouped sums ``g``, and the join
    they need: a party's or a product's are its own (one join on the summed keys, not a
    look-up per row); a category or salesperson is its own name."""
    if dim is None or dim.name in ("category", "salesperson"):
        return "''", "g.k", ""
    table = "product" if dim.name == "product" else "party"
    return "n.code", "n.name", f" LEFT JOIN {table} n ON n.id = g.k"


def joins_for(key_sql: str) -> str:
    """The joins a dimension's key needs (none for a party or product id: a join over a
    million lines costs more than the sums)."""
    out = ""
    if "pr." in key_sql:
        out += " JOIN product pr ON pr.id = l.product_id"
    if "pa." in key_sql:
        out += " LEFT JOIN party pa ON pa.id = d.party_id"
    return out


def names_of(session: Session, dim: Dimension | None, keys: set[str]) -> dict[str, tuple[str, str]]:
    """Code and name of each key: a party's or a product's (only those asked for, in one
    query); a category or salesperson is its own name."""
    if dim is None or dim.name in ("category", "salesperson") or not keys:
        return {}
    table = "product" if dim.name == "product" else "party"
    found = rows(
        session,
        f"SELECT id, code, name FROM {table} WHERE id IN (SELECT value FROM json_each(:keys))",
        keys=json.dumps(sorted(keys)),
    )
    return {str(i): (code, name) for i, code, name in found}


def _by_region(
    session: Session, by_party: dict[tuple[str, str], FlowFigures]
) -> dict[tuple[str, str], FlowFigures]:
    """Fold per-party figures into the region each party's address names."""
    ids = {k for _per, k in by_party}
    addresses = {
        str(pid): region_of(bill_to or "", ship_to or "")
        for pid, bill_to, ship_to in rows(session, "SELECT id, bill_to, ship_to FROM party")
        if str(pid) in ids
    }
    out: dict[tuple[str, str], FlowFigures] = {}
    for (per, pid), figures in by_party.items():
        region = addresses.get(pid, region_of())
        target = out.setdefault((per, region), FlowFigures("", region))
        target.add(figures)
    return out


_BY = ("customer", "product", "category", "salesperson", "region")


def _report(session: Session, params: ReportParams, flow: Flow) -> ReportTable:
    sales = flow is SALES
    allowed = tuple(b if b != "customer" or sales else "supplier" for b in _BY)
    dim = dimension(params.by or allowed[0], allowed)
    if params.period is not None and params.period not in PERIODS:
        raise bad_choice("period", params.period, PERIODS)
    start, end = period_of(params)
    now = flow_figures(session, flow, dim, params.period, start, end)
    ly_start, ly_end = last_year(start), last_year(end)
    before = flow_figures(session, flow, dim, params.period, ly_start, ly_end, net_only=True)
    earlier = {(period_a_year_later(per), k): f for (per, k), f in before.items()}
    word_zh, word_en = ("销售", "Sales") if sales else ("采购", "Purchases")
    columns = [
        *key_columns(dim, params.period),
        ReportColumn("qty", "数量", "Quantity", "qty", total=True),
        ReportColumn("gross", f"{word_zh}额", f"{word_en}", "money", total=True),
        ReportColumn("returns", "退货额", "Returns", "money", total=True),
        ReportColumn("net", f"净{word_zh}额", f"Net {word_en.lower()}", "money", total=True),
        ReportColumn("net_ex_tax", "不含税净额", "Net of tax", "money", total=True),
        ReportColumn("last_year", "去年同期", "Same period last year", "money", total=True),
        ReportColumn("growth", "同比", "Change", "rate"),
    ]
    drills = PeriodDrills((flow.bill, flow.ret), start, end, dim, last_year=True)
    with_code = any(c.key == "code" for c in columns)
    unnamed = "（未填）" if dim is not None and dim.name == "salesperson" else ""
    keyed = []
    for pk, f in now.items():
        ly = earlier.get(pk)
        keyed.append((pk[0], -f.net, f.code + f.name, pk, f, ly.net if ly else ZERO))
    for pk, ly in earlier.items():
        if pk not in now:
            keyed.append(
                (pk[0], ZERO, ly.code + ly.name, pk, FlowFigures(ly.code, ly.name), ly.net)
            )
    keyed.sort(key=_first_three)
    table_rows = []
    for per, _net, _label, pk, f, ly_net in keyed:
        net = f.net
        cells: dict[str, object] = {}
        if params.period:
            cells["period"] = per
        if dim is not None:
            if with_code:
                cells["code"] = f.code
            cells["name"] = f.name or unnamed
        cells["qty"] = f.qty
        cells["gross"] = f.gross
        cells["returns"] = f.returns
        cells["net"] = net
        cells["net_ex_tax"] = f.net_ex_tax
        cells["last_year"] = ly_net
        cells["growth"] = ratio(net - ly_net, ly_net) if ly_net > 0 else None
        table_rows.append(ReportRow.lazy(cells, drills, pk))
    return ReportTable(
        "sales" if sales else "purchases",
        f"{word_zh}汇总",
        f"{word_en} summary",
        columns,
        table_rows,
        {
            "from": start,
            "to": end,
            "by": dim.name if dim else None,
            "period": params.period,
            "last_year_from": ly_start,
            "last_year_to": ly_end,
        },
    )


def _first_three(item: tuple[object, ...]) -> tuple[object, ...]:
    """Period first; within it the biggest net first (last year's only rows: as 0), then
    by code and name."""
    return item[:3]


class PeriodDrills:
    """The drills of a period report's rows, made from a row's (period key, dimension key)
    when the row's documents are asked for: this year's, and last year's beside them."""

    def __init__(
        self,
        kinds: tuple[str, ...],
        start: date,
        end: date,
        dim: Dimension | None,
        last_year: bool = False,
    ) -> None:
        self.kinds, self.start, self.end, self.dim = kinds, start, end, dim
        self.last_year = last_year

    def drills_of(self, key: tuple[str, str]) -> tuple[Drill | None, dict[str, Drill]]:
        per, k = key
        lo, hi = period_bounds(per, self.start, self.end)
        drill = _drill(self.kinds, lo, hi, self.dim, k)
        if not self.last_year:
            return drill, {}
        return drill, {"last_year": drill.with_dates(last_year(lo), last_year(hi))}


def _drill(kinds: tuple[str, ...], lo: date, hi: date, dim: Dimension | None, key: str) -> Drill:
    if dim is None:
        return Drill(kinds, lo, hi)
    # a party's or product's key is its stored id (32 hex digits), or "" for none
    if dim.name in ("customer", "supplier"):
        return Drill(kinds, lo, hi, party_id=id_of(key) if len(key) == 32 else as_uuid(key))
    if dim.name == "product":
        return Drill(kinds, lo, hi, product_id=id_of(key) if len(key) == 32 else as_uuid(key))
    if dim.name == "category":
        return Drill(kinds, lo, hi, category=key)
    if dim.name == "salesperson":
        return Drill(kinds, lo, hi, salesperson=key)
    return Drill(kinds, lo, hi, region=key)


def sales(session: Session, params: ReportParams) -> ReportTable:
    return _report(session, params, SALES)


def purchases(session: Session, params: ReportParams) -> ReportTable:
    return _report(session, params, PURCHASE)
