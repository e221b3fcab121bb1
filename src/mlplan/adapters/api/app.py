"""The app factory: one FastAPI app per (service, store, settings), middleware and routes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from mlplan import __version__
from mlplan.adapters.api import routes_jobs, routes_ops, routes_plans, routes_reviews
from mlplan.adapters.api.context import ApiContext, context_of
from mlplan.adapters.api.errors import install_error_handlers
from mlplan.adapters.api.jobs import JobRunner
from mlplan.adapters.api.limits import BodyLimitMiddleware, RateLimiter
from mlplan.adapters.api.metrics import Metrics, MetricsMiddleware
from mlplan.config import Settings, get_settings
from mlplan.service import PlanService, build_service
from mlplan.store.api import Store

if TYPE_CHECKING:
    from slack_bolt import App as SlackApp

DESCRIPTION = """Plan ML projects from a brief and review ML plans.

Send an API key as `Authorization: Bearer <key>` (`mlplan apikey create --name NAME`).
Every error is `{"error": {"code": "...", "message": "..."}}` with a stable code.
"""


def _default_store(settings: Settings) -> Store:
    from mlplan.store import open_store

    return open_store(settings)


_WARM_BRIEF = "Predict churn for a subscription service from 1M CRM rows.\n"
_WARM_PLAN = "# Plan\n\n## Evaluation\nAccuracy on a random split.\n"


def _warm_up(service: PlanService) -> None:
    """Load the index and the drafting and review code before the first request, not during it
    (the first plan of a process costs about a second; later ones tens of milliseconds)."""
    if getattr(service, "_api_warm", False):
        return
    service.knowledge_index()
    service.plan(_WARM_BRIEF, llm="none")
    service.review(_WARM_PLAN)
    service._api_warm = True  # type: ignore[attr-defined]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the knowledge index, restart jobs a previous process left, stop jobs on exit."""
    ctx: ApiContext = app.state.ctx
    await asyncio.to_thread(_warm_up, ctx.service)
    await ctx.jobs.start()
    try:
        yield
    finally:
        await ctx.jobs.stop()
        if ctx.owns_store:
            ctx.store.close()


def create_app(
    service: PlanService | None = None,
    store: Store | None = None,
    settings: Settings | None = None,
    slack_app: SlackApp | None = None,
) -> FastAPI:
    """Build the HTTP API. Defaults: settings from env, `build_service`, `open_store`.

    The Slack bot is mounted at /slack/events (same process, same store) when
    SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set, or when `slack_app` is given.
    """
    settings = settings or (service.settings if service is not None else get_settings())
    service = service or build_service(settings)
    owns_store = store is None
    store = store or _default_store(settings)
    metrics = Metrics()
    ctx = ApiContext(
        settings=settings,
        service=service,
        store=store,
        metrics=metrics,
        limiter=RateLimiter(settings.api_rate_limit_per_minute),
        jobs=JobRunner(service=service, store=store, settings=settings, metrics=metrics),
        owns_store=owns_store,
    )
    app = FastAPI(
        title="mlplan",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
    )
    app.state.ctx = ctx
    install_error_handlers(app)
    app.include_router(routes_ops.router)
    app.include_router(routes_plans.router)
    app.include_router(routes_reviews.router)
    app.include_router(routes_jobs.router)
    app.include_router(routes_ops.knowledge)
    if slack_app is not None or (settings.slack_bot_token and settings.slack_signing_secret):
        from mlplan.adapters.slack import mount_slack  # the slack extra, only when used

        mount_slack(app, slack_app, service=service, store=store, settings=settings)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.api_max_body_bytes,
        upload_bytes=settings.max_data_bytes,
        upload_paths=frozenset({"/v1/plans"}),
    )
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
            expose_headers=["Location", "Retry-After", "Idempotent-Replayed"],
        )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


__all__ = ["ApiContext", "context_of", "create_app"]
