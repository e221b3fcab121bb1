"""Deployment: serving, scaling, monitoring, retraining, rollout and rollback (section 8)."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import RolloutStrategy, ServingMode


class ApiSpec(Model):
    endpoint: str = ""
    request_schema: str = ""
    response_schema: str = ""
    auth: str = ""
    errors: str = ""


class Scaling(Model):
    """Capacity computed from the brief: replicas = peak concurrency / per-replica slots."""

    peak_rps: float | None = None
    latency_ms: float | None = None
    concurrency_per_replica: int | None = None
    target_utilisation: float | None = None
    replicas: int | None = None
    max_replicas: int | None = None
    computation: str = ""
    load_balancing: str = ""
    autoscaling: str = ""


class Alert(Model):
    signal: str
    threshold: str
    owner: str = ""
    action: str = ""


class Monitoring(Model):
    performance: str = ""
    data_drift: str = ""
    concept_drift: str = ""
    data_quality: str = ""
    system_health: str = ""
    label_delay: str = ""
    alerts: list[Alert] = Field(default_factory=list)
    upstream_dependencies: list[str] = Field(default_factory=list)
    feedback_loop_mitigation: str | None = None


class Retraining(Model):
    frequency: str = ""
    triggers: list[str] = Field(default_factory=list)
    pipeline: str = ""


class Rollout(Model):
    strategy: RolloutStrategy = RolloutStrategy.NONE
    stages: list[str] = Field(default_factory=list)


class Rollback(Model):
    mechanism: str
    automatic_triggers: list[str] = Field(default_factory=list)
    time_to_rollback: str = ""


class Deployment(SectionModel):
    platform: str = ""
    serving_mode: ServingMode = ServingMode.BATCH
    latency_ms_p99: float | None = None
    throughput_rps: float | None = None
    api: ApiSpec | None = None
    scaling: Scaling = Field(default_factory=Scaling)
    resources: str = ""
    cost_estimate: str = ""
    optimisation: list[str] = Field(default_factory=list)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    retraining: Retraining = Field(default_factory=Retraining)
    versioning: str = ""
    quality_gate: str = ""
    rollout: Rollout = Field(default_factory=Rollout)
    rollback: Rollback | None = None
    fallback: str | None = None
    redress: str | None = None
    """How a person affected by a decision can contest it (D09)."""
