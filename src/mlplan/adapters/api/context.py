"""What one app instance holds: settings, the service, the store, metrics, limits, jobs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from mlplan.adapters.api.jobs import JobRunner
    from mlplan.adapters.api.limits import RateLimiter
    from mlplan.adapters.api.metrics import Metrics
    from mlplan.config import Settings
    from mlplan.service import PlanService
    from mlplan.store.api import Store


@dataclass
class ApiContext:
    """One per app (not per process), so tests can run several apps side by side."""

    settings: Settings
    service: PlanService
    store: Store
    metrics: Metrics
    limiter: RateLimiter
    jobs: JobRunner
    owns_store: bool = False
    """Close the store on shutdown (the app opened it)."""


def context_of(conn: HTTPConnection) -> ApiContext:
    ctx = conn.app.state.ctx
    assert isinstance(ctx, ApiContext)
    return ctx
