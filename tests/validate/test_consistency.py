"""S03: split ratios sum to one, and the same number agrees wherever the plan states it."""

from __future__ import annotations

import pytest

from mlplan.domain import Metric, MetricName, Milestone, Plan, SplitRatios, TaskType

from ._plans import RuleProbe


def _paths(probe: RuleProbe, plan: Plan) -> list[str]:
    return [f.path for f in probe.run(plan, "S03")]


def test_s03_ratios_do_not_sum_to_one(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.ratios = SplitRatios(train=0.7, validation=0.2, test=0.2)
    plan.training.split.sizes = None
    findings = probe.fires(plan, "S03", "0.7 / 0.2 / 0.2", "sum to 1.1")
    assert findings[0].path == "training.split.ratios"


def test_s03_ratios_within_tolerance(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.ratios = SplitRatios(train=0.7, validation=0.15, test=0.1505)
    plan.training.split.sizes = None
    probe.silent(plan, "S03")


def test_s03_sizes_disagree_with_ratios(plan: Plan, probe: RuleProbe) -> None:
    assert plan.training.split.ratios is not None
    plan.training.split.ratios = SplitRatios(train=0.8, validation=0.1, test=0.1)
    probe.fires(plan, "S03", "train 1,680,000 of 2,400,000 rows (70.0%)", "0.8")


def test_s03_sizes_disagree_with_volume(plan: Plan, probe: RuleProbe) -> None:
    plan.data.volume_summary = "900k customer-month rows"
    probe.fires(plan, "S03", "2,400,000 rows", "'900k customer-month rows'")


def test_s03_sizes_checked_against_brief_rows_when_volume_is_prose(
    plan: Plan, probe: RuleProbe
) -> None:
    plan.data.volume_summary = "Three years of monthly snapshots"
    plan.brief.total_rows = 5_000_000
    probe.fires(plan, "S03", "brief.total_rows is 5,000,000")


def test_s03_positive_rate_differs_between_data_and_brief(plan: Plan, probe: RuleProbe) -> None:
    plan.data.positive_class_rate = 0.08
    findings = probe.fires(plan, "S03", "data.positive_class_rate is 0.08", "0.04")
    assert "data.positive_class_rate" in [f.path for f in findings]


def test_s03_positive_count_inconsistent_with_rate(plan: Plan, probe: RuleProbe) -> None:
    assert plan.training.split.sizes is not None
    plan.training.split.sizes.test_positives = 90_000
    probe.fires(plan, "S03", "25.00% positives in test", "0.04")


def test_s03_latency_targets_disagree(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.latency_target_ms = 80
    probe.fires(plan, "S03", "deployment.latency_ms_p99 is 50 ms", "80 ms")
    probe.fires(plan, "S03", "evaluation.latency_target_ms is 80 ms, looser than the 50 ms")


def test_s03_scaling_latency_above_p99(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.scaling.latency_ms = 120
    assert "deployment.scaling.latency_ms" in _paths(probe, plan)
    probe.fires(plan, "S03", "scaling.latency_ms is 120 ms", "50 ms p99")


def test_s03_under_provisioned_replicas(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.scaling.replicas = 2
    probe.fires(plan, "S03", "replicas is 2", "needs 3")


def test_s03_throughput_below_brief_peak(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.throughput_rps = 100
    probe.fires(plan, "S03", "100 rps, below the 200 rps")


def test_s03_timeline_contradictions(plan: Plan, probe: RuleProbe) -> None:
    plan.timeline.total_weeks = 12
    plan.timeline.milestones.append(Milestone(name="Retro", week=20))
    plan.timeline.deadline_fit = ""
    paths = _paths(probe, plan)
    assert "timeline.total_weeks" in paths
    assert "timeline.milestones[3].week" in paths
    probe.fires(plan, "S03", "phases end in week 16", "total_weeks is 12")


def test_s03_timeline_over_deadline(plan: Plan, probe: RuleProbe) -> None:
    plan.brief.deadline_weeks = 10
    plan.timeline.deadline_fit = ""
    probe.fires(plan, "S03", "total_weeks is 16", "deadline is 10 weeks")


def test_s03_over_deadline_acknowledged_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.brief.deadline_weeks = 10
    plan.timeline.deadline_fit = "Misses by 6 weeks; the A/B phase moves to next quarter."
    probe.silent(plan, "S03")


def test_s03_task_type_disagrees(plan: Plan, probe: RuleProbe) -> None:
    plan.model.problem_type = TaskType.REGRESSION
    probe.fires(plan, "S03", "'regression'", "'binary_classification'")


def test_s03_minimum_above_target(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.PR_AUC, minimum=0.5, target=0.45)
    probe.fires(plan, "S03", "minimum 0.5 above its target 0.45")


@pytest.mark.parametrize("name", [MetricName.RMSE, MetricName.LOG_LOSS])
def test_s03_minimum_above_target_is_fine_for_losses(
    plan: Plan, probe: RuleProbe, name: MetricName
) -> None:
    plan.evaluation.secondary_metrics = [Metric(name=name, minimum=0.5, target=0.3)]
    probe.silent(plan, "S03")
