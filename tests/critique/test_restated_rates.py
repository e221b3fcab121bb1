"""The positive rate: stated twice with different values (S03), and read from a label line.

The data notes give one share of positives, and a later paragraph (monitoring, a
back-of-envelope, a thread reply) works from another. Two statements are compared when both
name the outcome they count: 'positive' in each, or a named rate ('a 14 % disputed rate') and
the same word in the other ('finally disputed'). A plan's other shares (a decline rate, a
goal, a sample, a score, two classes listed in one sentence) are not restatements. New
wording throughout: the plans these shapes came from are not quoted.
"""

from __future__ import annotations

import pytest

from mlplan.critique import review_draft
from mlplan.validate import validate_plan

from ._reading import fires, parse

_PLAN = """\
# Invoice dispute early warning

## Background
{first}

## Data
- ERP invoices 2021-2024, one row per invoice
- collections notes from the AR team

## Model
- gradient boosting, time split: 2021-2023 train, 2024 test
- primary metric PR-AUC

## Monitoring
- {second}
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Positives are about 12% of invoice-weeks in the extract.",
            "With positive invoice-weeks at about 4%, two alerts per clerk a day is fine.",
        ),
        (
            "Only about 5% of invoices were finally disputed by the customer.",
            "For scale: with a 14% disputed rate, a clerk working the list sees one in seven.",
        ),
        (
            "The bad rate on the invoice book is 3.1%.",
            "Finance reports that last year's book ran at a 4.6% bad rate.",
        ),
    ],
)
def test_the_same_outcome_rate_stated_twice_differently_is_a_contradiction(
    first: str, second: str
) -> None:
    assert fires(parse(_PLAN.format(first=first, second=second)), "S03")


def test_the_finding_points_at_the_later_statement_and_names_the_data_rate() -> None:
    draft = parse(
        _PLAN.format(
            first="Positives are about 12% of invoice-weeks in the extract.",
            second="With positive invoice-weeks at about 4%, two alerts per clerk a day is fine.",
        )
    )
    findings = validate_plan(draft.plan, rules=["S03"])
    assert len(findings) == 1
    assert "0.12" in findings[0].message and "0.04" in findings[0].message
    review = review_draft(draft, findings)
    (s03,) = [f for f in review.findings if f.rule_id == "S03"]
    assert s03.evidence is not None and s03.evidence.line == 4  # the data's rate, at its line
    assert "(line 15)" in s03.message  # where the other figure is stated


def test_a_thread_with_no_data_section_is_read_too() -> None:
    text = (
        "From: Priya\nSubject: dispute model\n\n"
        "Quick numbers: positives are ~7% of customer-quarters in the pull.\n\n"
        "From: Tom\n\n"
        "Class balance: positives are ~12% of customer-quarters, so the no-skill PR-AUC is "
        "0.12.\nLet's meet on Friday.\n"
    )
    assert fires(parse(text, kind="text"), "S03")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # two classes listed in one sentence
        (
            "About 4% of invoices are disputed and 2% are written off; most are paid.",
            "Alert volume is reviewed weekly by the AR lead.",
        ),
        # a goal, not the base rate
        (
            "Positives are about 12% of invoice-weeks in the extract.",
            "The top 10% of the list should contain at least 50% of the positive weeks.",
        ),
        # a sample
        (
            "Positives are about 12% of invoice-weeks in the extract.",
            "Each month the AR lead re-labels a 5% sample of positive invoice-weeks.",
        ),
        # a score or a catch, not a share of the rows
        (
            "Positives are about 12% of invoice-weeks in the extract.",
            "The old rule catches 41% of positive invoice-weeks.",
        ),
        # shares that name no outcome
        (
            "About 6% of invoices end up disputed.",
            "Credit holds run at a 1.2% decline rate and the team clears 30% more items.",
        ),
        # the same rate written differently
        (
            "Positives are about 12% of invoice-weeks in the extract.",
            "With positive invoice-weeks at roughly 12 %, two alerts per clerk a day is fine.",
        ),
    ],
)
def test_other_shares_are_not_a_restated_rate(first: str, second: str) -> None:
    assert not fires(parse(_PLAN.format(first=first, second=second)), "S03")


def test_a_label_line_that_ends_on_its_share_gives_the_base_rate() -> None:
    text = (
        "# Link fade warning\n\n## Problem\n"
        '- target: "fade event" = link down in the 15-min bin. ~0.8% of bins\n\n'
        "## Evaluation\n- headline metric: accuracy per bin, target >= 99%\n"
    )
    draft = parse(text)
    assert draft.plan.data.positive_class_rate == 0.008
    assert fires(draft, "M01")


def test_the_smallest_of_several_classes_is_not_a_base_rate() -> None:
    text = (
        "# Build stage camera\n\n## Data\nLabels: each crop gets one of 7 stages. The classes "
        "come out fairly even - the smallest, slab, is about 9% of crops.\n"
    )
    assert parse(text).plan.data.positive_class_rate is None
