"""S03 across sections: the plan's population counted differently in two places.

A plan names how many of its things there are (depots, kiosks, wells) where it describes the
business and again where it says what the job scores; when the two figures differ, one section
was written from a wrong number. A count of a part of the population (a pilot, a split, the
largest few, a sample, a flow per day, a count per item) is not a restatement. New wording
throughout: the blind plans these shapes came from are not quoted.
"""

from __future__ import annotations

import pytest

from mlplan.critique import review_draft
from mlplan.validate import validate_plan

from ._reading import fires, parse

_PLAN = """\
# Fuel kiosk demand forecast

## Background
{first}

## Data
- pump transactions 2021-2024, hourly litres per pump
- delivery logs from the haulier

## Model
- LightGBM per kiosk-day, time split: 2021-2023 train, 2024 test

## Deployment
- {second}
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "We operate 260 unmanned fuel kiosks along the motorway network.",
            "nightly batch writes tomorrow's forecast for all 245 kiosks",
        ),
        (
            "- 260 fuel kiosks, 3 fuel grades",
            "the forecast table covers the 245 kiosks in the estate",
        ),
        (
            "Our network of 1,260 kiosks sells about a fifth of the region's diesel.",
            "scores each of the 1,620 kiosks every night",
        ),
        (
            "The 1,180-kiosk network is owned by the group.",
            "results go to the ordering tool for all 1,130 kiosks",
        ),
        # counts in words
        ("Our estate spans forty-two kiosks in the north.", "scores all thirty-eight kiosks"),
        # where the data comes from names the whole
        (
            "We have 3,900 hours of pump audio from 260 kiosks since 2022.",
            "the annotated clips from the 245 kiosks are pooled and split by kiosk",
        ),
    ],
)
def test_one_population_counted_twice_differently_is_a_contradiction(
    first: str, second: str
) -> None:
    draft = parse(_PLAN.format(first=first, second=second))
    assert fires(draft, "S03")


def test_the_finding_names_both_counts_and_points_at_the_later_one() -> None:
    draft = parse(
        _PLAN.format(
            first="We operate 260 unmanned fuel kiosks along the motorway network.",
            second="nightly batch writes tomorrow's forecast for all 245 kiosks",
        )
    )
    findings = [f for f in validate_plan(draft.plan, rules=["S03"])]
    assert len(findings) == 1
    assert "245 kiosks" in findings[0].message and "260" in findings[0].message
    review = review_draft(draft, findings)
    (s03,) = [f for f in review.findings if f.rule_id == "S03"]
    assert s03.evidence is not None and s03.evidence.line == 14
    assert "all 245 kiosks" in s03.evidence.quote
    assert "(line 4)" in s03.message  # where the other count is stated


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the same figure, written differently
        ("We operate 1,260 fuel kiosks.", "scores all 1260 kiosks every night"),
        # an approximate figure within 10 %
        ("We operate about 1,250 fuel kiosks.", "scores all 1,180 kiosks every night"),
        # a pilot, a stage of the rollout
        ("We operate 260 fuel kiosks.", "pilot in 12 kiosks for a month, then all 260 kiosks"),
        ("We operate 260 fuel kiosks.", "Staged: 20 kiosks in March, then all of them"),
        # a part named by its own words
        ("We operate 260 fuel kiosks.", "the 40 busiest kiosks get an hourly refresh"),
        ("We operate 260 fuel kiosks.", "the 30 kiosks are drawn at random for the audit"),
        ("We operate 260 fuel kiosks.", "scores the 200 staffed kiosks; the rest keep the rule"),
        ("We operate 260 fuel kiosks.", "30 of the 260 kiosks also sell LPG"),
        # a split of the population
        ("We operate 260 fuel kiosks.", "200 kiosks for training, 60 kiosks test"),
        # growth, not a restatement
        ("We operate 260 fuel kiosks.", "the network grows to 300 kiosks by 2027"),
        ("We operate 260 fuel kiosks.", "the estate went from 240 kiosks to 260 in 2023"),
        # a sample drawn from some of them, and a flow from them
        ("We operate 260 fuel kiosks.", "the auditor took a grab sample from about 40 kiosks"),
        (
            "We operate 260 fuel kiosks.",
            "we sell about 9,000 litres a day, from roughly 200 kiosks on the motorway",
        ),
        # different kinds of the same noun
        ("We run 2,400 control loops.", "reads all 1,900 valve loops every minute"),
        # the most common few, and a whole broken into its parts in one sentence
        ("We operate 260 fuel kiosks.", "the five most common kiosks layouts get a template"),
        (
            "We operate 260 fuel kiosks.",
            "each forecast covers the 260 kiosks: 200 motorway kiosks and 60 urban kiosks",
        ),
    ],
)
def test_a_part_or_a_change_of_the_population_is_not_a_contradiction(
    first: str, second: str
) -> None:
    assert not fires(parse(_PLAN.format(first=first, second=second)), "S03")


@pytest.mark.parametrize(
    "text",
    [
        # a flow per day and a count of records
        "About 46,000 fuel sales settle each business day; the audit drew 5,000 sales.",
        # a count per item against the total
        "- 6.1 million receipts from 410,000 kiosk-days\n- a kiosk has about 15 receipts on average",
        # a sample of the records re-labelled
        "- 2.4M receipts from 2022-2024\n- Label audit: 5,000 receipts re-labelled by two auditors",
        # stock on the floor against the history
        "- Aging is the bottleneck: 1.6M cells on the floor at any time\n- 2.1M cells from 26 months",
    ],
)
def test_counts_of_records_parts_and_flows_are_not_populations_in_conflict(text: str) -> None:
    plan = _PLAN.format(first=text, second="batch job at 02:00")
    assert not fires(parse(plan), "S03")
