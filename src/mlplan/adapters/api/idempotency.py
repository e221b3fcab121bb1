"""`Idempotency-Key` on POST: a retried request gets the stored answer, not a second plan.

Same key + same body replays the stored response (header `Idempotent-Replayed: true`);
same key + a different body is 409, since the client reused a key by mistake. Only 2xx
answers are stored, so a request that failed can be retried with the same key. Keys are
scoped to the API key that sent them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from mlplan.adapters.api.auth import authenticate
from mlplan.adapters.api.context import context_of
from mlplan.adapters.api.errors import ApiError

HEADER = "idempotency-key"
MAX_KEY_CHARS = 255


def fingerprint(request: Request, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(body)
    return digest.hexdigest()


class IdempotentRoute(APIRoute):
    """An APIRoute whose POSTs honour `Idempotency-Key` (auth runs first: keys are per caller)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def idempotent(request: Request) -> Response:
            key = request.headers.get(HEADER)
            if request.method != "POST" or key is None:
                return await handler(request)
            if not key.strip() or len(key) > MAX_KEY_CHARS:
                raise ApiError(
                    400,
                    "invalid_idempotency_key",
                    f"Idempotency-Key must be 1 to {MAX_KEY_CHARS} characters",
                )
            caller = await run_in_threadpool(authenticate, request)
            store = context_of(request).store
            owner = caller.owner or "anonymous"
            fp = fingerprint(request, await request.body())
            stored = await run_in_threadpool(store.idempotent_get, owner, key)
            if stored is not None:
                if stored[0] != fp:
                    raise ApiError(
                        409,
                        "idempotency_conflict",
                        "this Idempotency-Key was already used with a different request body",
                    )
                return JSONResponse(
                    stored[2], status_code=stored[1], headers={"Idempotent-Replayed": "true"}
                )
            response = await handler(request)
            if 200 <= response.status_code < 300 and isinstance(response, JSONResponse):
                body = json.loads(bytes(response.body))
                await run_in_threadpool(
                    store.idempotent_put, owner, key, fp, response.status_code, body
                )
            return response

        return idempotent
