"""Prometheus metrics, one CollectorRegistry per app so tests and replicas never share counts."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlplan.domain import Plan


class Metrics:
    """Request latency by route and status, job states, LLM tokens, cost and cache hits."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Histogram(
            "mlplan_http_request_duration_seconds",
            "HTTP request latency by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.jobs = Counter(
            "mlplan_jobs_total",
            "Job state transitions seen by this process.",
            ["kind", "state"],
            registry=self.registry,
        )
        self.jobs_active = Gauge(
            "mlplan_jobs_active",
            "Jobs this process holds, by state (queued, running).",
            ["state"],
            registry=self.registry,
        )
        self.llm_tokens = Counter(
            "mlplan_llm_tokens_total",
            "LLM tokens spent by plans this process made.",
            ["direction", "model"],
            registry=self.registry,
        )
        self.llm_cost = Counter(
            "mlplan_llm_cost_usd_total",
            "LLM cost in USD of priced models.",
            ["model"],
            registry=self.registry,
        )
        self.llm_cache_hits = Counter(
            "mlplan_llm_cache_hits_total",
            "LLM calls answered from the response cache.",
            ["model"],
            registry=self.registry,
        )
        self.plans = Counter(
            "mlplan_plans_total", "Plans made, by drafter.", ["drafter"], registry=self.registry
        )

    def record_plan(self, plan: Plan) -> None:
        """Count a finished plan and what its LLM run spent (plan.meta.llm)."""
        self.plans.labels(drafter=plan.meta.drafter.split(":")[0] or "unknown").inc()
        run = plan.meta.llm
        if run is None:
            return
        self.llm_tokens.labels(direction="input", model=run.model).inc(run.input_tokens)
        self.llm_tokens.labels(direction="output", model=run.model).inc(run.output_tokens)
        if run.cost_usd:
            self.llm_cost.labels(model=run.model).inc(run.cost_usd)
        if run.cache_hits:
            self.llm_cache_hits.labels(model=run.model).inc(run.cache_hits)

    def job_moved(self, kind: str, old: str | None, new: str) -> None:
        self.jobs.labels(kind=kind, state=new).inc()
        if old in ("queued", "running"):
            self.jobs_active.labels(state=old).dec()
        if new in ("queued", "running"):
            self.jobs_active.labels(state=new).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Times every request; labels by route template (`/v1/plans/{plan_id}`), never raw paths."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.metrics.requests.labels(
                route=_route_of(scope), method=scope.get("method", ""), status=str(status)
            ).observe(time.perf_counter() - started)


def _route_of(scope: Scope) -> str:
    """The matched route's path template; 'unmatched' for 404s (bounded label values)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    app = scope.get("app")
    for candidate in getattr(getattr(app, "router", None), "routes", []):
        match, _ = candidate.matches(scope)
        if match is Match.FULL:
            return str(getattr(candidate, "path", "unmatched"))
    return "unmatched"
