"""What routes ask FastAPI for: the server, the protocol check, the desk of the token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from desktop.sync.protocol import MIN_PROTOCOL, PROTOCOL_VERSION
from marketplace.auth import Principal, principal
from marketplace.context import Server
from marketplace.errors import bad_token, upgrade_required

PROTOCOL_HEADER = "X-Zhangfang-Protocol"


def get_server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def check_protocol(version: int) -> None:
    if not MIN_PROTOCOL <= version <= PROTOCOL_VERSION:
        raise upgrade_required(MIN_PROTOCOL, PROTOCOL_VERSION)


def protocol_header(request: Request) -> None:
    """A request that names its protocol version must name one in the window; one without
    the header (a person trying the API with curl) is served as the current version.
    Read from the request itself rather than declared as a parameter, so that a value that
    is no integer at all is ``upgrade_required`` too (no desk of ours sends one), not a
    validation error; ``app.openapi`` documents it."""
    value = request.headers.get(PROTOCOL_HEADER)
    if value is None:
        return
    try:
        version = int(value.strip())
    except ValueError:
        version = -1
    check_protocol(version)


_bearer = HTTPBearer(auto_error=False, description="The access token from enrol/signin/refresh")


def current_desk(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise bad_token()
    return principal(get_server(request), credentials.credentials)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


ServerDep = Annotated[Server, Depends(get_server)]
DeskDep = Annotated[Principal, Depends(current_desk)]
AddressDep = Annotated[str, Depends(client_address)]
