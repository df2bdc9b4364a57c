"""The owner's reports as plain data (``ReportTable``), built from the definitions posting
uses; the CLI, the exporters, the PDF renderer and the window only show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

from desktop.reports.table import ReportParams, ReportTable

Builder = Callable[["Session", ReportParams], ReportTable]


def builders() -> dict[str, Builder]:
    """Report name → builder, in the order the CLI and the window list them."""
    from desktop.reports import aging, cash, flows, kpi, margin, statements, stock, suppliers

    return {
        "aging": aging.aging,
        "payables-aging": aging.payables_aging,
        "statements": statements.statements,
        "sales": flows.sales,
        "margin": margin.margin,
        "stock": stock.stock,
        "slow-movers": stock.slow_movers,
        "below-minimum": stock.below_minimum,
        "purchases": flows.purchases,
        "suppliers": suppliers.suppliers,
        "cash": cash.cash,
        "kpi": kpi.kpi,
    }


NAMES = (
    "aging",
    "payables-aging",
    "statements",
    "sales",
    "margin",
    "stock",
    "slow-movers",
    "below-minimum",
    "purchases",
    "suppliers",
    "cash",
    "kpi",
)


def run(session: Session, name: str, params: ReportParams) -> ReportTable:
    from desktop.gc_pauses import no_gc_pauses
    from desktop.reports.common import bad_choice

    found = builders().get(name)
    if found is None:
        raise bad_choice("report", name, NAMES)
    with no_gc_pauses():
        return found(session, params)


__all__ = ["NAMES", "ReportParams", "ReportTable", "builders", "run"]
