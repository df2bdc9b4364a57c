"""What routes ask FastAPI for: the server, the protocol check, the desk of the token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
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


def protocol_header(
    x_zhangfang_protocol: Annotated[
        int | None,
        Header(
            description="The desk's protocol version; outside the server's window the "
            "answer is 426 upgrade_required. Optional (a person trying the API with curl).",
        ),
    ] = None,
) -> None:
    if x_zhangfang_protocol is not None:
        check_protocol(x_zhangfang_protocol)


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
