"""The ledger's closed sets of codes: document kinds and statuses, balance accounts,
fapiao kinds, directions and states, firm policies, people's roles, sync and import states,
the marketplace's buyers and listings.

Stored as plain strings; defined here, free of SQLAlchemy and Qt, so that the
models, the services, the fast read-only queries (``desktop.queries``) and the
screens all name the same members. ``desktop.models`` re-exports them beside the
models they belong to; their Chinese and English names are in ``desktop.labels``,
and ``zhangfang check`` reports any stored value outside its set.
"""

from __future__ import annotations

from enum import StrEnum


class DocKind(StrEnum):
    QUOTE = "quote"
    SALES_ORDER = "sales_order"
    DELIVERY = "delivery"
    SALES_BILL = "sales_bill"
    SALES_RETURN = "sales_return"
    PURCHASE_ORDER = "purchase_order"
    GOODS_RECEIPT = "goods_receipt"
    SUPPLIER_BILL = "supplier_bill"
    PURCHASE_RETURN = "purchase_return"
    RECEIPT = "receipt"
    PAYMENT = "payment"
    STOCKTAKE = "stocktake"


class DocStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"
    PARTIAL = "partial"
    FULFILLED = "fulfilled"
    #: an order closed short; or a bill imported as history: no balance effect, though it
    #: may have moved stock (see ``services.lifecycle.BILL``)
    CLOSED = "closed"
    POSTED = "posted"
    CANCELLED = "cancelled"
    REVERSED = "reversed"


class FlowName(StrEnum):
    """The two mirrored trade flows (see ``services.trade.Flow``)."""

    SALES = "sales"
    PURCHASE = "purchase"


class Account(StrEnum):
    """Which balance a party entry moves: receivable (应收) or payable (应付)."""

    AR = "AR"
    AP = "AP"


class FapiaoKind(StrEnum):
    SPECIAL = "special"  # 专票
    NORMAL = "normal"  # 普票
    DIGITAL = "digital"  # 数电票


class FapiaoDirection(StrEnum):
    OUT = "out"  # issued to customers (销项)
    IN = "in"  # received from suppliers (进项)


class FapiaoStatus(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"  # 作废
    RED = "red"  # a red-letter (negative) fapiao


class NegativeStock(StrEnum):
    """May a delivery take stock below zero?"""

    ALLOW = "allow"
    BLOCK = "block"


class CreditPolicy(StrEnum):
    """What confirming a sales order over the customer's credit does."""

    WARN = "warn"
    BLOCK = "block"
    #: allowed with a reason, and the owner's password if one is set
    OVERRIDE = "override"


class OwnerChange(StrEnum):
    """Changes that need the owner's password when one is set (``services.owner``)."""

    CREDIT_POLICY = "credit_policy"
    OVERDUE_DAYS = "credit_overdue_days"
    CREDIT_LIMIT = "credit_limit"
    REVERSAL = "reversal"
    #: adding, renaming, archiving a person of the firm, changing a role or someone's password
    PEOPLE = "people"


class Role(StrEnum):
    """What a person of the firm does (``services.people``). The owner's password is the
    owner's: an owner has no password of their own."""

    OWNER = "owner"  # 老板
    ACCOUNTANT = "accountant"  # 财务
    CLERK = "clerk"  # 开单员
    WAREHOUSE = "warehouse"  # 仓管


class TermsKind(StrEnum):
    """How a bill's due date is counted from its date."""

    #: N days after the bill
    DAYS = "days"
    #: 月结: the end of the bill's month, then N days
    MONTH_END = "month_end"


class OutboxState(StrEnum):
    """Where an outbox intent stands with the server (set by the sync engine)."""

    PENDING = "pending"
    APPLIED = "applied"
    REJECTED = "rejected"
    #: the server saw this mutation id before with a different body
    DIVERGED = "diverged"


class ImportState(StrEnum):
    APPLIED = "applied"
    UNDONE = "undone"


class ProblemKind(StrEnum):
    """What sync raised for a person to look at (``SyncProblem.kind``)."""

    #: a change to a sensitive field (credit limit, prices, tax id) made on a base another
    #: desk had changed meanwhile: the server kept its value
    CONFLICT = "conflict"
    #: stock taken below zero by changes made on different desks
    NEGATIVE_STOCK = "negative_stock"
    #: an order confirmed (or bill posted) at a desk while the customer was, on the
    #: firm's ledger, already over credit
    CREDIT = "credit"
    #: two desks gave two records the same name
    DUPLICATE_NAME = "duplicate_name"
    #: two desks gave one barcode to two products (or two units)
    DUPLICATE_BARCODE = "duplicate_barcode"
    #: a change the server refused (the desk's own outbox row says why)
    REJECTED = "rejected"
    #: a change the server accepted that this copy could not apply: this copy has drifted
    DRIFT = "drift"
    #: a document dated after the server's today (a desk's clock or a typing slip)
    FUTURE_DATE = "future_date"


class BuyerStatus(StrEnum):
    """Where a marketplace buyer stands with the firm (``services.market``)."""

    #: signed up and sent something; no clerk has looked yet
    PENDING = "pending"
    #: linked to a customer: their prices, credit terms
    ACCEPTED = "accepted"
    DECLINED = "declined"


class StockShown(StrEnum):
    """How a published product's availability is shown to buyers."""

    FIGURE = "figure"  # the quantity
    LEVEL = "level"  # 有货 / 少量 / 缺货


class StockLevel(StrEnum):
    """Availability in words, when the owner shows no figure (``market.availability``)."""

    IN = "in"
    LOW = "low"
    OUT = "out"


class MarketStatusCode(StrEnum):
    """A buyer's inquiry or order as the buyer follows it; forward only
    (``services.market_status``)."""

    RECEIVED = "received"
    QUOTED = "quoted"
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    BILLED = "billed"
    PAID = "paid"
    DECLINED = "declined"
