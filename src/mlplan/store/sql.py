"""`SqlStore`: the one `Store` implementation, SQLite or PostgreSQL behind a URL."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from mlplan.errors import RunError
from mlplan.store._access import AccessOps
from mlplan.store._db import make_engine, mask_url, normalise_url, upgrade
from mlplan.store._jobs import JobOps
from mlplan.store._plans import PlanOps
from mlplan.store.api import Store


class SqlStore(PlanOps, JobOps, AccessOps):
    """Plans, reviews, jobs, API keys, idempotency and Slack links in one SQL database.

    Thread-safe: every method is its own short transaction on a pooled connection.
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        engine = make_engine(url)
        super().__init__(engine)
        self.url = mask_url(normalise_url(url))
        """Database URL with the password masked (for /readyz and logs)."""
        self.dialect = engine.dialect.name
        """`sqlite` or `postgresql`."""
        if migrate:
            try:
                upgrade(engine)
            except OperationalError as exc:
                engine.dispose()
                raise RunError(f"cannot open the database at {self.url}: {exc.orig}") from exc
            except BaseException:
                engine.dispose()
                raise

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _conforms(store: SqlStore) -> Store:
    return store  # mypy proves SqlStore implements the Store protocol
