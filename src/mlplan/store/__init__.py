"""Persistence for plans, reviews, jobs, API keys, idempotency and Slack thread links.

`open_store()` is the way in: SQLite at `<data_dir>/mlplan.db` by default, PostgreSQL when
`MLPLAN_DATABASE_URL` is set, migrated to the latest schema on open. Needs the `server`
extra (SQLAlchemy, Alembic, psycopg).
"""

from __future__ import annotations

from mlplan.config import Settings, get_settings
from mlplan.store._db import make_engine, upgrade
from mlplan.store.api import (
    ApiKeyRecord,
    JobEvent,
    JobKind,
    JobRecord,
    JobState,
    LlmCallRow,
    PlanRecord,
    ReviewRecord,
    Store,
)
from mlplan.store.sql import SqlStore


def database_url(settings: Settings | None = None) -> str:
    """`settings.database_url`, else the embedded SQLite file in the data dir."""
    settings = settings or get_settings()
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{(settings.data_dir / 'mlplan.db').resolve()}"


def open_store(settings: Settings | None = None, url: str | None = None) -> SqlStore:
    """The store for these settings (or this URL), its schema migrated to the latest version.

    Opening an up-to-date database runs no migration, so every process may call this.
    """
    return SqlStore(url or database_url(settings))


def migrate(url: str | None = None) -> bool:
    """Run pending migrations on `url` (default: from settings); False when none were due."""
    engine = make_engine(url or database_url())
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


__all__ = [
    "ApiKeyRecord",
    "JobEvent",
    "JobKind",
    "JobRecord",
    "JobState",
    "LlmCallRow",
    "PlanRecord",
    "ReviewRecord",
    "SqlStore",
    "Store",
    "database_url",
    "migrate",
    "open_store",
]
