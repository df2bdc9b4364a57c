"""Client-generated, time-ordered primary keys (UUIDv7) so desks can create rows offline."""

from __future__ import annotations

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    """A fresh UUIDv7: unique across desks, sortable by creation time."""
    return uuid.UUID(int=uuid7().int)
