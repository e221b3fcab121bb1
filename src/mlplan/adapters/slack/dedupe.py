"""Slack retries an event it thinks went unanswered; a retry must never answer twice.

Each event's `event_id` is claimed in the store's idempotency table (owner "slack") before
any work starts. The claim is atomic (the first row stored wins, as for API idempotency
keys), so the original delivery and a retry racing it on another thread, process or
replica cannot both win. A retry (`X-Slack-Retry-Num`) of an event nobody claimed, say
because the first delivery never arrived, is processed normally.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from mlplan.store.api import Store

OWNER = "slack"
log = logging.getLogger("mlplan.slack")


class EventDeduper:
    def __init__(self, store: Store) -> None:
        self.store = store

    def first_delivery(
        self, body: Mapping[str, Any], headers: Mapping[str, Sequence[str]] | None = None
    ) -> bool:
        """True when this call claimed the event; False for a delivery already handled."""
        event_id = body.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return True  # slash commands and interactions are not retried by Slack
        retry = _header(headers, "x-slack-retry-num")
        key = f"event:{event_id}"
        claim = secrets.token_hex(8)
        self.store.idempotent_put(OWNER, key, claim, 200, {"retry": retry or "0"})
        stored = self.store.idempotent_get(OWNER, key)
        if stored is not None and stored[0] == claim:
            return True
        reason = _header(headers, "x-slack-retry-reason") or "duplicate delivery"
        log.info("slack: event %s already handled; retry %s (%s) ignored", event_id, retry, reason)
        return False


def _header(headers: Mapping[str, Sequence[str]] | None, name: str) -> str | None:
    if not headers:
        return None
    values = headers.get(name) or headers.get(name.title())
    if isinstance(values, str):
        return values
    return values[0] if values else None
