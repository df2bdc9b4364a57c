"""Reads the editor needs while typing (lookups, units, prices, credit), through the services.

Each read opens its own session and hands back frozen plain data, so no ORM object reaches
a widget or outlives its session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.models import Party
    from desktop.services.credit import CreditStatus
    from desktop.services.ledger import Ledger


#: how many matches a type-ahead list shows
LOOKUP_ROWS = 30


@dataclass(frozen=True)
class ProductInfo:
    id: uuid.UUID
    code: str
    name: str
    spec: str
    base_unit: str
    units: tuple[tuple[str, Decimal], ...]  # (unit, base units per unit), base unit first
    tax_rate: Decimal | None

    def factor(self, unit: str) -> Decimal:
        for name, factor in self.units:
            if name == unit:
                return factor
        return Decimal(1)


@dataclass(frozen=True)
class FirmInfo:
    name: str
    default_tax_rate: Decimal
    prices_include_tax: bool
    credit_policy: str
    credit_overdue_days: int
    has_owner_password: bool


@dataclass(frozen=True)
class PartyInfo:
    id: uuid.UUID
    code: str
    name: str
    phone: str
    ship_to: str

    @classmethod
    def of(cls, party: Party) -> PartyInfo:
        """The plain copy of a party read in an open session."""
        return cls(party.id, party.code, party.name, party.phone, party.ship_to)


class Catalog:
    """The editor's window on the ledger; products are cached, since a line asks often."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._products: dict[uuid.UUID, ProductInfo] = {}

    def firm(self) -> FirmInfo:
        from desktop.services.firm import get_firm

        with self.ledger.read() as s:
            f = get_firm(s)
            return FirmInfo(
                f.name,
                f.default_tax_rate,
                f.prices_include_tax,
                f.credit_policy,
                f.credit_overdue_days,
                bool(f.owner_password_hash),
            )

    def find_parties(self, text: str, role: str) -> list[tuple[str, PartyInfo]]:
        from desktop.services.parties import find_party_rows

        with self.ledger.read() as s:
            return [
                (
                    f"{p.code}  {p.name}" + (f"  {p.phone}" if p.phone else ""),
                    PartyInfo(p.id, p.code, p.name, p.phone, p.ship_to),
                )
                for p in find_party_rows(s, text, role=role, limit=LOOKUP_ROWS)
            ]

    def party(self, party_id: uuid.UUID) -> PartyInfo:
        from desktop.services.parties import get_party

        with self.ledger.read() as s:
            return PartyInfo.of(get_party(s, party_id))

    def party_of(self, doc_id: uuid.UUID) -> PartyInfo | None:
        """The party of a document (a form opened from a bill starts with it)."""
        from desktop.services.documents import get_document

        with self.ledger.read() as s:
            party = get_document(s, doc_id).party
            return PartyInfo.of(party) if party else None

    def find_products(self, text: str) -> list[tuple[str, uuid.UUID]]:
        from desktop.services.products import find_product_rows

        with self.ledger.read() as s:
            return [
                (f"{p.code}  {p.name}" + (f"  {p.spec}" if p.spec else ""), p.id)
                for p in find_product_rows(s, text, limit=LOOKUP_ROWS)
            ]

    def product(self, product_id: uuid.UUID) -> ProductInfo:
        info = self._products.get(product_id)
        if info is None:
            from desktop.services.products import get_product

            with self.ledger.read() as s:
                p = get_product(s, product_id)
                units = ((p.base_unit, Decimal(1)), *((u.unit, u.factor) for u in p.units))
                info = ProductInfo(p.id, p.code, p.name, p.spec, p.base_unit, units, p.tax_rate)
            self._products[product_id] = info
        return info

    def suggest(
        self, product_id: uuid.UUID, party_id: uuid.UUID | None, base_qty: Decimal, kind: str
    ) -> tuple[Decimal, str, Decimal | None]:
        """(price per base unit, where it came from, last price to this party per base unit)."""
        from desktop.models import Party
        from desktop.services.products import get_product, suggest_price

        with self.ledger.read() as s:
            product = get_product(s, product_id)
            party = s.get(Party, party_id) if party_id else None
            got = suggest_price(s, product, party, base_qty, kind)
            return got.price, got.source, got.last_price

    def credit(self, party_id: uuid.UUID, exclude_order: uuid.UUID | None) -> CreditStatus | None:
        from desktop.models import Party
        from desktop.services.credit import credit_status

        with self.ledger.read() as s:
            party = s.get(Party, party_id)
            if party is None:
                return None
            return credit_status(s, party, exclude_order=exclude_order)
