"""What every request of one server process shares: settings, database, secret, ledgers."""

from __future__ import annotations

from datetime import datetime

from marketplace.db import Database
from marketplace.ledgers import LedgerStore
from marketplace.settings import Settings
from marketplace.tokens import load_secret


class Server:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.secret = load_secret(settings.data)
        self.db = Database(settings.url)
        self.db.migrate()
        self.ledgers = LedgerStore(
            settings.data, max_open=settings.max_open_ledgers, idle_seconds=settings.ledger_idle
        )

    def now(self) -> datetime:
        return self.settings.clock()

    def close(self) -> None:
        self.ledgers.close()
        self.db.close()
