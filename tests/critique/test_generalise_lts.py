"""Leakage, training-practice and structure readings in wordings the suite plans do not use.

Each reading has a positive case in a new phrasing and a negative case that must stay quiet.
"""

from __future__ import annotations

import pytest

from mlplan.domain import FitScope, ModelFamily, PlanDraft, Section
from mlplan.validate import validate_plan

from ._reading import parse as _parse


def _rules(draft: PlanDraft) -> set[str]:
    return {f.rule_id for f in validate_plan(draft.plan)}


# -- resampling before the split (L06, L10) -------------------------------------------------

THINNED = """# Return-abuse flags

## Data
Two years of orders, 1.8% flagged as abusive returns.

## Preparation
Abusive returns are scarce, so we throw away ordinary orders at random until both classes are
the same size, and afterwards partition the result 60/20/20 into train, validation and test.
"""


def test_thinning_before_the_split_is_resampling_on_every_split() -> None:
    draft = _parse(THINNED)
    imbalance = draft.plan.training.imbalance
    assert imbalance is not None
    assert "afterwards partition" in imbalance.applied_to
    assert {"L06", "L10"} <= _rules(draft)


def test_thinning_only_the_training_part_after_the_split_is_fine() -> None:
    text = THINNED.replace(
        "Abusive returns are scarce, so we throw away ordinary orders at random until both "
        "classes are\nthe same size, and afterwards partition the result 60/20/20 into train, "
        "validation and test.",
        "We partition the orders 60/20/20 by order month, and then subsample the ordinary orders "
        "in the training part down to a 1:1 mix; validation and test keep their natural mix.",
    )
    draft = _parse(text)
    imbalance = draft.plan.training.imbalance
    assert imbalance is not None
    assert "L06" not in _rules(draft)
    assert "L10" not in _rules(draft)


def test_keep_only_a_share_of_negatives_is_resampling() -> None:
    draft = _parse(
        "## Training\nWe keep only 5% of the non-fraud rows, then split the sample by month.\n"
    )
    imbalance = draft.plan.training.imbalance
    assert imbalance is not None and imbalance.applied_to.startswith("then split")


# -- cross-validation that selects and reports (L12) ----------------------------------------

CV_ONLY = """# Demand model

## Validation
We run grouped 5-fold cross-validation by store to pick the tree depth and learning rate.
The average fold WAPE is reported as the expected performance of the shipped model.
"""


def test_cv_score_that_selects_and_reports_is_flagged() -> None:
    draft = _parse(CV_ONLY)
    assert "reported as the expected" in draft.plan.evaluation.validation_strategy.cross_validation
    assert "L12" in _rules(draft)


def test_cv_inside_training_with_a_separate_test_window_is_fine() -> None:
    text = CV_ONLY.replace(
        "The average fold WAPE is reported as the expected performance of the shipped model.",
        "The final WAPE comes from the last 8 weeks, held out as the test window (80/20 by date).",
    )
    assert "L12" not in _rules(_parse(text))


def test_a_cohort_used_for_model_choice_is_validation_data() -> None:
    draft = _parse(
        "## Evaluation\nThe 2019-2021 seasons train the model, the 2022 season is kept for "
        "model selection and the 2023 season is the test set, scored once.\n"
    )
    assert draft.plan.evaluation.validation_strategy.holdout
    assert "L12" not in _rules(draft)


# -- grouped rows (L02) ---------------------------------------------------------------------


def test_fewer_distinct_entities_than_rows_is_a_grouping() -> None:
    draft = _parse(
        "## Data\nVisit records 2020-2024: 3.2M rows from 410k unique patients.\n\n"
        "## Training\nRandom 80/20 split of the rows.\n"
    )
    assert draft.plan.data.group_key == "patient_id"
    assert "L02" in _rules(draft)


def test_an_entity_recurring_over_periods_is_a_grouping() -> None:
    draft = _parse("## Data\nOne table of monthly balances; a tenant is usually in arrears across "
                   "several quarters.\n")  # fmt: skip
    assert draft.plan.data.group_key == "tenant_id"


def test_one_row_per_entity_is_no_grouping() -> None:
    draft = _parse("## Data\n410k unique patients, one record each, from the registry.\n")
    assert draft.plan.data.group_key is None


# -- feature lists and prediction-time availability (L08) ------------------------------------

INTERVIEW = """# Interview notes

**Answer (tidied):**

Signals I'd compute, per store-day:
1. footfall over the previous 4 weeks
2. promotions calendar for the day
3. till transactions recorded during the target day

Model: LightGBM.
"""


def test_a_feature_list_introduced_anywhere_is_read() -> None:
    draft = _parse(INTERVIEW)
    names = [f.name for f in draft.plan.features.features]
    assert "footfall over the previous 4 weeks" in names
    leaky = [f.name for f in draft.plan.features.features if not f.available_at_prediction_time]
    assert leaky == ["till transactions recorded during the target day"]


def test_an_excluded_feature_list_is_not_read() -> None:
    text = INTERVIEW.replace("Signals I'd compute, per store-day:", "Signals we dropped:")
    names = [f.name for f in _parse(text).plan.features.features]
    assert "footfall over the previous 4 weeks" not in names


def test_a_value_taken_at_the_event_the_prediction_precedes_leaks() -> None:
    draft = _parse(
        "## Overview\nWe score each appointment 48 hours before the appointment.\n\n"
        "## Features\n- number of reminders sent\n- waiting-room headcount at appointment\n"
    )
    leaky = [f.name for f in draft.plan.features.features if not f.available_at_prediction_time]
    assert leaky == ["waiting-room headcount at appointment"]


def test_a_place_named_after_the_event_does_not_leak() -> None:
    draft = _parse(
        "## Overview\nPredictions are made 24 hours before departure.\n\n"
        "## Features\n- weather at departure airport, as forecast the day before\n"
    )
    assert all(f.available_at_prediction_time for f in draft.plan.features.features)


# -- feature selection, baselines, test windows (L05, L11, L07) ------------------------------


def test_informative_token_selection_on_everything_is_fitted_on_all_data() -> None:
    draft = _parse(
        "## Features\n- keep the 5k most predictive word n-grams by ANOVA F, computed on the "
        "whole corpus before splitting\n"
    )
    assert draft.plan.features.selection.fit_scope is FitScope.ALL_DATA


def test_reference_without_the_word_baseline() -> None:
    draft = _parse(
        "## Evaluation\nWe judge the model against the planners' spreadsheet forecast on the "
        "same weeks.\n"
    )
    assert draft.plan.model.baseline.name
    assert "L11" not in _rules(draft)


@pytest.mark.parametrize(
    "line",
    [
        "Results: F1 0.83. The keyword rules from 2020 get 0.61 on the same requests.",
        "The existing plosive detector in the plug-in flags 40% of those segments.",
        "The comparison for every result is the real-time test suite.",
        "What clerks do today: filter by category and sort by time; we measure that list too.",
    ],
)
def test_a_reference_named_by_its_result_or_as_the_comparison(line: str) -> None:
    draft = _parse(f"## Evaluation\n{line}\n")
    assert draft.plan.model.baseline.name
    assert "L11" not in _rules(draft)


def test_an_existing_system_without_a_result_is_no_baseline() -> None:
    draft = _parse("## Evaluation\nScores are written to the existing case system nightly.\n")
    assert not draft.plan.model.baseline.name


def test_comparison_with_actuals_is_no_baseline() -> None:
    draft = _parse("## Evaluation\nWe compare the forecasts against actual sales each week.\n")
    assert not draft.plan.model.baseline.name


def test_choosing_on_the_test_period_by_its_dates() -> None:
    draft = _parse(
        "## Validation\nTrain on 2019 to 2022 and test on March to May 2023. We pick the "
        "setting that scores best on the March–May period.\n"
    )
    assert "L07" in _rules(draft)


def test_choosing_on_a_different_period_is_fine() -> None:
    draft = _parse(
        "## Validation\nTrain on 2019 to 2022 and test on March to May 2023. We pick the "
        "setting that scores best on the January–February period.\n"
    )
    assert "L07" not in _rules(draft)


def test_near_identical_items_grouped_count_as_deduplication() -> None:
    draft = _parse("## Data\nNear-identical scans of one slide are found by pHash and grouped.\n")
    assert draft.plan.data.deduplication


# -- training practice (T01, T02, T04, T05) -------------------------------------------------


def test_one_library_for_both_paths_and_a_parity_test() -> None:
    draft = _parse(
        "## Features\n- A single Rust crate computes the features and is linked into both the "
        "training job and the scoring service.\n- A nightly job diffs the server and batch "
        "feature values on 1,000 sampled requests.\n"
    )
    assert draft.plan.features.shared_feature_code
    assert "T02" not in _rules(draft)


def test_separate_implementations_have_no_shared_code() -> None:
    draft = _parse("## Features\n- Spark for training; the app recomputes them in Swift.\n")
    assert not draft.plan.features.shared_feature_code
    assert "T02" in _rules(draft)


def test_checks_about_the_feature_set_are_not_features() -> None:
    draft = _parse(
        "## Features\n- Owner: pricing data team.\n- days since last order\n"
        "- Expectations suite: ranges, null rates and allowed categories\n"
        "- Each feature has a short description in the catalogue.\n"
    )
    names = [f.name for f in draft.plan.features.features]
    assert names == ["days since last order"]
    assert "description" in (draft.plan.features.owners or "")


def test_run_records_pin_data_and_code() -> None:
    draft = _parse(
        "## Training\nSeeds fixed; the extract's snapshot date is stored and everything is "
        "logged for every run in W&B.\n"
    )
    versioning = draft.plan.training.versioning
    assert versioning.data and versioning.code


def test_prefixed_architecture_names() -> None:
    draft = _parse("## Model\nA 1D-CNN over the vibration windows, after a linear probe.\n")
    assert draft.plan.model.primary.family is ModelFamily.CNN


# -- structure (S01) ------------------------------------------------------------------------


def test_a_run_in_label_adds_its_section() -> None:
    draft = _parse(
        "## Operations\n\nAlerts go to the on-call.\n\nScope: UK stores only. Timeline: build in "
        "May, pilot in June, full launch in August.\n"
    )
    sections = {s.section for s in draft.sections}
    assert Section.TIMELINE in sections
    assert draft.plan.timeline.phases


def test_a_metadata_label_adds_nothing() -> None:
    draft = _parse("## Monitoring\n\nOwner: the data team.\n")
    assert {s.section for s in draft.sections} == {Section.MONITORING}
