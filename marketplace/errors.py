"""The error answer of every endpoint: ``{"error", "message", "message_zh", ...}``.

The codes and statuses are the table in docs/sync.md; a desk decides what to do from the
code, and shows a person the message in their language.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    error: str
    message: str
    message_zh: str


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        en: str,
        zh: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{status} {code}: {en}")
        self.status = status
        self.code = code
        self.en = en
        self.zh = zh
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.en, "message_zh": self.zh, **self.extra}


def bad_request(en: str, zh: str) -> ApiError:
    return ApiError(400, "bad_request", en, zh)


def not_found() -> ApiError:
    return ApiError(404, "not_found", "Not found.", "找不到。")


def bad_credentials() -> ApiError:
    return ApiError(
        401,
        "bad_credentials",
        "The firm, user name or password is wrong.",
        "商号、用户名或密码不对。",
    )


def bad_token() -> ApiError:
    return ApiError(
        401, "bad_token", "The sign-in is not valid; sign in again.", "登录已失效，请重新登录。"
    )


def token_expired() -> ApiError:
    return ApiError(401, "token_expired", "The sign-in has expired.", "登录已过期。")


def desk_revoked() -> ApiError:
    return ApiError(
        403,
        "desk_revoked",
        "This desk's access was revoked: enrol it again.",
        "这台电脑的授权已被撤销，请重新登记。",
    )


def forbidden() -> ApiError:
    return ApiError(
        403, "forbidden", "Only the firm's owner may do this.", "只有老板可以做这个操作。"
    )


def resync_required() -> ApiError:
    return ApiError(
        409,
        "resync_required",
        "The server no longer has the changes since this desk's last sync: fetch the "
        "firm's ledger again (your unsent changes are kept).",
        "服务器已没有这台电脑上次同步以来的记录：请重新下载公司账本（未上传的修改会保留）。",
    )


def diverged_desk() -> ApiError:
    return ApiError(
        409,
        "diverged_desk",
        "This ledger is a copy of another desk's: enrol it as a new desk.",
        "这个账本是另一台电脑账本的副本：请把它登记为新的电脑。",
    )


def upgrade_required(min_protocol: int, max_protocol: int) -> ApiError:
    return ApiError(
        426,
        "upgrade_required",
        "This version of Zhangfang is too old or too new for the server: upgrade it.",
        "这个版本的账房与服务器不兼容，请升级。",
        min_protocol=min_protocol,
        max_protocol=max_protocol,
    )


def busy(retry_after: int = 2) -> ApiError:
    return ApiError(
        503,
        "busy",
        "The server is busy or cannot reach its data just now: try again shortly.",
        "服务器正忙或暂时无法读写数据，请稍后再试。",
        headers={"Retry-After": str(retry_after)},
    )


#: what was done too often, as a person reads it (``rate_limited``)
_TOO_MANY = {
    "failed sign-ins": "登录失败次数过多",
    "sign-ups": "注册次数过多",
    "requests": "提交次数过多",
}


def rate_limited(retry_after: int, what: str = "failed sign-ins") -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        f"Too many {what}: try again in {retry_after} seconds.",
        f"{_TOO_MANY.get(what, '次数过多')}，请 {retry_after} 秒后再试。",
        headers={"Retry-After": str(retry_after)},
    )


#: the documented error answers of a route, for the OpenAPI description
def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in (400, 426, *statuses, 503)}
