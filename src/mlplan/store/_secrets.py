"""Ids, API key secrets and their hashes, and opaque pagination cursors.

API keys are 256-bit random tokens, not passwords, so a salted SHA-256 is enough to make a
leaked table useless (a slow KDF buys nothing against a search space of 2^256 and would
cost every request); the comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from datetime import datetime

from mlplan.errors import UserInputError

KEY_SCHEME = "sha256"
KEY_PREFIX_LEN = len("mlp_") + 8


def new_id(kind: str) -> str:
    """`pln_…`, `rev_…`, `job_…`, `key_…`: short, random, URL-safe, and say what they name."""
    return f"{kind}_{secrets.token_urlsafe(9)}"


def new_secret() -> tuple[str, str]:
    """(secret, prefix): `mlp_<8 hex>_<43 url-safe chars>`; the prefix is shown in listings."""
    prefix = f"mlp_{secrets.token_hex(4)}"
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def prefix_of(secret: str) -> str | None:
    if not secret.startswith("mlp_") or len(secret) <= KEY_PREFIX_LEN + 1:
        return None
    if secret[KEY_PREFIX_LEN] != "_":
        return None
    return secret[:KEY_PREFIX_LEN]


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_secret(secret: str, salt: str, scheme: str = KEY_SCHEME) -> str:
    if scheme != KEY_SCHEME:
        raise ValueError(f"unknown API key hash scheme {scheme!r}")
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, *, salt: str, expected_hash: str, scheme: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt, scheme), expected_hash)


def encode_cursor(created_at: datetime, plan_id: str) -> str:
    raw = json.dumps({"t": created_at.isoformat(), "id": plan_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The position a cursor points after; a tampered or foreign cursor is the caller's error."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        at = datetime.fromisoformat(data["t"])
        plan_id = data["id"]
        if at.tzinfo is None or not isinstance(plan_id, str) or not _ID.fullmatch(plan_id):
            raise ValueError("bad cursor fields")  # ids we issue are url-safe; NUL breaks Postgres
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise UserInputError(f"invalid pagination cursor: {cursor[:40]!r}") from exc
    return at, plan_id
