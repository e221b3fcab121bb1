"""Structural readings that keep good, unseen plans free of false findings (round 4).

A task word the brief reader met in passing yields to the metric the author chose; people words
are read for who the decision is about; bylines are not the problem statement; success criteria
that name no model metric are the business outcome; a negation stops at a new clause. Every
phrasing here is new, and each reading has a negative test.
"""

from __future__ import annotations

import pytest

from mlplan.domain import PlanDraft, TaskType

from ._reading import fires as _fires
from ._reading import parse as _parse

# -- the task: a weak task word against the author's own primary metric ---------------------------


def _task_plan(problem: str, metric: str, model: str = "gradient-boosted trees") -> PlanDraft:
    return _parse(
        f"# Plan\n\n## Problem\n\n{problem}\n\n## Model\n\nWe train {model}.\n\n"
        f"## Evaluation\n\nPrimary metric: {metric} on the last quarter.\n"
    )


def test_passing_recommend_word_yields_to_an_error_metric() -> None:
    draft = _task_plan(
        "The dispatch tool recommends which depot a tow truck should wait at. The model predicts "
        "the minutes a truck needs to reach each road segment.",
        "MAE in minutes",
    )
    assert draft.plan.brief.task_type is TaskType.REGRESSION
    assert not _fires(draft, "M03")


def test_cluster_as_a_noun_yields_to_macro_f1() -> None:
    draft = _task_plan(
        "Defect shapes on a glass panel (a scratch, a bubble cluster, an edge chip) are assigned "
        "to one of seven classes.",
        "macro-F1",
    )
    assert draft.plan.brief.task_type is TaskType.MULTICLASS_CLASSIFICATION
    assert not _fires(draft, "M03")


def test_named_task_keeps_its_metric_mismatch() -> None:
    draft = _task_plan(
        "We build a recommender system that suggests recipes to each subscriber.", "RMSE"
    )
    assert draft.plan.brief.task_type is TaskType.RECOMMENDATION
    assert _fires(draft, "M03")


def test_loose_accuracy_does_not_overrule_a_forecast() -> None:
    draft = _task_plan("We forecast ferry bookings per sailing for the next week.", "accuracy")
    assert draft.plan.brief.task_type is TaskType.FORECASTING
    assert _fires(draft, "M03")


def test_model_family_backs_the_task_word() -> None:
    draft = _task_plan(
        "The app recommends playlists to listeners.", "RMSE", model="matrix factorisation (ALS)"
    )
    assert draft.plan.brief.task_type is TaskType.RECOMMENDATION
    assert _fires(draft, "M03")


# -- who the decision is about --------------------------------------------------------------------


def _people_plan(problem: str, data: str = "") -> PlanDraft:
    data_section = f"\n\n## Data\n\n{data}" if data else ""
    return _parse(f"# Plan\n\n## Problem\n\n{problem}{data_section}\n")


def test_patient_as_a_modifier_is_not_a_decision_about_patients() -> None:
    draft = _people_plan(
        "We forecast hourly demand for patient transport vehicles per depot.",
        "Trip records hold pickup zones only; patient names are never copied.",
    )
    assert not draft.plan.brief.affects_people


def test_patients_as_the_subject_stay_people() -> None:
    draft = _people_plan(
        "We flag patients who are likely to miss a follow-up appointment so a nurse can call them."
    )
    assert draft.plan.brief.affects_people


def test_library_loans_are_not_credit() -> None:
    draft = _people_plan(
        "We forecast weekly loans of each audiobook per branch to plan licence purchases.",
        "Loan counts come from the circulation system, aggregated to title and week.",
    )
    assert not draft.plan.brief.affects_people


def test_loans_with_credit_words_are_credit() -> None:
    draft = _people_plan(
        "We predict which personal loans will fall into arrears so the credit team can offer "
        "borrowers a repayment holiday."
    )
    assert draft.plan.brief.affects_people


def test_ruled_out_people_use_is_not_a_decision() -> None:
    draft = _people_plan(
        "We predict crane idle minutes per berth. Not for patient or staff assessment of any kind."
    )
    assert not draft.plan.brief.affects_people


# -- bylines, success criteria and business outcomes ----------------------------------------------


def test_byline_is_not_the_business_problem() -> None:
    draft = _parse(
        "# Berth planning\n\n*Owner: Port Analytics. Sponsor: Head of Terminal Operations.*\n\n"
        "## Overview\n\nVessels wait at anchor because berth slots are planned by hand.\n"
    )
    assert draft.plan.overview.business_problem.startswith("Vessels wait at anchor")


def test_a_first_paragraph_with_a_colon_is_not_a_byline() -> None:
    draft = _parse(
        "# Berth planning\n\n## Overview\n\nThe problem: vessels wait at anchor for hours.\n"
    )
    assert draft.plan.overview.business_problem.startswith("The problem: vessels")


def test_operational_success_criterion_is_a_business_metric() -> None:
    draft = _parse(
        "# Plan\n\n## Overview\n\nWe predict how long each vessel stays at berth.\n"
        "Success in service: average anchor wait cut by at least 3 hours per vessel.\n"
        "Success offline: MAE at least 15% below the planners' estimates.\n"
    )
    metrics = draft.plan.evaluation.business_metrics
    assert metrics and "anchor wait" in metrics[0]
    assert not any("MAE" in m for m in metrics)


def test_offline_success_criterion_is_not_a_business_metric() -> None:
    draft = _parse(
        "# Plan\n\n## Overview\n\nWe predict how long each vessel stays at berth.\n"
        "Success: the model's validation error is at least 10% below the baseline.\n"
    )
    assert not draft.plan.evaluation.business_metrics


# -- negation scope -------------------------------------------------------------------------------


def test_negation_stops_at_a_new_clause() -> None:
    draft = _parse(
        "# Plan\n\n## Deployment\n\nA nightly batch job; there is no GPU need and the cost stays "
        "near 200 euros a month.\n"
    )
    assert draft.plan.deployment.cost_estimate


def test_negation_still_covers_its_own_clause() -> None:
    draft = _parse("# Plan\n\n## Deployment\n\nA nightly batch job with no cost estimate yet.\n")
    assert not draft.plan.deployment.cost_estimate


# -- ops and evaluation readings in new words -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("If the forecaster has not responded in 30 s, the app shows yesterday's figure as today.",
         "fallback"),
        ("Technicians verify every alert within about three days of it firing.", "label_delay"),
        ("Outcomes lag by two weeks, so the monthly check uses matured cases.", "label_delay"),
        ("One route in ten is chosen at random among equivalent options to keep unbiased data.",
         "feedback"),
    ],
)  # fmt: skip
def test_ops_statements(text: str, path: str) -> None:
    draft = _parse(f"# Plan\n\n## Monitoring\n\n{text}\n")
    ops = draft.plan.deployment
    value = {
        "fallback": ops.fallback,
        "label_delay": ops.monitoring.label_delay,
        "feedback": ops.monitoring.feedback_loop_mitigation,
    }[path]
    assert value


def test_a_user_failing_is_not_a_fallback() -> None:
    draft = _parse(
        "# Plan\n\n## Deployment\n\nIf the customer fails to pay, the invoice goes to collections.\n"
    )
    assert not draft.plan.deployment.fallback


def test_test_unit_and_detectable_difference() -> None:
    draft = _parse(
        "# Plan\n\n## Evaluation\n\nA randomised holdout of stores, store as the unit; with about "
        "1,300 stores a year, one quarter gives enough stores to detect a 2% difference.\n"
    )
    test = draft.plan.evaluation.validation_strategy.ab_test
    assert test is not None
    assert test.unit == "store"
    assert test.sample_size_per_arm == 1300


def test_duplicates_collapsed_in_new_words() -> None:
    draft = _parse(
        "# Plan\n\n## Data\n\nThe gateway sometimes sends a reading twice; rows with the same "
        "sensor and second are collapsed before training.\n"
    )
    assert draft.plan.data.deduplication


def test_alternative_without_a_learned_model() -> None:
    draft = _parse(
        "# Plan\n\n## Problem\n\nWe weighed two alternatives without a trained model: a lookup "
        "table by hour and a vendor feed.\n"
    )
    assert not _fires(draft, "T06")


def test_nothing_resampled_is_not_rebalancing() -> None:
    draft = _parse(
        "# Plan\n\n## Data\n\nFraud is 2% of transactions.\n\n## Evaluation\n\n"
        "Class weights in training; nothing is resampled in the test months.\n"
    )
    assert not _fires(draft, "L10")
