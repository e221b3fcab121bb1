"""General readings added after blind rounds 7 and 8 were scored (each with a negative).

Round 7 and 8 plans are not quoted here; the tests use new wording for the same shapes.
"""

from __future__ import annotations

import re

from ._reading import fires, parse

_FEATURES = """\
# Apprenticeship placement model

## Features
- Inputs: aptitude test scores, prior course level, months since the last course.
- {label} home language, nationality, age, gender, disability.

## Model
Ordinal logistic regression.
"""


def test_a_negative_label_excludes_every_item_listed_after_it() -> None:
    for label in ("**Not used:**", "Deliberately left out:", "Excluded (by policy):"):
        assert not fires(parse(_FEATURES.format(label=label)), "P07"), label


def test_the_same_list_without_the_negative_label_is_used() -> None:
    assert fires(parse(_FEATURES.format(label="Also used:")), "P07")


_FAIRNESS = """\
# Patch priority scoring

## Evaluation
Precision at 50 on the last quarter of tickets.
- Fairness considerations: {value}
"""


def test_a_label_whose_value_denies_it_is_not_a_commitment() -> None:
    for value in ("N/A — nobody is decided about; the items are servers", "none (machines only)"):
        draft = parse(_FAIRNESS.format(value=value))
        assert draft.plan.evaluation.fairness.applicable is False, value


def test_a_label_with_a_real_value_is_read() -> None:
    draft = parse(_FAIRNESS.format(value="error rates compared across age bands and regions"))
    assert draft.plan.evaluation.fairness.applicable is True


_SPLIT = """\
# Hive loss model

## Data
Apiary inspection records, one row per hive inspection.

## Training
- {split}
- gradient boosting, early stopping on the validation part
"""


def test_a_shuffle_with_a_ratio_is_a_random_split() -> None:
    draft = parse(_SPLIT.format(split="shuffle everything, 70/15/15"))
    assert draft.plan.training.split.strategy == "random"


def test_a_shuffle_of_a_deck_is_not_a_split() -> None:
    draft = parse(_SPLIT.format(split="we shuffle the inspection order for the field teams"))
    assert draft.plan.training.split.strategy == "unknown"


def test_a_random_split_over_several_years_makes_rows_time_ordered() -> None:
    for split in (
        "random 75/25 split of all hive-seasons 2011–2022",
        "ten-fold cross-validation over every inspection from 2015 to 2024",
    ):
        draft = parse(_SPLIT.format(split=split))
        assert draft.plan.brief.time_ordered is True, split
        assert fires(draft, "L01"), split


def test_a_year_range_that_only_dates_the_data_does_not() -> None:
    # a random split of those dated rows does (test_blind_calibration): here the split keeps
    # each apiary in one part and shuffles nothing
    text = _SPLIT.format(split="75/25 split by apiary, each apiary in one part").replace(
        "one row per hive inspection.", "one row per hive inspection, collected 2011–2022."
    )
    assert parse(text).plan.brief.time_ordered is not True


_FEATURE = """\
# Tram arrival time

## Features
- minutes since departure, stops remaining, time of day
- {feature}

## Model
Gradient boosting on the features above.
"""


def test_a_value_of_the_period_or_place_being_predicted_is_not_available() -> None:
    for feature in (
        "boarding_seconds at the target platform stop (door counters)",
        "crowding measured during the target hour",
        "riders_in_target_week from the ticketing feed",
        "trips for the calendar year of the index journey",
        "delay observed in the label window",
    ):
        assert fires(parse(_FEATURE.format(feature=feature)), "L08"), feature


def test_the_same_values_from_before_the_prediction_are_available() -> None:
    for feature in (
        "boarding_seconds at the previous three stops (door counters)",
        "crowding in the last 4 weeks at this hour",
        "target encoding of the line, fitted on training folds",
        "planned engineering works and holidays for the target day",
        "forecast air temperature for the target hour from the latest weather run",
    ):
        assert not fires(parse(_FEATURE.format(feature=feature)), "L08"), feature


_INSPECT = """\
# Cold-store door fault model

## Problem
The model {selects} each week; engineers go out to those doors.

## Monitoring
Drift checks on door-open counts. {retrain}
"""


def test_retraining_on_what_the_model_chose_to_inspect_is_a_feedback_loop() -> None:
    for selects in (
        "flags the 40 riskiest doors for an engineer visit",
        "scores every door and the top 40 go to the engineers' visit list",
    ):
        draft = parse(
            _INSPECT.format(
                selects=selects,
                retrain="Every month the model is refreshed with that month's visit results.",
            )
        )
        assert fires(draft, "O04"), selects


def test_retraining_without_the_model_choosing_or_with_a_random_share_is_not() -> None:
    for selects, retrain in (
        ("scores every door", "Every month the model is refreshed with that month's readings."),
        (
            "flags the 40 riskiest doors for an engineer visit",
            "Every month the model is refreshed with that month's visit results; 10 % of visits "
            "go to randomly chosen doors so the labels stay unbiased.",
        ),
    ):
        draft = parse(_INSPECT.format(selects=selects, retrain=retrain))
        assert not fires(draft, "O04"), retrain


def test_n_days_later_says_when_not_that_something_is_deferred() -> None:
    from mlplan.critique._document import Document

    def polarity(text: str, word: str) -> str:
        doc = Document(text)
        at = doc.ext.index(word)
        return doc.polarity(re.compile(re.escape(word)).search(doc.ext, at))  # type: ignore[arg-type]

    assert polarity("Labels arrive when the period ends, up to 90 days later.", "labels") == "yes"
    assert polarity("The outcome is known a year later.", "outcome") == "yes"
    assert polarity("We will add a canary stage later.", "canary") == "maybe"


_TASK = """\
# Missed-collection alerts

## Why
About 3 % of bin collections are missed; crews want a flag for risky streets each morning.
- Estimated value: $X per year

## Features
- weather forecast for the ward, day of week, crew size

## Evaluation
Primary metric: accuracy on the last quarter.
"""


def test_a_task_word_in_the_inputs_or_a_label_is_not_the_task() -> None:
    draft = parse(_TASK)
    assert draft.plan.brief.task_type == "binary_classification"
    assert fires(draft, "M01")  # accuracy at 3 % positives, once the task is right


def test_a_task_word_in_the_framing_still_is() -> None:
    draft = parse(_TASK.replace("crews want a flag", "we forecast missed collections"))
    assert draft.plan.brief.task_type == "forecasting"


_ROWS = """\
# Rehab readmission flags

## Data
{rows}

## Training
Random 80/20 split of all rows; gradient boosting.
"""


def test_rows_named_as_repeated_entities_make_a_group() -> None:
    for rows, key in (
        ("About 40,000 patient-weeks from the rehab wards, one row each.", "patient_id"),
        ("12M visit rows; 1.3M distinct member_keys (members come back often).", "member_key"),
    ):
        draft = parse(_ROWS.format(rows=rows))
        assert draft.plan.brief.group_key == key, rows
        assert fires(draft, "L02"), rows


def test_a_compound_that_is_not_an_entity_is_not_a_group() -> None:
    draft = parse(_ROWS.format(rows="About 40,000 rows from multi-site wards, one per discharge."))
    assert draft.plan.brief.group_key is None


def test_rows_at_an_hourly_grain_are_time_ordered() -> None:
    draft = parse(_ROWS.format(rows="Ward occupancy as hourly rows, 2021 to 2024."))
    assert draft.plan.brief.time_ordered is True
    assert fires(draft, "L01")


_CHOSEN = """\
# Kiln crack detection

About 3 % of kiln batches crack.

## Evaluation
Primary metric: recall at 90 % precision.
{s}
"""


def test_choices_made_on_the_test_set_in_other_words() -> None:
    for s in (
        "The alarm threshold is set where specificity is 90 % on the 3,000 test batches.",
        "We keep the model that gave the best recall on the 2024 test season.",
    ):
        assert fires(parse(_CHOSEN.format(s=s)), "L07"), s


def test_choices_made_elsewhere_with_the_test_set_used_once() -> None:
    for s in (
        "We tune on validation and keep the best model; the 2024 test season is scored once.",
        "The alarm threshold is set on 3,000 validation batches, and the test batches are "
        "scored once at the end.",
    ):
        assert not fires(parse(_CHOSEN.format(s=s)), "L07"), s


def test_a_whole_period_total_is_not_available_before_the_period_ends() -> None:
    for feature in (
        "boardings completed today, total for the calendar day",
        "count of complaints at the stop across the whole extract window",
    ):
        assert fires(parse(_FEATURE.format(feature=feature)), "L08"), feature
    assert not fires(parse(_FEATURE.format(feature="boardings so far today")), "L08")


def test_an_a_b_named_in_short_is_an_online_test() -> None:
    text = (
        "# Feed ranker\n\n## Evaluation\nPrimary metric: NDCG@10.\n\n## Rollout\n"
        "We'd run an A/B for two weeks, 50/50, and ship if saves go up.\n"
    )
    assert fires(parse(text), "M06")  # no guardrails, unit or sample size stated


def test_an_a_b_with_its_unit_and_arm_size_in_short_is_designed() -> None:
    text = (
        "# Feed ranker\n\n## Evaluation\nPrimary metric: NDCG@10.\n\n## Rollout\n"
        "- A/B: randomise by member; guardrails = complaint rate, latency; 4 weeks, 2 x 30,000 "
        "members.\n"
    )
    draft = parse(text)
    test = draft.plan.evaluation.validation_strategy.ab_test
    assert test is not None and test.unit == "member" and test.sample_size_per_arm == 30_000
    assert not fires(draft, "M06")


def test_only_aggregate_counts_are_not_personal_data() -> None:
    text = (
        "# Theatre demand forecast\n\n## Data\n- hourly patient arrivals per theatre suite\n"
        "- only aggregate counts leave the hospital system, no patient-level rows\n\n"
        "## Model\nGradient boosting per horizon.\n"
    )
    draft = parse(text)
    assert draft.plan.brief.personal_data is False
    assert not fires(draft, "P01")


def test_a_speed_ratio_is_not_real_time_serving() -> None:
    text = (
        "# Captions\n\n## Running it\nCaptioning is a batch job; the model runs at about 40x real "
        "time on one GPU.\n"
    )
    assert parse(text).plan.deployment.serving_mode != "realtime"


def test_a_hedge_in_a_later_clause_does_not_hedge_the_rollout() -> None:
    text = (
        "# Captions\n\n## Deployment\nA nightly batch job. We roll out school by school over six "
        "weeks, leaving the schools not yet switched on the vendor.\n"
    )
    draft = parse(text)
    assert draft.plan.deployment.rollout.strategy != "none"
    assert not fires(draft, "D05")


_SCALING = """\
# Freezer alarms

## Features
- {s}

## Training
Time split by month.
"""


def test_scaling_fitted_on_the_whole_history_in_other_words() -> None:
    for s in (
        "z-score each channel using mean/std of the whole 3-season dataset",
        "min-max scaled every counter over the full Jan 2022 - Mar 2024 extract",
        "standardised using the mean and standard deviation over the full 2019-2023 history",
    ):
        assert fires(parse(_SCALING.format(s=s)), "L04"), s


def test_scaling_fitted_on_training_rows_is_fine() -> None:
    for s in (
        "each channel is standardised with statistics fitted on the training months only",
        "z-scores use the mean and std of all training rows",
    ):
        assert not fires(parse(_SCALING.format(s=s)), "L04"), s


def test_folds_assigned_at_random_are_not_an_online_test() -> None:
    text = (
        "# Platelet demand\n\n## Evaluation\nPrimary metric: MAE. We will use 10-fold "
        "cross-validation over all days, with folds assigned at random.\n"
    )
    assert parse(text).plan.evaluation.validation_strategy.ab_test is None


def test_every_record_from_one_subject_in_exactly_one_set_is_a_group_split() -> None:
    for split in (
        "Every recording and every heart cycle from a child sits in exactly one of train, "
        "validation or test.",
        "All scans of a patient lie in one of the three sets (60/20/20).",
    ):
        text = f"# Murmur triage\n\n## Training\n{split}\n"
        assert "group" in parse(text).plan.training.split.strategy.value, split
