"""Alembic environment: runs on the connection `open_store`/`migrate` hands over (no alembic.ini).

On PostgreSQL a transaction-scoped advisory lock serialises replicas that start together, so
only the first one migrates and the others find the schema at head.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from mlplan.store._db import make_engine
from mlplan.store._tables import Base

MIGRATION_LOCK_ID = 0x6D6C706C616E  # "mlplan"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs by table copy
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection or sqlalchemy.url given to the mlplan migrations")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("mlplan migrations run online only (open_store or mlplan.store.migrate)")
run_migrations_online()
