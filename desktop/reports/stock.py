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

from sqlalchemy.orm import Session

from desktop.codes import DocKind
from desktop.money import PRICE_SCALE, QTY_SCALE, ZERO
from desktop.reports.common import DIMENSIONS, rows, scaled
from desktop.reports.margin import _MOVE_KINDS, cost_of_sales
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


def stock(session: Session, params: ReportParams) -> ReportTable:
    """Every product's stock and value as of the day, with its turnover days: the value
    divided by what left at cost per day over the window (the period given, else the 90
    days up to the day). A product under its minimum stock is flagged ``below_minimum``
    with the shortfall."""
    day = params.day()
    floor = minimums(session)
    start = params.date_from or day - timedelta(days=89)
    days = (day - start).days + 1
    out_cost = cost_of_sales(session, DIMENSIONS["product"], None, start, day)
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
    for r in positions(session, _as_of(params)):
        value = stock_value(r.value)
        sold = stock_value(out_cost.get(("", r.product_id.hex), ZERO))
        least = floor.get(r.product_id)
        short = least - r.qty if least is not None and r.qty < least else None
        if r.qty == 0 and sold == 0 and short is None:
            continue
        turnover = int(value * days / sold) if sold > 0 and value > 0 else None
        table_rows.append(
            ReportRow(
                {
                    "code": r.code,
                    "name": r.name,
                    "category": r.category,
                    "unit": r.unit,
                    "qty": r.qty,
                    "avg_cost": r.avg_cost,
                    "value": value,
                    "cost_out": sold,
                    "turnover_days": turnover,
                    "min_stock": least,
                    "shortfall": short,
                },
                Drill(STOCK_KINDS, None, day, product_id=r.product_id),
                flags=(("negative",) if r.qty < 0 else ())
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


def slow_movers(session: Session, params: ReportParams) -> ReportTable:
    """Products in stock as of the day that sold nothing in the last ``days`` days."""
    day = params.day()
    since = day - timedelta(days=params.days)
    last_sale = {
        str(pid): date.fromisoformat(on)
        for pid, on in rows(
            session,
            "SELECT m.product_id, MAX(m.move_date) FROM stock_move m"
            " JOIN document d ON d.id = m.document_id"
            f" WHERE d.kind IN {_MOVE_KINDS} AND m.qty < 0 AND m.move_date <= :day"
            " GROUP BY m.product_id",
            day=day,
        )
    }
    columns = [
        ReportColumn("code", "商品编码", "Code", "code"),
        ReportColumn("name", "商品名称", "Product"),
        ReportColumn("qty", "库存数量", "On hand", "qty", total=True),
        ReportColumn("value", "库存金额", "Stock value", "money", total=True),
        ReportColumn("last_sale", "最后销售日", "Last sold", "date"),
        ReportColumn("idle_days", "未动销天数", "Days unsold", "int"),
    ]
    table_rows = []
    for r in positions(session, _as_of(params)):
        if r.qty <= 0:
            continue
        last = last_sale.get(r.product_id.hex)
        if last is not None and last > since:
            continue
        table_rows.append(
            ReportRow(
                {
                    "code": r.code,
                    "name": r.name,
                    "qty": r.qty,
                    "value": stock_value(r.value),
                    "last_sale": last,
                    "idle_days": (day - last).days if last else None,
                },
                Drill(STOCK_KINDS, None, day, product_id=r.product_id),
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
