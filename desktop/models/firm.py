"""The firm's profile and its policies (one row per ledger)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.codes import CreditPolicy, NegativeStock
from desktop.models.base import Base, IdMixin, TimestampMixin
from desktop.models.types import Rate


class Firm(IdMixin, TimestampMixin, Base):
    __tablename__ = "firm"
    __audited__ = True
    __secret__ = frozenset({"owner_password_hash"})

    name: Mapped[str] = mapped_column(String(200))
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    tax_id: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(80), default="")
    bank: Mapped[str] = mapped_column(String(200), default="")
    bank_account: Mapped[str] = mapped_column(String(80), default="")
    logo_path: Mapped[str] = mapped_column(Text, default="")
    default_tax_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("0.13"))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    prices_include_tax: Mapped[bool] = mapped_column(default=True)
    #: a :class:`NegativeStock`
    negative_stock: Mapped[str] = mapped_column(String(10), default=NegativeStock.ALLOW)
    #: a :class:`CreditPolicy`
    credit_policy: Mapped[str] = mapped_column(String(10), default=CreditPolicy.OVERRIDE)
    #: bills overdue by more than this many days count as a credit breach
    credit_overdue_days: Mapped[int] = mapped_column(Integer, default=30)
    #: the owner's password, hashed (``services.owner``: scrypt with its cost in the text);
    #: empty when none is set. Never in the audit log (``__secret__``).
    owner_password_hash: Mapped[str] = mapped_column(Text, default="")
    price_level_names: Mapped[str] = mapped_column(Text, default="批发价,VIP价")
