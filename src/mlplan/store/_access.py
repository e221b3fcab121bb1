"""API keys, idempotency records and Slack thread links: what the doors need to serve callers."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from mlplan.errors import UserInputError
from mlplan.store._secrets import (
    KEY_SCHEME,
    hash_secret,
    new_id,
    new_salt,
    new_secret,
    prefix_of,
    secret_matches,
)
from mlplan.store._session import SessionHost
from mlplan.store._tables import ApiKeyRow, IdempotencyRow, SlackThreadRow, utcnow
from mlplan.store.api import ApiKeyRecord

LAST_USED_RESOLUTION = timedelta(minutes=1)
"""`last_used_at` is refreshed at most this often, so verifying a key is not a write per call."""


def _key_record(row: ApiKeyRow) -> ApiKeyRecord:
    return ApiKeyRecord(
        key_id=row.key_id,
        name=row.name,
        prefix=row.prefix,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


class AccessOps(SessionHost):
    # API keys ----------------------------------------------------------------------------
    def create_api_key(self, name: str) -> tuple[ApiKeyRecord, str]:
        """A new key; the secret is returned once and stored only as a salted hash.

        Names are unique among unrevoked keys, so `revoke_api_key(name)` means one key.
        """
        name = name.strip()
        if not name:
            raise UserInputError("an API key needs a name")

        def attempt() -> tuple[ApiKeyRow, str]:
            secret, prefix = new_secret()
            salt = new_salt()
            with self._write() as s:
                clash = s.scalars(
                    select(ApiKeyRow).where(ApiKeyRow.name == name, ApiKeyRow.revoked_at.is_(None))
                ).first()
                if clash is not None:
                    raise UserInputError(f"an active API key is already named {name!r}")
                row = ApiKeyRow(
                    key_id=new_id("key"),
                    name=name,
                    prefix=prefix,
                    scheme=KEY_SCHEME,
                    salt=salt,
                    secret_hash=hash_secret(secret, salt),
                    created_at=utcnow(),
                    revoked_at=None,
                    last_used_at=None,
                )
                s.add(row)
            return row, secret

        row, secret = self._retry_conflicts(attempt)
        return _key_record(row), secret

    def verify_api_key(self, secret: str) -> ApiKeyRecord | None:
        prefix = prefix_of(secret)
        if prefix is None:
            return None
        with self._read() as s:
            row = s.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix)).first()
        if row is None or row.revoked_at is not None:
            return None
        if not secret_matches(
            secret, salt=row.salt, expected_hash=row.secret_hash, scheme=row.scheme
        ):
            return None
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
            with self._write() as s:
                fresh = s.get(ApiKeyRow, row.key_id)
                if fresh is None or fresh.revoked_at is not None:
                    return None  # revoked between the check and now
                fresh.last_used_at = now
                row = fresh
        return _key_record(row)

    def list_api_keys(self) -> list[ApiKeyRecord]:
        with self._read() as s:
            rows = s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at)).all()
            return [_key_record(r) for r in rows]

    def revoke_api_key(self, key_id_or_name: str) -> ApiKeyRecord | None:
        """Revoke by id, or by name (the active key of that name); revoking twice is harmless."""
        with self._write() as s:
            row = s.get(ApiKeyRow, key_id_or_name)
            if row is None:
                row = s.scalars(
                    select(ApiKeyRow)
                    .where(ApiKeyRow.name == key_id_or_name)
                    .order_by(ApiKeyRow.revoked_at.is_not(None), ApiKeyRow.created_at.desc())
                ).first()
            if row is None:
                return None
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            return _key_record(row)

    # idempotency -------------------------------------------------------------------------
    def idempotent_get(self, owner: str, key: str) -> tuple[str, int, dict[str, Any]] | None:
        with self._read() as s:
            row = s.get(IdempotencyRow, (owner, key))
            if row is None:
                return None
            return row.fingerprint, row.status, json.loads(row.body_json)

    def idempotent_put(
        self, owner: str, key: str, fingerprint: str, status: int, body: dict[str, Any]
    ) -> None:
        """Remember the response for this key; the first response stored wins."""
        try:
            with self._write() as s:
                if s.get(IdempotencyRow, (owner, key)) is not None:
                    return
                s.add(
                    IdempotencyRow(
                        owner=owner,
                        key=key,
                        fingerprint=fingerprint,
                        status=status,
                        body_json=json.dumps(body),
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            return  # a concurrent request with the same key stored first

    # Slack -------------------------------------------------------------------------------
    def link_thread(self, channel: str, thread_ts: str, plan_id: str) -> None:
        """Point a Slack thread at a plan (re-linking moves it to the new plan)."""

        def attempt() -> None:
            with self._write() as s:
                row = s.get(SlackThreadRow, (channel, thread_ts))
                if row is None:
                    s.add(
                        SlackThreadRow(
                            channel=channel,
                            thread_ts=thread_ts,
                            plan_id=plan_id,
                            created_at=utcnow(),
                        )
                    )
                else:
                    row.plan_id = plan_id

        self._retry_conflicts(attempt, attempts=3)

    def plan_for_thread(self, channel: str, thread_ts: str) -> str | None:
        with self._read() as s:
            row = s.get(SlackThreadRow, (channel, thread_ts))
            return row.plan_id if row is not None else None

    # health ------------------------------------------------------------------------------
    def ping(self) -> None:
        with self._read() as s:
            s.execute(text("SELECT 1"))
