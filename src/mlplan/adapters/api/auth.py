"""API keys: `Authorization: Bearer <key>` checked against the store; anonymous only if enabled.

401 when the key is missing or unknown, 403 when it was revoked (so an operator can tell a
typo from a key they turned off). The rate limit is taken per key right after.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from mlplan.adapters.api.context import context_of
from mlplan.adapters.api.errors import ApiError

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Caller:
    """Who is calling: an API key, or nobody in anonymous mode."""

    key_id: str | None
    name: str
    client: str = ""

    @property
    def owner(self) -> str | None:
        """Stored as the owner of what this caller creates."""
        return self.key_id

    @property
    def rate_key(self) -> str:
        return self.key_id or f"anonymous:{self.client}"


def authenticate(request: Request) -> Caller:
    """The caller of this request, checked once and rate-limited once per request."""
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    ctx = context_of(request)
    client = request.client.host if request.client else ""
    header = request.headers.get("authorization", "")
    if not header:
        if not ctx.settings.api_anonymous:
            raise ApiError(
                401,
                "unauthorized",
                "missing API key: send `Authorization: Bearer <key>` "
                "(create one with `mlplan apikey create --name NAME`)",
                headers=_CHALLENGE,
            )
        caller = Caller(key_id=None, name="anonymous", client=client)
    else:
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret or len(secret) > 512:
            raise ApiError(
                401, "unauthorized", "malformed Authorization header", headers=_CHALLENGE
            )
        record = ctx.store.verify_api_key(secret)
        if record is None:
            if _revoked(request, secret):
                raise ApiError(403, "key_revoked", "this API key has been revoked")
            raise ApiError(401, "unauthorized", "invalid API key", headers=_CHALLENGE)
        caller = Caller(key_id=record.key_id, name=record.name, client=client)
    ctx.limiter.check(caller.rate_key)
    request.state.caller = caller
    return caller


def _revoked(request: Request, secret: str) -> bool:
    """Whether an unverified secret belongs to a revoked key (by its listed prefix)."""
    keys = context_of(request).store.list_api_keys()
    return any(k.revoked_at is not None and secret.startswith(k.prefix + "_") for k in keys)
