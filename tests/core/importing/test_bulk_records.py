"""Records created in bulk get the audit entry a read-back of the stored row would give.

``records.create_records`` works out each row's stored values from the values in hand
(no read-back); here every row is read back with Core and compared with its audit entry.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import inspect, select

from desktop.importing.kinds.records import create_records
from desktop.models import AuditEntry, Contact, Party, Product, ProductPrice, ProductUnit
from desktop.services.ledger import Ledger
from desktop.services.serialize import jsonable


def _read_back(session: object, model: object) -> dict[str, dict[str, object]]:
    """Every row of ``model`` as the audit log should hold it, by id as the log writes it."""
    conn = session.connection()  # type: ignore[attr-defined]
    out = {}
    for stored in conn.execute(select(model.__table__)):  # type: ignore[attr-defined]
        mapping = stored._mapping
        out[str(stored.id)] = {
            attr.key: jsonable(mapping[attr.columns[0].name])
            for attr in inspect(model).column_attrs
        }
    return out


def test_every_bulk_created_row_is_audited_as_stored(ledger: Ledger) -> None:
    parties = {
        "plain": {"name": "张三商行"},
        "full": {
            "code": "12346",  # all digits: stored as text all the same
            "name": "李四贸易",
            "short_name": "李四",
            "phone": "13800000000",
            "credit_limit": Decimal("5000.5"),
            "terms_days": 30,
            "is_customer": True,
            "contacts": [{"name": "王五", "phone": "021-1234"}, {"name": "赵六"}],
        },
        "supplier": {"name": "供货厂", "is_customer": False, "is_supplier": True},
    }
    products = {
        "plain": {"name": "茶杯"},
        "full": {
            "code": "22632",
            "name": "HAND WARMER RED POLKA DOT",
            "barcode": "6901234567892",
            "base_unit": "个",
            "retail_price": Decimal("2.1"),
            "cost_price": Decimal("1.234567"),
            "tax_rate": Decimal("0.13"),
            "units": [{"unit": "箱", "factor": Decimal("12")}, {"unit": "盒", "factor": "2.5"}],
            "tiers": [{"min_qty": Decimal("10"), "price": Decimal("1.9")}],
            "levels": {1: Decimal("1.8"), 2: "1.75"},
        },
    }
    with ledger.unit() as uow:
        made = create_records(uow, "party", parties)
        made.update({("p", k): v for k, v in create_records(uow, "product", products).items()})
        changes = uow.changes
    # a screen showing any of these tables hears of the change
    for table in ("party", "party_contact", "product", "product_unit", "product_price"):
        assert table in changes.touched, table
    assert made["full"] in changes.touched["party"]
    with ledger.read() as session:
        expected: dict[str, dict[str, object]] = {}
        models = (Party, Contact, Product, ProductUnit, ProductPrice)
        for model in models:
            expected.update(_read_back(session, model))
        logged = {
            entry.entity_id: entry.after
            for entry in session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "insert",
                    AuditEntry.entity.in_([m.__tablename__ for m in models]),
                )
            )
        }
    # 3 parties, 2 contacts, 2 products, 2 pack units, 3 prices
    assert len(expected) == 12
    assert set(logged) == set(expected)
    for ident, stored in expected.items():
        assert logged[ident] == stored, ident
    full = logged[str(made["full"])]
    assert full["code"] == "12346" and full["credit_limit"] == "5000.50"
    assert logged[str(made[("p", "full")])]["cost_price"] == "1.234567"
