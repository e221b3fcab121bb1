"""M03 for forecasts that warn of events, and classifiers of events.

A forecast whose output is a warning ('warn the duty team of level-4 avalanche days') is judged
like a classifier: recall of the warned events fits as its primary metric. A numeric forecast
judged by recall still does not fit. A classifier of fault events may report how early it
flags them (detection delay) and how many a top-N list holds (hit rate).
"""

from __future__ import annotations

from mlplan.domain import Metric, MetricName, TaskType
from mlplan.validate import validate_plan
from mlplan.validate._examples import good_plan


def _m03(
    task: TaskType, objective: str, primary: MetricName, secondary: list[MetricName]
) -> list[str]:
    plan = good_plan()
    plan = plan.model_copy(
        update={
            "brief": plan.brief.model_copy(
                update={
                    "task_type": task,
                    "objective": objective,
                    "business_problem": objective,
                    "target": None,
                }
            ),
            "overview": plan.overview.model_copy(update={"ml_objective": objective}),
            "model": plan.model.model_copy(update={"problem_type": task}),
            "evaluation": plan.evaluation.model_copy(
                update={
                    "primary_metric": Metric(name=primary),
                    "secondary_metrics": [Metric(name=m) for m in secondary],
                }
            ),
        }
    )
    return [f.message for f in validate_plan(plan, rules=["M03"])]


def test_recall_fits_a_forecast_that_warns_of_events() -> None:
    found = _m03(
        TaskType.FORECASTING,
        "Warn the duty forecasters of level-4 avalanche days a day ahead",
        MetricName.RECALL,
        [],
    )
    assert found == []


def test_recall_does_not_fit_a_numeric_forecast() -> None:
    found = _m03(TaskType.FORECASTING, "Forecast daily litres sold per pump", MetricName.RECALL, [])
    assert len(found) == 1 and "'recall'" in found[0]


def test_event_timing_metrics_fit_as_secondary_of_an_event_classifier() -> None:
    found = _m03(
        TaskType.BINARY_CLASSIFICATION,
        "Flag inverters that will underperform next week",
        MetricName.PR_AUC,
        [MetricName.DETECTION_DELAY, MetricName.HIT_RATE_AT_K],
    )
    assert found == []


_ICING = """\
# Footbridge icing warnings

We forecast which footbridge decks will ice overnight so the crews grit them first.

## Evaluation
- primary: {primary} on the 2024/25 winter
- also PR-AUC and the Brier score
"""


def test_recall_with_classifier_metrics_beside_it_reads_as_a_classifier() -> None:
    from mlplan.critique import parse_plan

    draft = parse_plan(
        _ICING.format(primary="recall of iced deck-nights"), source="p", kind="markdown"
    )
    assert draft.plan.brief.task_type is TaskType.BINARY_CLASSIFICATION
    assert validate_plan(draft.plan, rules=["M03"]) == []


def test_plain_accuracy_keeps_the_forecast_and_its_m03() -> None:
    from mlplan.critique import parse_plan

    draft = parse_plan(_ICING.format(primary="accuracy"), source="p", kind="markdown")
    assert draft.plan.brief.task_type is not TaskType.BINARY_CLASSIFICATION
    found = validate_plan(draft.plan, rules=["M03"])
    assert any("'accuracy'" in f.message for f in found)


def test_an_error_metric_of_a_part_fits_as_secondary_of_a_classifier() -> None:
    found = _m03(
        TaskType.BINARY_CLASSIFICATION,
        "Flag inverters that will underperform next week",
        MetricName.PR_AUC,
        [MetricName.MAE],  # the expected-power model inside the detector
    )
    assert found == []


def test_an_error_metric_as_the_primary_of_a_classifier_is_m03() -> None:
    found = _m03(
        TaskType.BINARY_CLASSIFICATION,
        "Flag inverters that will underperform next week",
        MetricName.RMSE,
        [],
    )
    assert len(found) == 1 and "'rmse'" in found[0]
