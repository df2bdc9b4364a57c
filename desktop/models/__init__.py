"""The ledger's SQLAlchemy models. Import from here so every table is registered."""

from desktop.codes import (
    Account,
    CreditPolicy,
    DocKind,
    DocStatus,
    FapiaoDirection,
    FapiaoKind,
    FapiaoStatus,
    FlowName,
    ImportState,
    NegativeStock,
    OutboxState,
    OwnerChange,
    Role,
    TermsKind,
)
from desktop.models.base import Base
from desktop.models.document import Document, DocumentLine
from desktop.models.entries import (
    Allocation,
    PartyBalance,
    PartyEntry,
    StockBalance,
    StockMove,
)
from desktop.models.fapiao import Fapiao, FapiaoLink
from desktop.models.firm import Firm
from desktop.models.imports import ImportBatch, ImportMapping
from desktop.models.market import Buyer, Listing, ListingPicture
from desktop.models.party import Contact, Party
from desktop.models.people import Person
from desktop.models.print_layout import PrintLayout
from desktop.models.product import Product, ProductPrice, ProductUnit
from desktop.models.statement_record import StatementRecord
from desktop.models.system import (
    AppliedMutation,
    AuditEntry,
    CreditOverride,
    LocalSetting,
    NumberSeries,
    OutboxEntry,
    SyncProblem,
)

__all__ = [
    "Account",
    "Allocation",
    "AppliedMutation",
    "AuditEntry",
    "Base",
    "Buyer",
    "Contact",
    "CreditOverride",
    "CreditPolicy",
    "DocKind",
    "DocStatus",
    "Document",
    "DocumentLine",
    "Fapiao",
    "FapiaoDirection",
    "FapiaoKind",
    "FapiaoLink",
    "FapiaoStatus",
    "Firm",
    "FlowName",
    "ImportBatch",
    "ImportMapping",
    "ImportState",
    "Listing",
    "ListingPicture",
    "LocalSetting",
    "NegativeStock",
    "NumberSeries",
    "OutboxEntry",
    "OutboxState",
    "OwnerChange",
    "Party",
    "PartyBalance",
    "PartyEntry",
    "Person",
    "PrintLayout",
    "Product",
    "ProductPrice",
    "ProductUnit",
    "Role",
    "StatementRecord",
    "StockBalance",
    "StockMove",
    "SyncProblem",
    "TermsKind",
]
