"""Small steps the server's tests share."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from marketplace.accounts import add_user, create_firm
from marketplace.context import Server

PASSWORD = "password-1"
HEADERS = {"X-Zhangfang-Protocol": "1", "X-Zhangfang-App": "0.1.0"}


def server_of(client: TestClient) -> Server:
    server: Server = client.app.state.server  # type: ignore[attr-defined]
    return server


def add_firm(client: TestClient, code: str, owner: str = "老板", *clerks: str) -> None:
    server = server_of(client)
    create_firm(server, code, f"{code} 商行", owner, PASSWORD)
    for clerk in clerks:
        add_user(server, code, clerk, PASSWORD, "clerk")


def enrol(
    client: TestClient, firm: str, user: str = "老板", password: str = PASSWORD, **more: Any
) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/auth/enrol",
        json={"firm": firm, "user": user, "password": password, "desk_name": "前台", **more},
        headers=HEADERS,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {**HEADERS, "Authorization": f"Bearer {tokens['access_token']}"}


def error_of(answer: Any) -> str:
    body = answer.json()
    assert set(body) >= {"error", "message", "message_zh"}, body
    return str(body["error"])
