"""``GET /api/v1/version``: the newest Zhangfang the operator publishes and where to get it.

The operator sets both in the server's environment (``ZHANGFANG_LATEST_VERSION``,
``ZHANGFANG_DOWNLOAD_URL``); unset, the server answers its own version and no link, which
no desk takes for an update.
"""

from __future__ import annotations

import os

from fastapi import APIRouter
from pydantic import BaseModel

from desktop import __version__

LATEST_ENV = "ZHANGFANG_LATEST_VERSION"
URL_ENV = "ZHANGFANG_DOWNLOAD_URL"

router = APIRouter()


class Published(BaseModel):
    version: str
    url: str


# Left out of the OpenAPI description: that one names the protocol header on every /api/
# operation and rejects other protocols, while this answer is for desks of any protocol.
@router.get("/api/v1/version", response_model=Published, include_in_schema=False)
def published_version() -> Published:
    """What the desks compare their own version with; no sign-in needed."""
    return Published(
        version=os.environ.get(LATEST_ENV, "").strip() or __version__,
        url=os.environ.get(URL_ENV, "").strip(),
    )
