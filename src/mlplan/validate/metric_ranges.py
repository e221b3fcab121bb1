"""M12: a metric threshold the metric cannot reach.

Drafted plans (LLM mode above all) can carry a PR-AUC target of 85 or 1e15; a reviewer reads
that as a typo at best and a plan nobody checked at worst. Thresholds written as percentages
(85 for 0.85) are accepted for metrics bounded by 1, since plans write them both ways.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlplan.domain import Metric, MetricName, Plan, Section, Severity
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import MLPLAN

_UNIT = frozenset(
    {
        MetricName.ACCURACY,
        MetricName.BALANCED_ACCURACY,
        MetricName.PRECISION,
        MetricName.RECALL,
        MetricName.F1,
        MetricName.F_BETA,
        MetricName.ROC_AUC,
        MetricName.PR_AUC,
        MetricName.RECALL_AT_PRECISION,
        MetricName.PRECISION_AT_RECALL,
        MetricName.PRECISION_AT_K,
        MetricName.MACRO_F1,
        MetricName.MICRO_F1,
        MetricName.WEIGHTED_F1,
        MetricName.TOP_K_ACCURACY,
        MetricName.HAMMING_LOSS,
        MetricName.SUBSET_ACCURACY,
        MetricName.ECE,
        MetricName.BRIER,
        MetricName.INTERVAL_COVERAGE,
        MetricName.NDCG_AT_K,
        MetricName.MAP_AT_K,
        MetricName.MRR,
        MetricName.RECALL_AT_K,
        MetricName.HIT_RATE_AT_K,
        MetricName.CATALOG_COVERAGE,
    }
)
"""Metrics whose values lie in [0, 1]."""
_SIGNED = frozenset({MetricName.MCC, MetricName.SILHOUETTE})
"""Metrics in [-1, 1]."""
_NON_NEGATIVE = frozenset(
    {
        MetricName.LOG_LOSS,
        MetricName.RMSE,
        MetricName.MAE,
        MetricName.MAPE,
        MetricName.SMAPE,
        MetricName.WAPE,
        MetricName.MASE,
        MetricName.RMSLE,
        MetricName.PINBALL_LOSS,
    }
)


def _bounds(name: MetricName) -> tuple[float, float] | None:
    if name in _UNIT:
        return (0.0, 100.0)  # 0-1, or the same written as a percentage
    if name in _SIGNED:
        return (-1.0, 1.0)
    if name in _NON_NEGATIVE:
        return (0.0, float("inf"))
    if name is MetricName.R2:
        return (float("-inf"), 1.0)
    return None


def _metrics(plan: Plan) -> Iterator[tuple[str, Metric]]:
    yield "evaluation.primary_metric", plan.evaluation.primary_metric
    for i, m in enumerate(plan.evaluation.secondary_metrics):
        yield f"evaluation.secondary_metrics[{i}]", m


@rule(
    "M12",
    section=Section.EVALUATION,
    severity=Severity.ERROR,
    title="Metric threshold outside the metric's range",
    rationale="A minimum or target the metric cannot take (a PR-AUC of 1.7, a negative MAE) "
    "means nobody checked the number; every go/no-go decision that rests on it is void.",
    source=MLPLAN,
    fix="Restate the threshold in the metric's own range (0-1 or a percentage for rates and "
    "areas under curves; non-negative for errors) and derive it from the baseline.",
)
def m12_threshold_range(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    for path, metric in _metrics(plan):
        bounds = _bounds(metric.name)
        if bounds is None:
            continue
        low, high = bounds
        for field in ("minimum", "target", "at"):
            value = getattr(metric, field)
            if field == "at" and (metric.name not in _UNIT or value is None):
                continue
            if value is not None and not low <= value <= high:
                yield Hit(
                    f"{metric.display or metric.name.value} has {field} {value:g}, outside "
                    f"the metric's range.",
                    f"{path}.{field}",
                )
