"""General readings of plan language: time windows against the prediction point, outcome-time
words, hygiene stated in a team's own words, and the verdict. Phrasings here are new: none is
copied from the labelled plans."""

from __future__ import annotations

import re

import pytest

from mlplan.critique._timing import PredictionPoint, after_prediction_point, prediction_point
from mlplan.critique.review import _verdict
from mlplan.domain import Finding, PlanDraft, Section, Severity
from mlplan.understand import cues

from ._reading import fires as _fires
from ._reading import parse as _parse

# -- prediction point and time windows ---------------------------------------------------------


def test_a_dated_issue_is_the_prediction_point() -> None:
    point = prediction_point("the hop harvest estimate is published on 15 june each year.")
    assert point.month == 6


def test_a_date_about_the_past_is_not_the_prediction_point() -> None:
    assert prediction_point("inputs are computed as of 1 march, before the run.").month is None


def test_a_horizon_and_a_week_are_read() -> None:
    assert prediction_point("we forecast footfall 10 days ahead.").ahead
    assert prediction_point("the alert list is scored at week 5 of term.").weekly


@pytest.mark.parametrize(
    "feature",
    [
        "cumulative sunshine hours (march–october)",
        "snowpack from 1 january to 30 may",
        "frost nights between mid-may and early june",
    ],
)
def test_a_window_ending_after_the_prediction_month_leaks(feature: str) -> None:
    assert after_prediction_point(feature, PredictionPoint(month=4))


@pytest.mark.parametrize(
    "feature",
    [
        "cumulative sunshine hours (january–march)",
        "last season's rainfall april–september",
        "rainfall from the previous october to december",
    ],
)
def test_a_window_closed_before_the_prediction_point_is_fine(feature: str) -> None:
    assert not after_prediction_point(feature, PredictionPoint(month=4))


@pytest.mark.parametrize(
    "feature",
    [
        "odometer distance driven for the trip",
        "queue length while the call is being handled",
        "seal condition noted at hand-in",
        "the courier's actual route",
        "calls received in the forecast week",
        "disposition code from this week's outreach visit",
        "end-of-semester attendance rate",
        "whole-season leaf wetness hours",
        "number of resits",
    ],
)
def test_values_recorded_during_or_after_the_event_leak(feature: str) -> None:
    assert after_prediction_point(feature, PredictionPoint())


@pytest.mark.parametrize(
    "feature",
    [
        "distance driven over the previous 30 trips",
        "promo calendar for the target day",
        "weather forecast for the forecast hour",
        "attendance to date",
        "handling time on prior calls",
    ],
)
def test_earlier_or_planned_values_do_not_leak(feature: str) -> None:
    assert not after_prediction_point(feature, PredictionPoint(ahead=True, weekly=True))


def test_same_day_counts_only_for_a_forecast_made_ahead() -> None:
    assert after_prediction_point("same-day sensor alarms", PredictionPoint(ahead=True))
    assert not after_prediction_point("same-day sensor alarms", PredictionPoint())


def test_period_marks_leak_only_for_a_prediction_made_inside_the_period() -> None:
    assert after_prediction_point("term-one grades", PredictionPoint(weekly=True))
    assert not after_prediction_point("term-one grades", PredictionPoint())


_SEASON_PLAN = """# Barley protein estimate

## Goal
Predict grain protein per farm. The estimate is issued on 1 June to the maltster.

## Features
- Soil nitrogen test from the winter sampling round.
- Rainfall total over the growing season (March to August).

## Monitoring
- Weekly drift report on the inputs.
"""


def test_l08_fires_for_a_season_window_running_past_the_issue_date() -> None:
    draft = _parse(_SEASON_PLAN)
    assert _fires(draft, "L08")


def test_l08_is_quiet_when_the_window_closes_before_the_issue_date() -> None:
    draft = _parse(_SEASON_PLAN.replace("(March to August)", "(January to May)"))
    assert not _fires(draft, "L08")


# -- hygiene in a team's own words -------------------------------------------------------------

_HEAD = """# Dock-door scheduling forecast

## Goal
Predict truck arrival delays so the yard team can plan dock doors a day ahead.

## Data
- Two years of gate logs from 12 depots.

## Model
- Gradient boosted trees.

"""


def _ops(deployment: str, monitoring: str = "- Weekly drift report on the inputs.") -> PlanDraft:
    return _parse(f"{_HEAD}## Deployment\n{deployment}\n\n## Monitoring\n{monitoring}\n")


@pytest.mark.parametrize(
    "text",
    [
        "- Undoing a release means pointing the yard app back to last week's scores.",
        "- The last model can be reinstated by the on-call engineer.",
        "- Flag off = back to the manual plan.",
        "- Repoint the scoring alias to the previous version if errors rise.",
    ],
)
def test_rollback_in_other_words(text: str) -> None:
    assert not _fires(_ops(text), "D04")


def test_no_rollback_words_still_fire() -> None:
    assert _fires(_ops("- Nightly batch writes forecasts to the yard app."), "D04")


@pytest.mark.parametrize(
    "text",
    [
        "- A random 5% of doors keep the manual plan, so we always see unbiased outcomes.",
        "- The lottery arm without the model gives the labels we retrain on.",
    ],
)
def test_feedback_loop_mitigation_in_other_words(text: str) -> None:
    draft = _ops("- Nightly batch.", f"- Weekly drift report on the inputs.\n{text}")
    assert draft.plan.deployment.monitoring.feedback_loop_mitigation


def test_a_feedback_loop_only_watched_is_not_mitigated() -> None:
    draft = _ops("- Nightly batch.", "- The forecast shapes arrivals; we will keep an eye on it.")
    assert not draft.plan.deployment.monitoring.feedback_loop_mitigation


def test_label_delay_in_other_words() -> None:
    draft = _ops(
        "- Nightly batch.", "- Arrival times are known by the end of each day; MAE tracked daily."
    )
    assert draft.plan.deployment.monitoring.label_delay


@pytest.mark.parametrize(
    "text",
    [
        "- Any tenant can ask why they were contacted, or ask to be removed.",
        "- Residents can appeal the decision through the housing office.",
    ],
)
def test_redress_in_other_words(text: str) -> None:
    assert _ops(text).plan.deployment.redress


def test_redress_absent_when_people_cannot_ask_anything() -> None:
    assert not _ops("- Tenants are contacted by letter.").plan.deployment.redress


def test_deletion_by_a_purge_job() -> None:
    draft = _parse(
        _HEAD.replace(
            "- Two years of gate logs from 12 depots.",
            "- Driver records are deleted by the nightly purge job after 90 days.",
        )
    )
    assert draft.plan.data.privacy.deletion


# -- people cues that are not people ------------------------------------------------------------


def test_retrieval_candidates_and_eligible_items_are_not_people() -> None:
    people = re.compile(cues.AFFECTS_PEOPLE_CUES)
    assert not people.search("the ann index serves candidates in under 20 ms")
    assert not people.search("slots go to randomly chosen eligible episodes")
    assert people.search("we shortlist job candidates")
    assert people.search("benefit eligibility is assessed")


# -- verdict -----------------------------------------------------------------------------------


def _finding(rule_id: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        rule_id=rule_id, severity=severity, section=Section.TRAINING, message="m", fix="f"
    )


def test_one_blocking_error_is_not_ready() -> None:
    assert _verdict([_finding("L08")], 0, 95.0) == "not_ready"


def test_one_fixable_error_needs_work() -> None:
    assert _verdict([_finding("D04")], 0, 95.0) == "needs_work"


def test_two_fixable_errors_are_not_ready() -> None:
    assert _verdict([_finding("D04"), _finding("L07")], 0, 95.0) == "not_ready"


def test_a_document_error_alone_does_not_hold_a_strong_plan() -> None:
    assert _verdict([_finding("S03")], 0, 95.0) == "ready"
    assert _verdict([_finding("S03")], 0, 80.0) == "needs_work"
