"""Migrations create exactly the models' schema, run once, and SQLite runs in WAL mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from mlplan.config import Settings
from mlplan.store import SqlStore, database_url, migrate, open_store
from mlplan.store._db import alembic_config, head_revision
from mlplan.store._tables import Base

TABLES = {
    "plans",
    "reviews",
    "jobs",
    "job_events",
    "llm_calls",
    "api_keys",
    "idempotency",
    "slack_threads",
}


def test_history_starts_with_the_initial_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == "0001" and revisions[-1].down_revision is None
    assert head_revision() == revisions[0].revision


def test_schema_from_migrations_matches_the_models(store: SqlStore, store_url: str) -> None:
    engine = create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= TABLES
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == head_revision()
    finally:
        engine.dispose()


def test_opening_twice_is_a_no_op(
    store: SqlStore, store_url: str, open_more: Callable[[], SqlStore]
) -> None:
    store.create_job("plan", {"brief": "b"})
    assert migrate(store_url) is False  # already at head: nothing runs
    again = open_more()
    assert len(again.recover_jobs()) == 1  # data untouched
    again.ping()


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(url=f"sqlite:///{tmp_path / 'x.db'}") as store:
        with store._read() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert s.execute(text("PRAGMA busy_timeout")).scalar_one() > 0
        assert store.dialect == "sqlite"


def test_default_store_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert database_url(settings).endswith("data/mlplan.db")
    with open_store(settings) as store:
        store.ping()
        assert store.url.startswith("sqlite:///")
    assert (tmp_path / "data" / "mlplan.db").exists()


def test_database_url_setting_wins_and_url_hides_the_password(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url)
    assert database_url(settings) == postgres_url
    with_password = postgres_url.replace("postgres@", "postgres:s3cret@", 1)
    store = SqlStore(with_password, migrate=False)
    try:
        assert "s3cret" not in store.url and "***" in store.url
        assert store.dialect == "postgresql"
    finally:
        store.close()


def test_bare_postgresql_urls_use_psycopg_3(postgres_url: str) -> None:
    bare = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    store = SqlStore(bare, migrate=False)
    try:
        store.ping()
        assert store.url.startswith("postgresql+psycopg://")
    finally:
        store.close()


def test_an_unreachable_database_is_a_run_error_without_the_password() -> None:
    import socket

    from mlplan.errors import RunError

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://u:hunter2@127.0.0.1:{port}/db?connect_timeout=2"
    with pytest.raises(RunError, match="cannot open the database") as caught:
        open_store(url=url)
    assert "hunter2" not in str(caught.value)
