"""L01/L02: the split the plan actually makes, and the rows it makes it over.

A shuffle written with the ratio or the rows between the verb and 'at random' ('split 75/15/10
at random over rows', 'hold out 25% of the graded rows at random') is a random split; a time
split named only in passing outside the training section ('an out-of-time test would normally
be expected', 'build and backtest in June') does not outrank it. Rows dated by a span written in
words ('between March 2018 and May 2023', 'since spring 2017', 'goes back to 2011') or by a list
of years, and stratified splits of them, are time-ordered. Rows listed beside the fewer things
they belong to ('186k invoices, ~24k jobs'), things said to recur ('most hydrants were tested
2-4 times') or a maker of several rows ('each press makes 40 sheets') are groups. New wording.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_NOTES = """\
# Meter read failures

Goal: flag smart meters with a faulty read module, so field teams fix them first.

## Data
- {data}
- ~5% of reads fail

## Approach
- gradient-boosted trees on meter age, firmware, signal strength, last three read results
- {split}
- metric: PR-AUC, recall at the team's 300 visits a week
{extra}
"""


def _notes(data: str, split: str, extra: str = "") -> str:
    return _NOTES.format(data=data, split=split, extra=extra)


@pytest.mark.parametrize(
    "split",
    [
        "split 75/15/10 at random over rows",
        "split the 4 years of reads randomly into train, validation and test",
        "hold out 25% of the graded reads at random as the test set",
    ],
)
def test_a_shuffle_however_worded_is_a_random_split(split: str) -> None:
    draft = parse(_notes("read log from the head-end system, Mar 2019 - Feb 2024, ~2.2M reads",
                         split))  # fmt: skip
    assert draft.plan.training.split.strategy.value == "random"
    assert fires(draft, "L01")


def test_a_random_holdout_kept_for_monitoring_is_not_the_split() -> None:
    draft = parse(
        _notes(
            "read log from the head-end system, Mar 2019 - Feb 2024, ~2.2M reads",
            "train on reads before 2023, test on 2023-24",
            "- keep 2% of meters at random out of the model's list as an unbiased reference",
        )
    )
    assert draft.plan.training.split.strategy.value == "time_based"
    assert not fires(draft, "L01")


@pytest.mark.parametrize(
    "aside",
    [
        "Audit would normally expect an out-of-time test for a model like this.",
        "Timeline: June, build and backtest; July, pilot in two depots.",
    ],
)
def test_a_time_split_named_in_passing_does_not_outrank_the_shuffle(aside: str) -> None:
    text = (
        aside
        + "\n\n"
        + _notes(
            "read log from the head-end system, 2.2M reads",
            "stratified random 80/20 split of the 2.2M meter-months",
        )
    )
    draft = parse(text)
    assert draft.plan.training.split.strategy.value == "stratified"


def test_a_time_split_with_its_roles_outside_the_section_still_counts() -> None:
    text = "For the quality model we train on 2019-2022 and test on 2023.\n\n" + _notes(
        "read log from the head-end system, 2.2M reads", "stratified 80/20 split"
    )
    draft = parse(text)
    assert draft.plan.training.split.strategy.value != "stratified"


@pytest.mark.parametrize(
    "data",
    [
        "all reads between March 2018 and May 2023, about 2.4M rows",
        "every read since spring 2017 (about 3.1M)",
        "the read history goes back to 2011",
        "read outcomes 2021, 2022, 2023 per meter",
        "head-end export FY2019-FY2024, 2.2M reads",
    ],
)
def test_rows_dated_in_words_and_split_with_strata_are_l01(data: str) -> None:
    draft = parse(_notes(data, "take a stratified 75/25 train/test split"))
    assert draft.plan.brief.time_ordered
    assert fires(draft, "L01")


def test_a_project_date_is_not_a_span_of_rows() -> None:
    draft = parse(_notes("read log from the head-end system, 2.2M reads",
                         "take a stratified 75/25 train/test split",
                         "- go-live planned between May 2025 and June 2025"))  # fmt: skip
    assert not draft.plan.brief.time_ordered


_GROUPED = """\
# Invoice dispute prediction

## Data
- {data}
- ~9% of invoices are disputed

## Split
- random 80/20 on rows; 5-fold CV inside the 80
"""


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("186k invoices, FY2021-FY2025, ~24k jobs, ~6k customers", "job_id"),
        ("about 40% of the sites in the extract were billed more than once", "site_id"),
        ("most hydrants were tested 2-4 times over the period", "hydrant_id"),
        ("each press makes 40 sheets a shift and they dispute much alike", "press_id"),
    ],
)
def test_rows_that_belong_to_fewer_things_make_a_random_split_l02(data: str, key: str) -> None:
    draft = parse(_GROUPED.format(data=data))
    assert draft.plan.brief.group_key == key
    assert fires(draft, "L02")


@pytest.mark.parametrize(
    "data",
    [
        "420M page views, ~3M new articles",
        "14 substations, 3 transformer generations",
        "each form appears many times in the archive",
        "186k invoices, 40 features, 12 sources",
    ],
)
def test_counts_beside_rows_that_are_not_their_owners(data: str) -> None:
    draft = parse(_GROUPED.format(data=data))
    assert draft.plan.brief.group_key is None


@pytest.mark.parametrize(
    "tuning",
    [
        "tuned on a 10% slice of the 80, scored once on the 20",
        "LightGBM, early stopping on a validation slice carved out of the 80%",
        "hyperparameters tuned on val only",
    ],
)
def test_a_validation_slice_in_notes_words_is_a_validation_step(tuning: str) -> None:
    text = _notes("2 years of meter reads, ~3M rows", "random 80/20 split by meter", f"- {tuning}")
    assert not fires(parse(text), "L12")


def test_tuning_without_any_validation_slice_is_still_l12() -> None:
    text = _notes("2 years of meter reads, ~3M rows", "random 80/20 split by meter",
                  "- tuned until the 20% looks good")  # fmt: skip
    assert fires(parse(text), "L12")


def test_a_choice_on_the_holdout_is_on_the_test_set_when_there_is_no_validation() -> None:
    text = _notes("2 years of meter reads, ~3M rows", "random 80/20 split by meter, 20% hold-out",
                  "- kept the model with the best hold-out AUC")  # fmt: skip
    assert fires(parse(text), "L07")
    with_validation = _notes("2 years of meter reads, ~3M rows",
                             "random 70/15/15 train/hold-out/test split by meter",
                             "- kept the model with the best hold-out AUC")  # fmt: skip
    assert not fires(parse(with_validation), "L07")  # there the hold-out tunes, the test reports
