"""The marketplace on the firm's ledger (issue 17): one module to import.

- listing and availability: ``market_listing`` (publish, pictures, THE availability rule,
  THE buyer's price);
- what buyers see: ``market_catalog`` (catalog rows for the server's projection);
- buyers' requests and the clerk's answers: ``market_requests``;
- what a buyer sees of a request: ``market_status`` (forward-only).

Every change goes through a unit of work and records an intent
(``listing.set``, ``listing.pictures``, ``market.receive``, ``market.decline``,
``market.accept_buyer``, ``market.decline_buyer``, ``market.accept_quote``) that ``desktop.sync.intents`` applies
again on the server and on other desks.
"""

from __future__ import annotations

from desktop.services.market_catalog import CatalogRow, catalog_rows
from desktop.services.market_listing import (
    MAX_PICTURE_BYTES,
    MAX_PICTURES,
    Availability,
    availability,
    buyer_price,
    picture_type,
    pictures,
    publish,
    set_pictures,
    unpublish,
)
from desktop.services.market_requests import (
    BuyerInfo,
    MarketRequest,
    accept_buyer,
    accept_quote,
    decline,
    decline_buyer,
    external_ref,
    find_request,
    get_buyer,
    open_drafts,
    receive_request,
)
from desktop.services.market_status import (
    MarketStatus,
    StatusLine,
    advance,
    status_of,
    touched_refs,
)

__all__ = [
    "MAX_PICTURES",
    "MAX_PICTURE_BYTES",
    "Availability",
    "BuyerInfo",
    "CatalogRow",
    "MarketRequest",
    "MarketStatus",
    "StatusLine",
    "accept_buyer",
    "accept_quote",
    "advance",
    "availability",
    "buyer_price",
    "catalog_rows",
    "decline",
    "decline_buyer",
    "external_ref",
    "find_request",
    "get_buyer",
    "open_drafts",
    "picture_type",
    "pictures",
    "publish",
    "receive_request",
    "set_pictures",
    "status_of",
    "touched_refs",
    "unpublish",
]
