"""What every request goes through: a bound on the body's size, JSON only for a POST, one log
line per request (method, route template, status, time: never a path's values, a query, a header
or a body, so no patient data), and answers in JSON for every failure.

- A body over `max_body_bytes` (by its `Content-Length`, or counted as it streams): 413.
- A POST whose `Content-Type` is not JSON (`application/json`, `application/fhir+json`): 400.
- Malformed JSON: 400; a body that breaks the request's schema: 422, each problem with where it
  is and what is wrong (the value itself is not echoed).
- A bug: 500 with an incident number and nothing else; the log has the number and the
  exception's type, not its message (which may hold data).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from compiler.service.auth import Unauthorized

__all__ = ["install", "BodyLimit"]

log = logging.getLogger("guideline.service")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_TYPES = ("application/json", "application/fhir+json")


def _answer(status: int, body: dict[str, Any]) -> tuple[Message, Message]:
    data = json.dumps(body).encode("utf-8")
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
    }
    return start, {"type": "http.response.body", "body": data}


class BodyLimit:
    """Pure ASGI middleware: the size bound, the JSON content type of a POST, the log line."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        refused = self._refused(scope)
        if refused is not None:
            for message in _answer(*refused):
                await sending(message)
        else:
            answered = [False]

            async def tracking(message: Message) -> None:
                if message["type"] == "http.response.start":
                    answered[0] = True
                await sending(message)

            try:
                replay = await self._body(receive)
                if replay is None:
                    for message in _answer(413, {"error": "request body too large", "limit": self.limit}):
                        await sending(message)
                else:
                    await self.app(scope, replay, tracking)
            except Exception as error:  # a bug: answered here, so that no traceback (with data) is logged
                incident = secrets.token_hex(6)
                log.error("internal error %s: %s", incident, type(error).__name__)
                if not answered[0]:
                    for message in _answer(500, {"error": "internal error", "incident": incident}):
                        await sending(message)
        route = scope.get("route")
        template = getattr(route, "path_format", None) or "(no route)"
        elapsed = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.1fms", scope.get("method", "?"), template, status[0], elapsed)

    async def _body(self, receive: Receive) -> Receive | None:
        """The whole body read up front (at most `limit` bytes), replayed to the app; None when
        it is larger. Reading it here, rather than counting as the app reads, keeps the answer
        413 whatever the app does with a failed read."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                final: Message = message
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                final = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
                break
        sent = [False]

        async def replay() -> Message:
            if not sent[0]:
                sent[0] = True
                return final
            return await receive()

        return replay

    def _refused(self, scope: Scope) -> tuple[int, dict[str, Any]] | None:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, {"error": "invalid Content-Length"}
            if int(length) > self.limit:
                return 413, {"error": "request body too large", "limit": self.limit}
        if scope.get("method") == "POST":
            kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower().decode("latin-1")
            if kind not in JSON_TYPES:
                return 400, {"error": "the body must be JSON (Content-Type: application/json)"}
        return None


def _problems(error: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": [str(p) for p in e.get("loc", ())], "problem": str(e.get("msg", "")), "type": e.get("type")}
        for e in error.errors()
    ]


def install(app: FastAPI) -> None:
    """The exception handlers: every failure answered in JSON, never with a traceback."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = _problems(error)
        if any(p["type"] == "json_invalid" for p in problems):
            return JSONResponse({"error": "malformed JSON"}, status_code=400)
        return JSONResponse({"error": "the request breaks the schema", "problems": problems}, status_code=422)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, error: Unauthorized) -> JSONResponse:
        return JSONResponse(
            {"error": "unauthorized", "reason": error.reason}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, dict) else {"error": str(error.detail)}
        return JSONResponse(detail, status_code=error.status_code, headers=getattr(error, "headers", None))
