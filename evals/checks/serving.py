"""Serving and brief-specific quantities the drafter must read correctly."""

from __future__ import annotations

import math

from mlplan.domain import Plan

_SECONDS_PER_DAY = 86_400


def _rate_is(plan: Plan, expected: float) -> str | None:
    rate = plan.brief.positive_class_rate
    if rate is None:
        return f"the stated positive rate ({expected:g}) was not read"
    if not math.isclose(rate, expected, rel_tol=0.01):
        return f"positive rate read as {rate:g}, brief states {expected:g}"
    return None


def aml_rate_is_0_02_percent(plan: Plan) -> str | None:
    """'about 0.02 % are confirmed laundering' -> positive_class_rate 0.0002."""
    return _rate_is(plan, 0.0002)


def claims_rate_is_1_in_500(plan: Plan) -> str | None:
    """'1 in 500 claims is fraud' -> positive_class_rate 0.002."""
    return _rate_is(plan, 0.002)


def intrusion_throughput_from_daily_volume(plan: Plan) -> str | None:
    """1B flows per day is ~11.6k events/s; sizing for fewer drops traffic."""
    need = 1e9 / _SECONDS_PER_DAY
    peak = plan.deployment.scaling.peak_rps or plan.deployment.throughput_rps
    if peak is None or peak < 0.9 * need:
        return f"sized for {peak} events/s, but 1B flows/day is {need:,.0f} events/s on average"
    return None


def realtime_latency_budget_met_by_design(plan: Plan) -> str | None:
    """An online model states its p99 budget in deployment and evaluation, with a fallback."""
    d = plan.deployment
    if d.serving_mode.value not in ("realtime", "streaming", "edge"):
        return f"serving mode {d.serving_mode.value} for a brief with an online latency budget"
    if d.latency_ms_p99 is None or plan.evaluation.latency_target_ms is None:
        return "no p99 latency target in deployment and evaluation"
    if d.latency_ms_p99 != plan.evaluation.latency_target_ms:
        return f"deployment p99 {d.latency_ms_p99} != evaluation target {plan.evaluation.latency_target_ms}"
    if not (d.fallback or "").strip():
        return "no fallback when the model times out"
    return None


def rollback_is_automatic(plan: Plan) -> str | None:
    """A rollback with a mechanism, automatic triggers and a stated time to roll back."""
    rb = plan.deployment.rollback
    if rb is None:
        return "no rollback"
    if not rb.automatic_triggers or not rb.time_to_rollback.strip():
        return "rollback has no automatic triggers or no time to roll back"
    return None
