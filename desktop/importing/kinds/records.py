"""Creating many customers, suppliers or products at once, as the services would one by one.

An import of a catalogue or a customer list creates thousands of records; going through
``create_party`` / ``create_product`` (an ORM flush each) took 5 ms per record. Here the
same validation, codes, pinyin keys, audit entries and sync intents are produced with bulk
inserts, and a refused record names its key so the import can point at the row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import String, select

from desktop.errors import DomainError
from desktop.ids import new_id
from desktop.importing.kinds.bulk import audit_row, execute_many
from desktop.importing.kinds.bulk_rows import AUDIT, AuditRow, Insert
from desktop.importing.kinds.search_rows import search_index_after
from desktop.models import Party, Product
from desktop.models.base import utcnow
from desktop.services.numbering import codes_for, party_code_kind
from desktop.services.serialize import jsonable
from desktop.services.uow import UnitOfWork


class RecordRejected(DomainError):
    """One of the records given to :func:`create_records` was refused; ``key`` says which."""

    def __init__(self, key: Any, error: DomainError) -> None:
        super().__init__(error.code, error.zh, error.en, **error.details)
        self.key = key


def create_records(
    uow: UnitOfWork,
    entity: str,
    specs: dict[Any, dict[str, Any]],
    given_ids: dict[Any, uuid.UUID] | None = None,
) -> dict[Any, uuid.UUID]:
    """Create customers/suppliers (``entity="party"``) or products, as ``create_party`` /
    ``create_product`` would, with bulk inserts.

    The values go through the services' own validation (a product's ``units``, ``tiers``
    and ``levels`` too); the rows get the same pinyin search keys; every row written
    (a product's units and prices included) gets the audit entry the unit of work would
    have written, tagged with the batch so undo removes it, and each record the same outbox
    intent. A refused record raises :class:`RecordRejected` naming its key. Returns spec
    key → new id (the one ``given_ids`` holds for the key, if any: rows made before the
    record point to it).
    """
    from desktop.errors import ValidationError
    from desktop.models import Contact, ProductPrice, ProductUnit
    from desktop.search_keys import search_key

    if not specs:
        return {}
    session = uow.session
    session.flush()
    model: Any = Party if entity == "party" else Product
    clean_rows: list[tuple[Any, dict[str, Any]]] = []
    # a product's units, tiers and levels, or a party's contacts, as given ...
    extras: dict[Any, dict[str, Any]] = {}
    # ... and as the rows the ORM would have written (ProductUnit/ProductPrice/Contact)
    children: dict[Any, list[Any]] = {}
    for key, values in specs.items():
        try:
            clean, extras[key], children[key] = validated_record(entity, values)
        except DomainError as exc:
            raise RecordRejected(key, exc) from exc
        clean_rows.append((key, clean))
    codes = {c for c in session.scalars(select(model.code))}
    # codes given are kept as given; a blank one gets the desk's next code, as the services
    # give it (numbering.codes_for), skipping codes in the ledger or given in this batch
    given_codes = {clean["code"] for _key, clean in clean_rows if clean.get("code")}
    series: dict[str, Iterator[str]] = {}

    def taken(code: str) -> bool:
        return code in codes or code in given_codes

    def fresh_code(what: str) -> str:
        if what not in series:
            series[what] = codes_for(session, what, uow.desk, taken)
        return next(series[what])

    barcodes: dict[str, tuple[str, str, str]] = {}  # given in this batch
    if entity == "party":
        names = {n for n in session.scalars(select(Party.name).where(Party.archived.is_(False)))}
    for key, clean in clean_rows:
        if not clean.get("code"):
            clean["code"] = fresh_code(
                party_code_kind(clean.get("is_customer", True), clean.get("is_supplier"))
                if entity == "party"
                else "product"
            )
        if entity == "party":
            if clean["name"] in names:
                raise RecordRejected(
                    key,
                    ValidationError(
                        "duplicate_name",
                        f"已有同名往来单位：{clean['name']}。如确为不同单位，请在名称中加以区分。",
                        f"A party named {clean['name']} already exists.",
                        field="name",
                    ),
                )
            names.add(clean["name"])
        if clean["code"] in codes:
            zh = "往来单位" if entity == "party" else "商品"
            raise RecordRejected(
                key,
                ValidationError(
                    "duplicate_code",
                    f"编码 {clean['code']} 已被其他{zh}使用。",
                    f"Code {clean['code']} is already used.",
                    field="code",
                ),
            )
        codes.add(clean["code"])
        if entity == "product":
            _barcodes_free(session, key, clean, children[key], barcodes)
    ids: dict[Any, uuid.UUID] = {}
    inserts: list[dict[str, Any]] = []
    child_models = (ProductUnit, ProductPrice) if entity == "product" else (Contact,)
    child_rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in child_models}
    owner = "product_id" if entity == "product" else "party_id"
    given = given_ids or {}
    for key, clean in clean_rows:
        ident = given.get(key) or new_id()
        ids[key] = ident
        if entity == "party":
            key_text = search_key(
                clean["name"], clean.get("short_name"), clean["code"], clean.get("phone")
            )
        else:
            key_text = search_key(
                clean["name"], clean["code"], clean.get("spec"), clean.get("barcode")
            )
        for child in children[key]:
            values = {}
            for column in type(child).__table__.columns:
                value = getattr(child, column.key)
                if value is None and column.default is not None and column.default.is_scalar:
                    value = column.default.arg  # what the flush would have filled in
                values[column.key] = value
            values.update({"id": new_id(), owner: ident})
            child_rows[type(child)].append(values)
        inserts.append({**clean, "id": ident, "search_key": key_text})
    session.flush()
    conn = session.connection()
    now = utcnow().isoformat(sep=" ")
    batch = uow.batch_id.hex if uow.batch_id else None
    with search_index_after(conn, model.__tablename__, len(inserts)):
        stored = {
            m: insert_stored(conn, m, rows) for m, rows in ((model, inserts), *child_rows.items())
        }
    for table_model, rows in child_rows.items():  # raw SQL: the session does not see it
        if rows:
            uow.touch(table_model.__tablename__)
    audit_rows: list[AuditRow] = []
    new_ids = list(ids.values())
    for start in range(0, len(new_ids), 500):
        # in the order a read-back 500 ids at a time gave them: by id, children by owner
        # (through its index) and then in the order they went in
        chunk = set(new_ids[start : start + 500])
        for table_model, written in stored.items():
            at = "id" if table_model is model else owner
            for _, _, row, after in sorted(
                (row[at].hex, n, row, after)
                for n, (row, after) in enumerate(written)
                if row[at] in chunk
            ):
                audit_rows.append(audit_row(uow, now, batch, table_model, row["id"], after))
    intents: list[dict[str, Any]] = []
    made: list[list[list[str]]] = []
    for key, clean in clean_rows:
        ident = ids[key]
        uow.touch(model.__tablename__, ident)
        intents.append({"id": ident, **clean, **extras[key]})
        made.append([[model.__tablename__, ident.hex, clean["code"]]])
    uow.record_many(f"{entity}.create", intents, made)
    execute_many(conn, AUDIT, audit_rows)
    return ids


def _barcodes_free(
    session: Any,
    key: Any,
    clean: dict[str, Any],
    units: list[Any],
    given: dict[str, tuple[str, str, str]],
) -> None:
    """A new product's barcodes are free in the ledger and in this batch (the service's
    one rule, ``products.barcode_clash``); ``given`` collects them."""
    from desktop.models import ProductUnit
    from desktop.services.products import barcode_clash

    wanted = {clean.get("base_unit") or "个": str(clean.get("barcode") or "")}
    wanted.update({u.unit: u.barcode for u in units if isinstance(u, ProductUnit)})
    clash = barcode_clash(session, None, wanted, pending=given)
    if clash is not None:
        raise RecordRejected(key, clash)
    given.update({c: (clean["code"], clean["name"], u) for u, c in wanted.items() if c})


def validated_record(
    entity: str, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    """A new record's values as ``create_party`` / ``create_product`` validate them: the
    clean values, a product's units/tiers/levels or a party's contacts as given, and the
    child rows they become. Raises the service's DomainError.

    The import's preview calls it for every new row (:func:`check_new`) and the commit
    again in :func:`create_records`: one rule, so a clean preview never fails as a batch."""
    from desktop.models import Contact
    from desktop.services import parties as party_service
    from desktop.services import products as product_service

    values = dict(values)
    if entity == "product":
        extra: dict[str, Any] = {
            "units": values.pop("units", None) or [],
            "tiers": values.pop("tiers", None) or [],
            "levels": values.pop("levels", None) or {},
        }
        clean = product_service._validated(values, creating=True)
        children = product_service._units(
            clean.get("base_unit") or "个", extra["units"]
        ) + product_service._prices(extra["tiers"], extra["levels"])
        return clean, extra, children
    clean = party_service._validated(values, creating=True)
    contacts = clean.pop("contacts", None) or []
    return clean, {"contacts": contacts}, [Contact(**c) for c in contacts]


def validated_update(entity: str, base_unit: str, fields: dict[str, Any]) -> None:
    """The checks ``update_product`` / ``update_party`` make on the fields an import row
    changes (uniqueness apart: the import checks it over the file and the ledger)."""
    from desktop.services import parties as party_service
    from desktop.services import products as product_service

    values = dict(fields)
    if entity == "party":
        party_service._validated(values, creating=False)
        return
    units = values.pop("units", None)
    tiers = values.pop("tiers", None)
    levels = values.pop("levels", None)
    product_service._validated(values, creating=False)
    if units is not None:
        product_service._units(base_unit, units)
    if tiers is not None or levels is not None:
        product_service._prices(tiers or [], levels or {})


def update_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """A planned update's ``{field: [old, new]}`` as the service's keyword arguments (pack
    units as the list ``update_product`` takes)."""
    fields = {k: pair[1] for k, pair in changes.items() if k != "_opening"}
    if isinstance(fields.get("units"), dict):
        fields["units"] = [{"unit": u, "factor": f} for u, f in fields["units"].items()]
    return fields


def insert_stored(
    conn: Any, model: Any, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Insert ``rows`` (attribute key → value, the others left to their defaults) as the
    ORM's bulk insert would, and return for each its id and its values as stored, in the
    form ``serialize.row_dict`` gives a loaded object (the audit entry's ``after``).

    The stored values are worked out from the values in hand through each column's own
    bind and result conversion (what a read-back would return), so nothing is read back;
    defaults are filled in as the insert would. A test compares the
    result with a read-back of the same rows.
    """
    from sqlalchemy import inspect

    if not rows:
        return []
    dialect = conn.dialect
    plan: list[tuple[str, Any, Any, Any, bool]] = []  # key, default, to db, from db, text
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        default: Any = None  # a value, or a callable taking no context
        if column.default is not None:
            default = column.default.arg
        assert column.server_default is None, "a server default would need a read-back"
        kind = column.type
        affinity = kind._type_affinity if hasattr(kind, "_type_affinity") else None
        plan.append(
            (
                attr.key,
                default,
                kind._cached_bind_processor(dialect),
                kind._cached_result_processor(dialect, None),
                affinity is not None and issubclass(affinity, String),
            )
        )
    insert = Insert(model.__table__, tuple(a.columns[0].name for a in inspect(model).column_attrs))
    bound_rows: list[tuple[Any, ...]] = []
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    # a column's value of a kind whose equal values convert alike (None, flags, whole
    # numbers, text) is converted once: most columns of a batch repeat their default
    known: dict[tuple[str, type, Any], tuple[Any, Any]] = {}
    for row in rows:
        bound: list[Any] = []
        after: dict[str, Any] = {}
        for key, default, to_db, from_db, text in plan:
            value = row[key] if key in row else default(None) if callable(default) else default
            kind = value.__class__
            if kind in _CONVERTED_ALIKE:
                hit = known.get((key, kind, value))
                if hit is None:
                    hit = known[(key, kind, value)] = _stored(value, to_db, from_db, text)
            else:
                hit = _stored(value, to_db, from_db, text)
            bound.append(hit[0])
            after[key] = hit[1]
        bound_rows.append(tuple(bound))
        out.append((row, after))
    execute_many(conn, insert, bound_rows)
    return out


#: value kinds whose equal values are converted alike (not Decimal: 1.0 and 1.00 are equal)
_CONVERTED_ALIKE = frozenset({type(None), bool, int, str})


def _stored(value: Any, to_db: Any, from_db: Any, text: bool) -> tuple[Any, Any]:
    """A value as bound for the insert, and as a read-back would give it (JSON-ready)."""
    if to_db is not None:
        value = to_db(value)
    bound = value
    if text and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # SQLite's text affinity stores a number as its text
    return bound, jsonable(from_db(value) if from_db is not None else value)


def create_new_rows(
    uow: UnitOfWork, entity: str, rows: list[Any], values_of: Callable[[Any], dict[str, Any]]
) -> None:
    """:func:`create_records` for the import rows planned as new: ``values_of(row)`` gives a
    row's values; each row gets its new id as ``target``, and a refused record fails its row
    and stops the import (``RowFailed``)."""
    from desktop.importing.kinds.base import RowFailed
    from desktop.importing.rows import NEW

    specs = {i: values_of(row) for i, row in enumerate(rows) if row.outcome == NEW}
    try:
        ids = create_records(uow, entity, specs)
    except RecordRejected as exc:
        row = rows[exc.key]
        row.fail(exc.zh, exc.en)
        raise RowFailed(row) from exc
    for i, ident in ids.items():
        rows[i].target = ident
