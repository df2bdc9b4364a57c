"""Gross margin by product, customer, salesperson or category: sales net of tax less the
cost of the stock that left for them, at the moving-average cost each stock move carries
(``services.costing`` valued it when posting; nothing is valued again here).

Cost is the value the moves took out of stock — each move's quantity × cost kept to
1/10,000 yuan as the position's value moved — so Σ margin = net sales − Σ the sales moves'
value, whatever the cut. Lines sold below the cost of the goods behind them are counted,
and listed with ``by=line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.codes import DocKind, DocStatus
from desktop.money import PRICE_SCALE, QTY_SCALE, ZERO, from_scaled, quantize, round_money
from desktop.reports.common import (
    PERIODS,
    Dimension,
    bad_choice,
    dimension,
    key_columns,
    money,
    period_key,
    period_of,
    period_sql,
    ratio,
    rows,
)
from desktop.reports.flows import PeriodDrills, flow_figures, joins_for, names_of
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.costing import VALUE_SCALE
from desktop.services.flow_kinds import SALES

#: the documents whose stock moves are the cost of sales
SALES_MOVES = (DocKind.DELIVERY, DocKind.SALES_BILL, DocKind.SALES_RETURN)
_MOVE_KINDS = "(" + ", ".join(f"'{k}'" for k in SALES_MOVES) + ")"

#: one move's value in 1/10,000 yuan: quantity (4 decimals) × cost (6), half away from
#: zero — how ``costing.apply_move`` moved the position's value
MOVE_VALUE_SQL = (
    "(CASE WHEN m.qty * m.unit_cost >= 0 THEN (m.qty * m.unit_cost + 500000) / 1000000"
    " ELSE -((-(m.qty * m.unit_cost) + 500000) / 1000000) END)"
)


def cost_of_sales_sql(key_sql: str, period: str | None) -> str:
    """The query behind :func:`cost_of_sales`: (per, k, Σ value out) for the sales flow's
    moves in [:start, :end] — also read as a part of the stock report's one query. The moves
    are read first (``CROSS JOIN``), each looking up its document's kind: SQLite would
    otherwise walk every delivery, bill and return of the ledger's history and their moves
    to keep the period's."""
    key = key_sql.replace("l.product_id", "m.product_id")
    joins = joins_for(key).replace("l.product_id", "m.product_id")
    return (
        f"SELECT {period_sql(period, 'm.move_date')} AS per, {key} AS k,"
        f" SUM(-{MOVE_VALUE_SQL}) AS out FROM stock_move m"
        " CROSS JOIN document d ON d.id = m.document_id"
        f"{joins} WHERE d.kind IN {_MOVE_KINDS} AND m.move_date >= :start AND m.move_date <= :end"
        " GROUP BY per, k"
    )


def cost_of_sales(
    session: Session, dim: Dimension | None, period: str | None, start: date, end: date
) -> dict[tuple[str, str], Decimal]:
    """Σ per (period, key) of the value the sales flow's stock moves took out of stock
    (returns put back: negative), to 1/10,000 yuan."""
    found = rows(
        session, cost_of_sales_sql(dim.key_sql if dim else "''", period), start=start, end=end
    )
    out = {(per or "", str(k or "")): from_scaled(int(v or 0), VALUE_SCALE) for per, k, v in found}
    if dim is not None and dim.name == "region":
        from desktop.reports.region import region_of

        regions = {
            str(pid): region_of(a or "", b or "")
            for pid, a, b in rows(session, "SELECT id, bill_to, ship_to FROM party")
        }
        folded: dict[tuple[str, str], Decimal] = {}
        for (per, pid), value in out.items():
            r = regions.get(pid, region_of())
            folded[(per, r)] = folded.get((per, r), ZERO) + value
        out = folded
    return out


@dataclass(frozen=True)
class BelowCost:
    """A bill line sold for less than the goods behind it cost."""

    document_id: str
    number: str
    doc_date: date
    party: str
    product_code: str
    product_name: str
    salesperson: str
    category: str
    qty: Decimal
    net: Decimal
    cost: Decimal
    key: dict[str, str]


def below_cost_lines(session: Session, start: date, end: date) -> list[BelowCost]:
    """Sales bill lines in [start, end] whose net amount is under their goods' cost: the
    moves of the line itself (a bill made without an order), else the deliveries of the
    order line it bills. Reversed bills and their reversals are left out."""
    # the cost behind each line, where a person would look: its own moves, else the moves
    # of the lines delivering the same order line (a bill of an order moves no stock, so
    # the only lines of an order line that carry moves are its deliveries); correlated
    # sub-selects on the moves' line index, materialised so each runs once per line
    found = rows(
        session,
        "WITH bl AS MATERIALIZED (SELECT d.id AS doc, l.product_id, l.qty * l.unit_factor AS"
        " qty8, l.net_amount, COALESCE((SELECT SUM(m.qty * m.unit_cost) * 1.0 / SUM(m.qty)"
        " FROM stock_move m WHERE m.line_id = l.id), (SELECT SUM(m.qty * m.unit_cost) * 1.0"
        " / SUM(m.qty) FROM document_line dl JOIN stock_move m ON m.line_id = dl.id"
        " WHERE dl.source_line_id = l.source_line_id)) AS c"
        " FROM document d JOIN document_line l ON l.document_id = d.id"
        " WHERE d.kind = :bill AND d.status IN (:posted, :closed) AND d.reverses_id IS NULL"
        " AND d.doc_date >= :start AND d.doc_date <= :end AND l.qty > 0)"
        " SELECT bl.doc, d.number, d.doc_date, d.party_id, COALESCE(pa.name, ''),"
        " bl.product_id, pr.code, pr.name, COALESCE(NULLIF(d.salesperson, ''),"
        " pa.salesperson, ''), pr.category, bl.qty8, bl.net_amount, bl.c FROM bl"
        " JOIN document d ON d.id = bl.doc JOIN product pr ON pr.id = bl.product_id"
        " LEFT JOIN party pa ON pa.id = d.party_id"
        # a float sieve; the exact comparison is made below in Decimal
        " WHERE bl.c IS NOT NULL AND bl.net_amount / 100.0 < bl.qty8 / 1e8 * bl.c / 1e6 + 0.01",
        bill=DocKind.SALES_BILL,
        posted=DocStatus.POSTED,
        closed=DocStatus.CLOSED,
        start=start,
        end=end,
    )
    out = []
    for doc_id, number, on, pid, pname, prod, code, name, sp, cat, qty8, net, cost6 in found:
        if cost6 is None:
            continue
        qty = quantize(from_scaled(int(qty8), 2 * QTY_SCALE), QTY_SCALE)
        unit_cost = Decimal(repr(cost6)).scaleb(-PRICE_SCALE)
        cost = round_money(qty * unit_cost)
        amount = money(net)
        if amount < cost:
            key = {"customer": str(pid), "product": str(prod), "salesperson": sp, "category": cat}
            out.append(
                BelowCost(
                    str(doc_id), number, date.fromisoformat(on), pname, code, name, sp, cat,
                    qty, amount, cost, key,
                )
            )  # fmt: skip
    return out


_BY = ("product", "customer", "salesperson", "category", "region", "line")


def margin(session: Session, params: ReportParams) -> ReportTable:
    by = params.by or "product"
    if by == "line":
        return _lines(session, params)
    dim = dimension(by, _BY[:-1])
    if params.period is not None and params.period not in PERIODS:
        raise bad_choice("period", params.period, PERIODS)
    start, end = period_of(params)
    sales = flow_figures(session, SALES, dim, params.period, start, end)
    costs = cost_of_sales(session, dim, params.period, start, end)
    below: dict[tuple[str, str], int] = {}
    if dim is None or dim.name != "region":
        for line in below_cost_lines(session, start, end):
            at = (period_key(line.doc_date, params.period), line.key[dim.name] if dim else "")
            below[at] = below.get(at, 0) + 1
    columns = [
        *key_columns(dim, params.period),
        ReportColumn("net_ex_tax", "销售收入（不含税）", "Sales net of tax", "money", total=True),
        ReportColumn("cost", "销售成本", "Cost of sales", "money", total=True),
        ReportColumn("margin", "毛利", "Gross margin", "money", total=True),
        ReportColumn("margin_rate", "毛利率", "Margin %", "rate"),
        ReportColumn("below_cost", "低于成本行数", "Lines below cost", "int", total=True),
    ]
    table_rows = []
    drills = PeriodDrills(
        (DocKind.SALES_BILL, DocKind.SALES_RETURN, DocKind.DELIVERY), start, end, dim
    )
    # rows with a cost but no sales in the period (goods delivered, not billed yet)
    unnamed = names_of(session, dim, {k for pk in costs if pk not in sales for k in pk[1:]})
    for per, k in sorted(set(sales) | set(costs)):
        f = sales.get((per, k))
        revenue = f.net_ex_tax if f else ZERO
        cost = round_money(costs.get((per, k), ZERO))
        cells: dict[str, object] = {}
        if params.period:
            cells["period"] = per
        if dim is not None:
            if any(c.key == "code" for c in columns):
                cells["code"] = f.code if f else ""
            cells["name"] = f.name if f else unnamed.get(k, ("", k))[1]
        count = below.get((per, k), 0)
        cells.update(
            net_ex_tax=revenue,
            cost=cost,
            margin=revenue - cost,
            margin_rate=ratio(revenue - cost, revenue),
            below_cost=count,
        )
        table_rows.append(
            ReportRow.lazy(cells, drills, (per, k), flags=("below_cost",) if count else ())
        )
    table_rows.sort(key=lambda r: (r.cells.get("period", ""), -r.cells["margin"]))
    return ReportTable(
        "margin",
        "毛利分析",
        "Gross margin",
        columns,
        table_rows,
        {"from": start, "to": end, "by": by, "period": params.period},
        [
            (
                "成本按出库时的移动加权平均成本计（库存流水所记）。",
                "Cost is the moving-average cost the stock moves carry.",
            )
        ],
    )


def _lines(session: Session, params: ReportParams) -> ReportTable:
    start, end = period_of(params)
    columns = [
        ReportColumn("date", "日期", "Date", "date"),
        ReportColumn("number", "单号", "Number", "code"),
        ReportColumn("party", "客户", "Customer"),
        ReportColumn("code", "商品编码", "Product code", "code"),
        ReportColumn("name", "商品名称", "Product"),
        ReportColumn("qty", "数量", "Quantity", "qty", total=True),
        ReportColumn("net", "不含税金额", "Net of tax", "money", total=True),
        ReportColumn("cost", "成本", "Cost", "money", total=True),
        ReportColumn("loss", "亏损", "Loss", "money", total=True),
    ]
    found = below_cost_lines(session, start, end)
    table_rows = [
        ReportRow(
            {
                "date": x.doc_date,
                "number": x.number,
                "party": x.party,
                "code": x.product_code,
                "name": x.product_name,
                "qty": x.qty,
                "net": x.net,
                "cost": x.cost,
                "loss": x.cost - x.net,
            },
            Drill((DocKind.SALES_BILL,), x.doc_date, x.doc_date, document_number=x.number),
            flags=("below_cost",),
        )
        for x in sorted(found, key=lambda x: (x.doc_date, x.number))
    ]
    return ReportTable(
        "margin",
        "低于成本销售明细",
        "Lines sold below cost",
        columns,
        table_rows,
        {"from": start, "to": end, "by": "line"},
    )
