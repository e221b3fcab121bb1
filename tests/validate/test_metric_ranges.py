"""M12: thresholds a metric cannot take are errors; percentages for unit metrics are fine."""

from __future__ import annotations

from mlplan.domain import Metric, MetricName, Plan
from mlplan.validate import RULES

from ._plans import RuleProbe

M12 = RULES["M12"]


def _with(plan: Plan, metric: Metric) -> Plan:
    evaluation = plan.evaluation.model_copy(update={"primary_metric": metric})
    return plan.model_copy(update={"evaluation": evaluation})


def test_m12_flags_an_impossible_target(plan: Plan, probe: RuleProbe) -> None:
    plan = _with(plan, Metric(name=MetricName.PR_AUC, display="PR-AUC", target=1.0e15))
    (finding,) = probe.fires(plan, "M12", "PR-AUC", "1e+15", "outside")
    assert finding.path == "evaluation.primary_metric.target"


def test_m12_flags_negative_errors_and_out_of_range_operating_points(plan: Plan) -> None:
    assert M12(_with(plan, Metric(name=MetricName.MAE, minimum=-3.0)))
    assert M12(_with(plan, Metric(name=MetricName.RECALL_AT_PRECISION, at=250.0)))
    assert M12(_with(plan, Metric(name=MetricName.MCC, target=1.5)))


def test_m12_accepts_fractions_percentages_and_unbounded_metrics(plan: Plan) -> None:
    assert not M12(_with(plan, Metric(name=MetricName.PR_AUC, minimum=0.3, target=0.45)))
    assert not M12(_with(plan, Metric(name=MetricName.RECALL, target=85.0)))
    assert not M12(_with(plan, Metric(name=MetricName.RMSE, target=1200.0)))
    assert not M12(_with(plan, Metric(name=MetricName.OTHER, target=-7.0)))
    assert not M12(plan)
