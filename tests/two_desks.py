"""One desk of a two-desk test: run as ``python -m tests.two_desks LEDGER ACTION FOLDER``.

Two of these work on one ledger file at the same time (tests/core/test_two_desks.py). The
test steps they take in turn are files in FOLDER: a desk writes ``<name>`` when it reaches
a point and may wait (a bounded time) for the other's file. Each prints one JSON line of
what happened: ``{"ok": ...}`` or ``{"error": code, "message": ...}``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from desktop.errors import DomainError
from desktop.services import credit, documents
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger

ON = date(2026, 11, 2)


def signal(folder: Path, name: str) -> None:
    (folder / name).write_text("1")


def wait_for(folder: Path, name: str, seconds: float) -> bool:
    """Wait until the other desk reaches ``name``; False when it did not within ``seconds``
    (it is waiting for this one: the ledger keeps them in turn)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if (folder / name).exists():
            return True
        time.sleep(0.02)
    return False


def pause_after(module: Any, name: str, folder: Path, mine: str, theirs: str) -> None:
    """Make ``module.name`` stop after it ran, until the other desk has done its part."""
    original: Callable[..., Any] = getattr(module, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        signal(folder, mine)
        wait_for(folder, theirs, 3.0)
        return result

    setattr(module, name, paused)


def new_order(ledger: Ledger, customer: str, boxes: int) -> dict[str, Any]:
    with ledger.unit() as uow:
        doc = documents.create_draft(
            uow, "sales_order", customer, [LineInput("000123", boxes, "箱", "100")], ON
        )
        return {"id": str(doc.id), "number": doc.number}


def confirm(ledger: Ledger, order: str) -> dict[str, Any]:
    with ledger.unit() as uow:
        credit.confirm_order(uow, order, as_of=ON)
    return {"confirmed": order}


def run(ledger: Ledger, action: str, folder: Path, arg: str) -> Any:
    if action == "number-first":  # takes a number, then lets the other desk save first
        pause_after(documents, "next_number", folder, "first-took", "second-done")
        return new_order(ledger, arg, 1)
    if action == "number-second":
        wait_for(folder, "first-took", 60.0)
        try:
            return new_order(ledger, arg, 1)
        finally:
            signal(folder, "second-done")
    if action == "confirm-first":  # checks the credit, then lets the other desk confirm
        pause_after(credit, "check_order", folder, "first-checked", "second-done")
        return confirm(ledger, arg)
    if action == "confirm-second":
        wait_for(folder, "first-checked", 60.0)
        try:
            return confirm(ledger, arg)
        finally:
            signal(folder, "second-done")
    if action == "busy":  # saves while the test holds the lock; says when it waits
        ledger.on_busy(lambda waited: waited is not None and signal(folder, "waiting"))
        return new_order(ledger, arg, 1)
    if action == "many":  # orders made and confirmed, as fast as the ledger lets
        customer, count = arg.split(",")
        numbers = []
        for _ in range(int(count)):
            made = new_order(ledger, customer, 1)
            confirm(ledger, made["number"])
            numbers.append(made["number"])
        return numbers
    raise SystemExit(f"unknown action {action}")


def main(argv: list[str]) -> int:
    path, action, folder = argv[0], argv[1], Path(argv[2])
    arg = argv[3] if len(argv) > 3 else ""
    ledger = Ledger.open(path, actor=f"desk-{action}")
    try:
        out: dict[str, Any] = {"ok": run(ledger, action, folder, arg)}
    except DomainError as exc:
        out = {"error": exc.code, "message": exc.en}
    except Exception as exc:  # what the test must never see: a failure that is no message
        out = {"error": "unexpected", "message": f"{type(exc).__name__}: {exc}"}
    finally:
        ledger.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
