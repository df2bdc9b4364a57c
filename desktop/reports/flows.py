"""Sales and purchases by customer/supplier, product, category, salesperson, region and
period, returns netted, with the same period last year beside it.

Read from the document lines posting wrote: bills add, returns take away, a red reversal
carries negated lines so it nets its original out (``common.DONE_STATUSES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.money import QTY_SCALE, ZERO, quantize
from desktop.reports.common import (
    DONE_SQL,
    PERIODS,
    Dimension,
    as_uuid,
    bad_choice,
    dimension,
    key_columns,
    last_year,
    money,
    period_a_year_later,
    period_bounds,
    period_of,
    period_sql,
    ratio,
    rows,
    scaled,
)
from desktop.reports.region import region_of
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.trade import PURCHASE, SALES, Flow


@dataclass
class FlowFigures:
    """One row's sums: base quantity, bills (incl. tax), returns (incl. tax), net of tax."""

    code: str
    name: str
    qty: Decimal = ZERO
    gross: Decimal = ZERO
    returns: Decimal = ZERO
    net_ex_tax: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.gross - self.returns

    def add(self, other: FlowFigures) -> None:
        self.qty += other.qty
        self.gross += other.gross
        self.returns += other.returns
        self.net_ex_tax += other.net_ex_tax


def flow_figures(
    session: Session,
    flow: Flow,
    dim: Dimension | None,
    period: str | None,
    start: date,
    end: date,
) -> dict[tuple[str, str], FlowFigures]:
    """Σ per (period key, dimension key) of the flow's bill and return lines in [start, end]."""
    key = dim.key_sql if dim else "''"
    found = rows(
        session,
        f"SELECT {period_sql(period, 'd.doc_date')} AS per, {key} AS k,"
        " SUM(CASE WHEN d.kind = :bill THEN l.total_amount ELSE 0 END),"
        " SUM(CASE WHEN d.kind = :bill THEN 0 ELSE l.total_amount END),"
        " SUM(CASE WHEN d.kind = :bill THEN l.net_amount ELSE -l.net_amount END),"
        " SUM(CASE WHEN d.kind = :bill THEN 1 ELSE -1 END * l.qty * l.unit_factor)"
        f" FROM document d JOIN document_line l ON l.document_id = d.id{joins_for(key)}"
        f" WHERE d.kind IN (:bill, :ret) AND d.status IN {DONE_SQL}"
        " AND d.doc_date >= :start AND d.doc_date <= :end GROUP BY per, k",
        bill=flow.bill,
        ret=flow.ret,
        start=start,
        end=end,
    )
    out: dict[tuple[str, str], FlowFigures] = {}
    labels = names_of(session, dim, {str(r[1] or "") for r in found})
    for per, k, gross, returns, net_ex, qty in found:
        code_, name_ = labels.get(str(k or ""), ("", str(k or "")))
        out[(per or "", str(k or ""))] = FlowFigures(
            code_,
            name_,
            quantize(scaled(qty, 2 * QTY_SCALE), QTY_SCALE),
            money(gross),
            money(returns),
            money(net_ex),
        )
    if dim is not None and dim.name == "region":
        out = _by_region(session, out)
    return out


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
    """Code and name of each key: a party's or a product's; a category or salesperson is
    its own name."""
    if dim is None or dim.name in ("category", "salesperson"):
        return {}
    table = "product" if dim.name == "product" else "party"
    found = rows(session, f"SELECT id, code, name FROM {table}")
    return {str(i): (code, name) for i, code, name in found if str(i) in keys}


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
    before = flow_figures(session, flow, dim, params.period, ly_start, ly_end)
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
    kinds = (flow.bill, flow.ret)
    table_rows = []
    for per, k in sorted(set(now) | set(earlier), key=lambda pk: _order(pk, now, earlier)):
        f = now.get((per, k))
        ly = earlier.get((per, k))
        if f is None:
            f = FlowFigures(ly.code if ly else "", ly.name if ly else "")
        ly_net = ly.net if ly else ZERO
        cells: dict[str, object] = {}
        if params.period:
            cells["period"] = per
        if dim is not None:
            if any(c.key == "code" for c in columns):
                cells["code"] = f.code
            cells["name"] = f.name or ("（未填）" if dim.name == "salesperson" else f.name)
        cells.update(
            qty=f.qty,
            gross=f.gross,
            returns=f.returns,
            net=f.net,
            net_ex_tax=f.net_ex_tax,
            last_year=ly_net,
            growth=ratio(f.net - ly_net, ly_net) if ly_net > 0 else None,
        )
        lo, hi = period_bounds(per, start, end)
        drill = _drill(kinds, lo, hi, dim, k)
        ly_drill = drill.with_dates(last_year(lo), last_year(hi))
        table_rows.append(ReportRow(cells, drill, {"last_year": ly_drill}))
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


def _order(
    pk: tuple[str, str],
    now: dict[tuple[str, str], FlowFigures],
    earlier: dict[tuple[str, str], FlowFigures],
) -> tuple[str, Decimal, str]:
    """Period first; within it the biggest net first, then by code."""
    f = now.get(pk) or earlier.get(pk)
    net = f.net if f and pk in now else ZERO
    return (pk[0], -net, f.code + f.name if f else "")


def _drill(kinds: tuple[str, ...], lo: date, hi: date, dim: Dimension | None, key: str) -> Drill:
    if dim is None:
        return Drill(kinds, lo, hi)
    if dim.name in ("customer", "supplier"):
        return Drill(kinds, lo, hi, party_id=as_uuid(key))
    if dim.name == "product":
        return Drill(kinds, lo, hi, product_id=as_uuid(key))
    if dim.name == "category":
        return Drill(kinds, lo, hi, category=key)
    if dim.name == "salesperson":
        return Drill(kinds, lo, hi, salesperson=key)
    return Drill(kinds, lo, hi, region=key)


def sales(session: Session, params: ReportParams) -> ReportTable:
    return _report(session, params, SALES)


def purchases(session: Session, params: ReportParams) -> ReportTable:
    return _report(session, params, PURCHASE)
