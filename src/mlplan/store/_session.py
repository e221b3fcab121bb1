"""Sessions for the store's operation mixins: short transactions, reads apart from writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mlplan.store._db import WRITE

T = TypeVar("T")


class SessionHost:
    """Owns the engine; every public store method is one short transaction on it."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE: True})

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def _retry_conflicts(self, fn: Callable[[], T], *, attempts: int = 8) -> T:
        """Run `fn` again when a concurrent writer took the same key (next version, event seq)."""
        for attempt in range(attempts):
            try:
                return fn()
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")
