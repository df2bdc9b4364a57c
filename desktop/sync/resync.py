"""Starting again from the firm's ledger, keeping this desk's unsent changes.

The server answers ``resync_required`` when it no longer has the history this desk needs
(compacted while the desk was away, or lost). The desk then downloads the firm's ledger as
it stands (``GET /snapshot``, resumable) and it replaces this one, with three things kept:

- this desk's settings (server, desk id and code, epoch; the cursor becomes the copy's);
- its outbox rows that were not sent yet, or were refused (the problems inbox), under
  their own sequence numbers, so the server never sees a number of this desk twice;
- the ledger as it was, aside in the backups folder (``backup.restore``), always.

Each unsent change is then applied again to the new ledger (the same intent replay as
everywhere, ``apply_intent``) so the desk shows it at once, and stays queued: the next
push sends it, and the server sends it back as this desk's own (skipped here). One that no
longer fits the firm's ledger (its customer was deleted meanwhile …) is not sent: it is
marked refused, with the reason and where the old ledger was kept, for a person.

A kill after the new file is in place but before the changes are applied again leaves a
note (``sync.resync_replayed``: the last one applied); :func:`finish` goes on from there
before the next sync, so none is applied twice or sent without being here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError

from desktop.codes import OutboxState
from desktop.models import LocalSetting, OutboxEntry
from desktop.services.ledger import Ledger
from desktop.sync import snapshot, transfer
from desktop.sync.apply import reasons
from desktop.sync.client import SyncClient
from desktop.sync.intents import apply_intent
from desktop.sync.outbox import outgoing_args
from desktop.sync.settings import note_sync

#: the last carried change applied again to the new ledger; absent when none is waiting
REPLAYED = "sync.resync_replayed"
#: where the ledger replaced by the last resync was kept (said with each refused change)
KEPT = "sync.resync_kept"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Resynced:
    size: int
    cursor: int
    #: where the ledger as it was before is kept
    kept: Path | None
    #: unsent changes carried over: applied here again, still to be sent
    carried: int
    #: unsent changes that no longer fit the firm's ledger: kept, refused, not sent
    refused: int


def resync(
    ledger: Ledger, client: SyncClient, progress: Progress | None = None
) -> tuple[Ledger, Resynced]:
    """Replace ``ledger`` with the firm's current one, keeping its unsent changes. The
    ledger is closed and opened again: use the one returned."""
    target = ledger.path.with_name(ledger.path.name + ".download")
    got = transfer.download(client, target, progress)
    rows = _kept_rows(ledger)
    path, actor = ledger.path, ledger.actor
    ledger.close()
    try:
        kept = snapshot.rejoin(got, path, rows, {REPLAYED: "0"})
    finally:
        ledger = Ledger.open(path, actor=actor)
    transfer.discard_download(target)
    ledger.set_local_setting(KEPT, str(kept or ""))
    carried, refused = finish(ledger)
    note_sync(ledger)  # the resync_required of the last sync is settled
    return ledger, Resynced(got.size, got.cursor, kept, carried, refused)


def _kept_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """The outbox rows the new ledger keeps: every one not sent (pending, refused), and
    the newest (whatever its state) so that new changes number on after it."""
    with ledger.read() as session:
        last = session.scalar(select(func.max(OutboxEntry.seq))) or 0
        rows = session.scalars(
            select(OutboxEntry)
            .where((OutboxEntry.state != OutboxState.APPLIED) | (OutboxEntry.seq == last))
            .order_by(OutboxEntry.seq)
        )
        return [
            {
                "seq": row.seq,
                "id": row.id,
                "at": row.at,
                "actor": row.actor,
                "intent": row.intent,
                # as they would leave the desk (a bulk import's rows written out): the new
                # ledger does not hold what the short form points at
                "args": (
                    outgoing_args(session, row.intent, row.args)
                    if row.state == OutboxState.PENDING
                    else row.args
                ),
                "state": row.state,
                "result": row.result,
            }
            for row in rows
        ]


def finish(ledger: Ledger) -> tuple[int, int]:
    """Apply again the carried changes not applied yet (after :func:`resync`, or a kill in
    the middle of it); returns (carried, refused). Nothing to do: (0, 0)."""
    noted = ledger.local_setting(REPLAYED)
    if not noted:
        return 0, 0
    with ledger.read() as session:
        waiting = list(
            session.execute(
                select(OutboxEntry.seq, OutboxEntry.intent, OutboxEntry.args, OutboxEntry.actor)
                .where(OutboxEntry.state == OutboxState.PENDING, OutboxEntry.seq > int(noted))
                .order_by(OutboxEntry.seq)
            )
        )
    carried = refused = 0
    for seq, intent, args, actor in waiting:
        try:
            with ledger.unit() as uow:
                uow.remote = True  # applied here again; it is queued already
                uow.actor = actor or ledger.actor
                apply_intent(uow, intent, args)
                uow.session.merge(LocalSetting(key=REPLAYED, value=str(seq)))
            carried += 1
        except OperationalError:
            raise
        except Exception as exc:
            _refuse(ledger, seq, exc)
            refused += 1
    with ledger.session() as session:
        session.execute(delete(LocalSetting).where(LocalSetting.key == REPLAYED))
        session.commit()
    return carried, refused


def _refuse(ledger: Ledger, seq: int, exc: Exception) -> None:
    """The change does not fit the firm's ledger: never sent, shown to a person."""
    zh, en = reasons(exc)
    kept = ledger.local_setting(KEPT) or ""
    where_zh = f"重新同步前的账本保存在 {kept}。" if kept else ""
    where_en = f" The ledger as it was before is kept at {kept}." if kept else ""
    with ledger.session() as session:
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.seq == seq)).one()
        row.state = OutboxState.REJECTED
        row.result = {
            "status": "rejected",
            "reason": "Starting again from the firm's ledger, this unsent change no longer "
            f"fits it and was not sent: {en}{where_en}",
            "reason_zh": f"从商号账本重新开始后，这项未发送的改动已无法应用，没有发送：{zh}"
            f"{where_zh}",
        }
        session.merge(LocalSetting(key=REPLAYED, value=str(seq)))
        session.commit()
