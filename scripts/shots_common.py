"""What every screenshot script needs: let Qt settle, save a widget, wait for a state."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any


def settle(app: Any, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(widget: Any, out: Path, name: str, app: Any) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print("saved", name)


def wait_for(app: Any, test: Any, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not test():
        app.processEvents()
        time.sleep(0.02)
