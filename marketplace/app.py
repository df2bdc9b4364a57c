"""The FastAPI application: routes, error answers, the server's state."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop.errors import LedgerBusy
from desktop.sync.protocol import MIN_PROTOCOL, PROTOCOL_VERSION
from marketplace import (
    routes_auth,
    routes_desks,
    routes_market,
    routes_snapshot,
    routes_sync,
    routes_version,
    web,
)
from marketplace.context import Server
from marketplace.deps import PROTOCOL_HEADER, protocol_header
from marketplace.errors import ApiError, busy
from marketplace.settings import Settings
from marketplace.snapshots import Transfers

log = logging.getLogger("zhangfang.server")


def create_app(settings: Settings) -> FastAPI:
    """The app for one data folder; the database is migrated before the first request."""
    server = Server(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        sweeper = threading.Thread(
            target=_sweep, args=(server, stop), name="zhangfang-ledger-sweeper", daemon=True
        )
        sweeper.start()
        yield
        stop.set()
        sweeper.join(10)
        server.close()

    app = FastAPI(
        title="Zhangfang server",
        version=f"protocol {PROTOCOL_VERSION}",
        description="Firms, desks and sync for Zhangfang 账房 (docs/sync.md); the firms' "
        "marketplace for buyers under /api/v1/market (docs/marketplace.md).",
        lifespan=lifespan,
    )
    app.state.server = server
    app.state.transfers = Transfers(server)
    for module in (routes_auth, routes_desks, routes_sync, routes_snapshot):
        app.include_router(module.router, dependencies=[Depends(protocol_header)])
    # buyers: no desk protocol to check
    app.include_router(routes_market.router)
    app.include_router(web.router)
    app.mount("/m-static", StaticFiles(directory=web.HERE / "static"), name="market-static")
    app.include_router(routes_version.router)  # any protocol: an old desk hears of the new
    _errors(app)
    _document_protocol_header(app)
    return app


def _sweep(server: Server, stop: threading.Event) -> None:
    """Close firm ledgers left idle, also while no request comes (``LedgerStore.evict``)."""
    every = max(1.0, min(60.0, server.settings.ledger_idle / 4))
    while not stop.wait(every):
        try:
            server.ledgers.evict()
        except Exception:  # never let the sweeper die: it tries again next time
            log.exception("closing idle firm ledgers failed")


def _document_protocol_header(app: FastAPI) -> None:
    """Name the protocol header (read by ``deps.protocol_header``) on every API operation."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path, operations in schema.get("paths", {}).items():
                if not path.startswith("/api/") or path.startswith("/api/v1/market"):
                    continue
                for operation in operations.values():
                    operation.setdefault("parameters", []).append(
                        {
                            "name": PROTOCOL_HEADER,
                            "in": "header",
                            "required": False,
                            "description": "The desk's protocol version; outside "
                            f"[{MIN_PROTOCOL}, {PROTOCOL_VERSION}] the answer is 426 "
                            "upgrade_required.",
                            "schema": {
                                "type": "integer",
                                "minimum": MIN_PROTOCOL,
                                "maximum": PROTOCOL_VERSION,
                            },
                        }
                    )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        if request.url.path.startswith("/m/"):  # a buyer's page: the message as a page
            return web.error_page(request, exc)
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(LedgerBusy)
    async def unavailable(_request: Request, exc: Exception) -> JSONResponse:
        # a database locked for too long, full, or out of reach: the desk retries (5xx)
        logging.getLogger("zhangfang.server").error("database unavailable: %s", exc)
        error = busy()
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(
            ".".join(str(p) for p in error.get("loc", ())) + ": " + str(error.get("msg", ""))
            for error in exc.errors()[:5]
        )
        return JSONResponse(
            {
                "error": "bad_request",
                "message": f"The request is not valid: {where}",
                "message_zh": f"请求格式不对：{where}",
            },
            status_code=400,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/m/") and exc.status_code == 404:
            return web.error_page(request, ApiError(404, "not_found", "Not found.", "找不到。"))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            {"error": code, "message": str(exc.detail), "message_zh": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
