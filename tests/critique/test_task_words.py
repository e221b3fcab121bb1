"""The task a plan builds, when a task word stands for something else.

'Team-level clustering' in an A/B design is how arms are randomised, not a clustering task; a
horizon ('5 days ahead') says when the answer is due, and a plan judged on recall with PR-AUC and
Brier beside it is a classifier of events; 'Forecast accuracy: WAPE ...' heads an error metric.
Each misreading turned a good plan's verdict to not ready (M03); so did a latency measured on a
phone read as the budget (S03). New wording throughout.
"""

from __future__ import annotations

from mlplan.domain import MetricName, TaskType

from ._reading import fires, parse


def test_clustering_in_an_experiment_design_is_not_the_task() -> None:
    text = (
        "# Report chasing\n\n## Problem\nFind the probation reports that will be late so "
        "admin staff chase them first.\n\n## Evaluation\nPrimary: recall in the top 50 per "
        "week; secondary PR-AUC.\n\n## Rollout\nA/B test with team-level clustering, 6 teams "
        "per arm over 20 weeks.\n"
    )
    draft = parse(text)
    assert draft.plan.brief.task_type is not TaskType.CLUSTERING
    assert not fires(draft, "M03")


def test_clustering_customers_is_still_clustering() -> None:
    text = "# Segments\n\n## Problem\nClustering of our customers into 6 groups for the CRM.\n"
    assert parse(text).plan.brief.task_type is TaskType.CLUSTERING


def test_a_horizon_with_classifier_metrics_is_a_classifier_of_events() -> None:
    text = (
        "# Bloom warning\n\n## Problem\nWarn the intake team of an algal bloom 5 days ahead.\n\n"
        "## Evaluation\nPrimary: recall of bloom days at 2 false alarms a month; secondary "
        "PR-AUC and the Brier score.\n"
    )
    draft = parse(text)
    assert draft.plan.brief.task_type is TaskType.BINARY_CLASSIFICATION
    assert not fires(draft, "M03")


def test_forecast_accuracy_that_names_an_error_metric_is_that_metric() -> None:
    text = (
        "# Ward demand\n\n## Problem\nForecast weekly fly-tipping reports per ward.\n\n"
        "## Success criteria\n- Forecast accuracy: weighted absolute percentage error (WAPE) "
        "across wards at or below 20%\n\n## Evaluation\nPrimary: WAPE on the last 26 weeks.\n"
    )
    draft = parse(text)
    names = [m.name for m in draft.plan.evaluation.secondary_metrics]
    assert MetricName.ACCURACY not in names
    assert not fires(draft, "M03")


def test_plain_accuracy_on_a_forecast_is_still_m03() -> None:
    text = (
        "# Ward demand\n\n## Problem\nForecast weekly fly-tipping reports per ward.\n\n"
        "## Evaluation\nPrimary: accuracy of the weekly forecast, target 90%.\n"
    )
    assert fires(parse(text), "M03")


def test_a_latency_measured_on_a_phone_is_not_the_budget() -> None:
    text = (
        "# Leaf disease\n\n## Model\nEfficientNet-B0, small enough for phones: 18 ms on a "
        "mid-range handset.\n\n## Deployment\nOn-device. Latency target: under 100 ms per photo "
        "on the oldest supported phone.\n"
    )
    assert not fires(parse(text), "S03")
    budget = text.replace("18 ms on a mid-range handset", "the app needs an answer within 50 ms")
    assert fires(parse(budget), "S03")
