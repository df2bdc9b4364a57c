"""What one server process is configured with: where its data is, token lifetimes, limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Settings:
    #: the data folder: server.db (by default), the secret, the firms' ledger files
    data: Path
    #: SQLAlchemy URL; None: SQLite at ``data/server.db``
    db_url: str | None = None
    access_ttl: int = 15 * 60  # seconds
    refresh_ttl: int = 30 * 24 * 3600
    #: failed sign-ins allowed per (firm, user) and per client address in ``rate_window``
    rate_per_account: int = 5
    rate_per_address: int = 20
    rate_window: int = 10 * 60
    #: buyers' sign-ups per client address, and requests (inquiries, orders) per buyer and
    #: per client address, in ``rate_window``
    signup_per_address: int = 20
    requests_per_buyer: int = 60
    requests_per_address: int = 600
    #: the largest ledger a desk may upload as the firm's first state (bytes)
    snapshot_limit: int = 2 * 1024**3
    #: a partial upload nobody added to for this long is deleted (seconds)
    upload_stale: int = 24 * 3600
    #: the clock (tests move it instead of sleeping)
    clock: Callable[[], datetime] = field(default=utc_now)

    @property
    def url(self) -> str:
        from marketplace.db import default_url

        return self.db_url or default_url(self.data)
