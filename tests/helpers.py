"""Small builders for readable tests: a customer, a supplier, a product, a counted ledger."""

from __future__ import annotations

import os
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.models import Base
from desktop.services import parties, products
from desktop.services.ledger import Ledger

D = Decimal


def customer(ledger: Ledger, name: str = "张三五金", **values: Any) -> Any:
    with ledger.unit() as uow:
        return parties.create_party(uow, name=name, **values).id


def supplier(ledger: Ledger, name: str = "李四五金批发部", **values: Any) -> Any:
    with ledger.unit() as uow:
        return parties.create_party(
            uow, name=name, is_customer=False, is_supplier=True, **values
        ).id


def product(
    ledger: Ledger, code: str = "000123", name: str = "不锈钢螺丝 M6", **values: Any
) -> Any:
    values.setdefault("base_unit", "个")
    values.setdefault("retail_price", "1.00")
    values.setdefault("units", [{"unit": "箱", "factor": 24}])
    with ledger.unit() as uow:
        return products.create_product(uow, code=code, name=name, **values).id


def row_counts(ledger: Ledger) -> dict[str, int]:
    """Rows per table: proves a rejected call wrote nothing."""
    with ledger.read() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


#: the seed fault and concurrency tests draw from in CI (they explore new draws locally)
CI_SEED = 20261207


def draw_seed(variable: str) -> int:
    """The seed of a randomised test: ``variable`` in the environment repeats a run; in CI
    (``CI`` set) the same draws every run, as the property tests replay theirs; else new."""
    given = os.environ.get(variable)
    if given:
        return int(given)
    return CI_SEED if os.environ.get("CI") else random.SystemRandom().randrange(10**6)
