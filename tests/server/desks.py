"""A desk's ledger in the server's tests: real changes made through the services, and the
push envelope its outbox gives (``desktop.sync.outbox.next_batch``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.services.desks import set_desk
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger
from desktop.services.parties import create_party
from desktop.sync.outbox import next_batch


def desk_ledger(path: Path, code: str) -> Ledger:
    ledger = Ledger.open(path, create=True, actor="小王")
    set_desk(ledger, code)
    with ledger.unit() as uow:
        create_firm(uow, "顶好商行")
    return ledger


def add_customers(ledger: Ledger, *names: str) -> None:
    for name in names:
        with ledger.unit() as uow:
            create_party(uow, name=name, is_customer=True)


def envelope(ledger: Ledger, epoch: str = "epoch-1", limit: int = 500) -> dict[str, Any]:
    """The next push of the desk's outbox, as it goes on the wire."""
    with ledger.read() as session:
        batch = next_batch(session, ledger.desk, limit)
    return {**batch.as_json(), "epoch": epoch}
