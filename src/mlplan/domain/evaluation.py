"""Evaluation: how the plan decides whether the model is good enough (section 7)."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import MetricName
from mlplan.domain.profile import MeasuredBaselines


class Metric(Model):
    name: MetricName
    display: str = ""
    """Human name, e.g. 'Recall at 80 % precision'."""
    k: int | None = None
    at: float | None = None
    """Operating point for '@precision' / '@recall' metrics."""
    rationale: str = ""
    minimum: float | None = None
    """Below this the model does not ship."""
    target: float | None = None


class CostCell(Model):
    outcome: str
    """tp, fp, fn or tn."""
    meaning: str
    value: str
    """Cost or benefit, in money or effort; estimated where the brief is silent."""


class ABTest(Model):
    unit: str = ""
    """Randomisation unit (user, account, store...)."""
    primary_metric: str = ""
    baseline_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    minimum_detectable_effect: float | None = Field(default=None, gt=0.0)
    """Absolute change of the baseline rate worth detecting."""
    alpha: float = 0.05
    power: float = 0.8
    sample_size_per_arm: int | None = Field(default=None, ge=1)
    duration: str = ""
    guardrail_metrics: list[str] = Field(default_factory=list)


class ValidationStrategy(Model):
    holdout: str = ""
    cross_validation: str = ""
    backtesting: str = ""
    ab_test: ABTest | None = None


class Fairness(Model):
    applicable: bool = False
    groups: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    mitigations: list[str] = Field(default_factory=list)


class DecisionThreshold(Model):
    method: str
    rationale: str = ""
    chosen_on: str = "validation"


class Evaluation(SectionModel):
    primary_metric: Metric = Field(default_factory=lambda: Metric(name=MetricName.OTHER))
    secondary_metrics: list[Metric] = Field(default_factory=list)
    model_selection_metric: MetricName | None = None
    business_metrics: list[str] = Field(default_factory=list)
    offline_online_link: str = ""
    """How the offline metric is expected to move the business KPI (M05)."""
    cost_matrix: list[CostCell] = Field(default_factory=list)
    baseline: str = ""
    measured_baselines: MeasuredBaselines | None = None
    """Trivial and quick-model scores measured on the user's data; thresholds are set from them."""
    validation_strategy: ValidationStrategy = Field(default_factory=ValidationStrategy)
    test_set_policy: str = ""
    """The test set is scored once, at production prevalence (L07, L10)."""
    slices: list[str] = Field(default_factory=list)
    fairness: Fairness = Field(default_factory=Fairness)
    calibration: str | None = None
    decision_threshold: DecisionThreshold | None = None
    confidence_intervals: str | None = None
    interpretability: str = ""
    latency_target_ms: float | None = None
    resource_targets: str = ""
