"""Stock on hand and its value as of any date, turnover days, and slow movers.

Quantities and values come from ``services.stock.stock_list`` (the cached position for
today, the moves replayed by the costing rules for a past date); the cost of what left
comes from ``reports.margin.cost_of_sales`` — the same moves, the same values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from desktop.codes import DocKind
from desktop.money import PRICE_SCALE, QTY_SCALE, ZERO
from desktop.reports.common import DIMENSIONS, id_of, rows, scaled
from desktop.reports.margin import _MOVE_KINDS, cost_of_sales, cost_of_sales_sql
from desktop.reports.table import Drill, ReportColumn, ReportParams, ReportRow, ReportTable
from desktop.services.costing import AVG_COST_SQL, VALUE_SCALE, stock_value
from desktop.services.stock import stock_list

#: every kind of document that moves stock
STOCK_KINDS = (
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
    DocKind.STOCKTAKE,
)


@dataclass(frozen=True)
class Position:
    product_id: uuid.UUID
    code: str
    name: str
    category: str
    unit: str
    qty: Decimal
    avg_cost: Decimal
    value: Decimal


def positions(session: Session, as_of: date | None) -> list[Position]:
    """Every product's position: today's from the stored positions and the list screens'
    average (``costing.AVG_COST_SQL``) in one query; a past day's from
    ``stock.stock_list``, which replays the moves by the costing rules."""
    if as_of is not None:
        return [
            Position(r.product.id, r.product.code, r.product.name, r.product.category,
                     r.product.base_unit, r.qty, r.avg_cost, r.value)
            for r in stock_list(session, as_of=as_of)
        ]  # fmt: skip
    found = rows(
        session,
        "SELECT pr.id, pr.code, pr.name, pr.category, pr.base_unit, sb.qty, sb.value,"
        f" {AVG_COST_SQL} FROM product pr LEFT JOIN stock_balance sb ON sb.product_id = pr.id"
        " WHERE NOT pr.archived ORDER BY pr.code",
    )
    return [
        Position(uuid.UUID(str(pid)), code, name, category, unit, scaled(qty, QTY_SCALE),
                 scaled(avg, PRICE_SCALE), scaled(value, VALUE_SCALE))
        for pid, code, name, category, unit, qty, value, avg in found
    ]  # fmt: skip


def minimums(session: Session) -> dict[uuid.UUID, Decimal]:
    """Each product's minimum stock (``Product.min_stock``), those that have one."""
    return {
        uuid.UUID(str(pid)): scaled(qty, QTY_SCALE)
        for pid, qty in rows(
            session, "SELECT id, min_stock FROM product WHERE min_stock > 0 AND NOT archived"
        )
    }


def _as_of(params: ReportParams) -> date | None:
    """None (the cached position) unless a past date is asked for."""
    day = params.as_of or params.date_to
    return day if day is not None and day < date.today() else None


def _today_rows(session: Session, start: date, end: date) -> list[Any]:
    """Today's stored positions (``costing.AVG_COST_SQL``) with each product's minimum, and
    the value its sales moves took out over the window (``margin.cost_of_sales_sql``): two
    set-based queries, joined here by product id, in code order."""
    sold = {
        k: out
        for _per, k, out in rows(
            session,
            cost_of_sales_sql(DIMENSIONS["product"].key_sql, None),
            start=start,
            end=end,
        )
    }
    found = [
        (pid, code, name, category, unit, qty, value, avg, sold.get(pid), least)
        for pid, code, name, category, unit, qty, value, avg, least in rows(
            session,
            "SELECT pr.id, pr.code, pr.name, pr.category, pr.base_unit, sb.qty, sb.value,"
            f" {AVG_COST_SQL}, pr.min_stock FROM product pr"
            " LEFT JOIN stock_balance sb ON sb.product_id = pr.id WHERE NOT pr.archived",
        )
    ]
    found.sort(key=itemgetter(1))
    return found


def _past_rows(session: Session, day: date, start: date) -> list[Any]:
    """The same columns as :func:`_today_rows` for a past day: positions replayed by the
    costing rules (``stock.stock_list``)."""
    floor = minimums(session)
    out_cost = cost_of_sales(session, DIMENSIONS["product"], None, start, day)
    scale_v, scale_q = Decimal(10) ** VALUE_SCALE, Decimal(10) ** QTY_SCALE
    found = []
    for r in positions(session, day):
        sold = out_cost.get(("", r.product_id.hex))
        least = floor.get(r.product_id)
        found.append(
            (r.product_id.hex, r.code, r.name, r.category, r.unit, int(r.qty * scale_q),
             int(r.value * scale_v), int(r.avg_cost.scaleb(PRICE_SCALE)),
             int(sold * scale_v) if sold is not None else None,
             int(least * scale_q) if least is not None else 0)
        )  # fmt: skip
    return found


class ProductDrills:
    """A product row's documents (the stock moves' kinds up to the day), made from the
    product's id as stored when the row's drill is read."""

    def __init__(self, drill: Drill) -> None:
        self.drill = drill

    def drills_of(self, pid: str) -> tuple[Drill | None, dict[str, Drill]]:
        return self.drill.but(product_id=id_of(pid)), {}


def stock(session: Session, params: ReportParams) -> ReportTable:
    """Every product's stock and value as of the day, with its turnover days: the value
    divided by what left at cost per day over the window (the period given, else the 90
    days up to the day). A product under its minimum stock is flagged ``below_minimum``
    with the shortfall."""
    day = params.day()
    start = params.date_from or day - timedelta(days=89)
    days = (day - start).days + 1
    past = _as_of(params)
    found = _past_rows(session, past, start) if past else _today_rows(session, start, day)
    columns = [
        ReportColumn("code", "商品编码", "Code", "code"),
        ReportColumn("name", "商品名称", "Product"),
        ReportColumn("category", "类别", "Category"),
        ReportColumn("unit", "单位", "Unit"),
        ReportColumn("qty", "库存数量", "On hand", "qty", total=True),
        ReportColumn("avg_cost", "平均成本", "Average cost", "price"),
        ReportColumn("value", "库存金额", "Stock value", "money", total=True),
        ReportColumn("cost_out", "期间出库成本", "Cost sold in window", "money", total=True),
        ReportColumn("turnover_days", "周转天数", "Turnover days", "int"),
        ReportColumn("min_stock", "最低库存", "Minimum stock", "qty"),
        ReportColumn("shortfall", "低于最低", "Below minimum by", "qty", total=True),
    ]
    table_rows = []
    drills = ProductDrills(Drill(STOCK_KINDS, None, day))
    num, q, v, p = Decimal, -QTY_SCALE, -VALUE_SCALE, -PRICE_SCALE
    for pid, code, name, category, unit, qty4, value4, avg6, sold4, least4 in found:
        qty = num(qty4 or 0).scaleb(q)
        sold = stock_value(num(sold4).scaleb(v)) if sold4 else ZERO
        least = num(least4).scaleb(q) if least4 else None
        short = least - qty if least is not None and qty < least else None
        if not qty4 and not sold and short is None:
            continue
        value = stock_value(num(value4 or 0).scaleb(v))
        turnover = int(value * days / sold) if sold > 0 and value > 0 else None
        table_rows.append(
            ReportRow.lazy(
                {
                    "code": code,
                    "name": name,
                    "category": category,
                    "unit": unit,
                    "qty": qty,
                    "avg_cost": num(avg6 or 0).scaleb(p),
                    "value": value,
                    "cost_out": sold,
                    "turnover_days": turnover,
                    "min_stock": least,
                    "shortfall": short,
                },
                drills,
                pid,
                flags=(("negative",) if qty < 0 else ())
                + (("below_minimum",) if short is not None else ()),
            )
        )
    return ReportTable(
        "stock",
        "库存及周转",
        "Stock and turnover",
        columns,
        table_rows,
        {"as_of": day, "window_from": start, "window_days": days},
    )


#: a sale move of the product (``pr``) from ``:lo`` (exclusive) to ``:hi``
_SALE_MOVES = (
    " FROM stock_move m JOIN document d ON d.id = m.document_id WHERE m.product_id = pr.id"
    f" AND m.qty < 0 AND d.kind IN {_MOVE_KINDS}"
)


def _idle_today(session: Session, since: date, day: date) -> list[Any]:
    """Products in stock today (the stored positions) with no sale after ``since``: one
    query, each product's moves read through its (product, date) index."""
    return rows(
        session,
        "SELECT pr.id, pr.code, pr.name, sb.qty, sb.value,"
        f" (SELECT MAX(m.move_date){_SALE_MOVES} AND m.move_date <= :since)"
        " FROM product pr JOIN stock_balance sb ON sb.product_id = pr.id"
        " WHERE NOT pr.archived AND sb.qty > 0"
        f" AND NOT EXISTS (SELECT 1{_SALE_MOVES} AND m.move_date > :since AND m.move_date <= :day)"
        " ORDER BY pr.code",
        since=since,
        day=day,
    )


def _idle_past(session: Session, since: date, day: date) -> list[Any]:
    """The same for a past day, from the replayed positions."""
    last_sale = {
        str(pid): on
        for pid, on in rows(
            session,
            "SELECT m.product_id, MAX(m.move_date) FROM stock_move m"
            " JOIN document d ON d.id = m.document_id"
            f" WHERE d.kind IN {_MOVE_KINDS} AND m.qty < 0 AND m.move_date <= :day"
            " GROUP BY m.product_id",
            day=day,
        )
    }
    scale_v, scale_q = Decimal(10) ** VALUE_SCALE, Decimal(10) ** QTY_SCALE
    out = []
    for r in positions(session, day):
        last = last_sale.get(r.product_id.hex)
        if r.qty > 0 and (last is None or last <= since.isoformat()):
            out.append((r.product_id.hex, r.code, r.name, int(r.qty * scale_q),
                        int(r.value * scale_v), last))  # fmt: skip
    return out


def slow_movers(session: Session, params: ReportParams) -> ReportTable:
    """Products in stock as of the day that sold nothing in the last ``days`` days."""
    day = params.day()
    since = day - timedelta(days=params.days)
    past = _as_of(params)
    found = _idle_past(session, since, past) if past else _idle_today(session, since, day)
    columns = [
        ReportColumn("code", "商品编码", "Code", "code"),
        ReportColumn("name", "商品名称", "Product"),
        ReportColumn("qty", "库存数量", "On hand", "qty", total=True),
        ReportColumn("value", "库存金额", "Stock value", "money", total=True),
        ReportColumn("last_sale", "最后销售日", "Last sold", "date"),
        ReportColumn("idle_days", "未动销天数", "Days unsold", "int"),
    ]
    table_rows = []
    drills, num, q, v = (
        ProductDrills(Drill(STOCK_KINDS, None, day)),
        Decimal,
        -QTY_SCALE,
        -VALUE_SCALE,
    )
    for pid, code, name, qty4, value4, last_on in found:
        last = date.fromisoformat(last_on) if last_on else None
        table_rows.append(
            ReportRow.lazy(
                {
                    "code": code,
                    "name": name,
                    "qty": num(qty4).scaleb(q),
                    "value": stock_value(num(value4 or 0).scaleb(v)),
                    "last_sale": last,
                    "idle_days": (day - last).days if last else None,
                },
                drills,
                pid,
                flags=("slow",),
            )
        )
    table_rows.sort(key=lambda r: -(r.cells["value"] or Decimal(0)))
    return ReportTable(
        "slow-movers",
        f"滞销商品（{params.days}天未销售）",
        f"Slow movers (unsold {params.days} days)",
        columns,
        table_rows,
        {"as_of": day, "days": params.days},
    )


def below_minimum(session: Session, params: ReportParams) -> ReportTable:
    """The stock report's rows under their minimum, the biggest shortfall first: what to
    reorder."""
    full = stock(session, params)
    keep = ("code", "name", "category", "unit", "qty", "min_stock", "shortfall", "value")
    columns = [c for key in keep for c in full.columns if c.key == key]
    picked = [r for r in full.rows if "below_minimum" in r.flags]
    picked.sort(key=lambda r: (-r.cells["shortfall"], r.cells["code"]))
    return ReportTable(
        "below-minimum",
        "低于最低库存",
        "Below minimum stock",
        columns,
        [ReportRow({k: r.cells[k] for k in keep}, r.drill, flags=r.flags) for r in picked],
        {"as_of": full.params["as_of"]},
    )
