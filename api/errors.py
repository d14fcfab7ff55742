"""The API's own errors, and the one table that turns every error (the graph's and ours) into an
HTTP status and the single JSON shape `ErrorOut`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorOut, FieldErrorOut
from graph.errors import (
    GraphError,
    InvalidQuery,
    NodeNotFound,
    NoPath,
    ReadOnlyViolation,
    RecordError,
    StoreLocked,
    StoreUnavailable,
)

log = logging.getLogger("casegraph.api")


class ApiError(Exception):
    """Base of the errors the API raises itself."""


class Unauthorized(ApiError):
    """No key, or a key that is unknown or revoked."""


class Forbidden(ApiError):
    """A valid key whose role may not do this."""


class NotFound(ApiError):
    """Something the API keeps (a key, a page) does not exist."""


class BadRequest(ApiError):
    """A request the API cannot act on, with a reason."""


class TooLarge(ApiError):
    """An upload past the size limit."""


class Unsupported(ApiError):
    """An upload of a kind the API does not read."""


class ExtractionUnavailable(ApiError):
    """Case texts were uploaded, but no extractor is installed."""


class AuditUnavailable(ApiError):
    """The audit log cannot be written; answers are withheld rather than left unrecorded."""


class Misconfigured(ApiError):
    """A file the service depends on (the key file) is unreadable; fail closed."""


ERRORS: dict[type[Exception], tuple[int, str]] = {
    # graph
    NodeNotFound: (404, "not_found"),
    NoPath: (404, "no_path"),
    InvalidQuery: (422, "invalid_query"),
    RecordError: (422, "invalid_record"),
    ReadOnlyViolation: (403, "read_only"),
    StoreLocked: (409, "store_locked"),
    StoreUnavailable: (503, "store_unavailable"),
    GraphError: (500, "store_error"),
    # api
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    BadRequest: (400, "bad_request"),
    TooLarge: (413, "too_large"),
    Unsupported: (415, "unsupported_media_type"),
    ExtractionUnavailable: (501, "extraction_unavailable"),
    AuditUnavailable: (503, "audit_unavailable"),
    Misconfigured: (503, "misconfigured"),
}
"""Exception class -> (HTTP status, code). The most specific class in an error's MRO wins."""

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid_parameter"}

DOCUMENTED = {
    400: "The request cannot be acted on (e.g. a body that is not UTF-8 JSON).",
    401: "An API key is needed (header `Authorization: Bearer <key>` or `X-API-Key`).",
    403: "The key's role may not do this.",
    404: "No such entity, document or path.",
    422: "A parameter is missing, malformed or out of range.",
    503: "The graph store is unavailable.",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error statuses, all with the `ErrorOut` body."""
    return {s: {"model": ErrorOut, "description": DOCUMENTED.get(s, "Error.")} for s in statuses}


def status_of(error: Exception) -> tuple[int, str]:
    for cls in type(error).__mro__:
        if cls in ERRORS:
            return ERRORS[cls]
    return 500, "internal_error"


def error_response(status: int, code: str, message: str,
                   details: list[FieldErrorOut] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorOut(status=status, code=code, message=message, details=details or [])
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Route every error through the table, so clients see one shape."""

    async def known(request: Request, exc: Exception) -> JSONResponse:
        status, code = status_of(exc)
        if status >= 500 and status != 503:
            log.error("%s on %s %s: %s", code, request.method, request.url.path, exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(status, code, str(exc) or code, headers=headers)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        details = [
            FieldErrorOut(location=".".join(str(p) for p in e.get("loc", ())),
                          message=str(e.get("msg", "invalid")))
            for e in exc.errors()
        ]
        first = details[0] if details else None
        message = f"{first.location}: {first.message}" if first else "invalid request"
        return error_response(422, "invalid_parameter", message, details)

    async def http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = HTTP_CODES.get(exc.status_code, "error")
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error",
                              "the server hit an unexpected error; it has been logged")

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http)
    for cls in ERRORS:
        app.add_exception_handler(cls, known)
    app.add_exception_handler(Exception, unexpected)
