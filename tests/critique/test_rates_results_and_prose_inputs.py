"""Readings added in the fourth session (docs/review.md, "Fourth session"): class rates stated
the way notes state them, the one held-out figure a plan gives as how the model is judged,
accuracy on rare anomalies, positive rates that only contradict when they rate the same
outcome, and inputs recorded after the event named in running prose. Each has a negative.

New wording throughout: the blind plans these shapes came from are not quoted.
"""

from __future__ import annotations

import pytest

from mlplan.critique import review_draft
from mlplan.domain import TaskType
from mlplan.validate import validate_plan

from ._reading import fires, parse

# -- class rates in the words notes use (extractor cases: tests/understand/test_volume_rates.py)


def test_a_share_in_brackets_after_the_labels_is_their_rate() -> None:
    text = (
        "# Voucher misuse\n\n## Data\n- vouchers: 14M redemptions since 2022\n"
        "- confirmed misuse labels: 31k redemptions from the fraud desk (~0.2%)\n"
    )
    assert parse(text).plan.data.positive_class_rate == pytest.approx(0.002)


# -- the figure a plan judges its model by ----------------------------------------------------

_NOTES = """\
# Casting porosity flags

## Problem
* ~9,000 castings a shift; 2.5% fail the X-ray check at final inspection

## Model
* 1D CNN over the pour-temperature trace
* {result}

## Deployment
* runs on the cell PC next to the furnace
"""


@pytest.mark.parametrize(
    "result",
    [
        "headline result from the first prototype: 98.7% accuracy on the test castings",
        "accuracy on the held-out 25% is 97.9%",
    ],
)
def test_the_only_held_out_figure_is_the_primary_metric(result: str) -> None:
    draft = parse(_NOTES.format(result=result))
    assert draft.plan.evaluation.primary_metric.name == "accuracy"
    assert fires(draft, "M01")


def test_a_figure_without_a_held_out_set_is_not_a_choice() -> None:
    draft = parse(_NOTES.format(result="the vendor's tool claims 99% accuracy"))
    assert draft.plan.evaluation.primary_metric.name != "accuracy"
    assert not fires(draft, "M01")


_ANOMALY = """\
# Cost spike alerts

## Problem
Flag account-days whose cloud spend is anomalous, for the FinOps team.

## Evaluation
- {metric}
"""


def _anomaly_findings(metric: str) -> set[str]:
    """M01 and M03 on a plan whose task is anomaly detection (set as the model section would)."""
    plan = parse(_ANOMALY.format(metric=metric)).plan
    model = plan.model.model_copy(update={"problem_type": TaskType.ANOMALY_DETECTION})
    plan = plan.model_copy(update={"model": model})
    return {f.rule_id for f in validate_plan(plan, rules=["M01", "M03"])}


def test_accuracy_on_rare_anomalies_is_m01_not_m03() -> None:
    assert _anomaly_findings("primary metric: accuracy, target 98% on the test days") == {"M01"}


def test_pr_auc_on_anomalies_is_neither() -> None:
    assert _anomaly_findings("primary metric: PR-AUC on the test days") == set()


# -- positive rates contradict only when they rate the same thing ------------------------------

_RATES = """\
# Tender screening

## Background
{background}

## Data
Four years of awarded tenders. About 3% of tenders are later found to be collusive.
"""


@pytest.mark.parametrize(
    "background",
    [
        # another quantity of the same rows
        "About 60% of tenders are submitted through the e-procurement portal.",
        "Roughly 25% of tenders end with a single bidder, which the board dislikes.",
        # the share a rule or a queue picks out is a precision or a capacity
        "Over the last two years 35 % of its alerts led to a confirmed case.",
    ],
)
def test_a_different_share_is_not_a_restated_rate(background: str) -> None:
    assert not fires(parse(_RATES.format(background=background)), "S03")


def test_the_same_outcome_at_another_rate_is_a_contradiction() -> None:
    background = "Roughly 9% of tenders are collusive, so a random audit finds one in eleven."
    assert fires(parse(_RATES.format(background=background)), "S03")


# -- inputs recorded after the event, named in running prose ------------------------------------

_PROSE = """\
# Ward staffing forecast

## Features
Lags of the same shift one and four weeks back and the rota. {sentence}
"""


@pytest.mark.parametrize(
    "sentence",
    [
        "All acuity features are computed over a 14-day window centred on the prediction date.",
        "From the bed system we also take the discharges recorded on the target day.",
    ],
)
def test_an_input_recorded_after_the_event_in_prose_is_l08(sentence: str) -> None:
    assert fires(parse(_PROSE.format(sentence=sentence)), "L08")


@pytest.mark.parametrize(
    "sentence",
    [
        "Discharge reports enter only as labels; nothing recorded after the shift is a feature.",
        "The validation split is used for early stopping; the test split is scored once for the "
        "final report.",
    ],
)
def test_prose_that_keeps_late_data_out_is_not(sentence: str) -> None:
    assert not fires(parse(_PROSE.format(sentence=sentence)), "L08")


@pytest.mark.parametrize(
    "item",
    [
        "coat condition score from the groomer's post-appointment notes",
        "CO reading on arrival at the property",
        "credit_amount from the quarter-end true-up",
    ],
)
def test_post_event_notes_and_readings_are_late_inputs(item: str) -> None:
    text = f"# Job length\n\n## Features\n- breed and size band\n- {item}\n"
    assert fires(parse(text), "L08")


def test_a_pre_event_note_is_not() -> None:
    text = "# Job length\n\n## Features\n- breed and size band\n- notes from the booking call\n"
    assert not fires(parse(text), "L08")


# -- two latency budgets -------------------------------------------------------------------------

_BUDGETS = """\
# Parcel ETA service

## Requirements
- {requirement}

## Serving
- {serving}

## Monitoring
- p99 latency and error rate on the gateway dashboard
"""


@pytest.mark.parametrize(
    ("requirement", "serving"),
    [
        # a tighter requirement than the serving budget
        ("ETA latency: p99 ≤ 60 ms for the model call", "the model stage has a 150 ms p99 budget"),
        # a looser one: two budgets all the same
        (
            "the endpoint has to respond within 400 ms at p99",
            "the budget we agreed with the app team is a p99 of 120 ms per request",
        ),
    ],
)
def test_two_latency_budgets_are_a_contradiction(requirement: str, serving: str) -> None:
    draft = parse(_BUDGETS.format(requirement=requirement, serving=serving))
    assert fires(draft, "S03")


def test_a_budget_and_a_measurement_under_it_are_not() -> None:
    draft = parse(
        _BUDGETS.format(
            requirement="hard latency budget for the ETA call: p99 < 250 ms (app SLA)",
            serving="LightGBM behind a Go service; measured p99 21 ms on a load test",
        )
    )
    assert not fires(draft, "S03")


# -- rollback, quality tracking and slices in new words -----------------------------------------

_OPS = """\
# Invoice matching

## Evaluation
- primary metric: precision at the top 200 suggestions on the test months
- {evaluation}

## Deployment
- nightly batch scoring; {deployment}

## Monitoring
- input volume and null shares per field, alert to the finance-data on-call
- {monitoring}
"""
_QUIET = {
    "evaluation": "a baseline: the current fuzzy-match rule",
    "deployment": "results land in the matching queue",
    "monitoring": "retrain every quarter on the newest confirmed matches",
}


def _ops(**changes: str) -> str:
    return _OPS.format(**{**_QUIET, **changes})


@pytest.mark.parametrize(
    "deployment",
    [
        "marking the previous version current in the registry restores it the next night",
        "we go back by re-pinning the previous model in the job config",
        "moving the 'live' tag back restores the old matcher",
    ],
)
def test_rollback_in_new_words(deployment: str) -> None:
    assert fires(parse(_ops()), "D04")
    assert not fires(parse(_ops(deployment=deployment)), "D04")


@pytest.mark.parametrize(
    "monitoring",
    [
        "the share of suggestions the clerks overrule is charted weekly",
        "after each run: share of the top 200 where the checker found an error",
        "each month the lead reviews every escalation and records whether the model flagged it",
    ],
)
def test_quality_tracking_in_new_words(monitoring: str) -> None:
    def untracked(text: str) -> bool:
        found = validate_plan(parse(text).plan, rules=["O02"])
        return any("monitoring.performance is empty" in f.message for f in found)

    assert untracked(_ops())
    assert not untracked(_ops(monitoring=monitoring))


@pytest.mark.parametrize(
    "evaluation",
    [
        "results are reported for domestic and export invoices separately",
        "confusion matrix per supplier tier on the test months",
    ],
)
def test_slices_in_new_words(evaluation: str) -> None:
    assert fires(parse(_ops()), "M07")
    assert not fires(parse(_ops(evaluation=evaluation)), "M07")


# -- time splits in the words notes use -----------------------------------------------------------


def _split(text: str) -> str:
    return str(parse(f"# Demand\n\n## Training\n{text}\n").plan.training.split.strategy)


@pytest.mark.parametrize(
    "text",
    [
        "- training: 2018-2022, holdout: 2023 (full year)",
        "- last 6 weeks = holdout",
        "We hold out the whole of 2023 as the evaluation year and train on 2018 to 2022.",
        "We keep the most recent three weeks of orders aside as the test period.",
        # 'later' that says what happened to the records does not hedge the split
        "Train on 2018-2021, validate on 2022; the test set is 2023 records that were later "
        "audited.",
    ],
)
def test_time_splits_in_new_words(text: str) -> None:
    assert _split(text) == "time_based"


def test_a_split_put_off_until_later_is_not_a_decision() -> None:
    assert _split("We might later train on 2018-2021 and test on 2022.") != "time_based"


# -- a measured gate read past a sign-off ---------------------------------------------------------

_GATED = """\
# Depot energy forecast

## Deployment
- nightly batch; go/no-go for all depots in March
- retraining: monthly on a rolling two-year window
- {gate}
"""


@pytest.mark.parametrize(
    "gate",
    [
        "promotion requires beating the production model on the latest backtest fold's MAE",
        "a new model must match or beat the current one on MAE in every temperature band",
    ],
)
def test_a_measured_gate_stated_after_a_sign_off_is_the_gate(gate: str) -> None:
    assert fires(parse(_GATED.format(gate="results land in the planning tool")), "D06")
    assert not fires(parse(_GATED.format(gate=gate)), "D06")


@pytest.mark.parametrize(
    "evaluation",
    [
        "MAE of 3.4 points vs 7.1 for same hour last week",
        "compare against the 400-hour replacement rule on the same months",
        "energy saved relative to the current two-hour rule",
    ],
)
def test_baselines_in_new_words(evaluation: str) -> None:
    assert fires(parse(_ops(evaluation="results go to the finance lead")), "L11")
    assert not fires(parse(_ops(evaluation=evaluation)), "L11")


@pytest.mark.parametrize(
    "text",
    [
        "We train on 2018-2022; within those years the last six months of 2022 are for early "
        "stopping and the hyperparameter search. 2023 is the test year.",
        "- months 1-14 train, 15-16 validation, 17-18 test",
        "Shuffle and split 80/20; 10% of the train part is held out for validation and early "
        "stopping.",
    ],
)
def test_validation_data_in_new_words(text: str) -> None:
    assert not fires(parse(f"# Demand\n\n## Training\n{text}\n"), "L12")


def test_one_part_that_tunes_and_reports_is_not_validation_data() -> None:
    text = (
        "We split the sites 80/20. The other 20 % is used for early stopping and the threshold, "
        "and the scores on those same sites are the numbers we quote to the board."
    )
    assert fires(parse(f"# Demand\n\n## Training\n{text}\n"), "L12")


def test_a_choice_on_test_is_read_past_a_decimal() -> None:
    """'(0.31)' does not end the sentence between the choice and the test set."""
    plan = parse("# Road ice\n\n## Evaluation\n- F1 on the test season\n").plan
    policy = "I picked the alert threshold (0.31) on the 2023/24 test season."
    evaluation = plan.evaluation.model_copy(update={"test_set_policy": policy})
    plan = plan.model_copy(update={"evaluation": evaluation})
    assert any("test_set_policy" in f.message for f in validate_plan(plan, rules=["L07"]))


# -- a choice whose figure is the reported one ----------------------------------------------------

_CHOSEN = "# Linen demand\n\n## Evaluation\n{text}\n"


@pytest.mark.parametrize(
    "text",
    [
        "We compare the three models on the 2024 loads, keep whichever has the lowest RMSE there, "
        "and report that RMSE as the expected error for 2025.",
        "We fit all four on the data up to September and compare them on the last ten weeks, "
        "picking the one with the lowest WAPE. The WAPE we report to the board is that same "
        "ten-week figure.",
        "The cut-off is set where specificity is 90% on the 2,000 reference images, and we then "
        "report sensitivity at that threshold on those same images.",
    ],
)
def test_a_choice_whose_figure_is_reported_is_l07(text: str) -> None:
    assert fires(parse(_CHOSEN.format(text=text)), "L07")


def test_a_choice_on_validation_reported_on_test_is_not() -> None:
    text = (
        "The cut-off is set where specificity is 90% on the validation weeks, and we then report "
        "sensitivity at that threshold on the test weeks."
    )
    assert not fires(parse(_CHOSEN.format(text=text)), "L07")


def test_fitted_up_to_a_date_then_compared_on_the_last_weeks_is_a_time_split() -> None:
    text = "We fit all four on the data up to September and compare them on the last ten weeks."
    assert _split(text) == "time_based"


# -- before/after impact claims ------------------------------------------------------------------

_IMPACT = """\
# Yard reshuffles

## Overview
Predict dwell bands so the planner stacks boxes better.

## Evaluation
- MAE on the test months
- {claim}
"""


@pytest.mark.parametrize(
    "claim",
    [
        "after go-live we compare the reshuffle ratio in the quarter before with the quarter "
        "after the switch",
        "we show this by comparing collisions this winter with the average of the previous five "
        "winters",
        "we confirm it by comparing the 2026 spring season's revenue with spring 2025",
    ],
)
def test_before_after_comparisons_are_impact_claims_without_a_test(claim: str) -> None:
    assert fires(parse(_IMPACT.format(claim=claim)), "M11")


def test_a_split_by_years_is_not_an_impact_claim() -> None:
    claim = "we hold out the whole of 2025 as the evaluation year and train on 2019 to 2024"
    assert not fires(parse(_IMPACT.format(claim=claim)), "M11")


# -- personal data kept as it came -----------------------------------------------------------------


def test_personal_fields_kept_as_they_are_are_p01() -> None:
    text = (
        "# Reply suggestions\n\n## Data\nChat transcripts go into the training set as they are, "
        "including whatever customers type: names, addresses, phone numbers. The agent view "
        "masks card numbers.\n"
    )
    assert fires(parse(text), "P01")


@pytest.mark.parametrize(
    ("data", "personal"),
    [
        ("- owner name + mobile number as the key to link repeat visits", True),
        ("- the gate feed keeps each scan with passenger name, booking reference and seat", True),
        ("- complaints and councillor letters about long holds queues are out of scope", False),
    ],
)
def test_named_people_in_the_data_are_personal_data(data: str, personal: bool) -> None:
    plan = parse(f"# Visits\n\n## Data\n{data}\n").plan
    assert bool(plan.data.contains_personal_data) is personal


def test_names_swapped_for_a_reference_are_pseudonymised() -> None:
    text = (
        "# Visit overruns\n\n## Data\n- client names and NHS numbers swapped for the case "
        "reference before the extract\n"
    )
    assert not fires(parse(text), "P01")


# -- samples cut from one source, in new words -----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "We cut the 18,000 shelf photos into about 300,000 product crops and shuffle the crops.",
        "The windows are pooled across all stations and years and split at random.",
        "Each bottle's label is copied onto all six views, and the images are split at random.",
        "Each recording is cut into individual calls by the detector; the calls are shuffled.",
    ],
)
def test_samples_cut_from_one_source_in_new_words(data: str) -> None:
    text = f"# Sorting\n\n## Data\n{data}\n\n## Training\nRandom 80/10/10 split.\n"
    assert fires(parse(text), "L03")


def test_whole_sources_split_apart_are_not() -> None:
    text = (
        "# Sorting\n\n## Data\nWe cut the 18,000 shelf photos into about 300,000 product crops.\n"
        "\n## Training\nSplit by store photo: all crops of one photo stay in one split.\n"
    )
    assert not fires(parse(text), "L03")


@pytest.mark.parametrize(
    "retraining",
    [
        "retrain monthly on the latest bookings, which from launch on include the double-booked "
        "slots",
        "every night we retrain on the previous day's sessions, which after launch are the "
        "sessions played at the model's difficulty",
        "the model is retrained monthly on all visits, including those where the outreach team "
        "phoned the client",
    ],
)
def test_retraining_on_rows_the_model_changed_is_a_loop(retraining: str) -> None:
    text = f"# Slots\n\n## Monitoring\n- weekly precision against outcomes\n- {retraining}\n"
    assert fires(parse(text), "O04")


def test_retraining_on_the_latest_rows_alone_is_not() -> None:
    text = (
        "# Slots\n\n## Monitoring\n- weekly precision against outcomes\n"
        "- retrain monthly on the latest twelve months of bookings\n"
    )
    assert not fires(parse(text), "O04")


def test_a_late_input_deep_in_a_long_features_paragraph_is_l08() -> None:
    """The whole paragraph is read, not its first 400 characters, and the finding points at the
    sentence's own line."""
    filler = " ".join(
        f"Group {i} holds rolling sums of snow and wind over {i} days." for i in range(12)
    )
    text = (
        f"# Danger level\n\n## Features\n{filler}\nThe count of natural avalanches observed on "
        "the bulletin's valid day is the strongest predictor.\n"
    )
    draft = parse(text)
    review = review_draft(draft, validate_plan(draft.plan, rules=["L08"]), cap_per_section=1000)
    lines = [f.evidence.line for f in review.findings if f.rule_id == "L08" and f.evidence]
    assert lines == [5]


@pytest.mark.parametrize(
    "item",
    ["final comps issued for the performance", "end-of-shift summary of picks per aisle"],
)
def test_a_data_bullet_recorded_after_the_event_is_l08(item: str) -> None:
    text = f"# Pricing\n\n## Data\n- box-office sales by day since 2021\n- {item}\n"
    assert fires(parse(text), "L08")


# -- shapes seen again in rounds 24-25, in new wording ----------------------------------------------


@pytest.mark.parametrize(
    "rollout",
    [
        "Will go live 1 March across all 9 depots.",
        "Let's put all four kilns on it from 1 March.",
        "Replace the planning spreadsheet from 1 July.",
        "Switch the new rota on for all 9 depots from 1 March.",
    ],
)
def test_everyone_at_once_on_a_date_is_a_big_bang(rollout: str) -> None:
    text = f"# Depot rota\n\n## Deployment\nA REST API serves the rota model. {rollout}\n"
    assert str(parse(text).plan.deployment.rollout.strategy) == "big_bang"


@pytest.mark.parametrize(
    "choice",
    [
        "Compare the three on 2025-season MAE, keep the best, report its 2025 MAE to the board.",
        "I kept the one with the best MAPE on the 2025 season, which I'd held back as the test set.",
    ],
)
def test_a_choice_on_the_reported_season_is_l07(choice: str) -> None:
    assert fires(parse(_CHOSEN.format(text=choice)), "L07")


def test_retraining_on_decisions_made_since_launch_is_a_loop() -> None:
    text = (
        "# Grants\n\n## Monitoring\n- weekly precision against outcomes\n- the model is retrained "
        "every quarter on all decisions made since launch\n"
    )
    assert fires(parse(text), "O04")


def test_several_photos_of_one_event_split_per_photo_is_l03() -> None:
    text = (
        "# Parking photos\n\n## Data\nA rider can retake up to 3 photos per ride, so one parking "
        "event can have several photos.\n\n## Training\nWe split 80/10/10 at random over photos.\n"
    )
    assert fires(parse(text), "L03")


def test_a_7b_model_with_words_between_is_very_large() -> None:
    text = (
        "# Autocomplete\n\n## Model\nA 7B instruction-tuned LLM generates the completions.\n\n"
        "## Deployment\nServed on every keystroke; p99 budget 40 ms on one A10 GPU.\n"
    )
    assert fires(parse(text), "D02")
