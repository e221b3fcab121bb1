"""Abuse limits at the door: request body size (413) and a per-key token bucket (429)."""

from __future__ import annotations

import math
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlplan.adapters.api.errors import ApiError, error_response

_FORM_SLACK = 256 * 1024
"""Room for the brief and form framing around an upload's data file."""


class _TooLarge(Exception):
    """An upload ran past its limit while streaming; becomes 413 if nothing was sent yet."""


class BodyLimitMiddleware:
    """Refuse bodies over `max_bytes` before any parser sees them.

    Content-Length is checked first; the streamed body is then read (at most `max_bytes`
    plus one chunk) and replayed to the app, so a lying or absent Content-Length (chunked
    upload) is caught too.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        upload_bytes: int = 0,
        upload_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes
        """Limit for multipart POSTs to `upload_paths` (data files): streamed, not buffered."""
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        upload = self._is_upload(scope, headers)
        limit = self.upload_bytes + _FORM_SLACK if upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._refuse(scope, receive, send, 400, "invalid Content-Length header")
                return
            if int(declared) > limit:
                await self._too_large(scope, receive, send, limit)
                return
        if upload:
            await self._streamed(scope, receive, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send, self.max_bytes)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _is_upload(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        return (
            self.upload_bytes > 0
            and scope.get("method") == "POST"
            and str(scope.get("path", "")).rstrip("/") in self.upload_paths
            and headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        )

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass a large upload through while counting it: the multipart parser spools file
        parts to disk, so buffering here would only double the memory a 50 MB file costs."""
        size = 0
        started = False

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > limit:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if started:
                raise
            await self._too_large(scope, receive, send, limit)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await self._refuse(
            scope,
            receive,
            send,
            413,
            f"request body is larger than {limit:,} bytes",
            code="body_too_large",
        )

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, status: int, message: str, *, code: str = ""
    ) -> None:
        response = error_response(status, code or "bad_request", message)
        await response(scope, receive, send)


class RateLimiter:
    """Token bucket per caller, in process: `per_minute` requests, refilled continuously.

    Replicas each keep their own buckets (the limit is per process, as documented); 0 turns
    the limit off.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for `key`, or raise 429 with the seconds until one is back."""
        if self.per_minute <= 0:
            return
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / rate))
                raise ApiError(
                    429,
                    "rate_limited",
                    f"rate limit of {self.per_minute} requests per minute reached; "
                    f"retry in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            self._buckets[key] = (tokens - 1.0, now)
