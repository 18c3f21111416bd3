"""One error shape for the web: library errors and bad requests become HTTP errors here.

Under ``/api/`` an error is JSON ``{"ok": false, "status": 404, "error": "no story 'x'"}``;
elsewhere it is the same message on an HTML page with the same status. Unknown ids are 404,
query parameters that do not parse are 422 (FastAPI's validation) or 400 (a value that parses
but makes no sense, such as a span outside the article).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from crosscheck.errors import CrosscheckError, ModelError, NotFound

log = logging.getLogger(__name__)


class BadRequest(Exception):
    """A query parameter that parses but cannot be answered (400)."""


def error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"ok": False, "status": status, "error": message}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "bad query parameter: " + "; ".join(parts)


def _status_of(error: CrosscheckError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, ModelError):
        return 503  # the server lacks a model: not the request's fault
    return 500


def install_error_handlers(app: FastAPI) -> None:
    async def on_validation(request: Request, error: Any) -> Response:
        return error_response(request, 422, _validation_message(error))

    async def on_bad_request(request: Request, error: Any) -> Response:
        return error_response(request, 400, str(error))

    async def on_http(request: Request, error: Any) -> Response:
        message = error.detail
        if error.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, error.status_code, str(message))

    async def on_library_error(request: Request, error: Any) -> Response:
        status = _status_of(error)
        if status >= 500:
            log.error("%s answering %s: %s", type(error).__name__, request.url.path, error)
        return error_response(request, status, str(error))

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(BadRequest, on_bad_request)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(CrosscheckError, on_library_error)
