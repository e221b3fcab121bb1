"""Deployment: serving pattern, capacity from throughput x latency, monitoring, retraining, rollback."""

from __future__ import annotations

import math
import re

from mlplan import fmt
from mlplan.domain import (
    Alert,
    ApiSpec,
    Deployment,
    ModelFamily,
    Monitoring,
    Retraining,
    Rollback,
    Rollout,
    RolloutStrategy,
    Scaling,
    Section,
    ServingMode,
    TaskType,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.quantities import replicas_needed
from mlplan.draft.expert.tables import first_row

_UTILISATION = 0.6
_AVERAGED_VOLUME = re.compile(
    r"\b(?:per|a|an|each|every)\s*(?:day|week|month|year)\b|daily|monthly"
)
_STREAM_EVENT_MS = 5.0
"""Per-event scoring time of a light (tree/linear/isolation-forest) model in a stream consumer
that scores micro-batches: the service time in Little's law, not the end-to-end budget."""


def _scaling(ctx: DraftContext, row: dict[str, object], family: ModelFamily) -> Scaling:
    b = ctx.brief
    if b.serving_mode not in (ServingMode.REALTIME, ServingMode.STREAMING):
        rows = f"{fmt.count(b.total_rows)} rows" if b.total_rows else "the scoring population"
        return Scaling(
            computation=f"batch job sized to score {rows} well inside its window; no online replicas",
            autoscaling=str(row["autoscaling"]),
            load_balancing=str(row["load_balancing"]),
        )
    per_replica = int(row["concurrency_per_replica"])  # type: ignore[call-overload]
    latency = ctx.latency_budget() or 200.0
    peak = b.throughput_rps
    if peak is None:
        peak = 50.0
        ctx.assume(
            "throughput_rps",
            "50 requests/s at peak",
            "online serving without a stated request rate",
        )
        ctx.ask(
            "What is the peak request rate (per second) and the daily volume?",
            Section.DEPLOYMENT,
            "Replica count, autoscaling limits and cost follow from it.",
        )
    service = latency
    if b.serving_mode is ServingMode.STREAMING and not family.is_heavy:
        service = min(latency, _STREAM_EVENT_MS)
        ctx.assume(
            "deployment.scaling.latency_ms",
            f"{service:g} ms per event",
            "a light model scoring micro-batches in the stream consumer; benchmark it in week 1",
        )
    replicas = replicas_needed(
        peak, service, concurrency_per_replica=per_replica, target_utilisation=_UTILISATION
    )
    in_flight = peak * service / 1000
    span = b.facts["throughput_rps"].span if "throughput_rps" in b.facts else None
    averaged = span is not None and bool(_AVERAGED_VOLUME.search(span.text.lower()))
    headroom = 3 if averaged else 2
    max_replicas = max(replicas + 2, math.ceil(replicas * headroom))
    peak_note = (
        f"; {peak:,.0f}/s is the average of the brief's {span.text if span else 'volume'}, "
        "so partitions and the autoscaling ceiling allow ~3x for the peak hour (measure it in week 1)"
        if averaged
        else ""
    )
    return Scaling(
        peak_rps=peak,
        latency_ms=service,
        concurrency_per_replica=per_replica,
        target_utilisation=_UTILISATION,
        replicas=replicas,
        max_replicas=max_replicas,
        computation=(
            f"Little's law: {peak:g} req/s x {service / 1000:g} s = {in_flight:.1f} requests in flight; "
            f"/ ({per_replica} concurrent per replica x {_UTILISATION:.0%} target utilisation) = {replicas} replicas "
            f"(minimum 2 for availability); autoscale up to {max_replicas} for peaks and zone loss{peak_note}"
        ),
        load_balancing=str(row["load_balancing"]),
        autoscaling=str(row["autoscaling"]),
    )


def _monitoring(ctx: DraftContext) -> Monitoring:
    b = ctx.brief
    delay = b.label_delay or _default_label_delay(ctx)
    perf = f"{'precision/recall on matured labels' if b.task_type.is_classification else 'the primary metric on matured labels'}, weekly, once labels arrive ({delay}); until then track the score distribution and proxy outcomes"
    loop = str(first_row("feedback_loops", ctx.facts)["mitigation"])
    owner = "ML on-call (platform) for system alerts; the model owner for quality and drift alerts"
    return Monitoring(
        performance=perf,
        data_drift="PSI per top-20 feature daily against the training snapshot (alert at PSI > 0.2), plus null-rate and range checks",
        concept_drift="rolling primary metric on matured labels vs the validation estimate; alert on a drop beyond the bootstrap interval",
        data_quality="schema, null-rate, volume and freshness checks on every input batch / request sample",
        system_health="latency p50/p99, error rate, saturation, throughput"
        if b.serving_mode is not ServingMode.BATCH
        else "job success, duration, rows scored vs expected",
        label_delay=delay,
        alerts=[
            Alert(
                signal="feature PSI",
                threshold="> 0.2 on any top-20 feature for 2 consecutive days",
                owner=owner,
                action="investigate upstream change; consider retraining",
            ),
            Alert(
                signal="primary metric on matured labels",
                threshold="below the minimum in the evaluation section",
                owner="model owner",
                action="roll back to the previous version and open an incident",
            ),
            Alert(
                signal="prediction distribution",
                threshold=str(first_row("metrics", ctx.facts)["drift_alert"]).format(
                    flagged=first_row("framing", ctx.facts).get("flagged", "records flagged")
                ),
                owner=owner,
                action="check inputs; freeze automated retraining",
            ),
            Alert(
                signal="p99 latency / error rate"
                if b.serving_mode is not ServingMode.BATCH
                else "scoring job",
                threshold=(
                    f"> {b.latency_p99_ms:g} ms for 5 min / > 1 % errors"
                    if b.latency_p99_ms
                    else "> SLO for 5 min / > 1 % errors"
                )
                if b.serving_mode is not ServingMode.BATCH
                else "failed or late by 1 h",
                owner="ML on-call",
                action="page; automatic rollback if caused by a new version",
            ),
        ],
        upstream_dependencies=[s.name for s in b.data_sources]
        + ["feature pipeline", "model registry"],
        feedback_loop_mitigation=loop,
    )


def draft_deployment(ctx: DraftContext, family: ModelFamily) -> Deployment:
    b = ctx.brief
    row = first_row("serving", ctx.facts)
    rollout_spec = dict(row["rollout"])
    strategy = RolloutStrategy(rollout_spec["strategy"])
    optimisation: list[str] = []
    if b.latency_p99_ms is not None and b.latency_p99_ms < 100:
        optimisation = [
            "precompute slow features in the online store",
            "export to ONNX and benchmark p99 under peak load before the canary",
        ]
        if family.is_heavy:
            optimisation = [
                "distil to a smaller student model",
                "int8 quantisation",
                *optimisation,
                "cache scores for repeated inputs",
            ]
    cadence = (
        "weekly" if b.task_type is TaskType.FORECASTING or b.domain == "payments" else "monthly"
    )
    triggers = [
        "PSI > 0.2 on a top feature for a week",
        "primary metric on matured labels below the minimum",
        "major upstream schema or product change",
    ]
    redress = None
    if b.affects_people:
        redress = "people affected by an automated decision can ask for human review through support; reviewers see the reason codes and can override; overrides are logged and fed back as labels"
    serving = b.serving_mode
    return Deployment(
        platform=f"{row['platform']} ({b.deployment_target})",
        serving_mode=serving,
        latency_ms_p99=ctx.latency_budget(),
        throughput_rps=b.throughput_rps,
        api=ApiSpec.model_validate(row["api"]),
        scaling=_scaling(ctx, row, family),
        resources="CPU replicas with 2 vCPU / 4 GB each"
        if serving in (ServingMode.REALTIME, ServingMode.STREAMING)
        else "one batch worker (8 vCPU / 32 GB), scaled with the population",
        cost_estimate=_cost(ctx),
        optimisation=optimisation,
        monitoring=_monitoring(ctx),
        retraining=Retraining(
            frequency=cadence,
            triggers=triggers,
            pipeline="the training DAG reruns on a fresh snapshot, evaluates against the current production model on the same test window, and registers the challenger",
        ),
        versioning="every prediction logs model version and feature-schema version; the previous production version stays deployable",
        quality_gate=_quality_gate(ctx),
        rollout=Rollout(
            strategy=strategy, stages=_rollout_stages(ctx, list(rollout_spec["stages"]))
        ),
        rollback=Rollback(
            mechanism="re-point the serving alias in the registry to the previous version (previous container kept warm); batch jobs re-run with the previous version",
            automatic_triggers=(
                [
                    f"error rate > 1 % or p99 over {ctx.latency_budget():g} ms for 5 minutes during the canary",
                    "prediction distribution shift beyond the alert threshold",
                    "guardrail metric breach in the A/B test",
                ]
                if serving is not ServingMode.BATCH
                else [
                    "scoring job fails validation (row count, null scores, schema) — the previous scores stay published",
                    "prediction distribution shift beyond the alert threshold",
                    "guardrail metric breach in the A/B test",
                ]
            ),
            time_to_rollback="5 minutes"
            if serving is not ServingMode.BATCH
            else "one scheduled run",
        ),
        fallback=_fallback(ctx),
        redress=redress,
        citations=ctx.cite(
            list(row.get("cites", []))
            + ["monitoring-and-drift", "retraining-policies", "rollout-and-rollback"]
            + (["model-optimisation-latency"] if optimisation else [])
            + ["feedback-loops"],
            "serving, capacity, monitoring, retraining and rollback",
        ),
    )


def _fallback(ctx: DraftContext) -> str:
    b = ctx.brief
    if b.current_solution:
        return f"if the model is unavailable, fall back to the current process ({b.current_solution}) and log the fallback"
    if b.task_type.is_ranking:
        return "serve the popularity / current ranking when the model times out"
    if b.serving_mode is ServingMode.BATCH:
        return "keep the last successful scores for up to 7 days; after that, the owning team reverts to its manual process"
    return "a timeout returns a rule-based decision (simple thresholds reviewed with the business) and flags the case for review"


def _cost(ctx: DraftContext) -> str:
    b = ctx.brief
    if b.throughput_rps:
        per_day = b.throughput_rps * 86400 * 0.4
        return f"about {fmt.count(per_day)} predictions/day (assuming the average is 40 % of peak); CPU serving cost is dominated by replica-hours, not per-prediction compute"
    return "batch scoring on existing warehouse/compute; the main cost is engineering time and monitoring"


def _default_label_delay(ctx: DraftContext) -> str:
    b = ctx.brief
    if b.task_type is TaskType.FORECASTING:
        return f"actuals arrive each {b.granularity or 'period'}; full-horizon accuracy is known {b.forecast_horizon or 'one horizon'} after each forecast"
    if b.task_type.is_ranking:
        return "clicks within the session; purchases within days"
    if b.task_type is TaskType.CLUSTERING:
        return "campaign response, weeks after each campaign"
    return "unknown (open question)"


def _quality_gate(ctx: DraftContext) -> str:
    b = ctx.brief
    checks = [
        "beats the champion on the primary metric beyond the bootstrap interval",
        "no slice worse by more than 2 points",
    ]
    if ctx.facts["personal_data"] and (b.affects_people or b.sensitive_attributes):
        checks.append("fairness thresholds from the evaluation section pass")
    if b.serving_mode is not ServingMode.BATCH:
        checks.append(f"p99 latency under {ctx.latency_budget():g} ms in a load test at 2x peak")
    else:
        checks.append("a full scoring run finishes inside its window on production-sized data")
    return "promotion requires: " + "; ".join(checks)


def _rollout_stages(ctx: DraftContext, default: list[str]) -> list[str]:
    b = ctx.brief
    if b.task_type is TaskType.FORECASTING:
        return [
            "shadow: forecasts published beside the planners' numbers for 4 weeks",
            "pilot in a randomised subset of stores vs matched control stores for one full horizon",
            "all stores",
        ]
    if b.task_type is TaskType.CLUSTERING:
        return [
            "segments reviewed and named with marketing",
            "one campaign per segment vs a randomised untargeted control",
            "segments used in all campaigns",
        ]
    return default
