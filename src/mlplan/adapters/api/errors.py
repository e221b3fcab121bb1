"""Every failure leaves the API as `{"error": {"code", "message"}}` with a stable code.

Domain errors (`MlplanError`) are mapped to HTTP statuses here and nowhere else; request
validation is 422 `invalid_request`; anything unexpected is logged and answered with a JSON
500 `internal` (a bug: the schemathesis test shows no input reaches it).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from mlplan.errors import (
    BriefError,
    ConfigError,
    DataFileError,
    LLMError,
    LLMUnavailable,
    MlplanError,
    PlanFileError,
    RepairExhausted,
    RetrievalError,
    UserInputError,
)

log = logging.getLogger("mlplan.api")


class ErrorDetail(BaseModel):
    code: str
    """Stable, machine-readable: invalid_request, unauthorized, key_revoked, not_found, ..."""
    message: str
    """One sentence for people; may change between versions."""
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by the door itself (auth, limits, idempotency, not found)."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def status_for(exc: MlplanError) -> int:
    """The HTTP status of a domain error: caller mistakes are 4xx, upstream trouble 502/503."""
    if isinstance(exc, BriefError | PlanFileError | DataFileError):
        return 422
    if isinstance(exc, ConfigError | UserInputError):
        return 400
    if isinstance(exc, LLMUnavailable | RetrievalError):
        return 503
    if isinstance(exc, LLMError | RepairExhausted):
        return 502
    return 500


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in {
        400: "bad_request",
        401: "unauthorized",
        403: "key_revoked",
        404: "not_found",
        413: "body_too_large",
        422: "invalid_request",
        429: "rate_limited",
        503: "unavailable",
    }.items()
}
"""Documented on every /v1 operation, so clients (and schemathesis) know every error shape."""


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()[:20]
    ]


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception type the door can see to one JSON error shape."""

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, MlplanError)
        return error_response(status_for(exc), exc.code, exc.message)

    async def invalid(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        details = _validation_details(exc)
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"]) or "request"
        return error_response(422, "invalid_request", f"{where}: {first['msg']}", details=details)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal", "internal error; it has been logged")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(MlplanError, domain_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal)
